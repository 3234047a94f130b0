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
// Parts (b) and (c) run the console in Chromium against `ferry start` (startFerryWithConsole):
// (b) time to the first record on screen after opening a topic page (navigation start → the first
// message row is in view, performance.now() in the page, checked every animation frame), one
// warm-up and several runs in fresh browser contexts; (c) the page's JS heap (CDP
// Runtime.getHeapUsage after HeapProfiler.collectGarbage) once a live tail holds N records
// (default 100k, the viewer's ring buffer size), next to the heap before the tail started.
//
//   npm run -s bench:viewer -- --parts b,c     (only the browser parts)
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
import type { Browser } from "playwright-core";
import { launchBrowser, newPage } from "../test/harness/browser";
import { startFerryWithConsole } from "../test/harness/ferry-console";
import { startBrokerProcess, type BrokerProcess } from "../test/harness/ferry-process";
import { createTopics, fillTopic, round } from "./bench-util";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "200000" },
    partitions: { type: "string", default: "4" },
    "value-bytes": { type: "string", default: "100" },
    parts: { type: "string", default: "a,b,c" },
    "browser-runs": { type: "string", default: "7" },
    "live-records": { type: "string", default: "100000" },
    "open-records": { type: "string", default: "10000" },
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

/** (a) SSE delivery vs a plain kafkajs consumer, against a `ferry broker` process. */
async function partA() {
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
    return {
      metric: "records/s delivered: N / (time from the reader's request to its last record), SSE reader vs a plain kafkajs consumer (best of 2 each, A-B-B-A)",
      sse: { recordsPerSec: sse.endToEndRecordsPerSec, steadyRecordsPerSec: sse.steadyRecordsPerSec, firstRecordMs: sse.firstRecordMs, totalMs: sse.lastRecordMs, serverCpuMs: sse.serverCpuMs, readerCpuMs: sse.readerCpuMs },
      kafkajsConsumer: { recordsPerSec: ref.endToEndRecordsPerSec, steadyRecordsPerSec: ref.steadyRecordsPerSec, firstRecordMs: ref.firstRecordMs, totalMs: ref.lastRecordMs, readerCpuMs: ref.readerCpuMs },
      ratio,
      target: TARGET_MIN_RATIO,
      meetsTarget: ratio >= TARGET_MIN_RATIO,
      /** First → last record only: leaves out the consumer group's join (initial rebalance delay). */
      steadyRatio,
      runs,
    };
  } finally {
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    const { closeKafkaClients } = await import("../server/kafka/clients");
    await closeKafkaClients();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- (b) and (c): the console in Chromium -------------------------------------------------------

const BROWSER_RUNS = Number(args["browser-runs"]);
const LIVE_RECORDS = Number(args["live-records"]);
const OPEN_RECORDS = Number(args["open-records"]);
const FIRST_RECORD_TARGET_MS = 500;
const HEAP_TARGET_MIB = 300;
const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface FirstRecordRun {
  /** Navigation start → the first message row is on screen. */
  firstRecordMs: number;
  /** Navigation start → the scan request was sent, and its first byte. */
  scanRequestStartMs: number;
  scanFirstByteMs: number;
  /** The cluster list request (what the page asks first). */
  clustersRequestStartMs: number;
  clustersResponseEndMs: number;
  /** The last script of the page received. */
  scriptsMs: number;
  documentMs: number;
  firstContentfulPaintMs: number;
}

async function firstRecordRun(browser: Browser, url: string): Promise<FirstRecordRun> {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(url, { waitUntil: "commit" });
    const handle = await page.waitForFunction(
      () => {
        const row = document.querySelector('[data-testid="message-row"]');
        if (!row) return false;
        const box = row.getBoundingClientRect();
        return box.height > 0 && box.top < window.innerHeight ? performance.now() : false;
      },
      undefined,
      { polling: "raf", timeout: 60_000 },
    );
    const firstRecordMs = (await handle.jsonValue()) as number;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const scan = resources.find((e) => e.name.includes("/messages?"));
      const clusters = resources.find((e) => e.name.endsWith("/api/clusters"));
      return {
        documentMs: nav?.responseEnd ?? NaN,
        firstContentfulPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
        scanRequestStartMs: scan?.startTime ?? NaN,
        scanFirstByteMs: scan?.responseStart ?? NaN,
        clustersRequestStartMs: clusters?.startTime ?? NaN,
        clustersResponseEndMs: clusters?.responseEnd ?? NaN,
        scriptsMs: Math.max(0, ...resources.filter((e) => e.initiatorType === "script").map((e) => e.responseEnd)),
      };
    });
    return { firstRecordMs, ...timing };
  } finally {
    await context.close();
  }
}

