import { hasRole, missingRoleMessage, type Role } from "../../lib/auth/roles";
import { auditConsoleAction, type AuditedAction } from "./console-audit";
import { revalidate } from "./session-users";
import { CSRF_HEADER, csrfTokenMatches, decodeSession, readCookie, sessionSecret, SESSION_COOKIE, usersFilePath, type SessionUser } from "./session";

/**
 * The check every console API route makes before it acts: a session when authentication is on
 * (401), for a mutation the CSRF token and a same-origin Origin (403, with or without
 * authentication), then the role the action needs (403 naming it). Errors are Connect-style JSON.
 */

export interface Actor extends SessionUser {
  authEnabled: boolean;
}

/** Without a users file the console is open and every visitor acts as this admin. */
export const ANONYMOUS: SessionUser = { user: "anonymous", role: "admin" };

export type AccessResult = { ok: true; actor: Actor } | { ok: false; response: Response; who: { user: string; role?: Role } };

export function isMutation(method: string): boolean {
  const m = method.toUpperCase();
  return m !== "GET" && m !== "HEAD" && m !== "OPTIONS";
}

function refuse(status: 401 | 403, message: string): Response {
  return Response.json({ error_code: status, message }, { status, headers: { "cache-control": "no-store" } });
}

/** The signed-in user of a request (the anonymous admin when authentication is off). */
export async function currentActor(req: Request): Promise<Actor | undefined> {
  const usersFile = usersFilePath();
  if (usersFile === undefined) return { ...ANONYMOUS, authEnabled: false };
  const session = decodeSession(readCookie(req.headers.get("cookie"), SESSION_COOKIE), sessionSecret());
  const current = session ? await revalidate(session, usersFile) : undefined;
  return current ? { ...current, authEnabled: true } : undefined;
}

/** The origins this console answers on, as the browser names them. */
function ownOrigins(req: Request): Set<string> {
  const url = new URL(req.url);
  const origins = new Set([url.origin]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
    origins.add(`${proto}://${host}`);
  }
  return origins;
}

/** Why a mutating request fails the CSRF check, or undefined when it passes. */
export function csrfProblem(req: Request): string | undefined {
  const origin = req.headers.get("origin");
  if (origin !== null && !ownOrigins(req).has(origin)) return `Refused: the request came from another site (${origin})`;
  const session = usersFilePath() !== undefined ? readCookie(req.headers.get("cookie"), SESSION_COOKIE) : undefined;
  if (!csrfTokenMatches(req.headers.get(CSRF_HEADER), session, sessionSecret())) {
    return `Refused: the request has no valid ${CSRF_HEADER} token (reload the page and try again)`;
  }
  return undefined;
}

export async function checkAccess(req: Request, needed: Role): Promise<AccessResult> {
  const actor = await currentActor(req);
  if (!actor) return { ok: false, response: refuse(401, "Log in to use the Ferry console"), who: { user: "anonymous" } };
  if (isMutation(req.method)) {
    const problem = csrfProblem(req);
    if (problem) return { ok: false, response: refuse(403, problem), who: actor };
  }
  if (!hasRole(actor.role, needed)) return { ok: false, response: refuse(403, missingRoleMessage(needed)), who: actor };
  return { ok: true, actor };
}

/** What Next passes a route handler besides the request. */
export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type Handler = (req: Request, context: RouteContext) => Promise<Response>;

export interface GuardSpec {
  needed: Role;
  /** What to record in the audit log (mutations only); absent: not audited. */
  audit?: (req: Request, context: RouteContext) => Promise<AuditedAction> | AuditedAction;
}

/** Wraps a route handler with checkAccess and, for an audited action, an audit entry of its outcome. */
export function guarded(spec: GuardSpec, handler: Handler): Handler {
  return async (req, context) => {
    const access = await checkAccess(req, spec.needed);
    const audited = spec.audit && isMutation(req.method) ? await spec.audit(req, context) : undefined;
    const response = access.ok ? await handler(req, context) : access.response;
    if (audited) await auditConsoleAction(req, access.ok ? access.actor : access.who, audited, response);
    return response;
  };
}
