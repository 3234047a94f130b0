// The message viewer's delivery rate: records/s that reach a client reading the Server-Sent Events
// of the console's message route (GET /api/kafka/local/topics/<t>/messages?from=oldest), for N small
// records, next to a plain kafkajs consumer reading the same topic in the same run, against the
// same broker (a `ferry broker` process). Runs alternate A-B-B-A; the best run of each counts.
// Prints ONE JSON object on stdout; progress goes to stderr.
//
//   npm run -s bench:viewer [-- --records N] [-- --partitions P] [-- --value-bytes B]
//
// Each reader is its own process, timed from its first request: the SSE reader parses every event
// (JSON.parse of each records batch), the kafkajs consumer (a new group, fromBeginning, eachBatch)
// counts batch sizes. The route handler is the app's own GET, served by node:http in this process
// (what Next.js does around it is left out). The headline ratio compares what a user waits for:
// N records over the time from the reader's first request to its last record. A plain consumer
// pays its group join there (a new group waits for the broker's initial rebalance delay, 3 s as
// in Kafka); the steady ratio (first → last record only) leaves that out and is reported beside it,
// with each side's CPU time, since the machine is shared and wall-clock rates are noisy.
//
// Parts (b) time to first record in the browser and (c) browser heap with 100k live records need
// the topic pages; they are printed as null until those exist.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { startBrokerProcess, type BrokerProcess } from "../test/harness/ferry-process";
import { round } from "./bench-util";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "200000" },
    partitions: { type: "string", default: "4" },
    "value-bytes": { type: "string", default: "100" },
    // Internal: run as one reader process.
    reader: { type: "string" },
    target: { type: "string" },
    topic: { type: "string" },
    expect: { type: "string" },
  },
});

const log = (msg: string) => process.stderr.write(`[bench:viewer] ${msg}\n`);
const TARGET_MIN_RATIO = 0.7;
const READER_TIMEOUT_MS = 180_000;

interface ReaderResult {
  records: number;
  firstRecordMs: number;
  lastRecordMs: number;
  bytesReceived: number;
  /** CPU time of the reader process while reading. */
  cpuMs?: number;
}

// --- reader processes ---------------------------------------------------------------------------

async function sseReader(url: string, expected: number): Promise<ReaderResult> {
  const { readServerSentEvents } = await import("../lib/kafka/client");
  const t0 = performance.now();
  const res = await fetch(url, { headers: { accept: "text/event-stream" } });
  if (!res.ok || !res.body) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  let records = 0;
  let bytes = 0;
  let first = -1;
  let last = -1;
  for await (const { event, data } of readServerSentEvents(res.body)) {
    bytes += data.length;
    if (event === "records") {
      const batch = JSON.parse(data) as unknown[];
      records += batch.length;
      const t = performance.now() - t0;
      if (first < 0) first = t;
      last = t;
    } else if (event === "error") throw new Error(`scan error: ${data}`);
    else if (event === "done") break;
  }
  if (records !== expected) throw new Error(`SSE reader got ${records} records, expected ${expected}`);
  return { records, firstRecordMs: first, lastRecordMs: last, bytesReceived: bytes };
}

