// FileStream pipeline throughput: FileStreamSource → topic → FileStreamSink in a `ferry standalone`
// worker, end to end (worker start → the sink file has every line), next to two references moving
// the same file through the same embedded broker in the same run: plain kafkajs (a producer reading
// the file and sending batches, a consumer appending to a file, in their own process) and kcat
// (`kcat -P -l` + `kcat -C`). Prints ONE JSON object on stdout; progress goes to stderr.
//
//   npm run -s bench:pipeline [-- --lines N] [-- --profile DIR] [-- --skip-json] [-- --ferry-only]
//
// Every part is its own process: the broker (`ferry broker`), the worker (so its peak RSS is its
// /proc/<pid>/status VmHWM), the kafkajs reference and kcat. The headline run uses StringConverter:
// the topic then carries exactly the bytes kafkajs and kcat carry (the line). Kafka's quickstart
// converter (JsonConverter, schemas.enable=true: a ~60-byte envelope per record, JSON on both sides)
// is measured too, as a second Ferry run, unless --skip-json.
import { execFileSync, spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { FERRY_BIN, properties, spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../test/harness/ferry-process";
import { cpuMs, createTopics, memory, round, sha256, size, waitExit, writeNumberedLines } from "./bench-util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    "line-bytes": { type: "string", default: "100" },
    profile: { type: "string" },
    "skip-json": { type: "boolean", default: false },
    // Only the Ferry run(s): for profiling iterations, not for the reported ratios.
    "ferry-only": { type: "boolean", default: false },
    // Internal: this file run as the kafkajs reference process.
    role: { type: "string" },
    bootstrap: { type: "string" },
    topic: { type: "string" },
    input: { type: "string" },
    output: { type: "string" },
  },
});
const LINES = Number(args.lines);
const LINE_BYTES = Number(args["line-bytes"]);
const TOTAL_BYTES = LINES * LINE_BYTES;
/** FileStreamSource's default batch.size; the kafkajs reference sends batches of the same size. */
const BATCH = 2000;
const TARGETS = { kafkajsMinRatio: 0.8 };
const RUN_TIMEOUT_MS = 300_000;

const log = (msg: string) => process.stderr.write(`[bench:pipeline] ${msg}\n`);

// ---- the kafkajs reference (its own process) ------------------------------------------------------

/** Reads the file line by line, sends batches of BATCH; a consumer appends every value to the output. */
async function kafkajsReference(): Promise<void> {
  const { bootstrap, topic, input, output } = args;
  if (!bootstrap || !topic || !input || !output) throw new Error("the kafkajs reference needs --bootstrap, --topic, --input and --output");
  const kafka = new Kafka({ clientId: "bench-kafkajs", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `bench-kafkajs-${Date.now()}` });
  const out = createWriteStream(output, { flags: "a" });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  const done = new Promise<void>((resolveDone, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          const text = batch.messages.map((m) => (m.value ? m.value.toString("utf8") : "null") + "\n").join("");
          received += batch.messages.length;
          if (!out.write(text)) await new Promise<void>((r) => out.once("drain", () => r()));
          if (received >= LINES) resolveDone();
        },
      })
      .catch(reject);
  });
  // Produce while the consumer joins and consumes.
  let pending = "";
  let batch: { value: string }[] = [];
  for await (const chunk of createReadStream(input, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
    pending += chunk as string;
    let start = 0;
    for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n", start)) {
      batch.push({ value: pending.slice(start, nl) });
      start = nl + 1;
      if (batch.length === BATCH) {
        await producer.send({ topic, messages: batch });
        batch = [];
      }
    }
    pending = pending.slice(start);
  }
  if (batch.length > 0) await producer.send({ topic, messages: batch });
  await done;
  await new Promise<void>((r) => out.end(() => r()));
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
}

// ---- helpers -------------------------------------------------------------------------------------------

const cleanups: (() => void | Promise<void>)[] = [];


/**
 * Polls the output file until it holds every byte of the input. Returns when the first byte and the
 * last byte arrived (ms since `started`). Rejects on the deadline or when `alive()` turns false.
 */
