import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStreamSourceConnector } from "./connectors/file-stream-source";
import { checkDescriptor, discoverPlugins, exportedDescriptors, loadPluginPath, packageEntry } from "./loader";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-loader-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const good = { className: "com.example.GoodSourceConnector", types: ["source"], version: "1.0", create: () => new FileStreamSourceConnector() };

describe("discoverPlugins", () => {
  it("takes packages and module files from a plugin folder, or an entry that is itself a plugin", () => {
    mkdirSync(join(dir, "pkg"));
    writeFileSync(join(dir, "pkg", "package.json"), "{}");
    mkdirSync(join(dir, "not-a-plugin"));
    mkdirSync(join(dir, "node_modules"));
    for (const f of ["a.mjs", "b.ts", "c.js", "types.d.ts", "README.md", ".hidden.mjs"]) writeFileSync(join(dir, f), "");
    expect(discoverPlugins([dir]).locations).toEqual(["a.mjs", "b.ts", "c.js", "pkg"].map((f) => join(dir, f)));
    expect(discoverPlugins([join(dir, "pkg"), join(dir, "a.mjs")]).locations).toEqual([join(dir, "pkg"), join(dir, "a.mjs")]);
    expect(discoverPlugins([join(dir, "missing")]).failures).toEqual([{ location: join(dir, "missing"), reason: "plugin.path entry does not exist" }]);
  });

  it("finds a package's entry: exports, main, then index files", () => {
    const pkg = (manifest: object, files: string[]) => {
      const p = mkdtempSync(join(dir, "p-"));
      writeFileSync(join(p, "package.json"), JSON.stringify(manifest));
      for (const f of files) writeFileSync(join(p, f), "");
      return p;
    };
    let p = pkg({ exports: { ".": { import: "./esm.mjs" } }, main: "main.js" }, ["esm.mjs", "main.js"]);
    expect(packageEntry(p)).toBe(join(p, "esm.mjs"));
    p = pkg({ main: "main.js" }, ["main.js"]);
    expect(packageEntry(p)).toBe(join(p, "main.js"));
    p = pkg({}, ["index.ts"]);
    expect(packageEntry(p)).toBe(join(p, "index.ts"));
    p = pkg({}, []);
    expect(() => packageEntry(p)).toThrow('package.json has no "main"');
  });
});

describe("plugin module contract", () => {
  it("takes the default export (one or an array) and a named plugins array", () => {
    const other = { ...good, className: "com.example.Other" };
    expect(exportedDescriptors({ default: good })).toEqual([good]);
    expect(exportedDescriptors({ default: [good, other] })).toEqual([good, other]);
    expect(exportedDescriptors({ plugins: [good], default: good })).toEqual([good]);
    // CommonJS: module.exports arrives as default.
    expect(exportedDescriptors({ default: { plugins: [other] } })).toEqual([other]);
    expect(exportedDescriptors({ something: 1 })).toEqual([]);
  });

  it("checks a descriptor's fields and what create() returns", () => {
    expect(checkDescriptor(good)).toBeNull();
    expect(checkDescriptor(42)).toBe("exports number where a PluginDescriptor object was expected");
    expect(checkDescriptor({ ...good, className: "no spaces allowed" })).toMatch(/^className must be a dotted class name/);
    expect(checkDescriptor({ ...good, types: ["connector"] })).toMatch(/types must be a non-empty array of source, sink/);
    expect(checkDescriptor({ ...good, version: "" })).toBe("com.example.GoodSourceConnector: version must be a non-empty string");
    expect(checkDescriptor({ ...good, types: ["sink"] })).toMatch(/declared as a sink connector but create\(\) returned a FileStreamSourceConnector/);
    expect(checkDescriptor({ ...good, create: () => { throw new Error("boom"); } })).toBe("com.example.GoodSourceConnector: create() threw boom");
    expect(checkDescriptor({ ...good, types: ["transformation"], create: () => ({ apply() {} }) })).toBe(
      "com.example.GoodSourceConnector: a transformation plugin needs config()",
    );
  });
});

describe("loadPluginPath", () => {
  it("loads the good plugins and reports the others without throwing", async () => {
    for (const f of ["a-good.mjs", "z-dup.mjs", "empty.mjs", "bad.mjs", "builtin.mjs"]) writeFileSync(join(dir, f), "");
    const modules: Record<string, unknown> = {
      "a-good.mjs": { default: good },
      "z-dup.mjs": { default: good },
      "empty.mjs": {},
      "builtin.mjs": { default: { ...good, className: "org.apache.kafka.connect.file.FileStreamSourceConnector" } },
    };
    const logged: string[] = [];
    const result = await loadPluginPath([dir], {
      importModule: async (url) => {
        const name = url.slice(url.lastIndexOf("/") + 1);
        if (name === "bad.mjs") throw new SyntaxError("Unexpected token");
        return modules[name];
      },
      installed: (className) => className.startsWith("org.apache.kafka"),
      logger: { info: (m) => void logged.push(`INFO ${m}`), warn: (m) => void logged.push(`WARN ${m}`), error: (m) => void logged.push(`ERROR ${m}`) },
    });
    expect(result.plugins.map((p) => [p.descriptor.className, p.location])).toEqual([["com.example.GoodSourceConnector", join(dir, "a-good.mjs")]]);
    expect(result.failures).toEqual([
      { location: join(dir, "bad.mjs"), reason: "Unexpected token" },
      { location: join(dir, "builtin.mjs"), reason: "org.apache.kafka.connect.file.FileStreamSourceConnector is already provided by Ferry's built-in plugins" },
      { location: join(dir, "empty.mjs"), reason: 'the module exports no plugin: export a PluginDescriptor (or an array of them) as default, or a "plugins" array' },
      { location: join(dir, "z-dup.mjs"), reason: `com.example.GoodSourceConnector is already provided by ${join(dir, "a-good.mjs")}` },
    ]);
    expect(logged).toContain(`ERROR Failed to load plugin from ${join(dir, "bad.mjs")}: Unexpected token`);
    expect(logged).toContain("INFO Added plugin 'com.example.GoodSourceConnector' (source, version 1.0)");
  });
});
