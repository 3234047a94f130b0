// Broker throughput: the embedded broker against librdkafka's mock cluster in the same run, with
// kafkajs and with kcat as the client. Prints ONE JSON object on stdout; progress goes to stderr.
//
//   npm run bench:broker [-- --records N] [-- --profile DIR]
//
// Both brokers run as separate processes (so the embedded one's peak memory can be read and
// neither shares a CPU with the client's event loop). The mock keeps at most 5 MiB per partition
// and auto-creates 4 partitions, so it is started by a small C helper (bench/mock-cluster.c,
// compiled here against Debian's librdkafka-dev) with the benchmark topics pre-created.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { Kafka, logLevel } from "kafkajs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "500000" },
    "record-bytes": { type: "string", default: "100" },
    partitions: { type: "string", default: "16" },
    profile: { type: "string" },
  },
});
const RECORDS = Number(args.records);
const RECORD_BYTES = Number(args["record-bytes"]);
const PARTITIONS = Number(args.partitions);
/** Records per kafkajs send (one Produce request with a batch per partition), and sends in flight. */
const SEND_SIZE = 4000;
const IN_FLIGHT = 4;
const WARMUP_RECORDS = Math.min(50_000, RECORDS);
const TARGETS = { kafkajs: 0.9, kcat: 0.5 };

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const cleanups: (() => void | Promise<void>)[] = [];

interface Rate {
  records: number;
  ms: number;
  recordsPerSec: number;
  mbPerSec: number;
}

function rate(records: number, ms: number): Rate {
  const seconds = Math.max(ms, 1) / 1000;
  return { records, ms: Math.round(ms), recordsPerSec: Math.round(records / seconds), mbPerSec: round((records * RECORD_BYTES) / 1e6 / seconds) };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (a: Rate, b: Rate) => round(a.recordsPerSec / b.recordsPerSec);

// ---- processes ----

/** Starts a process and resolves with the first match of `pattern` in its stdout. */
function startAndMatch(cmd: string, argv: string[], pattern: RegExp, what: string, timeoutMs = 30_000): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what} did not start within ${timeoutMs} ms: ${out} ${err}`));
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${out} ${err}`));
    });
    child.stderr?.on("data", (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolvePromise({ child, match });
      }
    });
  });
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB. */
function memory(pid: number): { peakRssMiB: number; rssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { peakRssMiB: round(kb("VmHWM") / 1024, 1), rssMiB: round(kb("VmRSS") / 1024, 1) };
}

async function startEmbedded(dataDir: string): Promise<{ child: ChildProcess; bootstrap: string }> {
  const nodeArgs = args.profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(args.profile)}`] : [];
  const { child, match } = await startAndMatch(
    process.execPath,
    [...nodeArgs, join(root, "bin/ferry.mjs"), "broker", "--listen", "127.0.0.1:0", "--data-dir", dataDir],
    /listening on ([^\s]+:\d+)/,
    "embedded broker",
  );
  cleanups.push(() => void child.kill("SIGKILL"));
  return { child, bootstrap: match[1] as string };
}

async function startMock(dir: string, topics: string[]): Promise<{ child: ChildProcess; bootstrap: string }> {
  const exe = join(dir, "mock-cluster");
  const cc = spawnSync("cc", ["-O2", "-o", exe, join(root, "bench/mock-cluster.c"), "-lrdkafka"], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(`cannot compile bench/mock-cluster.c (needs cc and Debian's librdkafka-dev): ${cc.error?.message ?? cc.stderr}`);
  const { child, match } = await startAndMatch(exe, topics.map((t) => `${t}:${PARTITIONS}`), /BROKERS=([^\s]+)/, "mock cluster");
  cleanups.push(() => void child.kill("SIGKILL"));
  return { child, bootstrap: match[1] as string };
}

// ---- kafkajs ----

const payload = Buffer.alloc(RECORD_BYTES, "abcdefghijklmnopqrstuvwxyz");

