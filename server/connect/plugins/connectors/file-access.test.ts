import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_PATHS_CONFIG, FileAccessPolicy, resolveReal, withFileAccess } from "./file-access";
import { fileStreamSinkPlugin } from "./file-stream-sink";
import { fileStreamSourcePlugin } from "./file-stream-source";
import { spoolDirPlugin } from "./spooldir";

let root: string;
let allowed: string;
let outside: string;
let policy: FileAccessPolicy;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "ferry-file-access-")));
  allowed = join(root, "allowed");
  outside = join(root, "outside");
  mkdirSync(join(allowed, "in"), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, "secret.txt"), "secret\n");
  // A link inside the allowed directory that points out of it.
  symlinkSync(outside, join(allowed, "escape"));
  policy = new FileAccessPolicy([allowed]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function errors(descriptor: { create(): { validate(props: Record<string, string>): unknown } }, props: Record<string, string>): Promise<string[]> {
  const values = (await descriptor.create().validate(props)) as { name: string; errorMessages: string[] }[];
  return values.flatMap((v) => v.errorMessages.map((m) => `${v.name}: ${m}`));
}

describe("FileAccessPolicy", () => {
  it("allows paths under an allowed directory, existing or not", async () => {
    expect(await policy.check("file", join(allowed, "in", "a.txt"))).toBeUndefined();
    expect(await policy.check("file", join(allowed, "not", "yet", "there.txt"))).toBeUndefined();
    expect(await policy.check("file", allowed)).toBeUndefined();
  });

  it("refuses paths outside, naming the allowed directories and the worker setting", async () => {
    const error = await policy.check("file", "/etc/passwd");
    expect(error).toBe(
      `file: /etc/passwd is outside the directories this worker lets connectors use (${allowed}); add its directory to the worker setting ${ALLOWED_PATHS_CONFIG}`,
    );
  });

  it("cannot be escaped with a symbolic link or '..'", async () => {
    expect(await policy.check("file", join(allowed, "escape", "secret.txt"))).toMatch(/is outside/);
    expect(await policy.check("file", join(allowed, "escape", "new.txt"))).toMatch(/is outside/);
    expect(await policy.check("file", `${allowed}/in/../../outside/secret.txt`)).toMatch(/is outside/);
    // `escape/..` is the parent of where the link points (the root), not `allowed`.
    expect(await policy.check("file", `${allowed}/escape/../allowed/in/x.txt`)).toBeUndefined();
    expect(await policy.check("file", `${allowed}/escape/../outside/secret.txt`)).toMatch(/is outside/);
    expect(await resolveReal(`${allowed}/escape/secret.txt`)).toBe(join(outside, "secret.txt"));
  });

  it("does not take a sibling with the same prefix for a subdirectory", async () => {
    mkdirSync(`${allowed}-other`, { recursive: true });
    expect(await policy.check("file", join(`${allowed}-other`, "x.txt"))).toMatch(/is outside/);
  });
});

describe("file connectors with the worker's policy", () => {
  const source = withFileAccess(fileStreamSourcePlugin, new FileAccessPolicy([join(tmpdir(), "never-used")]));

  it("FileStream source: an error on `file` at validation; standard input stays allowed", async () => {
    const restricted = withFileAccess(fileStreamSourcePlugin, policy);
    expect(await errors(restricted, { file: join(outside, "secret.txt"), topic: "t" })).toEqual([
      `file: file: ${join(outside, "secret.txt")} is outside the directories this worker lets connectors use (${allowed}); add its directory to the worker setting ${ALLOWED_PATHS_CONFIG}`,
    ]);
    expect(await errors(restricted, { file: join(allowed, "in", "a.txt"), topic: "t" })).toEqual([]);
    expect(await errors(restricted, { topic: "t" })).toEqual([]);
    expect(await errors(source, { file: "", topic: "t" })).toEqual([]);
  });

  it("FileStream sink: refused at validation and again when it starts (a config stored earlier)", async () => {
    const sink = withFileAccess(fileStreamSinkPlugin, policy);
    expect(await errors(sink, { file: join(allowed, "escape", "out.txt"), topics: "t" })).toHaveLength(1);
    await expect(Promise.resolve(sink.create().start({ file: join(outside, "out.txt"), topics: "t" }))).rejects.toThrow(/is outside the directories/);
    await expect(Promise.resolve(sink.create().start({ file: join(allowed, "out.txt"), topics: "t" }))).resolves.toBeUndefined();
  });

  it("FileStream source refuses to start on a path outside", async () => {
    const restricted = withFileAccess(fileStreamSourcePlugin, policy);
    await expect(Promise.resolve(restricted.create().start({ file: "/etc/passwd", topic: "t" }))).rejects.toThrow(/is outside/);
  });

  it("SpoolDir: each of the input, finished and error directories is checked", async () => {
    const spool = withFileAccess(spoolDirPlugin, policy);
    const props = { "input.path": join(allowed, "in"), "finished.path": join(outside, "done"), "error.path": join(allowed, "escape", "err"), topic: "t" };
    const found = await errors(spool, props);
    expect(found.filter((e) => e.startsWith("finished.path: ")).join()).toMatch(/is outside/);
    expect(found.filter((e) => e.startsWith("error.path: ")).join()).toMatch(/is outside/);
    expect(found.filter((e) => e.startsWith("input.path: "))).toEqual([]);
    await expect(Promise.resolve(spool.create().start(props))).rejects.toThrow(/finished.path: .* is outside/);
  });

  it("without a policy (no worker), paths are not restricted", async () => {
    expect(await errors(fileStreamSinkPlugin, { file: "/etc/ferry-not-there.txt", topics: "t" })).toEqual([]);
  });
});