async function heapWithLiveTail(browser: Browser, consoleUrl: string, bootstrap: string) {
  const topic = "bench-viewer-live";
  await createTopics(bootstrap, [topic]);
  const { context, page } = await newPage(browser);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("HeapProfiler.enable");
    const heapMiB = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      const usage = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
      return { usedMiB: round(usage.usedSize / 1024 / 1024, 1), totalMiB: round(usage.totalSize / 1024 / 1024, 1) };
    };
    await page.goto(`${consoleUrl}/topics/${topic}`);
    await page.locator('[data-testid="scan-phase"][data-phase="done"]').waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Live tail" }).click();
    await page.getByTestId("scan-phase").filter({ hasText: "Live tail" }).waitFor();
    const before = await heapMiB();
    log(`heap before the tail: ${JSON.stringify(before)}; producing ${LIVE_RECORDS} records while tailing`);
    const t0 = performance.now();
    await fillTopic(bootstrap, topic, LIVE_RECORDS, VALUE_BYTES, 5_000);
    const expected = LIVE_RECORDS.toLocaleString("en-US");
    await page.getByTestId("shown-count").filter({ hasText: new RegExp(`^${expected}$`) }).waitFor({ timeout: 300_000 });
    const receivedSeconds = round((performance.now() - t0) / 1000, 1);
    const held = await heapMiB();
    // Windowing: only the rows in view are in the DOM, however many are held.
    const rowsInDom = await page.getByTestId("message-row").count();
    log(`heap holding ${LIVE_RECORDS} records: ${JSON.stringify(held)} (${rowsInDom} rows in the DOM, ${receivedSeconds} s to receive)`);
    return { before, held, rowsInDom, receivedSeconds };
  } finally {
    await context.close();
  }
}

async function browserParts(want: { b: boolean; c: boolean }) {
  log("starting ferry with its console (builds the console first if its sources changed)…");
  const ferry = await startFerryWithConsole();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    let b: unknown = null;
    if (want.b) {
      const topic = "bench-viewer-open";
      await createTopics(ferry.bootstrap, [topic]);
      await fillTopic(ferry.bootstrap, topic, OPEN_RECORDS, VALUE_BYTES);
      const url = `${ferry.consoleUrl}/topics/${topic}`;
      await firstRecordRun(browser, url); // warm-up: connections, the server's first render
      const runs: FirstRecordRun[] = [];
      for (let i = 0; i < BROWSER_RUNS; i++) {
        const run = await firstRecordRun(browser, url);
        log(`first record run ${i + 1}: ${JSON.stringify(run)}`);
        runs.push(run);
      }
      const ms = round(median(runs.map((r) => r.firstRecordMs)), 1);
      b = {
        metric: `navigation start → the first message row on screen (performance.now() in the page, every animation frame), opening a topic of ${OPEN_RECORDS} records of ${VALUE_BYTES} bytes (the default scan: newest 500, run by the page's server render); fresh browser context per run, after a warm-up; median`,
        firstRecordMs: ms,
        min: round(Math.min(...runs.map((r) => r.firstRecordMs)), 1),
        max: round(Math.max(...runs.map((r) => r.firstRecordMs)), 1),
        medians: {
          documentMs: round(median(runs.map((r) => r.documentMs)), 1),
          firstContentfulPaintMs: round(median(runs.map((r) => r.firstContentfulPaintMs)), 1),
          scriptsMs: round(median(runs.map((r) => r.scriptsMs)), 1),
          clustersRequestStartMs: round(median(runs.map((r) => r.clustersRequestStartMs)), 1),
          clustersResponseEndMs: round(median(runs.map((r) => r.clustersResponseEndMs)), 1),
          scanRequestStartMs: round(median(runs.map((r) => r.scanRequestStartMs)), 1),
          scanFirstByteMs: round(median(runs.map((r) => r.scanFirstByteMs)), 1),
        },
        target: FIRST_RECORD_TARGET_MS,
        meetsTarget: ms < FIRST_RECORD_TARGET_MS,
        runs: runs.map((r) => round(r.firstRecordMs, 1)),
      };
    }
    let c: unknown = null;
    if (want.c) {
      const heap = await heapWithLiveTail(browser, ferry.consoleUrl, ferry.bootstrap);
      c = {
        metric: `the page's used JS heap (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage) while a live tail holds ${LIVE_RECORDS} records of ${VALUE_BYTES} bytes produced after it started`,
        heapMiB: heap.held.usedMiB,
        heapTotalMiB: heap.held.totalMiB,
        heapBeforeTailMiB: heap.before.usedMiB,
        recordsHeld: LIVE_RECORDS,
        rowsInDom: heap.rowsInDom,
        secondsToReceiveAll: heap.receivedSeconds,
        target: HEAP_TARGET_MIB,
        meetsTarget: heap.held.usedMiB < HEAP_TARGET_MIB,
      };
    }
    return { b, c };
  } finally {
    await browser?.close();
    await ferry.stop();
  }
}

const parts = new Set(String(args.parts).split(","));
const a = parts.has("a") ? await partA() : null;
const { b, c } = parts.has("b") || parts.has("c") ? await browserParts({ b: parts.has("b"), c: parts.has("c") }) : { b: null, c: null };
const result = {
  bench: "viewer",
  machine: { cpus: cpus().length, loadavg1: round(loadavg()[0] ?? 0, 2), node: process.version },
  config: { records: RECORDS, partitions: PARTITIONS, valueBytes: VALUE_BYTES, browserRuns: BROWSER_RUNS, liveRecords: LIVE_RECORDS, openRecords: OPEN_RECORDS },
  a_sseDelivery: a,
  b_browserFirstRecord: b,
  c_browserHeapWithLiveTail: c,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