async function kafkajsProduce(kafka: Kafka, topic: string, records: number): Promise<Rate> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    let next = 0;
    const started = performance.now();
    const sender = async () => {
      while (next < records) {
        const from = next;
        const count = Math.min(SEND_SIZE, records - from);
        next += count;
        await producer.send({ topic, messages: Array.from({ length: count }, (_, j) => ({ partition: (from + j) % PARTITIONS, value: payload })) });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    return rate(records, performance.now() - started);
  } finally {
    await producer.disconnect();
  }
}

async function kafkajsConsume(kafka: Kafka, topic: string, records: number): Promise<Rate & { groupJoinMs: number }> {
  const consumer = kafka.consumer({ groupId: `bench-${topic}-${Date.now()}`, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    let joinedAt = 0;
    consumer.on(consumer.events.GROUP_JOIN, () => void (joinedAt ||= performance.now()));
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    let first = 0;
    let last = 0;
    const done = new Promise<void>((resolvePromise) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          first ||= performance.now();
          seen += batch.messages.length;
          if (seen >= records && !last) {
            last = performance.now();
            resolvePromise();
          }
        },
      });
    });
    const runAt = performance.now();
    await withTimeout(done, 120_000, () => `kafkajs consumer read ${seen} of ${records} records from ${topic}`);
    if (seen !== records) throw new Error(`kafkajs consumer read ${seen} records from ${topic}, expected ${records}`);
    return { ...rate(records, last - first), groupJoinMs: Math.round(joinedAt - runAt) };
  } finally {
    await consumer.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
    }),
  ]);
}

// ---- kcat ----

/** Runs kcat; counts stdout newlines as they stream; times the first output byte. */
function kcat(argv: string[], input?: Buffer): Promise<{ ms: number; firstOutputMs: number; lines: number; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    let firstOutput = 0;
    let lines = 0;
    let stderr = "";
    const child = spawn("kcat", argv, { stdio: [input ? "pipe" : "ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`kcat ${argv.join(" ")} timed out: ${stderr}`));
    }, 120_000);
    child.stdout?.on("data", (d: Buffer) => {
      firstOutput ||= performance.now();
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
    });
    child.stderr?.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const end = performance.now();
      if (code !== 0) reject(new Error(`kcat ${argv.join(" ")} exited with ${code}: ${stderr}`));
      else resolvePromise({ ms: end - started, firstOutputMs: firstOutput ? end - firstOutput : 0, lines, stderr });
    });
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

async function kcatProduce(bootstrap: string, topic: string, input: Buffer, records: number): Promise<Rate> {
  const r = await kcat(["-b", bootstrap, "-P", "-t", topic], input);
  return rate(records, r.ms);
}

async function kcatConsume(bootstrap: string, topic: string, records: number): Promise<Rate & { startupMs: number }> {
  const r = await kcat(["-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n"]);
  if (r.lines !== records) throw new Error(`kcat read ${r.lines} records from ${topic}, expected ${records}`);
  return { ...rate(records, r.firstOutputMs), startupMs: Math.round(r.ms - r.firstOutputMs) };
}

