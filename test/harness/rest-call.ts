export interface RestReply {
  status: number;
  body: unknown;
}

/** Sends `body` (when given) as JSON to `<base><path>`. */
export function sendJson(base: string, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

/** One call to a Connect REST API at `base`: a JSON body when given, the answer's JSON body (undefined when empty). */
export async function restCall(base: string, method: string, path: string, body?: unknown): Promise<RestReply> {
  const res = await sendJson(base, method, path, body);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
