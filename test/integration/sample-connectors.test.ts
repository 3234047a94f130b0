import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { Loggers } from "../../server/connect/runtime/loggers";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { readTopic } from "../harness/topic-reader";
import { waitFor } from "../harness/wait-for";

/**
 * The sample connectors (Datagen, HTTP sink, HTTP poll source, SpoolDir) in a real worker
 * (startWorker, as `ferry start` composes it) on the embedded broker, against real parts: HTTP
 * servers started by the test on 127.0.0.1, files in a temporary directory.
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

let broker: TestBroker;
let kafka: Kafka;
let root: string;

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = broker.kafka();
  root = mkdtempSync(join(tmpdir(), "ferry-samples-"));
});

afterAll(async () => {
  await broker?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Worker {
  runtime: WorkerRuntime;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  createConnector(name: string, config: Record<string, string>): Promise<void>;
}

/** A worker whose state lives in `dir` (a second one on the same dir resumes the first's connectors). */
async function startFerry(dir: string): Promise<Worker> {
  mkdirSync(dir, { recursive: true });
  const logs: string[] = [];
  const runtime = await startWorker({
    workerProps: {
      "bootstrap.servers": broker.broker.bootstrapServers,
      listeners: "http://127.0.0.1:0",
      "key.converter": JSON_CONVERTER,
      "value.converter": JSON_CONVERTER,
      "offset.storage.file.filename": join(dir, "connect.offsets"),
      "config.storage.file.filename": join(dir, "connect-configs.json"),
      "connector.file.allowed.paths": root,
      "offset.flush.interval.ms": "500",
      "consumer.session.timeout.ms": "10000",
    },
    loggers: new Loggers({ write: (line) => void logs.push(line) }),
    env: {},
  });
  runtime.markReady();
  onTestFinished(() => runtime.stop());
  onTestFailed(() => console.error(`--- worker log:\n${logs.join("\n").slice(-8000)}`));
  const base = runtime.urls[0] as string;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    runtime,
    call,
    async createConnector(name, config) {
      const reply = await call("POST", "/connectors", { name, config });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    },
  };
}

async function topicValues(topic: string, count: number, timeoutMs = 20_000): Promise<string[]> {
  return waitFor(
    async () => {
      const values = await readTopic(broker.broker.bootstrapServers, topic, "kafkajs");
      return values.length >= count ? values : undefined;
    },
    { timeoutMs, intervalMs: 200, message: `${count} records on ${topic}` },
  );
}

