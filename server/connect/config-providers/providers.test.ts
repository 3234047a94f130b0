import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../api";
import { DirectoryConfigProvider } from "./directory-config-provider";
import { EnvVarConfigProvider } from "./env-var-config-provider";
import { FileConfigProvider } from "./file-config-provider";
import { createConfigProviders, createWorkerConfigTransformer } from "./worker-config-providers";

const root = mkdtempSync(join(tmpdir(), "ferry-providers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const allowedDir = join(root, "allowed");
const otherDir = join(root, "other");
mkdirSync(allowedDir);
mkdirSync(otherDir);
mkdirSync(join(allowedDir, "secrets"));
mkdirSync(join(allowedDir, "secrets", "nested"));
writeFileSync(join(allowedDir, "db.properties"), "# comment\nusername=ferry\npassword = p4ss\\u0021word\nmulti=a\\\n  b\n");
writeFileSync(join(otherDir, "db.properties"), "password=elsewhere\n");
writeFileSync(join(allowedDir, "secrets", "db-password"), "from-a-file\n");
writeFileSync(join(allowedDir, "secrets", "api-token"), "tok");
writeFileSync(join(otherDir, "outside"), "outside-secret");
symlinkSync(join(otherDir, "outside"), join(allowedDir, "secrets", "link"));

const keys = (...k: string[]) => new Set(k);

describe("FileConfigProvider", () => {
  it("reads the asked keys of a properties file with Java's syntax", () => {
    const provider = new FileConfigProvider();
    provider.configure({});
    const data = provider.get(join(allowedDir, "db.properties"), keys("username", "password", "multi", "missing"));
    expect(Object.fromEntries(data)).toEqual({ username: "ferry", password: "p4ss!word", multi: "ab" });
  });

  it("answers nothing for the empty path and fails for an unreadable file", () => {
    const provider = new FileConfigProvider();
    provider.configure({});
    expect(provider.get("", keys("a")).size).toBe(0);
    expect(() => provider.get(join(root, "nope.properties"), keys("a"))).toThrow(`Could not read properties from file ${join(root, "nope.properties")}`);
  });

  it("refuses paths outside allowed.paths, with a warning and no data", () => {
    const warnings: string[] = [];
    const provider = new FileConfigProvider({ warn: (m) => warnings.push(m) });
    provider.configure({ "allowed.paths": allowedDir });
    expect(provider.get(join(allowedDir, "db.properties"), keys("password")).get("password")).toBe("p4ss!word");
    expect(provider.get(join(otherDir, "db.properties"), keys("password")).size).toBe(0);
    // ../ does not escape the allowed directory, nor does a sibling sharing its name prefix.
    expect(provider.get(join(allowedDir, "..", "other", "db.properties"), keys("password")).size).toBe(0);
    expect(warnings).toEqual([
      `The path ${join(otherDir, "db.properties")} is not allowed to be accessed`,
      `The path ${join(allowedDir, "..", "other", "db.properties")} is not allowed to be accessed`,
    ]);
  });

  it("rejects allowed.paths entries that are relative or missing", () => {
    expect(() => new FileConfigProvider().configure({ "allowed.paths": "relative/dir" })).toThrow(
      "Path relative/dir is not valid. The path should be absolute and exist",
    );
    expect(() => new FileConfigProvider().configure({ "allowed.paths": `${allowedDir},${join(root, "missing")}` })).toThrow(ConfigError);
  });

  it("must be configured first", () => {
    expect(() => new FileConfigProvider().get("/x", keys("a"))).toThrow("The provider has not been configured yet.");
  });
});

describe("DirectoryConfigProvider", () => {
  it("reads whole regular files named by the keys, ignoring directories", () => {
    const provider = new DirectoryConfigProvider();
    provider.configure({});
    const data = provider.get(join(allowedDir, "secrets"), keys("db-password", "api-token", "nested", "missing"));
    expect(Object.fromEntries(data)).toEqual({ "db-password": "from-a-file\n", "api-token": "tok" });
  });

  it("answers nothing for a path that is not a directory", () => {
    const warnings: string[] = [];
    const provider = new DirectoryConfigProvider({ warn: (m) => warnings.push(m) });
    provider.configure({});
    expect(provider.get(join(allowedDir, "db.properties"), keys("x")).size).toBe(0);
    expect(warnings).toEqual([`The path ${join(allowedDir, "db.properties")} is not a directory`]);
  });

  it("refuses directories outside allowed.paths", () => {
    const provider = new DirectoryConfigProvider();
    provider.configure({ "allowed.paths": join(allowedDir, "secrets") });
    expect(provider.get(join(allowedDir, "secrets"), keys("api-token")).get("api-token")).toBe("tok");
    expect(provider.get(otherDir, keys("outside")).size).toBe(0);
  });

  it("reads symlinked files only when they resolve inside allowed.paths", () => {
    const open = new DirectoryConfigProvider();
    open.configure({});
    expect(open.get(join(allowedDir, "secrets"), keys("link")).get("link")).toBe("outside-secret");
    const restricted = new DirectoryConfigProvider();
    restricted.configure({ "allowed.paths": allowedDir });
    expect(restricted.get(join(allowedDir, "secrets"), keys("link")).size).toBe(0);
  });
});

describe("EnvVarConfigProvider", () => {
  const env = { DB_PASSWORD: "env-secret", HOME: "/home/ferry", EMPTY: "" };

  it("reads the asked environment variables", () => {
    const provider = new EnvVarConfigProvider(env);
    provider.configure({});
    expect(Object.fromEntries(provider.get("", keys("DB_PASSWORD", "EMPTY", "MISSING")))).toEqual({ DB_PASSWORD: "env-secret", EMPTY: "" });
  });

  it("shows only names matching allowlist.pattern (found anywhere, as Java's find)", () => {
    const provider = new EnvVarConfigProvider(env);
    provider.configure({ "allowlist.pattern": "PASS" });
    expect(Object.fromEntries(provider.get("", keys("DB_PASSWORD", "HOME")))).toEqual({ DB_PASSWORD: "env-secret" });
    const anchored = new EnvVarConfigProvider(env);
    anchored.configure({ "allowlist.pattern": "^HOME$" });
    expect(Object.fromEntries(anchored.get("", keys("DB_PASSWORD", "HOME")))).toEqual({ HOME: "/home/ferry" });
  });

  it("refuses a path", () => {
    const provider = new EnvVarConfigProvider(env);
    provider.configure({});
    expect(() => provider.get("/etc", keys("HOME"))).toThrow("Path is not supported for EnvVarConfigProvider, invalid value '/etc'");
  });
});

describe("worker config providers", () => {
  it("builds providers from config.providers with Kafka's class names or simple names and their params", () => {
    const transformer = createWorkerConfigTransformer(
      {
        "config.providers": "file, dir,env",
        "config.providers.file.class": "org.apache.kafka.common.config.provider.FileConfigProvider",
        "config.providers.file.param.allowed.paths": allowedDir,
        "config.providers.dir.class": "DirectoryConfigProvider",
        "config.providers.env.class": "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
        "config.providers.env.param.allowlist.pattern": "^FERRY_TEST_",
      },
      { env: { FERRY_TEST_TOKEN: "t0ken-value", OTHER: "no" } },
    );
    const result = transformer.transform({
      a: `\${file:${join(allowedDir, "db.properties")}:password}`,
      b: `\${file:${join(otherDir, "db.properties")}:password}`,
      c: `\${dir:${join(allowedDir, "secrets")}:api-token}`,
      d: "${env:FERRY_TEST_TOKEN}",
      e: "${env:OTHER}",
    });
    expect(result.data).toEqual({
      a: "p4ss!word",
      b: `\${file:${join(otherDir, "db.properties")}:password}`,
      c: "tok",
      d: "t0ken-value",
      e: "${env:OTHER}",
    });
  });

  it("refuses unknown classes and missing class settings, naming the key", () => {
    expect(() => createConfigProviders({ "config.providers": "vault", "config.providers.vault.class": "com.example.VaultConfigProvider" })).toThrow(
      /Invalid value com.example.VaultConfigProvider for configuration config.providers.vault.class: Class com.example.VaultConfigProvider could not be found/,
    );
    expect(() => createConfigProviders({ "config.providers": "file" })).toThrow('Missing required configuration "config.providers.file.class"');
  });

  it("refuses a provider whose parameters are invalid, naming the parameter key", () => {
    expect(() =>
      createConfigProviders({
        "config.providers": "file",
        "config.providers.file.class": "FileConfigProvider",
        "config.providers.file.param.allowed.paths": "not/absolute",
      }),
    ).toThrow("Invalid configuration for config.providers.file.param.allowed.paths: Path not/absolute is not valid. The path should be absolute and exist");
  });

  it("has no providers when none are listed", () => {
    expect(createConfigProviders({}).size).toBe(0);
    expect(createWorkerConfigTransformer({}).active).toBe(false);
  });
});
