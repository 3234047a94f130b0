import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatUsersFile, hashPassword, parseBasicAuthorization, parseUsersFile, UserStore, verifyPassword } from "./credentials";

// A low cost keeps the tests quick; the format and the check are the same.
const FAST = { N: 1024, r: 8, p: 1 };

describe("password hashes", () => {
  it("verifies the right password only, with a new salt each time", async () => {
    const a = await hashPassword("s3cret!", FAST);
    const b = await hashPassword("s3cret!", FAST);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toContain("s3cret!");
    expect(await verifyPassword("s3cret!", a)).toBe(true);
    expect(await verifyPassword("s3cret", a)).toBe(false);
    expect(await verifyPassword("s3cret!", "plain")).toBe(false);
  });

  it("refuses an empty password", async () => {
    await expect(hashPassword("", FAST)).rejects.toThrow("empty");
  });
});

describe("users file", () => {
  it("reads name, hash and role, skipping comments", async () => {
    const hash = await hashPassword("pw", FAST);
    const users = parseUsersFile(`# users\n\n! also a comment\nalice: ${hash}, admin\nbob:${hash},viewer\n`);
    expect([...users.values()].map((u) => [u.name, u.role])).toEqual([
      ["alice", "admin"],
      ["bob", "viewer"],
    ]);
    expect(parseUsersFile(formatUsersFile(users.values()))).toEqual(users);
  });

  it("refuses plain-text passwords, unknown roles and duplicates with the line", async () => {
    const hash = await hashPassword("pw", FAST);
    expect(() => parseUsersFile("alice: secret, admin", "u.txt")).toThrow("u.txt, line 1: the password of 'alice' is not a Ferry password hash");
    expect(() => parseUsersFile(`alice: ${hash}, root`)).toThrow("line 1: 'root' is not a role");
    expect(() => parseUsersFile(`a: ${hash}, admin\na: ${hash}, viewer`)).toThrow("line 2: the user 'a' is defined twice");
    expect(() => parseUsersFile("no colon here")).toThrow("expected 'name: hash, role'");
    expect(() => parseUsersFile(`al ice: ${hash}, admin`)).toThrow("not a valid user name");
  });
});

describe("Basic authorization header", () => {
  it("splits at the first colon", () => {
    const header = `Basic ${Buffer.from("alice:pa:ss").toString("base64")}`;
    expect(parseBasicAuthorization(header)).toEqual({ user: "alice", password: "pa:ss" });
    expect(parseBasicAuthorization("Bearer abc")).toBeUndefined();
    expect(parseBasicAuthorization(`Basic ${Buffer.from("nocolon").toString("base64")}`)).toBeUndefined();
    expect(parseBasicAuthorization(null)).toBeUndefined();
  });
});

describe("UserStore", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("authenticates, and sees a changed file without a restart", async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-users-"));
    const file = join(dir, "users");
    writeFileSync(file, `alice: ${await hashPassword("pw1", FAST)}, operator\n`);
    const store = await UserStore.open(file);
    expect(await store.authenticate("alice", "pw1")).toEqual({ name: "alice", role: "operator" });
    expect(await store.authenticate("alice", "pw1")).toEqual({ name: "alice", role: "operator" });
    expect(await store.authenticate("alice", "nope")).toBeUndefined();
    expect(await store.authenticate("mallory", "pw1")).toBeUndefined();

    writeFileSync(file, `alice: ${await hashPassword("pw2", FAST)}, admin\n# changed\n`);
    await waitForChange(async () => (await store.authenticate("alice", "pw2")) !== undefined);
    expect(await store.authenticate("alice", "pw1")).toBeUndefined();
    expect(await store.authenticate("alice", "pw2")).toEqual({ name: "alice", role: "admin" });
  });

  it("refuses to open a missing or broken file", async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-users-"));
    await expect(UserStore.open(join(dir, "missing"))).rejects.toThrow("cannot read the users file");
    writeFileSync(join(dir, "broken"), "alice: plain, admin\n");
    await expect(UserStore.open(join(dir, "broken"))).rejects.toThrow("not a Ferry password hash");
  });
});

/** The file's mtime may not change within the same millisecond; its size does here. */
async function waitForChange(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) if (await check()) return;
  throw new Error("the store did not see the changed file");
}