async function waitForOutput(path: string, started: number, alive: () => string | undefined): Promise<{ firstMs: number; lastMs: number }> {
  let firstMs = 0;
  let lastProgress = performance.now();
  let lastSize = -1;
  for (;;) {
    const now = performance.now();
    const bytes = size(path);
    if (bytes > 0 && firstMs === 0) firstMs = now - started;
    if (bytes >= TOTAL_BYTES) return { firstMs, lastMs: now - started };
    if (bytes !== lastSize) {
      if (lastSize >= 0 && Math.floor(bytes / (TOTAL_BYTES / 10)) > Math.floor(lastSize / (TOTAL_BYTES / 10))) log(`  ${Math.round((100 * bytes) / TOTAL_BYTES)}% after ${Math.round(now - started)} ms`);
      lastSize = bytes;
      lastProgress = now;
    }
    const dead = alive();
    if (dead) throw new Error(`${dead} while ${path} had ${bytes} of ${TOTAL_BYTES} bytes`);
    if (now - started > RUN_TIMEOUT_MS || now - lastProgress > 60_000) throw new Error(`${path} stuck at ${bytes} of ${TOTAL_BYTES} bytes`);
    await new Promise((r) => setTimeout(r, 20));
  }
}


interface RunResult {
  lines: number;
  /** Process start → output complete. */
  ms: number;
  linesPerSec: number;
  mbPerSec: number;
  /** Process start → first output byte (startup, group join, first fetch). */
  firstOutputMs: number;
  /** First output byte → last: the steady part. */
  steadyLinesPerSec: number;
  outputMatchesInput: boolean;
  peakRssMiB?: number;
  /** CPU time (user + system) of the process from its start to the last output byte, and per 1000 lines. */
  cpuMs?: number;
  cpuMsPer1000Lines?: number;
}

function result(timing: { firstMs: number; lastMs: number }, matches: boolean, peakRssMiB?: number, cpu?: number): RunResult {
  const seconds = timing.lastMs / 1000;
  const steady = Math.max(timing.lastMs - timing.firstMs, 1) / 1000;
  return {
    lines: LINES,
    ms: Math.round(timing.lastMs),
    linesPerSec: Math.round(LINES / seconds),
    mbPerSec: round(TOTAL_BYTES / 1e6 / seconds),
    firstOutputMs: Math.round(timing.firstMs),
    steadyLinesPerSec: Math.round(LINES / steady),
    outputMatchesInput: matches,
    ...(peakRssMiB !== undefined ? { peakRssMiB } : {}),
    ...(cpu !== undefined ? { cpuMs: cpu, cpuMsPer1000Lines: round((cpu * 1000) / LINES) } : {}),
  };
}


/** Warms the broker's JIT (produce + consume) before anything is timed. */
async function warmUp(bootstrap: string): Promise<void> {
  const kafka = new Kafka({ clientId: "bench-warmup", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const value = "x".repeat(LINE_BYTES - 1);
  for (let i = 0; i < 25; i++) await producer.send({ topic: "bench-warmup", messages: Array.from({ length: BATCH }, () => ({ value })) });
  await producer.disconnect();
}

// ---- the runs --------------------------------------------------------------------------------------------

async function runFerry(dir: string, bootstrap: string, input: string, converter: "string" | "json", profileDir?: string): Promise<RunResult & { converter: string; startupMs: number }> {
  const work = join(dir, `ferry-${converter}`);
  mkdirSync(work);
  const output = join(work, "sink.txt");
  const converterClass = converter === "string" ? "org.apache.kafka.connect.storage.StringConverter" : "org.apache.kafka.connect.json.JsonConverter";
  // connect-standalone.properties (offset.flush.interval.ms=10000), with the chosen converter.
  writeFileSync(
    join(work, "worker.properties"),
    properties({
      "bootstrap.servers": bootstrap,
      listeners: "http://127.0.0.1:0",
      "key.converter": converterClass,
      "value.converter": converterClass,
      ...(converter === "json" ? { "key.converter.schemas.enable": "true", "value.converter.schemas.enable": "true" } : {}),
      "offset.storage.file.filename": join(work, "connect.offsets"),
      "offset.flush.interval.ms": "10000",
    }),
  );
  const topic = `bench-ferry-${converter}`;
  writeFileSync(join(work, "source.properties"), properties({ name: "bench-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: input, topic }));
  writeFileSync(join(work, "sink.properties"), properties({ name: "bench-sink", "connector.class": "FileStreamSink", "tasks.max": "1", file: output, topics: topic }));

  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const started = performance.now();
  const worker: FerryProcess = spawnFerry(["standalone", "worker.properties", "source.properties", "sink.properties"], { cwd: work, nodeArgs });
  cleanups.push(() => void worker.kill());
  await worker.waitForStdout(/REST API listening on/, 60_000);
  const startupMs = Math.round(performance.now() - started);
  const timing = await waitForOutput(output, started, () => (worker.exit() ? `the worker exited (${JSON.stringify(worker.exit())}): ${worker.stderr().slice(-2000)}` : undefined));
  const mem = memory(worker.pid);
  const cpu = cpuMs(worker.pid);
  const exit = await worker.stop("SIGTERM", 30_000);
  if (exit.code !== 0) log(`  the worker exited with ${JSON.stringify(exit)}`);
  const matches = size(output) === TOTAL_BYTES && (await sha256(output)) === (await sha256(input));
  rmSync(output, { force: true });
  return { converter: converterClass + (converter === "json" ? " (schemas.enable=true)" : ""), startupMs, ...result(timing, matches, mem.peakRssMiB, cpu) };
}

async function runKafkajs(dir: string, bootstrap: string, input: string): Promise<RunResult> {
  const output = join(dir, "kafkajs.txt");
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, "bin/run-ts.mjs"), fileURLToPath(import.meta.url), "--role", "kafkajs-ref", "--bootstrap", bootstrap, "--topic", "bench-kafkajs", "--input", input, "--output", output, "--lines", String(LINES), "--line-bytes", String(LINE_BYTES)],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  cleanups.push(() => void child.kill("SIGKILL"));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  let exited: string | undefined;
  child.once("exit", (code, signal) => void (exited = `exited with ${code ?? signal}: ${stderr}`));
  let peak = 0;
  let cpu = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, memory(child.pid as number).peakRssMiB);
      cpu = cpuMs(child.pid as number);
    } catch {
      // exited
    }
  };
  const sampler = setInterval(sample, 100);
  try {
    const timing = await waitForOutput(output, started, () => (exited && size(output) < TOTAL_BYTES ? `the kafkajs reference ${exited}` : undefined));
    sample();
    await waitExit(child, 30_000);
    const matches = size(output) === TOTAL_BYTES && (await sha256(output)) === (await sha256(input));
    rmSync(output, { force: true });
    return result(timing, matches, peak || undefined, cpu || undefined);
  } finally {
    clearInterval(sampler);
  }
}

