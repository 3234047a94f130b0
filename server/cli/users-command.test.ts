import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseUsersFile, UserStore } from "../security/credentials";
import { main } from "./main";
import { runUsers } from "./users-command";
import { UsageError } from "./usage-error";

let dir: string;
let file: string;
let printed: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-users-"));
  file = join(dir, "data", "users");
  printed = [];
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const deps = (password?: string, prompts: string[] = []) => ({
  print: (line: string) => void printed.push(line),
  stdin: password === undefined ? undefined : Readable.from([Buffer.from(password)]),
  promptPassword: async () => prompts.shift() ?? "",
});

describe("ferry users", () => {
  it("add writes a salted hash (never the password) that the server accepts; the file is owner-only", async () => {
    expect(await runUsers(["add", "alice", "--role", "admin", "--file", file, "--password-stdin"], deps("correct horse\n"))).toBe(0);
    expect(printed).toEqual([`Added user alice (admin) in ${file}`]);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("correct horse");
    expect(text).toMatch(/^alice: scrypt\$16384\$8\$1\$[^$]+\$[^$]+, admin$/m);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const store = await UserStore.open(file);
    expect(await store.authenticate("alice", "correct horse")).toEqual({ name: "alice", role: "admin" });
    expect(await store.authenticate("alice", "wrong")).toBeUndefined();
  });

  it("add asks twice on a terminal and refuses a mismatch; re-adding a user replaces its role and password", async () => {
    await expect(runUsers(["add", "bob", "--role", "viewer", "--file", file], deps(undefined, ["one", "two"]))).rejects.toThrow("the passwords do not match");
    expect(await runUsers(["add", "bob", "--role", "viewer", "--file", file], deps(undefined, ["pw1", "pw1"]))).toBe(0);
    expect(await runUsers(["add", "bob", "--role", "operator", "--file", file, "--password-stdin"], deps("pw2"))).toBe(0);
    expect(printed.at(-1)).toBe(`Updated user bob (operator) in ${file}`);
    const users = parseUsersFile(readFileSync(file, "utf8"));
    expect([...users.values()].map((u) => [u.name, u.role])).toEqual([["bob", "operator"]]);
    expect(await (await UserStore.open(file)).authenticate("bob", "pw2")).toEqual({ name: "bob", role: "operator" });
  });

  it("list and remove", async () => {
    await runUsers(["add", "alice", "--role", "admin", "--file", file, "--password-stdin"], deps("a"));
    await runUsers(["add", "bob", "--role", "viewer", "--file", file, "--password-stdin"], deps("b"));
    printed = [];
    expect(await runUsers(["list", "--file", file], deps())).toBe(0);
    expect(printed).toEqual(["USER   ROLE", "alice  admin", "bob    viewer"]);
    expect(await runUsers(["remove", "alice", "--file", file], deps())).toBe(0);
    expect(await runUsers(["remove", "alice", "--file", file], deps())).toBe(1);
    printed = [];
    await runUsers(["list", "--file", file], deps());
    expect(printed).toEqual(["USER  ROLE", "bob   viewer"]);
  });

  it("refuses bad input with usage errors", async () => {
    await expect(runUsers(["add", "alice", "--file", file], deps("x"))).rejects.toThrow(UsageError);
    await expect(runUsers(["add", "alice", "--role", "root", "--file", file], deps("x"))).rejects.toThrow(/'root' is not a role/);
    await expect(runUsers(["add", "al ice", "--role", "admin", "--file", file, "--password-stdin"], deps("x"))).rejects.toThrow(/not a valid user name/);
    await expect(runUsers(["add", "alice", "--role", "admin", "--file", file, "--password-stdin"], deps("\n"))).rejects.toThrow(/empty/);
    await expect(runUsers(["frobnicate"], deps())).rejects.toThrow(/unknown action/);
  });

  it("refuses to work on a file holding a plain-text password", async () => {
    const plain = join(dir, "plain-users");
    writeFileSync(plain, "alice: secret, admin\n");
    await expect(runUsers(["list", "--file", plain], deps())).rejects.toThrow(/not a Ferry password hash/);
  });

  it("is a ferry command", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await main(["users", "--help"])).toBe(0);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/^Usage: ferry users add NAME --role ROLE/);
    expect(await main(["users", "add", "x", "--role", "nope"])).toBe(2);
  });
});
