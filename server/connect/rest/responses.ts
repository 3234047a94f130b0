/** Response builders: compact JSON like Kafka's Jackson provider, no pretty-printing. */

export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** 202/204 answers of Kafka carry no entity and therefore no content type. */
export function empty(status: number): Response {
  return new Response(null, { status });
}