interface Consumed {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Every record on `topic` now, with keys and headers. */
async function consumeAll(topic: string, count: number): Promise<Consumed[]> {
  const consumer = kafka.consumer({ groupId: `samples-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const records: Consumed[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        records.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
      },
    });
    await waitFor(() => records.length >= count, { timeoutMs: 20_000, message: `${count} records on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Records on a topic (0 while it does not exist). */
async function topicSize(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } catch {
    return 0;
  } finally {
    await admin.disconnect();
  }
}

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
  } finally {
    await producer.disconnect();
  }
}

async function listen(handler: (req: IncomingMessage, body: string) => { status: number; body?: string; headers?: Record<string, string> }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => void (body += d.toString()));
    req.on("end", () => {
      const reply = handler(req, body);
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  onTestFinished(() => server.closeAllConnections());
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` };
}

const payload = (value: string) => (JSON.parse(value) as { payload: unknown }).payload;

describe("Datagen source", () => {
  it("writes the same records for the same seed, with the quickstart's schema and key", async () => {
    const worker = await startFerry(join(root, "datagen"));
    const config = (topic: string) => ({
      "connector.class": "Datagen",
      "kafka.topic": topic,
      quickstart: "orders",
      "max.interval": "0",
      iterations: "25",
      "random.seed": "42",
    });
    await worker.createConnector("orders-a", config("orders-a"));
    await worker.createConnector("orders-b", config("orders-b"));
    const a = await consumeAll("orders-a", 25);
    const b = await consumeAll("orders-b", 25);
    expect(a).toHaveLength(25);
    expect(b.map((r) => [r.key, r.value])).toEqual(a.map((r) => [r.key, r.value]));
    const first = JSON.parse(a[0]?.value ?? "null") as { schema: { name: string; fields: { field: string }[] }; payload: Record<string, unknown> };
    expect(first.schema.name).toBe("ksql.orders");
    expect(first.schema.fields.map((f) => f.field)).toEqual(["ordertime", "orderid", "itemid", "orderunits", "address"]);
    // Keyed by orderid (the JSON converter wraps it in its envelope).
    expect(a.map((r) => payload(r.key ?? "null"))).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(first.payload["orderid"]).toBe(0);
    // Another seed, other data.
    await worker.createConnector("orders-c", { ...config("orders-c"), "random.seed": "43" });
    const c = await consumeAll("orders-c", 25);
    expect(c.map((r) => r.value)).not.toEqual(a.map((r) => r.value));
    // Iterations is a limit: nothing more arrives (the task idles).
    expect((await worker.call("GET", "/connectors/orders-a/status")).body).toMatchObject({ connector: { state: "RUNNING" }, tasks: [{ state: "RUNNING" }] });
  });
});

describe("HTTP sink", () => {
  it("retries 5xx, authenticates, and sends a 4xx record to the dead letter queue", async () => {
    const received: { id: number; auth: string | undefined; source: string | undefined }[] = [];
    let requests = 0;
    const { url } = await listen((req, body) => {
      requests++;
      // The first two requests fail with 503: the sink retries them.
      if (requests <= 2) return { status: 503, body: '{"error":"busy"}' };
      const value = JSON.parse(body) as { id: number; bad?: boolean };
      if (value.bad) return { status: 422, body: '{"error":"bad record"}' };
      received.push({ id: value.id, auth: req.headers.authorization, source: req.headers["x-source"] as string | undefined });
      return { status: 200, body: "{}" };
    });
    const worker = await startFerry(join(root, "http-sink"));
    await worker.createConnector("http-out", {
      "connector.class": "HttpSink",
      topics: "http-in",
      "http.api.url": `${url}/events`,
      "auth.type": "BEARER",
      "bearer.token": "s3cret",
      headers: "X-Source: ferry",
      "retry.backoff.ms": "10",
      "max.retries": "5",
      "key.converter": "org.apache.kafka.connect.storage.StringConverter",
      "value.converter": JSON_CONVERTER,
      "value.converter.schemas.enable": "false",
      "errors.tolerance": "all",
      "errors.deadletterqueue.topic.name": "http-dlq",
      "errors.deadletterqueue.topic.replication.factor": "1",
      "errors.deadletterqueue.context.headers.enable": "true",
    });
    await produce("http-in", ['{"id":1}', '{"id":2,"bad":true}', '{"id":3}']);
    await waitFor(() => received.length >= 2, { message: "records 1 and 3 at the server" });
    expect(received).toEqual([
      { id: 1, auth: "Bearer s3cret", source: "ferry" },
      { id: 3, auth: "Bearer s3cret", source: "ferry" },
    ]);
    expect(requests).toBe(5);
    const dlq = await consumeAll("http-dlq", 1);
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.value).toBe('{"id":2,"bad":true}');
    expect(dlq[0]?.headers).toMatchObject({
      "__connect.errors.topic": "http-in",
      "__connect.errors.offset": "1",
      "__connect.errors.stage": "TASK_PUT",
      "__connect.errors.connector.name": "http-out",
    });
    expect(dlq[0]?.headers["__connect.errors.exception.message"]).toContain("HTTP 422");
    expect((await worker.call("GET", "/connectors/http-out/status")).body).toMatchObject({ tasks: [{ state: "RUNNING" }] });
  });

  it("fails the task when the endpoint keeps answering 5xx", async () => {
    const { url } = await listen(() => ({ status: 500, body: "down" }));
    const worker = await startFerry(join(root, "http-sink-down"));
    await worker.createConnector("http-down", {
      "connector.class": "HttpSink",
      topics: "http-down-in",
      "http.api.url": url,
      "retry.backoff.ms": "5",
      "max.retries": "2",
      "key.converter": "org.apache.kafka.connect.storage.StringConverter",
      "value.converter": "org.apache.kafka.connect.storage.StringConverter",
      "request.body.format": "string",
    });
    await produce("http-down-in", ["x"]);
    const status = await waitFor(
      async () => {
        const body = (await worker.call("GET", "/connectors/http-down/status")).body as { tasks: { state: string; trace?: string }[] };
        return body.tasks[0]?.state === "FAILED" ? body.tasks[0] : undefined;
      },
      { message: "the task to fail" },
    );
    expect(status.trace).toContain("failed after 3 attempt(s): HTTP 500: down");
  });
});

describe("HTTP poll source", () => {
  it("follows the cursor through the pages, then polls without writing duplicates", async () => {
    const pages: Record<string, { items: { id: number; name: string }[]; next: string | null }> = {
      "": { items: [{ id: 1, name: "a" }, { id: 2, name: "b" }], next: "p2" },
      p2: { items: [{ id: 3, name: "c" }], next: "p3" },
      // The last page is requested again and again; id 3 is already written.
      p3: { items: [{ id: 3, name: "c" }], next: null },
    };
    const requested: string[] = [];
    const { url } = await listen((req) => {
      const cursor = new URL(req.url ?? "/", "http://x").searchParams.get("cursor") ?? "";
      requested.push(cursor);
      return { status: 200, body: JSON.stringify(pages[cursor] ?? { items: [], next: null }) };
    });
    const worker = await startFerry(join(root, "http-source"));
    await worker.createConnector("http-in", {
      "connector.class": "HttpSource",
      "http.url": `${url}/events`,
      topic: "polled",
      "poll.interval.ms": "50",
      "records.path": "$.items[*]",
      "id.path": "$.id",
      "key.path": "$.id",
      "cursor.path": "$.next",
    });
    await waitFor(() => requested.length >= 6, { message: "six requests" });
    const values = await topicValues("polled", 3);
    expect(values.map(payload)).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ]);
    expect(requested.slice(0, 3)).toEqual(["", "p2", "p3"]);
    type Offsets = { offsets: { partition: unknown; offset: unknown }[] };
    const committed = await waitFor(
      async () => {
        const { offsets } = (await worker.call("GET", "/connectors/http-in/offsets")).body as Offsets;
        return offsets.some((o) => (o.offset as { last_id?: unknown }).last_id === 3) ? offsets : undefined;
      },
      { message: "the offset of the last record committed" },
    );
    expect(committed).toEqual([{ partition: { url: `${url}/events` }, offset: { etag: null, cursor: "p3", last_id: 3 } }]);
  });
});

describe("SpoolDir source", () => {
  function dirs(name: string) {
    const base = join(root, name);
    const d = { input: join(base, "in"), finished: join(base, "done"), error: join(base, "error"), state: join(base, "state") };
    for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
    return d;
  }

  it("reads CSV (header, inferred types) and JSON lines, moving files to finished and a bad file to error", async () => {
    const d = dirs("spool");
    writeFileSync(join(d.input, "a.csv"), 'id,name,price\n1,apple,0.5\n2,"pear, green",1.25\n3,"say ""hi""",2\n');
    writeFileSync(join(d.input, "b.jsonl"), '{"id":4,"name":"plum"}\n{"id":5,"name":"fig"}\n');
    writeFileSync(join(d.input, "c-bad.csv"), 'id,name\n6,"unclosed\n');
    const worker = await startFerry(d.state);
    await worker.createConnector("spool", {
      "connector.class": "SpoolDirSource",
      "input.path": d.input,
      "finished.path": d.finished,
      "error.path": d.error,
      topic: "spooled",
      "schema.inference": "true",
      "key.field": "id",
      "empty.poll.wait.ms": "50",
    });
    await waitFor(() => readdirSync(d.finished).length === 2 && readdirSync(d.error).length === 2, { message: "files moved" }).catch(async (err: unknown) => {
      throw new Error(`${String(err)}: in=${readdirSync(d.input).join()} done=${readdirSync(d.finished).join()} error=${readdirSync(d.error).join()} topic=${await topicSize("spooled")} ${readdirSync(d.error).filter((f) => f.endsWith(".txt")).map((f) => readFileSync(join(d.error, f), "utf8")).join(" | ")}`);
    });
    expect(readdirSync(d.input)).toEqual([]);
    expect(readdirSync(d.finished).sort()).toEqual(["a.csv", "b.jsonl"]);
    expect(readdirSync(d.error).sort()).toEqual(["c-bad.csv", "c-bad.csv.error.txt"]);
    expect(readFileSync(join(d.error, "c-bad.csv.error.txt"), "utf8")).toContain("not closed");
    const values = await topicValues("spooled", 5);
    expect(values).toHaveLength(5);
    const first = JSON.parse(values[0] as string) as { schema: { fields: { field: string; type: string }[] }; payload: unknown };
    expect(first.schema.fields.map((f) => [f.field, f.type])).toEqual([
      ["id", "int64"],
      ["name", "string"],
      ["price", "double"],
    ]);
    expect(values.map(payload)).toEqual([
      { id: 1, name: "apple", price: 0.5 },
      { id: 2, name: "pear, green", price: 1.25 },
      { id: 3, name: 'say "hi"', price: 2 },
      { id: 4, name: "plum" },
      { id: 5, name: "fig" },
    ]);
  });

  it("resumes in the middle of a file after a restart without duplicates", async () => {
    const d = dirs("spool-restart");
    const rows = 60_000;
    const lines = ["id,text"];
    for (let i = 0; i < rows; i++) lines.push(`${i},row ${i} of the big file`);
    writeFileSync(join(d.input, "big.csv"), lines.join("\n") + "\n");
    const first = await startFerry(d.state);
    await first.createConnector("spool-big", {
      "connector.class": "SpoolDirSource",
      "input.path": d.input,
      "finished.path": d.finished,
      "error.path": d.error,
      topic: "big",
      "batch.size": "50",
      "empty.poll.wait.ms": "50",
      "value.converter": "org.apache.kafka.connect.storage.StringConverter",
    });
    // Stop as soon as part of the file is in Kafka (offsets are flushed on a clean stop).
    await waitFor(async () => (await topicSize("big")) > 0, { intervalMs: 10, message: "the first records of big.csv" });
    await first.runtime.stop();
    expect(existsSync(join(d.input, "big.csv")), "the worker was stopped in the middle of big.csv").toBe(true);
    expect(await topicSize("big")).toBeLessThan(rows);

    // The same worker state again: the connector comes back and continues after the last row written.
    await startFerry(d.state);
    await waitFor(() => existsSync(join(d.finished, "big.csv")), { timeoutMs: 60_000, message: "big.csv finished" });
    const values = await topicValues("big", rows, 60_000);
    expect(values).toHaveLength(rows);
    const ids = values.map((v) => Number(/id=(\d+)/.exec(v)?.[1]));
    expect(ids).toEqual(Array.from({ length: rows }, (_, i) => i));
  }, 120_000);
});
