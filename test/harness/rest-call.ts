export interface RestReply {
  status: number;
  body: unknown;
}

/** What a call may add: headers (Authorization…) and an abort signal. */
export interface RestCallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends `body` (when given) as JSON to `<base><path>`. */
export function sendJson(base: string, method: string, path: string, body?: unknown, options: RestCallOptions = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...options.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: options.signal,
  });
}

/** One call to a Connect REST API at `base`: a JSON body when given, the answer's JSON body (undefined when empty). */
export async function restCall(base: string, method: string, path: string, body?: unknown, options?: RestCallOptions): Promise<RestReply> {
  const res = await sendJson(base, method, path, body, options);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
