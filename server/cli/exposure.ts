import { isIPv4, isIPv6 } from "node:net";

/**
 * Which listen addresses only this machine can reach. Ferry binds to 127.0.0.1 by default; anything
 * else (an interface address, all interfaces, a host name) is exposed, and `ferry` warns when an
 * exposed listener has no authentication.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  if (isIPv4(h)) return h.startsWith("127.");
  if (isIPv6(h)) return h === "::1" || /^::ffff:127\./.test(h);
  return false;
}

/** The start-up warning for an exposed listener without authentication. */
export function exposedWarning(what: string, url: string, remedy: string): string {
  return `WARNING: ${what} listens on ${url}, reachable from other machines, without authentication. ${remedy}`;
}
