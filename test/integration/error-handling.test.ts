import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IHeaders, Kafka } from "kafkajs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStandaloneHerder, type StandaloneHerder } from "../../server/connect/herder/standalone-herder";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { Loggers, silentLoggers } from "../../server/connect/runtime/loggers";
import { CountingSourceTask, ErrantRecordSinkTask, errantRecordSinkPlugin, RecordingSinkTask, testConnectorPlugins } from "../../server/connect/runtime/test-plugins";
import { AppendValue, FailOn, testTransformPlugins } from "../../server/connect/runtime/test-transforms";
import { parseWorkerConfig } from "../../server/connect/worker-config";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

/**
 * Kafka's ErrorHandlingIntegrationTest against the embedded broker: a sink fed good records,
 * unparseable JSON (VALUE_CONVERTER) and records a test SMT throws on (TRANSFORMATION), with
 * errors.tolerance=all and a dead letter queue with context headers; then the same with
 * errors.tolerance=none, which fails the task with a trace naming the stage and the record.
 * Then `testErrantRecordReporter`: a sink task reporting records itself (KIP-610), and source
 * tasks whose records the broker refuses (stage KAFKA_PRODUCE).
 */
let broker: TestBroker;
let kafka: Kafka;
let dir: string;
const herders: StandaloneHerder[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = broker.kafka();
});

afterAll(async () => {
  await broker.close();
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-errors-"));
  RecordingSinkTask.received.clear();
  ErrantRecordSinkTask.received.clear();
  ErrantRecordSinkTask.reporterAvailable.clear();
  CountingSourceTask.emitted.clear();
  FailOn.seen.clear();
});

afterEach(async () => {
  for (const herder of herders.splice(0)) await herder.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function startHerder(): Promise<StandaloneHerder> {
  const herder = createStandaloneHerder({
    config: parseWorkerConfig({
      "bootstrap.servers": broker.broker.bootstrapServers,
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "offset.storage.file.filename": join(dir, "connect.offsets"),
      "offset.flush.interval.ms": "200",
      "consumer.session.timeout.ms": "10000",
    }),
    plugins: createPluginRegistry([...testConnectorPlugins, errantRecordSinkPlugin, ...testTransformPlugins]),
    workerId: "127.0.0.1:8083",
    loggers: process.env.EH_DEBUG ? new Loggers() : silentLoggers(),
  });
  herders.push(herder);
  await herder.start();
  return herder;
}

const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
const envelope = (s: string) => `{"schema":{"type":"string","optional":false},"payload":"${s}"}`;

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value, i) => ({ key: `k-${i}`, value, headers: { origin: `h-${i}` } })) });
  } finally {
    await producer.disconnect();
  }
}

interface Consumed {
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = v === undefined || v === null ? "null" : String(v);
  return out;
}

