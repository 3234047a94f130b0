// Tests that need a Debian tool (kcat, chromium, psql…) declare it here. When the tool is missing
// they are skipped with a printed reason, except in CI (CI=true), where a missing tool is a failure:
// .ci/run installs every tool the tests use.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { describe, it } from "vitest";

export interface ToolCheck {
  available: boolean;
  /** Why the tool is unavailable; absent when it is available. */
  reason?: string;
  /** Where the tool was found. */
  path?: string;
}

/** Debian packages that provide the tools the tests use, for the hint in the skip reason. */
const DEBIAN_PACKAGES: Readonly<Record<string, string>> = {
  kcat: "kcat",
  chromium: "chromium",
  psql: "postgresql-client",
  pg_ctl: "postgresql",
  curl: "curl",
};

export type Env = Readonly<Record<string, string | undefined>>;

export interface RequireToolOptions {
  /** Environment to read PATH (and CI) from; defaults to process.env. */
  env?: Env;
}

/** Looks `name` up on PATH (or checks it directly when it is an absolute path). */
export function requireTool(name: string, { env = process.env }: RequireToolOptions = {}): ToolCheck {
  const candidates = isAbsolute(name)
    ? [name]
    : (env.PATH ?? "")
        .split(delimiter)
        .filter((dir) => dir !== "")
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    if (isExecutableFile(candidate)) return { available: true, path: candidate };
  }
  const pkg = DEBIAN_PACKAGES[name];
  const hint = pkg ? ` (Debian package ${pkg}; .ci/run installs it)` : "";
  return {
    available: false,
    reason: isAbsolute(name) ? `${name} is not installed${hint}` : `${name} is not on PATH${hint}`,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type ToolGate =
  | { action: "run"; path: string }
  | { action: "skip"; reason: string }
  | { action: "fail"; reason: string };

/** What a test that needs `name` should do here: run, skip (missing tool), or fail (missing in CI). */
export function toolGate(name: string, { env = process.env }: RequireToolOptions = {}): ToolGate {
  const check = requireTool(name, { env });
  if (check.available) return { action: "run", path: check.path ?? name };
  const reason = check.reason ?? `${name} is not available`;
  return env.CI === "true" ? { action: "fail", reason } : { action: "skip", reason };
}

/**
 * `describe` for tests that need a tool. Runs `fn` when the tool is there; otherwise prints the
 * reason and skips the suite, or, under CI=true, registers one failing test that gives the reason.
 */
export function describeWithTool(name: string, title: string, fn: () => void): void {
  const gate = toolGate(name);
  switch (gate.action) {
    case "run":
      describe(title, fn);
      return;
    case "skip":
      console.warn(`[skip] ${title}: needs ${name}: ${gate.reason}`);
      describe.skip(`${title} [needs ${name}: ${gate.reason}]`, fn);
      return;
    case "fail":
      describe(title, () => {
        it(`needs ${name}`, () => {
          throw new Error(`${title} needs ${name}, and CI=true: ${gate.reason}`);
        });
      });
      return;
  }
}
