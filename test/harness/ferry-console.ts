// `ferry start` as a process with its console, on free ports and a temporary data dir, for browser
// tests and the console benchmark. The console build is made (or found current) before the start,
// under a lock, so parallel test files share one build.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureConsoleBuild } from "../../server/console/console-build";
import { freePort, spawnFerry, type FerryProcess } from "./ferry-process";

export interface FerryWithConsole {
  readonly process: FerryProcess;
  /** http://127.0.0.1:PORT of the console. */
  readonly consoleUrl: string;
  /** http://127.0.0.1:PORT of the Connect REST API. */
  readonly restUrl: string;
  /** 127.0.0.1:PORT of the embedded broker. */
  readonly bootstrap: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** How long the first console build may take on a busy 2-core machine. */
export const CONSOLE_BUILD_TIMEOUT_MS = 240_000;

/** `args`: more `ferry start` options (e.g. `--users-file FILE`). */
export async function startFerryWithConsole(options: { env?: Record<string, string | undefined>; args?: string[] } = {}): Promise<FerryWithConsole> {
  const env = { ...process.env, ...options.env };
  await ensureConsoleBuild({ env });
  const dataDir = mkdtempSync(join(tmpdir(), "ferry-console-"));
  const consolePort = await freePort();
  const proc = spawnFerry(
    // Browser tests keep their connector files in their own temporary directories.
    ["start", "--data-dir", dataDir, "--broker-listen", "127.0.0.1:0", "--rest-listen", "127.0.0.1:0", "--console-listen", `127.0.0.1:${consolePort}`, "--file-allowed-paths", tmpdir(), ...(options.args ?? [])],
    { env },
  );
  try {
    const consoleUrl = (await proc.waitForStdout(/Ferry console listening on (http:\/\/\S+)/, 60_000))[1] as string;
    const restUrl = (await proc.waitForStdout(/REST API listening on (http:\/\/\S+)/))[1] as string;
    const bootstrap = (await proc.waitForStdout(/embedded broker listening on (\S+)/))[1] as string;
    return {
      process: proc,
      consoleUrl,
      restUrl,
      bootstrap,
      dataDir,
      async stop() {
        await proc.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await proc.kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The header a change sent to the console's API needs (its CSRF token, from `GET /api/session` as
 * the page gets it); `cookie`: a signed-in user's session cookie, when authentication is on.
 */
export async function consoleCsrfHeaders(consoleUrl: string, cookie?: string): Promise<Record<string, string>> {
  const res = await fetch(`${consoleUrl}/api/session`, { headers: cookie ? { cookie } : {} });
  if (!res.ok) throw new Error(`GET /api/session answered ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { "x-ferry-csrf": csrfToken, ...(cookie ? { cookie } : {}) };
}
