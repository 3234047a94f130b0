import { z } from "zod";
import { ROLES } from "./roles";

/**
 * What the console's page knows about its user (`GET /api/session`, also rendered into the page),
 * and the CSRF token the browser clients send with every change. The token lives in this module so
 * the Connect and Kafka clients add it without every caller passing it along.
 */

export const CSRF_HEADER = "x-ferry-csrf";

export const sessionInfoSchema = z.object({
  user: z.string(),
  role: z.enum(ROLES),
  authEnabled: z.boolean(),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The header a request of this method carries: the CSRF token on anything but a read. */
export function csrfHeaders(method: string | undefined): Record<string, string> {
  const m = (method ?? "GET").toUpperCase();
  if (m === "GET" || m === "HEAD" || m === "OPTIONS" || csrfToken === undefined) return {};
  return { [CSRF_HEADER]: csrfToken };
}

/** After a 401 (the session ended), the browser goes to the login page and comes back here after. */
export function onUnauthorized(status: number): void {
  if (status !== 401 || typeof window === "undefined" || window.location.pathname === "/login") return;
  // A full load, so the server renders the login page (and later the page) with the session it has.
  const login = new URL("/login", window.location.origin);
  login.searchParams.set("next", window.location.pathname + window.location.search);
  window.location.assign(login);
}
