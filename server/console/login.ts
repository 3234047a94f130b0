import { z } from "zod";
import { UserStore } from "../security/credentials";
import { describeWait, LoginThrottle, retryAfterSeconds } from "../security/login-throttle";
import { ANONYMOUS, csrfProblem } from "./access";
import { auditConsoleAction } from "./console-audit";
import { revalidate } from "./session-users";
import { cameOverHttps, csrfTokenFor, decodeSession, encodeSession, readCookie, sessionCookie, sessionSecret, SESSION_COOKIE, usersFilePath } from "./session";

/**
 * Logging in and out of the console, and what the page learns about its user. Authentication is on
 * when FERRY_CONSOLE_USERS_FILE names a users file (`ferry start --users-file`, `ferry console
 * --users-file`); the file is re-read when it changes, so added users can log in at once.
 */

export interface SessionInfo {
  user: string;
  role: "viewer" | "operator" | "admin";
  authEnabled: boolean;
  csrfToken: string;
}

/** The signed-in user of a Cookie header with the CSRF token of that session; undefined: not signed in. */
export async function sessionInfo(cookieHeader: string | null | undefined): Promise<SessionInfo | undefined> {
  const secret = sessionSecret();
  const usersFile = usersFilePath();
  if (usersFile === undefined) return { ...ANONYMOUS, authEnabled: false, csrfToken: csrfTokenFor(undefined, secret) };
  const value = readCookie(cookieHeader, SESSION_COOKIE);
  const session = decodeSession(value, secret);
  const current = session ? await revalidate(session, usersFile) : undefined;
  return current ? { ...current, authEnabled: true, csrfToken: csrfTokenFor(value, secret) } : undefined;
}

/** The CSRF token a page sends with its changes: bound to the session cookie the request carries. */
export function pageCsrfToken(cookieHeader: string | null | undefined): string {
  const value = usersFilePath() === undefined ? undefined : readCookie(cookieHeader, SESSION_COOKIE);
  return csrfTokenFor(value, sessionSecret());
}

const STORES_KEY = Symbol.for("ferry.console.userStores");

async function userStore(path: string): Promise<UserStore> {
  const holder = globalThis as { [STORES_KEY]?: Map<string, Promise<UserStore>> };
  const stores = (holder[STORES_KEY] ??= new Map());
  let store = stores.get(path);
  if (!store) {
    store = UserStore.open(path);
    stores.set(path, store);
    store.catch(() => stores.delete(path));
  }
  return store;
}

const loginBodySchema = z.object({ user: z.string().trim().min(1, "Enter your user name").max(64), password: z.string().min(1, "Enter your password").max(1024) });

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * The header the console's server sets to the socket's address (replacing whatever the client sent),
 * so a client cannot name another address to dodge the throttle.
 */
export const CLIENT_ADDRESS_HEADER = "x-ferry-client-address";

/** The client's address: the console server's own header, else the first X-Forwarded-For hop. */
export function clientAddress(req: Request): string | undefined {
  const own = req.headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  if (own) return own;
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
}

const THROTTLE_KEY = Symbol.for("ferry.console.loginThrottle");

/** Failed logins of this console process (one per process: Next may load this module more than once). */
export function consoleLoginThrottle(): LoginThrottle {
  const holder = globalThis as { [THROTTLE_KEY]?: LoginThrottle };
  return (holder[THROTTLE_KEY] ??= new LoginThrottle());
}

/** Replaces the process's throttle (tests: a fresh one with their clock). */
export function setConsoleLoginThrottle(throttle: LoginThrottle): void {
  (globalThis as { [THROTTLE_KEY]?: LoginThrottle })[THROTTLE_KEY] = throttle;
}

/** The user name an attempt names, for the audit log even when the body is not valid. */
function triedUser(body: unknown): string {
  const user = typeof body === "object" && body !== null ? (body as { user?: unknown }).user : undefined;
  return typeof user === "string" && user.trim() !== "" ? user.trim().slice(0, 64) : "anonymous";
}

/** POST /api/login; every attempt is recorded in the audit log ("session.login"), never its password. */
export async function login(req: Request): Promise<Response> {
  const remote = clientAddress(req);
  const who: { user: string; role?: string } = { user: "anonymous" };
  const res = await attemptLogin(req, remote, who);
  await auditConsoleAction(req, who, { action: "session.login" }, res, remote);
  return res;
}

/** `who` is filled in with the name tried (and the role, once logged in). */
async function attemptLogin(req: Request, remote: string | undefined, who: { user: string; role?: string }): Promise<Response> {
  const problem = csrfProblem(req);
  if (problem) return json(403, { error_code: 403, message: problem });
  const path = usersFilePath();
  const body: unknown = await req.json().catch(() => undefined);
  who.user = triedUser(body);
  if (path === undefined) return json(400, { error_code: 400, message: "Authentication is off: this console has no users file" });
  const parsed = loginBodySchema.safeParse(body);
  if (!parsed.success) return json(400, { error_code: 400, message: parsed.error.issues[0]?.message ?? "Enter a user name and a password" });
  const attempt = { user: parsed.data.user, address: remote };
  const throttle = consoleLoginThrottle();
  const wait = throttle.retryAfterMs(attempt);
  if (wait > 0) {
    // Refused without checking the password: guessing gets no answer until the wait is over.
    const message = `Too many failed logins: try again in ${describeWait(wait)}`;
    return json(429, { error_code: 429, message }, { "retry-after": String(retryAfterSeconds(wait)) });
  }
  let principal;
  try {
    principal = await (await userStore(path)).authenticate(parsed.data.user, parsed.data.password);
  } catch (err) {
    return json(500, { error_code: 500, message: `The users file cannot be read: ${err instanceof Error ? err.message : String(err)}` });
  }
  if (!principal) {
    throttle.recordFailure(attempt);
    return json(401, { error_code: 401, message: "Wrong user name or password" });
  }
  throttle.recordSuccess(attempt);
  who.user = principal.name;
  who.role = principal.role;
  const secret = sessionSecret();
  const value = encodeSession({ user: principal.name, role: principal.role }, secret);
  return json(
    200,
    { user: principal.name, role: principal.role, authEnabled: true, csrfToken: csrfTokenFor(value, secret) } satisfies SessionInfo,
    { "set-cookie": sessionCookie(value, cameOverHttps(req)) },
  );
}

/** POST /api/logout: clears the session cookie; recorded as "session.logout" of the session's user. */
export async function logout(req: Request): Promise<Response> {
  const session = decodeSession(readCookie(req.headers.get("cookie"), SESSION_COOKIE), sessionSecret());
  const who = session ?? { user: "anonymous" };
  const problem = csrfProblem(req);
  const res = problem
    ? json(403, { error_code: 403, message: problem })
    : json(200, { ok: true }, { "set-cookie": sessionCookie(undefined, cameOverHttps(req)) });
  await auditConsoleAction(req, who, { action: "session.logout" }, res, clientAddress(req));
  return res;
}

/** Whether a Cookie header holds a valid session (or authentication is off). */
export async function hasSession(cookieHeader: string | null | undefined): Promise<boolean> {
  return (await sessionInfo(cookieHeader)) !== undefined;
}

export { readCookie };

/** The user a server-rendered page is for (from its request's Cookie header); undefined: not signed in. */
export async function actorOfCookies(cookieHeader: string | null | undefined): Promise<SessionUserOf | undefined> {
  const info = await sessionInfo(cookieHeader);
  return info ? { user: info.user, role: info.role } : undefined;
}

type SessionUserOf = Pick<SessionInfo, "user" | "role">;