async function readTopic(topic: string, expected: number): Promise<Consumed[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const out: Consumed[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void out.push({ offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers: headerText(message.headers) }),
  });
  try {
    await waitFor(() => out.length >= expected, { message: `${expected} records on ${topic}`, timeoutMs: 15_000 });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

async function committedOffset(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(result?.partitions[0]?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

describe("ErrorHandlingIntegrationTest", () => {
  it("tolerance all: good records reach the sink, every bad one lands in the DLQ with context headers, counts exact", async () => {
    const topic = "eh-all";
    // 0..29: every 7th is unparseable JSON, every 5th (not 7th) a value the SMT throws on, value 3 fails once retriably.
    const values: string[] = [];
    const good: string[] = [];
    const bad = new Map<number, { stage: string; cls: string; exception: string }>();
    for (let i = 0; i < 30; i++) {
      if (i % 7 === 6) {
        values.push(`{not json ${i}`);
        bad.set(i, { stage: "VALUE_CONVERTER", cls: "org.apache.kafka.connect.json.JsonConverter", exception: "org.apache.kafka.connect.errors.DataException" });
      } else if (i % 5 === 4) {
        values.push(envelope(`bad-${i}`));
        bad.set(i, { stage: "TRANSFORMATION", cls: FailOn.className, exception: "org.apache.kafka.connect.errors.DataException" });
      } else {
        const value = i === 3 ? `flaky-${i}` : `value-${i}`;
        values.push(envelope(value));
        good.push(value);
      }
    }
    await produce(topic, values);

    const herder = await startHerder();
    await herder.putConnectorConfig(
      "eh-sink",
      {
        "connector.class": "RecordingSink",
        topics: topic,
        "key.converter": STRING_CONVERTER,
        transforms: "fail",
        "transforms.fail.type": FailOn.className,
        "errors.tolerance": "all",
        "errors.retry.timeout": "1000",
        "errors.log.enable": "true",
        "errors.log.include.messages": "true",
        "errors.deadletterqueue.topic.name": "eh-dlq",
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true",
      },
      { allowReplace: false },
    );

    await waitFor(async () => (await committedOffset("connect-eh-sink", topic)) === 30, { message: "all 30 offsets committed", timeoutMs: 20_000 });
    expect(RecordingSinkTask.received.get("eh-sink")?.map((r) => r.value)).toEqual(good);
    // The retriable failure was retried once, then delivered.
    expect(FailOn.seen.get("flaky-3")).toBe(2);

    const dlq = await readTopic("eh-dlq", bad.size);
    // Nothing more arrives (exact counts).
    expect(dlq).toHaveLength(bad.size);
    expect(dlq.map((r) => Number(r.headers["__connect.errors.offset"]))).toEqual([...bad.keys()]);
    for (const record of dlq) {
      const offset = Number(record.headers["__connect.errors.offset"]);
      const expected = bad.get(offset)!;
      // The original bytes and headers, as consumed.
      expect(record.value).toBe(values[offset]);
      expect(record.key).toBe(`k-${offset}`);
      expect(record.headers).toMatchObject({
        origin: `h-${offset}`,
        "__connect.errors.topic": topic,
        "__connect.errors.partition": "0",
        "__connect.errors.connector.name": "eh-sink",
        "__connect.errors.task.id": "0",
        "__connect.errors.stage": expected.stage,
        "__connect.errors.class.name": expected.cls,
        "__connect.errors.exception.class.name": expected.exception,
      });
      expect(record.headers["__connect.errors.exception.stacktrace"]).toContain(expected.exception);
      if (expected.stage === "TRANSFORMATION") expect(record.headers["__connect.errors.exception.message"]).toBe(`Error when value='bad-${offset}'`);
    }
    expect((await herder.connectorStatus("eh-sink")).tasks[0]?.state).toBe("RUNNING");
  });

  it("tolerance none: the first bad record fails the task with a trace naming the stage and topic/partition/offset", async () => {
    await produce("eh-none", [envelope("a"), envelope("b"), "{oops", envelope("c")]);
    await produce("eh-none-smt", [envelope("a"), envelope("bad-1"), envelope("c")]);
    const herder = await startHerder();
    await herder.putConnectorConfig("eh-none", { "connector.class": "RecordingSink", topics: "eh-none", "key.converter": STRING_CONVERTER }, { allowReplace: false });
    await herder.putConnectorConfig(
      "eh-none-smt",
      { "connector.class": "RecordingSink", topics: "eh-none-smt", "key.converter": STRING_CONVERTER, transforms: "fail", "transforms.fail.type": FailOn.className },
      { allowReplace: false },
    );
    const failedTrace = async (name: string) => {
      await waitFor(async () => (await herder.connectorStatus(name)).tasks[0]?.state === "FAILED", { message: `${name} failed`, timeoutMs: 15_000 });
      return (await herder.connectorStatus(name)).tasks[0]?.trace ?? "";
    };

    const converterTrace = await failedTrace("eh-none");
    expect(converterTrace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Tolerance exceeded in error handler/);
    expect(converterTrace).toContain(
      "Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='eh-none', partition=0, offset=2}",
    );
    expect(converterTrace).toContain("Caused by: org.apache.kafka.connect.errors.DataException");

    const smtTrace = await failedTrace("eh-none-smt");
    expect(smtTrace).toContain(`Executing stage 'TRANSFORMATION' with class '${FailOn.className}', where consumed record is {topic='eh-none-smt', partition=0, offset=1}`);
    expect(smtTrace).toContain("Caused by: org.apache.kafka.connect.errors.DataException: Error when value='bad-1'");
    // Nothing after (or including) the failing record was put; nothing past it committed.
    expect(RecordingSinkTask.received.get("eh-none-smt")?.map((r) => r.value) ?? []).not.toContain("c");
    expect(await committedOffset("connect-eh-none-smt", "eh-none-smt")).toBeLessThanOrEqual(1);
  });
});

async function failedTrace(herder: StandaloneHerder, name: string): Promise<string> {
  await waitFor(async () => (await herder.connectorStatus(name)).tasks[0]?.state === "FAILED", { message: `${name} failed`, timeoutMs: 15_000 });
  return (await herder.connectorStatus(name)).tasks[0]?.trace ?? "";
}

describe("ErrorHandlingIntegrationTest#testErrantRecordReporter (KIP-610)", () => {
  it("tolerance all: every record the task reports lands in the DLQ, as consumed, with the __connect.errors.* headers", async () => {
    const topic = "errant-all";
    const values = Array.from({ length: 20 }, (_, i) => envelope(i % 4 === 1 ? `errant-${i}` : `value-${i}`));
    await produce(topic, values);
    const herder = await startHerder();
    await herder.putConnectorConfig(
      "errant-sink",
      {
        "connector.class": "ErrantRecordSink",
        topics: topic,
        "key.converter": STRING_CONVERTER,
        // The task sees transformed records; the DLQ gets them as they were consumed.
        transforms: "append",
        "transforms.append.type": AppendValue.className,
        "transforms.append.suffix": "!",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": "errant-dlq",
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true",
      },
      { allowReplace: false },
    );
    await waitFor(async () => (await committedOffset("connect-errant-sink", topic)) === 20, { message: "all 20 offsets committed", timeoutMs: 20_000 });
    expect(ErrantRecordSinkTask.reporterAvailable.get("errant-sink")).toBe(true);
    const errant = [...values.keys()].filter((i) => i % 4 === 1);
    expect(ErrantRecordSinkTask.received.get("errant-sink")?.map((r) => r.value)).toEqual(
      [...values.keys()].filter((i) => i % 4 !== 1).map((i) => `value-${i}!`),
    );

    const dlq = await readTopic("errant-dlq", errant.length);
    expect(dlq).toHaveLength(errant.length);
    expect(dlq.map((r) => Number(r.headers["__connect.errors.offset"]))).toEqual(errant);
    for (const record of dlq) {
      const offset = Number(record.headers["__connect.errors.offset"]);
      expect(record.value).toBe(values[offset]);
      expect(record.key).toBe(`k-${offset}`);
      expect(record.headers).toMatchObject({
        origin: `h-${offset}`,
        "__connect.errors.topic": topic,
        "__connect.errors.partition": "0",
        "__connect.errors.connector.name": "errant-sink",
        "__connect.errors.task.id": "0",
        "__connect.errors.stage": "TASK_PUT",
        "__connect.errors.class.name": "org.apache.kafka.connect.sink.SinkTask",
        "__connect.errors.exception.class.name": "org.apache.kafka.connect.errors.ConnectException",
        "__connect.errors.exception.message": `Errant record: errant-${offset}!`,
      });
      expect(record.headers["__connect.errors.exception.stacktrace"]).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Errant record/);
    }
    expect((await herder.connectorStatus("errant-sink")).tasks[0]?.state).toBe("RUNNING");
  });

  it("tolerance none: the first reported record fails the task with a trace naming TASK_PUT and the record", async () => {
    const topic = "errant-none";
    await produce(topic, [envelope("a"), envelope("b"), envelope("errant-2"), envelope("c")]);
    const herder = await startHerder();
    await herder.putConnectorConfig(
      "errant-none",
      {
        "connector.class": "ErrantRecordSink",
        topics: topic,
        "key.converter": STRING_CONVERTER,
        "errors.deadletterqueue.topic.name": "errant-none-dlq",
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true",
      },
      { allowReplace: false },
    );
    const trace = await failedTrace(herder, "errant-none");
    expect(trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception\./);
    expect(trace).toContain(
      `Caused by: org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler. Executing stage 'TASK_PUT' with class 'org.apache.kafka.connect.sink.SinkTask', where consumed record is {topic='${topic}', partition=0, offset=2}.`,
    );
    expect(trace).toContain("Caused by: org.apache.kafka.connect.errors.ConnectException: Errant record: errant-2");
    // Reported before the task failed (as Kafka's executeFailed does); nothing of the batch is committed.
    const dlq = await readTopic("errant-none-dlq", 1);
    expect(dlq.map((r) => r.headers["__connect.errors.offset"])).toEqual(["2"]);
    expect(await committedOffset("connect-errant-none", topic)).toBeLessThanOrEqual(0);
  });
});

describe("Source tasks: records the broker refuses (stage KAFKA_PRODUCE)", () => {
  /** A topic whose max.message.bytes refuses the padded records CountingSource emits with big.every. */
  async function createSmallTopic(topic: string): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: "max.message.bytes", value: "2048" }] }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  }
  const payloads = (records: Consumed[]) => records.map((r) => (JSON.parse(r.value ?? "null") as { payload: string }).payload);

  it("tolerance all: refused records are skipped, every other record arrives in order, and the offsets reach the end", async () => {
    const topic = "produce-all";
    await createSmallTopic(topic);
    const herder = await startHerder();
    await herder.putConnectorConfig(
      "produce-all",
      { "connector.class": "CountingSource", topic, records: "40", "big.every": "10", "big.bytes": "4096", "errors.tolerance": "all", "errors.log.enable": "true" },
      { allowReplace: false },
    );
    const expected = Array.from({ length: 40 }, (_, i) => i)
      .filter((i) => i % 10 !== 9)
      .map((i) => `value-${i}`);
    const records = await readTopic(topic, expected.length);
    expect(payloads(records)).toEqual(expected);
    // The task does not stall on the skipped records: their offsets commit too.
    await waitFor(async () => (await herder.connectorOffsets("produce-all")).offsets[0]?.offset?.["position"] === 40, { message: "source offset at 40", timeoutMs: 15_000 });
    expect((await herder.connectorStatus("produce-all")).tasks[0]?.state).toBe("RUNNING");
  });

  it("tolerance none: the task fails with a trace naming KAFKA_PRODUCE and the refused record; the records before it are delivered", async () => {
    const topic = "produce-none";
    await createSmallTopic(topic);
    const herder = await startHerder();
    await herder.putConnectorConfig("produce-none", { "connector.class": "CountingSource", topic, records: "20", "big.every": "10", "big.bytes": "4096" }, { allowReplace: false });
    const trace = await failedTrace(herder, "produce-none");
    expect(trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Unrecoverable exception from producer send callback/);
    expect(trace).toContain(
      `Caused by: org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler. Executing stage 'KAFKA_PRODUCE' with class 'org.apache.kafka.connect.runtime.WorkerSourceTask', where source record is {topic='${topic}', partition=null, sourcePartition={"source":"produce-none"}, sourceOffset={"position":10}}.`,
    );
    expect(trace).toContain("Caused by: KafkaJSProtocolError");
    expect(payloads(await readTopic(topic, 9))).toEqual(Array.from({ length: 9 }, (_, i) => `value-${i}`));
  });
});
