import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFixture } from "./fixtures/run-fixture";
import { requireTool, toolGate } from "./require-tool";

describe("requireTool", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-require-tool-"));
    writeFileSync(join(dir, "runnable"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, "runnable"), 0o755);
    writeFileSync(join(dir, "not-executable"), "data\n");
    chmodSync(join(dir, "not-executable"), 0o644);
    mkdirSync(join(dir, "a-directory"));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds an executable on PATH", () => {
    const check = requireTool("runnable", { env: { PATH: `/nonexistent:${dir}` } });
    expect(check).toEqual({ available: true, path: join(dir, "runnable") });
  });

  it("accepts an absolute path", () => {
    expect(requireTool(join(dir, "runnable")).available).toBe(true);
    expect(requireTool(join(dir, "missing"))).toMatchObject({ available: false });
  });

  it("does not take a non-executable file or a directory for the tool", () => {
    const env = { PATH: dir };
    expect(requireTool("not-executable", { env }).available).toBe(false);
    expect(requireTool("a-directory", { env }).available).toBe(false);
  });

  it("says why a tool is missing, with the Debian package when it is known", () => {
    const check = requireTool("kcat", { env: { PATH: dir } });
    expect(check.available).toBe(false);
    expect(check.reason).toContain("kcat is not on PATH");
    expect(check.reason).toContain("Debian package kcat");
    expect(requireTool("some-other-tool", { env: { PATH: "" } }).reason).toBe(
      "some-other-tool is not on PATH",
    );
  });

  it("runs, skips, or fails under CI=true", () => {
    expect(toolGate("runnable", { env: { PATH: dir } })).toEqual({
      action: "run",
      path: join(dir, "runnable"),
    });
    expect(toolGate("missing", { env: { PATH: dir } })).toMatchObject({ action: "skip" });
    expect(toolGate("missing", { env: { PATH: dir, CI: "false" } })).toMatchObject({ action: "skip" });
    expect(toolGate("missing", { env: { PATH: dir, CI: "true" } })).toMatchObject({
      action: "fail",
      reason: "missing is not on PATH",
    });
  });
});

describe("describeWithTool", () => {
  it("skips a suite whose tool is missing and prints why", async () => {
    const run = await runFixture("needs-tool.fixture", { CI: undefined });
    expect(run.exitCode).toBe(0);
    expect(run.output).toContain(
      "[skip] a suite that needs a missing tool: needs ferry-test-tool-that-does-not-exist",
    );
    expect(run.lines).toContain("1 passed, 0 failed, 1 skipped");
  });

  it("fails instead of skipping when CI=true", async () => {
    const run = await runFixture("needs-tool.fixture", { CI: "true" });
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain("needs ferry-test-tool-that-does-not-exist, and CI=true");
    expect(run.lines).toContain("1 passed, 1 failed, 0 skipped");
  });
});
