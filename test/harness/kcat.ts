// kcat (Debian's, librdkafka 2.0.2) as a foreign Kafka client in tests: spawned without a shell,
// every wait bounded. Suites that use it gate on `describeWithTool("kcat", …)`.
import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "./wait-for";

export interface KcatResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KcatRunOptions {
  /** Written to kcat's stdin, which is then closed (kcat -P reads until EOF). */
  input?: string | Buffer;
  /** Kill kcat and reject after this long. Default 20 s. */
  timeoutMs?: number;
}

/** Runs kcat to completion and returns its exit status and output. */
export function runKcat(args: readonly string[], { input, timeoutMs = 20_000 }: KcatRunOptions = {}): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("kcat", args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`kcat ${args.join(" ")} did not finish within ${timeoutMs} ms; stderr: ${Buffer.concat(err).toString()}`));
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    // kcat may exit before reading all of stdin (a bad argument): ignore EPIPE, the exit code tells.
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

/** A long-running kcat (a -G group member) whose output is collected as it arrives. */
export interface KcatProcess {
  readonly child: ChildProcess;
  /** Complete stdout lines so far. */
  readonly lines: string[];
  /** stderr so far. */
  stderr(): string;
  /** Stops kcat with SIGTERM (it then closes its consumer cleanly, committing offsets), SIGKILL after the deadline. */
  stop(timeoutMs?: number): Promise<KcatResult>;
}

export function spawnKcat(args: readonly string[]): KcatProcess {
  const child = spawn("kcat", args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  let stdout = "";
  child.stdout?.on("data", (d: Buffer) => {
    const text = d.toString();
    stdout += text;
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  child.stderr?.on("data", (d: Buffer) => void (stderr += d.toString()));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("close", (code, signal) => {
      exit = { code, signal };
      resolve();
    });
    child.once("error", () => resolve());
  });
  return {
    child,
    lines,
    stderr: () => stderr,
    async stop(timeoutMs = 10_000) {
      if (!exit) child.kill("SIGTERM");
      try {
        await waitFor(() => exit, { timeoutMs, message: "kcat to exit after SIGTERM" });
      } catch (e) {
        child.kill("SIGKILL");
        await exited;
        throw e;
      }
      return { code: exit?.code ?? null, signal: exit?.signal ?? null, stdout, stderr };
    },
  };
}

/** The partitions a -G member holds now, from the last "rebalanced … assigned:" line kcat printed. */
export function kcatAssignment(stderr: string): number[] | undefined {
  const events = [...stderr.matchAll(/rebalanced \(memberid [^)]*\): (assigned|revoked): ([^\n]*)/g)];
  const last = events.at(-1);
  if (!last || last[1] !== "assigned") return undefined;
  return [...(last[2] ?? "").matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}
