import { AsyncLocalStorage } from "node:async_hooks";
import { ConflictError, ConnectError, ConnectRestError } from "../api/errors";

/**
 * Forwarding of REST requests between distributed workers (Kafka's HerderRequestHandler +
 * RestClient). A write that this worker cannot execute (it is not the leader, or does not run the
 * task) is re-issued with the same method and body to the worker that can, and its answer relayed.
 *
 * The hidden `forward` query parameter bounds the hops: a user request has none and is forwarded
 * with `forward=true`; a worker that receives `forward=true` and still is not the target forwards
 * once more with `forward=false`; one that receives `forward=false` answers 409.
 *
 * The REST layer records what forwarding needs from the incoming request (its `forward` flag and
 * the headers to pass on) for the duration of the herder call; the herder reads it when it forwards.
 */

export const CONFLICT_MESSAGE = "Cannot complete request because of a conflicting operation (e.g. worker rebalance)";

export interface ForwardingContext {
  /** The incoming `forward` query parameter: null on a user request. */
  forward: string | null;
  /** The headers passed on to the next worker (see {@link forwardedHeaders}). */
  headers: Record<string, string>;
}

const storage = new AsyncLocalStorage<ForwardingContext>();

/** Runs `work` (a REST handler) with what forwarding needs from `request`. */
export function withForwardingContext<T>(request: Request, url: URL, work: () => Promise<T>): Promise<T> {
  return storage.run({ forward: url.searchParams.get("forward"), headers: forwardedHeaders(request.headers) }, work);
}

/** The identity of the caller goes along: `Authorization` and Ferry's own `x-ferry-*` headers. */
export function forwardedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower.startsWith("x-ferry-")) out[lower] = value;
  });
  return out;
}

/**
 * The `forward` value for the next hop, or a 409 when this request was already the last hop.
 * A call made outside a REST request (in-process) counts as a user request.
 */
export function nextHopForward(context: ForwardingContext | undefined): "true" | "false" {
  const incoming = context?.forward ?? null;
  if (incoming === null) return "true";
  // Java's Boolean.valueOf: anything but "true" is false.
  if (incoming.toLowerCase() === "true") return "false";
  throw new ConflictError(CONFLICT_MESSAGE);
}

export interface ForwardOptions {
  /**
   * A request of the worker itself (task configs sent to the leader), not a user's: it carries no
   * caller's headers and starts its own hop count, whatever REST request led to it.
   */
  ownRequest?: boolean;
  /** Extra headers computed from the serialized body: the signature of an internal request. */
  sign?: (body: string) => Record<string, string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Re-issues a request on `baseUrl` (the target worker's REST URL) and relays its answer: a 2xx
 * body is returned, anything else is thrown with the remote status and message.
 */
export async function forwardRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  options: ForwardOptions = {},
): Promise<{ status: number; body: unknown }> {
  const context = options.ownRequest ? undefined : storage.getStore();
  const forward = nextHopForward(context);
  const url = new URL(path.replace(/^\/+/, ""), `${baseUrl.replace(/\/+$/, "")}/`);
  url.searchParams.set("forward", forward);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signature = options.sign ? options.sign(text ?? "") : {};
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method,
      headers: { ...context?.headers, ...signature, "content-type": "application/json", accept: "application/json" },
      body: text,
      signal: AbortSignal.timeout(options.timeoutMs ?? 90_000),
    });
  } catch (err) {
    throw new ConnectError(`IO Error trying to forward REST request: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const answer = await response.text();
  let parsed: unknown;
  try {
    parsed = answer ? JSON.parse(answer) : undefined;
  } catch {
    parsed = answer;
  }
  if (!response.ok) {
    const message = typeof parsed === "object" && parsed !== null && "message" in parsed ? String((parsed as { message: unknown }).message) : response.statusText;
    throw new ConnectRestError(response.status, message);
  }
  return { status: response.status, body: parsed };
}
