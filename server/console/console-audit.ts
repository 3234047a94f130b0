import { auditOutcome, type AuditEntry } from "../../lib/auth/audit";
import { AuditLog } from "../security/audit-log";
import { SESSION_ENV, type SessionUser } from "./session";

/**
 * The console's side of the audit log: every mutation a console user makes (or is refused) is one
 * entry with source "console", in the file FERRY_CONSOLE_AUDIT_FILE names (`ferry start` shares it
 * with its REST API). Without that variable nothing is recorded.
 */

const LOGS_KEY = Symbol.for("ferry.console.auditLogs");

export function consoleAuditLog(env: Readonly<Record<string, string | undefined>> = process.env): AuditLog | undefined {
  const path = env[SESSION_ENV.auditFile];
  if (!path) return undefined;
  const holder = globalThis as { [LOGS_KEY]?: Map<string, AuditLog> };
  const logs = (holder[LOGS_KEY] ??= new Map());
  let log = logs.get(path);
  if (!log) {
    log = new AuditLog(path);
    logs.set(path, log);
  }
  return log;
}

export interface AuditedAction {
  action: string;
  target?: string;
  cluster?: string;
}

/**
 * Records one console action with the answer it got; the message of a failure is taken from the body.
 * `remote`: the client's address, when known.
 */
export async function auditConsoleAction(req: Request, who: { user: string; role?: string }, what: AuditedAction, res: Response, remote?: string): Promise<void> {
  const log = consoleAuditLog();
  if (!log) return;
  const outcome = auditOutcome(res.status);
  const message = outcome === "success" ? undefined : await errorMessageOf(res);
  const entry: Omit<AuditEntry, "time"> = {
    user: who.user,
    ...(who.role ? { role: who.role } : {}),
    source: "console",
    action: what.action,
    ...(what.target ? { target: what.target } : {}),
    ...(what.cluster ? { cluster: what.cluster } : {}),
    method: req.method,
    path: new URL(req.url).pathname,
    status: res.status,
    outcome,
    ...(message ? { message } : {}),
    ...(remote ? { remote } : {}),
  };
  await log.record(entry);
}

/** The body's Connect-style `message`, read from a clone so the caller can still send the body. */
async function errorMessageOf(res: Response): Promise<string | undefined> {
  try {
    const text = await res.clone().text();
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === "string") return body.message.slice(0, 500);
    } catch {
      // not JSON
    }
    return text.trim().slice(0, 500) || undefined;
  } catch {
    return undefined;
  }
}

export type { SessionUser };