async function kafkajsReader(bootstrap: string, topic: string, expected: number): Promise<ReaderResult> {
  const kafka = new Kafka({ clientId: "bench-viewer-reference", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-viewer-${process.pid}-${Date.now()}` });
  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  let first = -1;
  let last = -1;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          records += batch.messages.length;
          for (const m of batch.messages) bytes += (m.value?.length ?? 0) + (m.key?.length ?? 0);
          const t = performance.now() - t0;
          if (first < 0) first = t;
          last = t;
          if (records >= expected) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  if (records !== expected) throw new Error(`kafkajs reader got ${records} records, expected ${expected}`);
  return { records, firstRecordMs: first, lastRecordMs: last, bytesReceived: bytes };
}

if (args.reader) {
  const expected = Number(args.expect);
  const cpu = process.cpuUsage();
  const result = args.reader === "sse" ? await sseReader(args.target ?? "", expected) : await kafkajsReader(args.target ?? "", args.topic ?? "", expected);
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ ...result, cpuMs: Math.round((used.user + used.system) / 1000) })}\n`);
  process.exit(0);
}

// --- the run ------------------------------------------------------------------------------------

const RECORDS = Number(args.records);
const PARTITIONS = Number(args.partitions);
const VALUE_BYTES = Number(args["value-bytes"]);
const SELF = fileURLToPath(import.meta.url);
const RUNNER = fileURLToPath(new URL("../bin/run-ts.mjs", import.meta.url));

function runReader(readerArgs: string[]): Promise<ReaderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, SELF, ...readerArgs], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), READER_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`reader ${readerArgs.join(" ")} exited with ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as ReaderResult);
      } catch (e) {
        reject(new Error(`reader output not JSON: ${out} ${err.slice(-2000)}`, { cause: e }));
      }
    });
  });
}

/** The app's route handler behind node:http: Request in, streamed Response out with backpressure. */
async function serveRoute(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/api\/kafka\/([^/]+)\/topics\/([^/]+)\/messages$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const request = new Request(url, { headers: req.headers as Record<string, string>, signal: controller.signal });
    void handler(request, { params: Promise.resolve({ cluster: decodeURIComponent(match[1] ?? ""), topic: decodeURIComponent(match[2] ?? "") }) }).then((response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (!response.body) return res.end();
      Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function produce(bootstrap: string, topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: "bench-viewer-producer", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const filler = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(Math.ceil(VALUE_BYTES / 36));
  const BATCH = 5_000;
  for (let i = 0; i < RECORDS; i += BATCH) {
    const n = Math.min(BATCH, RECORDS - i);
    await producer.send({
      topic,
      messages: Array.from({ length: n }, (_, k) => {
        const seq = String(i + k).padStart(9, "0");
        return { key: `key-${seq}`, value: `${seq}-${filler}`.slice(0, VALUE_BYTES) };
      }),
    });
  }
  await producer.disconnect();
}

interface Run {
  variant: "sse" | "kafkajs";
  order: number;
  readerCpuMs: number;
  /** CPU of the console server process (the route handler) during the run; 0 for kafkajs. */
  serverCpuMs: number;
  endToEndRecordsPerSec: number;
  steadyRecordsPerSec: number;
  firstRecordMs: number;
  lastRecordMs: number;
}

const toRun = (variant: Run["variant"], order: number, r: ReaderResult, serverCpuMs: number): Run => ({
  variant,
  order,
  readerCpuMs: r.cpuMs ?? 0,
  serverCpuMs,
  endToEndRecordsPerSec: Math.round(r.records / (r.lastRecordMs / 1000)),
  steadyRecordsPerSec: Math.round(r.records / (Math.max(1, r.lastRecordMs - r.firstRecordMs) / 1000)),
  firstRecordMs: round(r.firstRecordMs, 1),
  lastRecordMs: round(r.lastRecordMs, 1),
});

const dataDir = mkdtempSync(join(tmpdir(), "ferry-bench-viewer-"));
let broker: BrokerProcess | undefined;
let server: Server | undefined;
try {
  broker = await startBrokerProcess(dataDir);
  log(`broker at ${broker.bootstrap}; producing ${RECORDS} records of ${VALUE_BYTES} bytes over ${PARTITIONS} partitions`);
  const topic = "bench-viewer";
  await produce(broker.bootstrap, topic);

  process.env.FERRY_CONSOLE_BOOTSTRAP_SERVERS = broker.bootstrap;
  const { GET } = await import("../app/api/kafka/[cluster]/topics/[topic]/messages/route");
  const served = await serveRoute(GET as never);
  server = served.server;
  const sseUrl = `${served.url}/api/kafka/local/topics/${topic}/messages?from=oldest&limit=${RECORDS}`;

  const runs: Run[] = [];
  const order: Run["variant"][] = ["sse", "kafkajs", "kafkajs", "sse"];
  for (const [i, variant] of order.entries()) {
    const cpuBefore = process.cpuUsage();
    const result =
      variant === "sse"
        ? await runReader(["--reader", "sse", "--target", sseUrl, "--expect", String(RECORDS)])
        : await runReader(["--reader", "kafkajs", "--target", broker.bootstrap, "--topic", topic, "--expect", String(RECORDS)]);
    const cpu = process.cpuUsage(cpuBefore);
    const run = toRun(variant, i + 1, result, variant === "sse" ? Math.round((cpu.user + cpu.system) / 1000) : 0);
    log(`${variant}: ${JSON.stringify(run)}`);
    runs.push(run);
  }
  const best = (v: Run["variant"]) => runs.filter((r) => r.variant === v).reduce((a, b) => (b.endToEndRecordsPerSec > a.endToEndRecordsPerSec ? b : a));
  const sse = best("sse");
  const ref = best("kafkajs");
  const ratio = round(sse.endToEndRecordsPerSec / ref.endToEndRecordsPerSec, 3);
  const steadyRatio = round(
    Math.max(...runs.filter((r) => r.variant === "sse").map((r) => r.steadyRecordsPerSec)) / Math.max(...runs.filter((r) => r.variant === "kafkajs").map((r) => r.steadyRecordsPerSec)),
    3,
  );
  const result = {
    bench: "viewer",
    machine: { cpus: cpus().length, loadavg1: round(loadavg()[0] ?? 0, 2), node: process.version },
    config: { records: RECORDS, partitions: PARTITIONS, valueBytes: VALUE_BYTES },
    a_sseDelivery: {
      metric: "records/s delivered: N / (time from the reader's request to its last record), SSE reader vs a plain kafkajs consumer (best of 2 each, A-B-B-A)",
      sse: { recordsPerSec: sse.endToEndRecordsPerSec, steadyRecordsPerSec: sse.steadyRecordsPerSec, firstRecordMs: sse.firstRecordMs, totalMs: sse.lastRecordMs, serverCpuMs: sse.serverCpuMs, readerCpuMs: sse.readerCpuMs },
      kafkajsConsumer: { recordsPerSec: ref.endToEndRecordsPerSec, steadyRecordsPerSec: ref.steadyRecordsPerSec, firstRecordMs: ref.firstRecordMs, totalMs: ref.lastRecordMs, readerCpuMs: ref.readerCpuMs },
      ratio,
      target: TARGET_MIN_RATIO,
      meetsTarget: ratio >= TARGET_MIN_RATIO,
      /** First → last record only: leaves out the consumer group's join (initial rebalance delay). */
      steadyRatio,
      runs,
    },
    b_browserFirstRecordMs: null,
    c_browserHeapMiBWith100kLive: null,
    pending: "b and c: pending: needs the topic pages",
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
  const { closeKafkaClients } = await import("../server/kafka/clients");
  await closeKafkaClients();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
