import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectError, Schema, SchemaBuilder, SinkRecord, Struct, type SinkTaskContext } from "../../api";
import { HttpSinkConnector, HttpSinkTask, connectToJson, parseHeaders } from "./http-sink";

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

/** A server answering each request with the next status of `statuses` (then 200). */
async function server(statuses: number[] = [], delayMs = 0): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => void (body += d.toString()));
    req.on("end", () => {
      received.push({ method: req.method ?? "", headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status).end(status >= 400 ? `status ${status}` : ""), delayMs);
    });
  });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const address = s.address();
  return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/in`, received };
}

function record(value: unknown, offset = 0, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: offset, valueSchema, value });
}

function task(props: Record<string, string>, reported: [SinkRecord, Error][] | null = null): HttpSinkTask {
  const t = new HttpSinkTask();
  const context: Partial<SinkTaskContext> = {
    requestCommit: () => {},
    errantRecordReporter: () => (reported === null ? null : { report: async (r, e) => void reported.push([r, e]) }),
  };
  t.initialize(context as SinkTaskContext);
  t.start({ "retry.backoff.ms": "1", "batch.linger.ms": "60000", ...props });
  return t;
}

describe("HttpSinkTask", () => {
  it("sends each record as JSON with the configured method, headers and basic auth", async () => {
    const { url, received } = await server();
    const t = task({ "http.api.url": url, "request.method": "PUT", headers: "X-A: 1|X-B: two", "auth.type": "BASIC", "connection.user": "u", "connection.password": "p" });
    await t.put([record({ id: 1 }), record("text", 1)]);
    expect(received.map((r) => [r.method, r.body])).toEqual([
      ["PUT", '{"id":1}'],
      ["PUT", '"text"'],
    ]);
    expect(received[0]?.headers).toMatchObject({ "content-type": "application/json", "x-a": "1", "x-b": "two", authorization: `Basic ${Buffer.from("u:p").toString("base64")}` });
  });

  it("batches by count and sends the rest on flush; bytes cap a batch", async () => {
    const { url, received } = await server();
    const t = task({ "http.api.url": url, "batch.max.size": "3", "auth.type": "BEARER", "bearer.token": "tok" });
    await t.put([1, 2, 3, 4].map((n) => record({ n }, n)));
    expect(received.map((r) => r.body)).toEqual(['[{"n":1},{"n":2},{"n":3}]']);
    await t.flush(new Map());
    expect(received.map((r) => r.body)).toEqual(['[{"n":1},{"n":2},{"n":3}]', '[{"n":4}]']);
    expect(received[0]?.headers.authorization).toBe("Bearer tok");

    const small = await server();
    const s = task({ "http.api.url": small.url, "batch.max.size": "10", "batch.max.bytes": "20", "request.body.format": "string", "batch.separator": "|" });
    await s.put(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"].map((v, i) => record(v, i)));
    await s.flush(new Map());
    expect(small.received.map((r) => [r.body, r.headers["content-type"]])).toEqual([
      ["aaaaaaaaaa|bbbbbbbbbb", "text/plain; charset=utf-8"],
      ["cccccccccc", "text/plain; charset=utf-8"],
    ]);
  });

  it("retries 5xx, 429 and timeouts with backoff, then fails", async () => {
    const flaky = await server([503, 429]);
    await task({ "http.api.url": flaky.url }).put([record(1)]);
    expect(flaky.received).toHaveLength(3);

    const slow = await server([], 200);
    const t = task({ "http.api.url": slow.url, "request.timeout.ms": "20", "max.retries": "1" });
    await expect(t.put([record(1)])).rejects.toThrow(/failed after 2 attempt\(s\): no response within 20 ms/);

    const down = await server([500, 500, 500]);
    await expect(task({ "http.api.url": down.url, "max.retries": "2" }).put([record(1)])).rejects.toThrow(
      new ConnectError(`Sending 1 record(s) to ${down.url} failed after 3 attempt(s): HTTP 500: status 500`),
    );
  });

  it("sends a 4xx record to the errant record reporter, or fails without one", async () => {
    const { url } = await server([400, 200, 404]);
    const reported: [SinkRecord, Error][] = [];
    const t = task({ "http.api.url": url }, reported);
    const bad = record({ bad: true });
    await t.put([bad, record({ ok: true }, 1)]);
    expect(reported.map(([r, e]) => [r, e.message])).toEqual([[bad, `${url} rejected 1 record(s): HTTP 400: status 400`]]);
    await expect(task({ "http.api.url": url }).put([record(1)])).rejects.toThrow("rejected 1 record(s): HTTP 404");
  });
});

describe("HttpSinkConnector", () => {
  it("validates URL, credentials and headers", async () => {
    const errors = async (props: Record<string, string>) => (await new HttpSinkConnector().validate(props)).flatMap((v) => v.errorMessages);
    expect(await errors({})).toEqual(['Missing required configuration "http.api.url" which has no default value.']);
    expect(await errors({ "http.api.url": "ftp://x" })).toEqual(["Invalid value ftp://x for configuration http.api.url: the URL must be http or https"]);
    expect(await errors({ "http.api.url": "http://x", "auth.type": "BASIC", headers: "nocolon" })).toEqual([
      "Invalid header 'nocolon': expected Name: value",
      "connection.user is required when auth.type=BASIC",
    ]);
    expect(await errors({ "http.api.url": "https://x/y", "auth.type": "BEARER", "bearer.token": "t", "batch.max.size": "0" })).toEqual([
      "Invalid value 0 for configuration batch.max.size: Value must be at least 1",
    ]);
  });

  it("converts Connect data to JSON and parses headers", () => {
    const schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
    expect(connectToJson(new Struct(schema).put("id", 9007199254740993n).put("tags", ["a"]))).toEqual({ id: "9007199254740993", tags: ["a"] });
    expect(connectToJson(new Map([["k", new Uint8Array([104, 105])]]))).toEqual({ k: "aGk=" });
    expect(parseHeaders("A: 1 | B:2", "|")).toEqual({ A: "1", B: "2" });
  });
});