async function runKcat(dir: string, bootstrap: string, input: string): Promise<RunResult> {
  const output = join(dir, "kcat.txt");
  const fd = openSync(output, "w");
  const started = performance.now();
  // -c N: exit after N messages (-e could stop early when the consumer catches up with the producer).
  const consumer = spawn("kcat", ["-b", bootstrap, "-C", "-t", "bench-kcat", "-o", "beginning", "-c", String(LINES), "-q", "-f", "%s\\n"], { stdio: ["ignore", fd, "pipe"] });
  const producer = spawn("kcat", ["-b", bootstrap, "-P", "-t", "bench-kcat", "-l", input], { stdio: ["ignore", "ignore", "pipe"] });
  cleanups.push(() => void consumer.kill("SIGKILL"), () => void producer.kill("SIGKILL"));
  let failed: string | undefined;
  for (const [name, child] of [["kcat -C", consumer], ["kcat -P", producer]] as const) {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => void (err = (err + d.toString()).slice(-2000)));
    child.once("exit", (code) => {
      if (code !== 0) failed = `${name} exited with ${code}: ${err}`;
    });
    child.once("error", (e) => void (failed = `${name}: ${e.message}`));
  }
  const timing = await waitForOutput(output, started, () => failed);
  await Promise.all([waitExit(consumer, 30_000), waitExit(producer, 30_000)]);
  const matches = size(output) === TOTAL_BYTES && (await sha256(output)) === (await sha256(input));
  rmSync(output, { force: true });
  return result(timing, matches);
}


function kcatAvailable(): boolean {
  return (process.env.PATH ?? "").split(":").some((d) => d !== "" && existsSync(join(d, "kcat")));
}

