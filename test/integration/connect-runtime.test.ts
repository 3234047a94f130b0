import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kafka } from "kafkajs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStandaloneHerder, type StandaloneHerder } from "../../server/connect/herder/standalone-herder";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { silentLoggers } from "../../server/connect/runtime/loggers";
import { CountingSourceTask, RecordingSinkTask, testConnectorPlugins } from "../../server/connect/runtime/test-plugins";
import { parseWorkerConfig } from "../../server/connect/worker-config";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

/**
 * The Connect runtime against the embedded broker: a standalone herder with real kafkajs clients
 * running test connectors and the FileStream connectors end to end.
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
  dir = mkdtempSync(join(tmpdir(), "ferry-connect-"));
  CountingSourceTask.emitted.clear();
  RecordingSinkTask.received.clear();
  RecordingSinkTask.flushes.clear();
  RecordingSinkTask.holdFlush = null;
});

afterEach(async () => {
  for (const herder of herders.splice(0)) await herder.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function startHerder(extra: Record<string, string> = {}): Promise<StandaloneHerder> {
  const herder = createStandaloneHerder({
    config: parseWorkerConfig({
      "bootstrap.servers": broker.broker.bootstrapServers,
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "offset.storage.file.filename": join(dir, "connect.offsets"),
      "offset.flush.interval.ms": "200",
      "consumer.session.timeout.ms": "10000",
      ...extra,
    }),
    plugins: createPluginRegistry(testConnectorPlugins),
    workerId: "127.0.0.1:8083",
    loggers: silentLoggers(),
  });
  herders.push(herder);
  await herder.start();
  return herder;
}

async function stopHerder(herder: StandaloneHerder): Promise<void> {
  herders.splice(herders.indexOf(herder), 1);
  await herder.stop();
}

/** Every value on a topic, read from the beginning with a throwaway consumer group. */
async function topicValues(topic: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString() ?? "null") });
  try {
    await waitFor(() => values.length >= expected, { message: `${expected} records on ${topic}`, timeoutMs: 15_000 });
    return values;
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

async function taskState(herder: StandaloneHerder, name: string): Promise<string | undefined> {
  return (await herder.connectorStatus(name).catch(() => undefined))?.tasks[0]?.state;
}

const envelope = (s: string) => `{"schema":{"type":"string","optional":false},"payload":"${s}"}`;

describe("connect runtime on the embedded broker", () => {
  it("produces a source task's records with the JsonConverter envelope, and tracks the topic", async () => {
    const herder = await startHerder();
    await herder.putConnectorConfig("src", { "connector.class": "CountingSource", topic: "rt-source", records: "5" }, { allowReplace: false });
    const values = await topicValues("rt-source", 5);
    expect(values).toEqual([0, 1, 2, 3, 4].map((i) => envelope(`value-${i}`)));
    await waitFor(async () => (await herder.connectorActiveTopics("src")).includes("rt-source"), { message: "topic tracked" });
    expect(await herder.connectorStatus("src")).toMatchObject({ connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RUNNING" }] });
  });

  it("delivers records to a sink task and commits its offsets only after flush", async () => {
    const herder = await startHerder();
    await herder.putConnectorConfig("feed", { "connector.class": "CountingSource", topic: "rt-sink", records: "6" }, { allowReplace: false });
    await topicValues("rt-sink", 6);

    let release!: () => void;
    RecordingSinkTask.holdFlush = new Promise((resolve) => (release = resolve));
    await herder.putConnectorConfig("snk", { "connector.class": "RecordingSink", topics: "rt-sink" }, { allowReplace: false });
    await waitFor(() => RecordingSinkTask.received.get("snk")?.length === 6, { message: "6 records put", timeoutMs: 15_000 });
    expect(RecordingSinkTask.received.get("snk")?.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `value-${i}`));
    expect(RecordingSinkTask.received.get("snk")?.[0]?.kafkaOffset).toBe(0);
    // Several flush intervals pass while the flush is held: nothing is committed.
    await waitFor(async () => (await herder.connectorActiveTopics("snk")).includes("rt-sink"), { message: "sink topic tracked" });
    expect(await committedOffset("connect-snk", "rt-sink")).toBe(-1);
    release();
    await waitFor(async () => (await committedOffset("connect-snk", "rt-sink")) === 6, { message: "offset 6 committed", timeoutMs: 15_000 });
    expect(await herder.connectorOffsets("snk")).toEqual({
      offsets: [{ partition: { kafka_topic: "rt-sink", kafka_partition: 0 }, offset: { kafka_offset: 6 } }],
    });

    // KIP-875 on a sink: alter the group's offset while stopped.
    await herder.stopConnector("snk");
    await herder.alterConnectorOffsets("snk", [{ partition: { kafka_topic: "rt-sink", kafka_partition: 0 }, offset: { kafka_offset: 2 } }]);
    expect(await committedOffset("connect-snk", "rt-sink")).toBe(2);
    await herder.resetConnectorOffsets("snk");
    expect(await committedOffset("connect-snk", "rt-sink")).toBe(-1);
  });

  it("keeps source offsets across a herder restart: no duplicates after a flush", async () => {
    let herder = await startHerder();
    await herder.putConnectorConfig("durable", { "connector.class": "CountingSource", topic: "rt-restart", records: "4" }, { allowReplace: false });
    await topicValues("rt-restart", 4);
    await stopHerder(herder);
    expect(JSON.parse(readFileSync(join(dir, "connect.offsets"), "utf8"))).toEqual({
      version: 1,
      offsets: [['["durable",{"source":"durable"}]', '{"position":4}']],
    });

    herder = await startHerder();
    expect(await herder.connectors()).toEqual(["durable"]);
    await herder.patchConnectorConfig("durable", { records: "7" });
    const values = await topicValues("rt-restart", 7);
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => envelope(`value-${i}`)));
    expect(CountingSourceTask.emitted.get("durable")).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `value-${i}`));
  });

  it("shows pause, resume, stop and restart in the status", async () => {
    const herder = await startHerder();
    await herder.putConnectorConfig("life", { "connector.class": "RecordingSink", topics: "rt-life" }, { allowReplace: false });
    await waitFor(async () => (await taskState(herder, "life")) === "RUNNING", { message: "running" });
    await herder.pauseConnector("life");
    expect((await herder.connectorStatus("life")).connector.state).toBe("PAUSED");
    await waitFor(async () => (await taskState(herder, "life")) === "PAUSED", { message: "paused" });
    await herder.resumeConnector("life");
    await waitFor(async () => (await taskState(herder, "life")) === "RUNNING", { message: "resumed" });
    await herder.stopConnector("life");
    expect(await herder.connectorStatus("life")).toMatchObject({ connector: { state: "STOPPED" }, tasks: [] });
    await herder.resumeConnector("life");
    await waitFor(async () => (await taskState(herder, "life")) === "RUNNING", { message: "running after stop" });
    const plan = await herder.restartConnectorAndTasks({ connector: "life", includeTasks: true, onlyFailed: false });
    expect(plan).toMatchObject({ connector: { state: "RESTARTING" }, tasks: [{ id: 0, state: "RESTARTING" }] });
    await waitFor(async () => (await taskState(herder, "life")) === "RUNNING", { message: "running after restart" });
  });

  it("reports a failing task's trace", async () => {
    const herder = await startHerder();
    await herder.putConnectorConfig("broken", { "connector.class": "CountingSource", topic: "rt-broken", fail: "poll" }, { allowReplace: false });
    await waitFor(async () => (await taskState(herder, "broken")) === "FAILED", { message: "failed" });
    const trace = (await herder.taskStatus("broken", 0)).trace ?? "";
    expect(trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Poll failed on purpose\n\tat /);
    expect(trace).toContain("Caused by: TypeError: inner failure");
  });

  it("moves a file through FileStreamSource → topic → FileStreamSink", async () => {
    const herder = await startHerder({
      "key.converter": "org.apache.kafka.connect.storage.StringConverter",
      "value.converter": "org.apache.kafka.connect.storage.StringConverter",
    });
    const input = join(dir, "in.txt");
    const output = join(dir, "out.txt");
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    writeFileSync(input, lines.join("\n") + "\n");
    await herder.putConnectorConfig("file-in", { "connector.class": "FileStreamSource", file: input, topic: "rt-file" }, { allowReplace: false });
    await herder.putConnectorConfig("file-out", { "connector.class": "FileStreamSink", file: output, topics: "rt-file" }, { allowReplace: false });
    await waitFor(
      () => {
        try {
          return readFileSync(output, "utf8").split("\n").length > lines.length;
        } catch {
          return false;
        }
      },
      { message: "500 lines in the output file", timeoutMs: 20_000 },
    );
    expect(readFileSync(output, "utf8")).toBe(lines.join("\n") + "\n");
  });
});
