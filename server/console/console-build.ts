import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The console runs from a production Next.js build. `ferry console`/`ferry start` build it on first
 * use and again whenever its sources changed (a content hash of what the build reads), so
 * `npm install && npm start` needs no separate build step and never serves a stale console.
 */

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Where the build goes; next.config.ts reads the same variable (tests may build elsewhere). */
export const DIST_DIR_ENV = "FERRY_CONSOLE_DIST_DIR";

const SOURCE_DIRS = ["app", "components", "lib", "server", "public"];
const SOURCE_FILES = ["proxy.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "package.json"];
const HASH_FILE = "ferry-sources.sha256";
const LOCK_WAIT_MS = 10 * 60_000;

export function distDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(PROJECT_ROOT, env[DIST_DIR_ENV] || ".next");
}

/** A hash of every file the console build reads (tests excluded). */
export function sourcesHash(root = PROJECT_ROOT): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.test\.tsx?$/.test(entry.name)) files.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) files.push(join(root, file));
  for (const file of files.sort()) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function isBuildCurrent(dir = distDir()): boolean {
  const stamp = join(dir, HASH_FILE);
  return existsSync(join(dir, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === sourcesHash();
}

export interface BuildOptions {
  /** Progress lines ("building the console…", then next's own output). */
  print?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Builds the console unless the build is current. Safe to call from several processes at once. */
export async function ensureConsoleBuild({ print = () => {}, env = process.env }: BuildOptions = {}): Promise<void> {
  const dir = distDir(env);
  if (isBuildCurrent(dir)) return;
  const release = await acquireLock(`${dir}.build-lock`, print);
  try {
    if (isBuildCurrent(dir)) return; // another process built it while we waited
    const hash = sourcesHash();
    print("Building the console (after install or an update; about half a minute)…");
    await runNextBuild(env, print);
    writeFileSync(join(dir, HASH_FILE), hash);
    print("Console built.");
  } finally {
    release();
  }
}

function runNextBuild(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<void> {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: PROJECT_ROOT,
      env: { ...env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-16_000);
      for (const line of d.toString().split("\n")) if (/^\s*(✓|Creating|Compiled|Generating|Route)/.test(line)) print(`  ${line.trim()}`);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output}`))));
  });
}

/** A directory as a lock (mkdir is atomic); a lock left by a dead process is taken over. */
async function acquireLock(path: string, print: (line: string) => void): Promise<() => void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, "pid"), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (lockOwnerDead(path)) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${path} (another console build?)`);
    if (!told) print("Waiting for another process to finish building the console…");
    told = true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lockOwnerDead(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(path, "pid"), "utf8"));
  } catch {
    // pid not written yet, or the lock just went away: judge by age
    try {
      return Date.now() - statSync(path).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}