// ---- the run ----

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const topics = { warmup: "bench-warmup", kafkajs: "bench-kafkajs", kcat: "bench-kcat", flush: "bench-flush" };

  log(`starting the embedded broker and the mock cluster (${RECORDS} records of ${RECORD_BYTES} bytes, ${PARTITIONS} partitions)`);
  const embedded = await startEmbedded(join(dir, "broker-data"));
  const mock = await startMock(dir, [topics.warmup, topics.kafkajs, topics.kcat]);
  const idleMemory = memory(embedded.child.pid as number);
  const client = (bootstrap: string) => new Kafka({ clientId: "ferry-bench", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const kafkaEmbedded = client(embedded.bootstrap);
  const kafkaMock = client(mock.bootstrap);

  const admin = kafkaEmbedded.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      ...[topics.warmup, topics.kafkajs, topics.kcat].map((topic) => ({ topic, numPartitions: PARTITIONS })),
      { topic: topics.flush, numPartitions: PARTITIONS, configEntries: [{ name: "flush.messages", value: "1" }] },
    ],
  });
  await admin.disconnect();

  // Warm the client's JIT on both before anything is timed.
  log("warming up");
  for (const k of [kafkaEmbedded, kafkaMock]) await kafkajsProduce(k, topics.warmup, WARMUP_RECORDS);

  log("kafkajs produce");
  const kjProduceEmbedded = await kafkajsProduce(kafkaEmbedded, topics.kafkajs, RECORDS);
  const kjProduceMock = await kafkajsProduce(kafkaMock, topics.kafkajs, RECORDS);
  log("kafkajs consume");
  const kjConsumeEmbedded = await kafkajsConsume(kafkaEmbedded, topics.kafkajs, RECORDS);
  const kjConsumeMock = await kafkajsConsume(kafkaMock, topics.kafkajs, RECORDS);

  log("kcat produce");
  const lines = Buffer.concat([payload, Buffer.from("\n")]);
  const input = Buffer.alloc(lines.length * RECORDS);
  for (let i = 0; i < RECORDS; i++) lines.copy(input, i * lines.length);
  const kcProduceEmbedded = await kcatProduce(embedded.bootstrap, topics.kcat, input, RECORDS);
  const kcProduceMock = await kcatProduce(mock.bootstrap, topics.kcat, input, RECORDS);
  log("kcat consume");
  const kcConsumeEmbedded = await kcatConsume(embedded.bootstrap, topics.kcat, RECORDS);
  const kcConsumeMock = await kcatConsume(mock.bootstrap, topics.kcat, RECORDS);

  log("kafkajs produce with flush.messages=1");
  const flushed = await kafkajsProduce(kafkaEmbedded, topics.flush, RECORDS);

  const embeddedMemory = memory(embedded.child.pid as number);
  const mockMemory = memory(mock.child.pid as number);

  // SIGINT lets the broker close cleanly (and write its CPU profile when --profile is given).
  embedded.child.kill("SIGINT");
  await waitExit(embedded.child, 15_000);
  mock.child.stdin?.end();
  await waitExit(mock.child, 5000);

  const result = {
    benchmark: "broker",
    records: RECORDS,
    recordBytes: RECORD_BYTES,
    partitions: PARTITIONS,
    note: "MB/s counts record values (10^6 bytes); ratio = embedded / mock records/s; consume is timed from the first to the last record",
    kafkajs: {
      produce: { embedded: kjProduceEmbedded, mock: kjProduceMock, ratio: ratio(kjProduceEmbedded, kjProduceMock) },
      consume: { embedded: kjConsumeEmbedded, mock: kjConsumeMock, ratio: ratio(kjConsumeEmbedded, kjConsumeMock) },
    },
    kcat: {
      produce: { embedded: kcProduceEmbedded, mock: kcProduceMock, ratio: ratio(kcProduceEmbedded, kcProduceMock) },
      consume: { embedded: kcConsumeEmbedded, mock: kcConsumeMock, ratio: ratio(kcConsumeEmbedded, kcConsumeMock) },
    },
    flushPolicy: {
      default: kjProduceEmbedded,
      flushMessages1: flushed,
      ratio: ratio(flushed, kjProduceEmbedded),
    },
    targets: {
      kafkajsMinRatio: TARGETS.kafkajs,
      kcatMinRatio: TARGETS.kcat,
      met: {
        kafkajsProduce: ratio(kjProduceEmbedded, kjProduceMock) >= TARGETS.kafkajs,
        kafkajsConsume: ratio(kjConsumeEmbedded, kjConsumeMock) >= TARGETS.kafkajs,
        kcatProduce: ratio(kcProduceEmbedded, kcProduceMock) >= TARGETS.kcat,
        kcatConsume: ratio(kcConsumeEmbedded, kcConsumeMock) >= TARGETS.kcat,
      },
    },
    memory: { embedded: { idle: idleMemory, end: embeddedMemory }, mock: mockMemory },
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown" },
    durationMs: Math.round(performance.now() - started),
  };
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
}

try {
  await main();
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c();
}