/** The top self-time functions of a V8 .cpuprofile: where the worker spends its CPU. */
function summarizeProfile(dir: string): { file: string; totalMs: number; top: { function: string; where: string; selfMs: number; selfPct: number }[] } | undefined {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  const newest = files.map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) return undefined;
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }
  const profile = JSON.parse(readFileSync(newest, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    if (!node) return;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(`file://${root}/`, "").replace(/^file:\/\//, "")}:${f.lineNumber + 1}` : "(native)";
    const key = `${f.functionName || "(anonymous)"}\u0000${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = profile.endTime - profile.startTime;
  const top = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([key, us]) => {
      const [fn, where] = key.split("\u0000") as [string, string];
      return { function: fn, where, selfMs: Math.round(us / 1000), selfPct: round((100 * us) / totalUs, 1) };
    });
  return { file: newest, totalMs: Math.round(totalUs / 1000), top };
}

// ---- main ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const begun = performance.now();
  // Other work on the machine skews every number here: the load average says how busy it was.
  const loadAtStart = loadavg().map((l) => round(l));
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-pipeline-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, "input.txt");
  log(`writing ${LINES} lines of ${LINE_BYTES} bytes`);
  writeNumberedLines(input, LINES, LINE_BYTES);

  log("starting the embedded broker (ferry broker)");
  const broker: BrokerProcess = await startBrokerProcess(join(dir, "broker"));
  cleanups.push(() => void broker.kill());
  await createTopics(broker.bootstrap, ["bench-warmup", "bench-kafkajs", "bench-kcat", "bench-ferry-string", "bench-ferry-json"]);
  log("warming up the broker, and Ferry's compile cache (tsx compiles the sources once per change)");
  await warmUp(broker.bootstrap);
  execFileSync(process.execPath, [FERRY_BIN, "--help"], { stdio: "ignore" });

  let kafkajs: RunResult | undefined;
  if (!args["ferry-only"]) {
    log("plain kafkajs producer + consumer (own process)");
    kafkajs = await runKafkajs(dir, broker.bootstrap, input);
    log(`  ${kafkajs.linesPerSec} lines/s`);
  }

  let kcat: RunResult | { skipped: string };
  if (args["ferry-only"]) {
    kcat = { skipped: "--ferry-only" };
  } else if (kcatAvailable()) {
    log("kcat -P -l + kcat -C");
    kcat = await runKcat(dir, broker.bootstrap, input);
    log(`  ${kcat.linesPerSec} lines/s`);
  } else {
    kcat = { skipped: "kcat is not on PATH (Debian package kcat)" };
    log(`  skipped: ${kcat.skipped}`);
  }

  const profileDir = args.profile ? resolve(args.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log(`ferry standalone, StringConverter${profileDir ? ` (profiling into ${profileDir})` : ""}`);
  const ferry = await runFerry(dir, broker.bootstrap, input, "string", profileDir);
  log(`  ${ferry.linesPerSec} lines/s`);

  let ferryJson: Awaited<ReturnType<typeof runFerry>> | undefined;
  if (!args["skip-json"]) {
    log("ferry standalone, JsonConverter with schemas (Kafka's quickstart)");
    ferryJson = await runFerry(dir, broker.bootstrap, input, "json");
    log(`  ${ferryJson.linesPerSec} lines/s`);
  }
  const brokerMemory = memory(broker.pid);
  await broker.stop("SIGTERM", 15_000);

  const ratio = (a: RunResult, b: RunResult | { skipped: string } | undefined) => (b === undefined || "skipped" in b ? null : round(a.linesPerSec / b.linesPerSec));
  const out = {
    benchmark: "pipeline",
    lines: LINES,
    lineBytes: LINE_BYTES,
    converter: ferry.converter,
    note:
      "end to end: process start → output file holds every input byte (sha256-checked); one-partition topics on one embedded broker process; " +
      "ferry = `ferry standalone` (FileStreamSource → topic → FileStreamSink, batch.size 2000, offset.flush.interval.ms 10000); " +
      "kafkajs = one node process reading the file, sending batches of 2000 and a consumer group appending to a file; kcat = kcat -P -l + kcat -C -c N (no consumer group). " +
      "firstOutputMs includes process startup and the consumer-group join (the broker's initial rebalance delay is 3 s; kcat -C joins no group); steadyLinesPerSec is first → last output byte.",
    ferry,
    ...(ferryJson ? { ferryQuickstartJson: ferryJson } : {}),
    references: { kafkajs: kafkajs ?? { skipped: "--ferry-only" }, kcat },
    ratios: {
      ferryToKafkajs: ratio(ferry, kafkajs),
      ferryToKcat: ratio(ferry, kcat),
      ferrySteadyToKafkajsSteady: kafkajs ? round(ferry.steadyLinesPerSec / kafkajs.steadyLinesPerSec) : null,
      ferryCpuPerLineToKafkajs: kafkajs?.cpuMs && ferry.cpuMs ? round(ferry.cpuMs / kafkajs.cpuMs) : null,
      ...(ferryJson ? { ferryQuickstartJsonToKafkajs: ratio(ferryJson, kafkajs) } : {}),
    },
    target: { kafkajsMinRatio: TARGETS.kafkajsMinRatio, met: (ratio(ferry, kafkajs) ?? 0) >= TARGETS.kafkajsMinRatio },
    memory: { workerPeakRssMiB: ferry.peakRssMiB, kafkajsReferencePeakRssMiB: kafkajs?.peakRssMiB ?? null, broker: brokerMemory },
    ...(profileDir ? { profile: summarizeProfile(profileDir) } : {}),
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", loadAverageAtStart: loadAtStart },
    durationMs: Math.round(performance.now() - begun),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

if (args.role === "kafkajs-ref") {
  try {
    await kafkajsReference();
  } catch (err) {
    process.stderr.write(`kafkajs reference failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
} else {
  try {
    await main();
  } catch (err) {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}
