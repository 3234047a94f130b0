import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sourcesHash } from "./console-build";

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ferry-build-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("sourcesHash", () => {
  it("changes when a source the build reads changes, not when a test or an unrelated file does", () => {
    const root = project({ "app/page.tsx": "a", "lib/x.ts": "b", "package-lock.json": "{}", "README.md": "r" });
    const first = sourcesHash(root);
    expect(sourcesHash(root)).toBe(first);

    writeFileSync(join(root, "lib/x.test.ts"), "test");
    writeFileSync(join(root, "README.md"), "changed");
    expect(sourcesHash(root)).toBe(first);

    writeFileSync(join(root, "lib/x.ts"), "b2");
    const second = sourcesHash(root);
    expect(second).not.toBe(first);

    writeFileSync(join(root, "package-lock.json"), '{"v":2}');
    expect(sourcesHash(root)).not.toBe(second);
  });

  it("tells a renamed file from an edited one", () => {
    const a = project({ "app/a.tsx": "x" });
    const b = project({ "app/b.tsx": "x" });
    expect(sourcesHash(a)).not.toBe(sourcesHash(b));
  });
});
