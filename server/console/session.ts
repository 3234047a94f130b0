import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { isRole, type Role } from "../../lib/auth/roles";

/**
 * The console's login session: a cookie holding {user, role, expiry} signed with HMAC-SHA256, so the
 * server keeps no session table and a changed cookie is refused. The CSRF token is derived from the
 * session cookie (or, with authentication off, from the process's secret alone): the page receives
 * it from the server and sends it back in a header that another site cannot set.
 */

export const SESSION_COOKIE = "ferry_session";
export const CSRF_HEADER = "x-ferry-csrf";
export const SESSION_ENV = {
  usersFile: "FERRY_CONSOLE_USERS_FILE",
  auditFile: "FERRY_CONSOLE_AUDIT_FILE",
  secret: "FERRY_CONSOLE_SESSION_SECRET",
  connectToken: "FERRY_CONSOLE_CONNECT_TOKEN",
} as const;

/** A working day; the user logs in again after it. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionUser {
  user: string;
  role: Role;
}

const payloadSchema = z.object({ u: z.string().min(1), r: z.string().refine(isRole), e: z.number().int() });

const SECRET_KEY = Symbol.for("ferry.console.sessionSecret");

/** The signing secret: FERRY_CONSOLE_SESSION_SECRET, else one random secret for this process. */
export function sessionSecret(env: Readonly<Record<string, string | undefined>> = process.env): Buffer {
  const configured = env[SESSION_ENV.secret];
  if (configured) return Buffer.from(configured, "utf8");
  const holder = globalThis as { [SECRET_KEY]?: Buffer };
  holder[SECRET_KEY] ??= randomBytes(32);
  return holder[SECRET_KEY];
}

function sign(data: string, secret: Buffer): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function encodeSession(session: SessionUser, secret: Buffer, now = Date.now()): string {
  const data = Buffer.from(JSON.stringify({ u: session.user, r: session.role, e: now + SESSION_TTL_MS })).toString("base64url");
  return `${data}.${sign(data, secret)}`;
}

/** The session of a cookie value; undefined when absent, tampered with, malformed or expired. */
export function decodeSession(value: string | undefined, secret: Buffer, now = Date.now()): SessionUser | undefined {
  if (!value) return undefined;
  const dot = value.indexOf(".");
  if (dot <= 0) return undefined;
  const data = value.slice(0, dot);
  if (!sameText(value.slice(dot + 1), sign(data, secret))) return undefined;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(data, "base64url").toString("utf8")));
    if (!parsed.success || parsed.data.e <= now) return undefined;
    return { user: parsed.data.u, role: parsed.data.r as Role };
  } catch {
    return undefined;
  }
}

/** The CSRF token bound to a session cookie value ("" when there is none). */
export function csrfTokenFor(sessionValue: string | undefined, secret: Buffer): string {
  return sign(`csrf\0${sessionValue ?? ""}`, secret);
}

export function csrfTokenMatches(given: string | null | undefined, sessionValue: string | undefined, secret: Buffer): boolean {
  return typeof given === "string" && given !== "" && sameText(given, csrfTokenFor(sessionValue, secret));
}

/** `Set-Cookie` for a new session, or for clearing it (`value` undefined). */
export function sessionCookie(value: string | undefined, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${value ?? ""}`, "Path=/", "HttpOnly", "SameSite=Strict"];
  parts.push(value === undefined ? "Max-Age=0" : `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`);
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** A cookie's value from a `Cookie` header. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request reached the console over https (directly or through a TLS proxy). */
export function cameOverHttps(req: Request): boolean {
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || new URL(req.url).protocol === "https:";
}

/** Authentication is on when a users file is configured. */
export function usersFilePath(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  return env[SESSION_ENV.usersFile] || undefined;
}
