// Datagen source throughput into the embedded broker: how many records per second a Datagen
// connector (quickstart `orders`, max.interval=0, a fixed seed, one task) gets acknowledged by the
// broker, next to a plain kafkajs producer sending the very same records (same keys, same JSON
// value bytes, batches of the same size, acks=all) in the same run to the same broker. Prints ONE
// JSON object on stdout; progress goes to stderr.
//
//   npm run -s bench:datagen [-- --records N] [-- --quickstart users|orders|pageviews|clickstream]
//
// The broker is its own process (`ferry broker`); the worker (a standalone herder, JsonConverter
// with schemas.enable=false for keys and values) runs in this process, as does the kafkajs
// reference. Runs go kafkajs, Datagen, Datagen, kafkajs after one untimed warm-up of each, each to a
// fresh single-partition topic; a Datagen run is timed from the connector's creation to the topic
// holding every record (the generation is part of it), a kafkajs run from its first send to its last
// acknowledgement (its records are generated before timing). The reported rates are the means of
// the two runs of each.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Kafka, logLevel, type Message } from "kafkajs";
import { createStandaloneHerder } from "../server/connect/herder/standalone-herder";
import { DatagenTask } from "../server/connect/plugins/connectors/datagen";
import { createPluginRegistry } from "../server/connect/plugins/registry";
import { silentLoggers } from "../server/connect/runtime/loggers";
import { parseWorkerConfig } from "../server/connect/worker-config";
import { startBrokerProcess, type BrokerProcess } from "../test/harness/ferry-process";
import { createTopics, memory, round } from "./bench-util";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "200000" },
    quickstart: { type: "string", default: "orders" },
  },
});
const RECORDS = Number(args.records);
const QUICKSTART = args.quickstart ?? "orders";
const SEED = "42";
/** Datagen's records per poll with max.interval=0: the kafkajs reference sends batches of this size. */
const BATCH = 1000;
const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const RUN_TIMEOUT_MS = 300_000;

const log = (msg: string) => process.stderr.write(`[bench:datagen] ${msg}\n`);
const cleanups: (() => void | Promise<void>)[] = [];

interface Run {
  kind: "datagen" | "kafkajs";
  order: number;
  records: number;
  ms: number;
  recordsPerSec: number;
}

async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The records Datagen writes for this seed, as the JSON converter (schemas disabled) serializes them. */
async function datagenMessages(count: number): Promise<Message[]> {
  const task = new DatagenTask();
  task.initialize({ configs: () => ({}), offsetStorageReader: () => ({ offset: async () => null, offsets: async () => new Map() }) });
  await task.start({ "kafka.topic": "unused", quickstart: QUICKSTART, "random.seed": SEED, "max.interval": "0", "datagen.task.index": "0" });
  const converter = (isKey: boolean) => {
    const c = createPluginRegistry().converter(JSON_CONVERTER).create();
    c.configure({ "schemas.enable": "false" }, isKey);
    return c;
  };
  const keys = converter(true);
  const values = converter(false);
  const messages: Message[] = [];
  for (let i = 0; i < count; i++) {
    const record = task.record(i);
    messages.push({ key: keys.fromConnectData("t", null, record.keySchema, record.key), value: values.fromConnectData("t", null, record.valueSchema, record.value) });
  }
  return messages;
}

async function kafkajsRun(bootstrap: string, topic: string, messages: Message[], order: number): Promise<Run> {
  const producer = new Kafka({ clientId: "bench-datagen-kafkajs", brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    const started = performance.now();
    for (let i = 0; i < messages.length; i += BATCH) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + BATCH) });
    const ms = performance.now() - started;
    return { kind: "kafkajs", order, records: messages.length, ms: Math.round(ms), recordsPerSec: Math.round(messages.length / (ms / 1000)) };
  } finally {
    await producer.disconnect();
  }
}

