// Ferry's CLI as separate processes (`node bin/ferry.mjs …`) for issue-level tests and benchmarks:
// spawned without a shell, output collected, every wait bounded, and killable by pid. No vitest
// imports, so benchmarks can use it too.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait-for";

export const FERRY_BIN = fileURLToPath(new URL("../../bin/ferry.mjs", import.meta.url));

/** How much of each stream is kept for diagnostics (the end of it). */
const KEEP_CHARS = 64 * 1024;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FerryProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What was run, for messages. */
  readonly title: string;
  /** Everything written to stdout so far (the CLIs print little there: "listening on" lines). */
  stdout(): string;
  /** The last 64 KiB of stderr (the worker's log). */
  stderr(): string;
  /** Set once the process exited. */
  exit(): ProcessExit | undefined;
  readonly exited: Promise<ProcessExit>;
  /** Resolves with the first match of `pattern` on stdout; fails early if the process exits first. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /**
   * Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `timeoutMs`. Resolves
   * with how it ended. Safe to call on an exited process.
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ProcessExit>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<ProcessExit>;
}

export interface SpawnFerryOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra node flags (`--cpu-prof`…), before the script. */
  nodeArgs?: readonly string[];
  /** Run as this user and group (a root test process running the worker unprivileged). */
  uid?: number;
  gid?: number;
  /** Sees every stderr chunk (the kept stderr is only its end). */
  onStderr?: (chunk: string) => void;
}

/** Starts `node bin/ferry.mjs <args>`. */
export function spawnFerry(args: readonly string[], { cwd, env, nodeArgs = [], uid, gid, onStderr }: SpawnFerryOptions = {}): FerryProcess {
  const child = spawn(process.execPath, [...nodeArgs, FERRY_BIN, ...args], {
    cwd,
    env: env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    ...(uid !== undefined ? { uid } : {}),
    ...(gid !== undefined ? { gid } : {}),
  });
  const title = `ferry ${args.join(" ")}`;
  let out = "";
  let err = "";
  let exit: ProcessExit | undefined;
  child.stdout?.on("data", (d: Buffer) => void (out = keepEnd(out + d.toString())));
  child.stderr?.on("data", (d: Buffer) => {
    const text = d.toString();
    err = keepEnd(err + text);
    onStderr?.(text);
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    child.once("error", (e) => {
      err += `\nspawn error: ${e.message}`;
      exit ??= { code: null, signal: null };
      resolve(exit);
    });
  });

  const handle: FerryProcess = {
    child,
    pid: child.pid ?? -1,
    title,
    stdout: () => out,
    stderr: () => err,
    exit: () => exit,
    exited,
    async waitForStdout(pattern, timeoutMs = 30_000) {
      return waitFor(
        () => {
          const match = pattern.exec(out);
          if (match) return match;
          if (exit) throw new ProcessExitedError(handle, `exited (${exit.code ?? exit.signal}) before printing ${pattern}`);
          return undefined;
        },
        { timeoutMs, intervalMs: 20, message: `${title} to print ${pattern}` },
      ).catch((e: unknown) => {
        const cause = e instanceof Error && e.cause instanceof ProcessExitedError ? e.cause : e;
        throw new Error(`${cause instanceof Error ? cause.message : String(cause)}\n--- stdout:\n${out}\n--- stderr (end):\n${err.slice(-4000)}`);
      });
    },
    async stop(signal = "SIGTERM", timeoutMs = 20_000) {
      if (exit) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (exit) return exit;
      child.kill("SIGKILL");
      return exited;
    },
  };
  return handle;
}

class ProcessExitedError extends Error {
  constructor(process: FerryProcess, what: string) {
    super(`${process.title} ${what}`);
  }
}

function keepEnd(text: string): string {
  return text.length > KEEP_CHARS * 2 ? text.slice(-KEEP_CHARS) : text;
}

export interface BrokerProcess extends FerryProcess {
  /** `127.0.0.1:PORT` */
  readonly bootstrap: string;
}

/**
 * `ferry broker --listen 127.0.0.1:0 --data-dir DIR`, resolved once it prints its address; `port`
 * fixes the port (a broker restarted where its clients expect it); `initialRebalanceDelayMs` sets
 * `--group-initial-rebalance-delay-ms`.
 */
export async function startBrokerProcess(dataDir: string, options: SpawnFerryOptions & { port?: number; initialRebalanceDelayMs?: number } = {}): Promise<BrokerProcess> {
  const { port = 0, initialRebalanceDelayMs, ...spawnOptions } = options;
  const delay = initialRebalanceDelayMs === undefined ? [] : ["--group-initial-rebalance-delay-ms", String(initialRebalanceDelayMs)];
  const proc = spawnFerry(["broker", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, ...delay], spawnOptions);
  try {
    const match = await proc.waitForStdout(/listening on (127\.0\.0\.1:\d+)/);
    return Object.assign(proc, { bootstrap: match[1] as string });
  } catch (e) {
    await proc.kill();
    throw e;
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for configs that need a fixed port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `key=value` lines of a .properties file. */
export function properties(entries: Readonly<Record<string, string>>): string {
  return Object.entries(entries)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")
    .concat("\n");
}
