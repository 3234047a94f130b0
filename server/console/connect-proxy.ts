import type { ConnectCluster } from "./config";
import { SESSION_ENV, type SessionUser } from "./session";

/**
 * The console's server forwards the browser's Connect REST calls to a cluster, so the browser never
 * needs CORS and Connect URLs need not be reachable from it. Status, body and content type pass
 * through untouched (a 409 during a rebalance stays a 409); only an unreachable cluster becomes a
 * 502 with a Connect-style error body.
 */

/** Longer than Connect's own 90 s request timeout, so its answer wins. */
const FORWARD_TIMEOUT_MS = 95_000;

const FORWARDED_REQUEST_HEADERS = ["accept", "content-type"];
const FORWARDED_RESPONSE_HEADERS = ["content-type", "x-ferry-version"];

export interface ConnectCall {
  method: string;
  /** Path segments after the cluster, decoded (`["connectors", "my connector", "status"]`). */
  path: readonly string[];
  search?: string;
  headers?: Headers;
  body?: BodyInit | null;
  /** The console user the call is made for (the bundled worker applies that user's role). */
  actor?: SessionUser;
}

/**
 * How the console authenticates to a cluster: the bundled worker trusts the console's per-process
 * token and the user named next to it; another cluster gets the Basic credentials configured for it.
 */
export function clusterAuthHeaders(cluster: ConnectCluster, actor: SessionUser | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const token = env[SESSION_ENV.connectToken];
  if (cluster.bundled && token) {
    const who = actor ?? { user: "console", role: "viewer" };
    return { authorization: `Bearer ${token}`, "x-ferry-user": who.user, "x-ferry-role": who.role };
  }
  if (cluster.auth) {
    return { authorization: `Basic ${Buffer.from(`${cluster.auth.username}:${cluster.auth.password}`, "utf8").toString("base64")}` };
  }
  return {};
}

export function connectUrl(cluster: ConnectCluster, path: readonly string[], search = ""): string {
  return `${cluster.url}/${path.map(encodeURIComponent).join("/")}${search}`;
}

export async function callConnect(cluster: ConnectCluster, call: ConnectCall, fetchImpl: typeof fetch = fetch): Promise<Response> {
  const url = connectUrl(cluster, call.path, call.search);
  const headers = new Headers(clusterAuthHeaders(cluster, call.actor));
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = call.headers?.get(name);
    if (value) headers.set(name, value);
  }
  let upstream: Response;
  try {
    upstream = await fetchImpl(url, {
      method: call.method,
      headers,
      body: call.method === "GET" || call.method === "HEAD" ? undefined : call.body,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      cache: "no-store",
      redirect: "manual",
    });
  } catch (err) {
    return unreachable(cluster, err);
  }
  const out = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  const body = upstream.status === 204 || upstream.status === 304 ? null : await upstream.arrayBuffer();
  return new Response(body, { status: upstream.status, headers: out });
}

/** The answer for a `/api/…/<cluster>` that names no configured Connect cluster. */
export function unknownCluster(name: string): Response {
  return Response.json({ error_code: 404, message: `No Connect cluster named '${name}' is configured` }, { status: 404 });
}

export function unreachable(cluster: ConnectCluster, err: unknown): Response {
  return Response.json(
    { error_code: 502, message: `Connect cluster '${cluster.name}' (${cluster.url}) did not answer: ${describe(err)}` },
    { status: 502 },
  );
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError") return `no answer within ${FORWARD_TIMEOUT_MS / 1000} s`;
    const cause = err.cause instanceof Error ? err.cause.message : undefined;
    return cause ?? err.message;
  }
  return String(err);
}