async function datagenRun(dir: string, bootstrap: string, topic: string, count: number, order: number): Promise<Run> {
  const work = mkdtempSync(join(dir, `datagen-${order}-`));
  const kafka = new Kafka({ clientId: "bench-datagen-watch", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const herder = createStandaloneHerder({
    config: parseWorkerConfig({
      "bootstrap.servers": bootstrap,
      "key.converter": JSON_CONVERTER,
      "value.converter": JSON_CONVERTER,
      "key.converter.schemas.enable": "false",
      "value.converter.schemas.enable": "false",
      "offset.storage.file.filename": join(work, "connect.offsets"),
      "offset.flush.interval.ms": "10000",
    }),
    plugins: createPluginRegistry(),
    workerId: "bench:0",
    loggers: silentLoggers(),
  });
  try {
    await herder.start();
    const started = performance.now();
    await herder.putConnectorConfig(
      `datagen-${order}`,
      { "connector.class": "Datagen", "kafka.topic": topic, quickstart: QUICKSTART, "random.seed": SEED, "max.interval": "0", iterations: String(count), "tasks.max": "1" },
      { allowReplace: false },
    );
    const deadline = started + RUN_TIMEOUT_MS;
    let size = 0;
    while ((size = await topicSize(kafka, topic)) < count) {
      if (performance.now() > deadline) throw new Error(`run ${order}: ${size} of ${count} records after ${RUN_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    return { kind: "datagen", order, records: size, ms: Math.round(ms), recordsPerSec: Math.round(count / (ms / 1000)) };
  } finally {
    await herder.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function sameRecords(bootstrap: string, datagenTopic: string, expected: Message[]): Promise<boolean> {
  // Compare the first records of one Datagen run with the reference's, byte for byte.
  const sample = expected.slice(0, 100);
  const consumer = new Kafka({ clientId: "bench-datagen-check", brokers: [bootstrap], logLevel: logLevel.NOTHING }).consumer({ groupId: `bench-datagen-check-${Date.now()}` });
  const seen: { key: string; value: string }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [datagenTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (seen.length < sample.length) seen.push({ key: message.key?.toString() ?? "", value: message.value?.toString() ?? "" });
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 30_000;
    while (seen.length < sample.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await consumer.disconnect();
  }
  return seen.length === sample.length && seen.every((s, i) => s.key === sample[i]?.key?.toString() && s.value === sample[i]?.value?.toString());
}

async function main(): Promise<void> {
  const begun = performance.now();
  const loadAtStart = loadavg().map((l) => round(l));
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-datagen-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  log("starting the embedded broker (ferry broker)");
  const broker: BrokerProcess = await startBrokerProcess(join(dir, "broker"));
  cleanups.push(() => void broker.kill());
  const topics = ["warm-kafkajs", "warm-datagen", "run-1-kafkajs", "run-2-datagen", "run-3-datagen", "run-4-kafkajs"];
  await createTopics(broker.bootstrap, topics);

  log(`generating ${RECORDS} ${QUICKSTART} records for the kafkajs reference (not timed)`);
  const messages = await datagenMessages(RECORDS);
  const warm = Math.min(RECORDS, 20_000);
  log("warm-up runs (not reported)");
  await kafkajsRun(broker.bootstrap, "warm-kafkajs", messages.slice(0, warm), 0);
  await datagenRun(dir, broker.bootstrap, "warm-datagen", warm, 0);
  const same = await sameRecords(broker.bootstrap, "warm-datagen", messages);

  const runs: Run[] = [];
  for (const [i, topic] of topics.slice(2).entries()) {
    const order = i + 1;
    log(`run ${order}/4: ${topic.endsWith("kafkajs") ? "kafkajs producer" : "Datagen connector"}`);
    const run = topic.endsWith("kafkajs") ? await kafkajsRun(broker.bootstrap, topic, messages, order) : await datagenRun(dir, broker.bootstrap, topic, RECORDS, order);
    log(`  ${run.recordsPerSec} records/s`);
    runs.push(run);
  }
  const brokerMemory = memory(broker.pid);
  await broker.stop("SIGTERM", 15_000);

  const mean = (kind: Run["kind"]) => {
    const rs = runs.filter((r) => r.kind === kind);
    return Math.round(rs.reduce((sum, r) => sum + r.recordsPerSec, 0) / rs.length);
  };
  const datagen = mean("datagen");
  const kafkajs = mean("kafkajs");
  const out = {
    benchmark: "datagen",
    pipeline: `Datagen source (quickstart ${QUICKSTART}, max.interval=0, random.seed=${SEED}, one task) → JsonConverter (schemas disabled) → embedded broker, one partition`,
    reference: `plain kafkajs producer sending the same keys and values (byte for byte) in batches of ${BATCH}, acks=all`,
    records: RECORDS,
    recordsPerSec: { datagen, kafkajs },
    ratio: round(datagen / kafkajs, 3),
    sameRecordsAsReference: same,
    note: "one untimed warm-up of each, then kafkajs, Datagen, Datagen, kafkajs; rates are the means of the two runs of each. A Datagen run includes generating and converting its records; the reference's are generated before timing.",
    runs,
    memory: { benchProcess: memory(process.pid), broker: brokerMemory },
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", loadAverageAtStart: loadAtStart },
    durationMs: Math.round(performance.now() - begun),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
