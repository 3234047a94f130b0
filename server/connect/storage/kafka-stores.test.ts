import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBroker, type TestBroker } from "../../../test/harness/broker";
import { waitFor } from "../../../test/harness/wait-for";
import { ensureInternalTopics, type InternalTopicSpec } from "../distributed/internal-topics";
import { silentLoggers } from "../runtime/loggers";
import { KafkaConfigStore, type ConfigUpdate } from "./kafka-config-store";
import { KafkaStatusStore } from "./kafka-status-store";

/**
 * What the Kafka stores add to the shared contract (storage-contract.test.ts): Kafka Connect's record
 * keys and values on the topics, safe status writes, and the internal-topic checks.
 */
let broker: TestBroker;
const logger = silentLoggers().logger("test");
let counter = 0;

beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const servers = () => [broker.broker.bootstrapServers];

async function topic(prefix: string, partitions = 1): Promise<string> {
  const name = `${prefix}-${++counter}`;
  await ensureInternalTopics(servers(), [{ property: "test.topic", topic: name, partitions, replicationFactor: 1, contents: "test data" }], logger);
  return name;
}

async function records(name: string): Promise<[string, string | null][]> {
  const admin = broker.kafka().admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(name);
  await admin.disconnect();
  const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
  // disconnect() waits for the fetch in flight: a short fetch wait keeps that short.
  const consumer = broker.kafka().consumer({ groupId: `reader-${name}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  const out: [string, string | null][] = [];
  await consumer.run({ eachMessage: async ({ message }) => void out.push([message.key?.toString() ?? "", message.value?.toString() ?? null]) });
  await waitFor(() => out.length >= total, { timeoutMs: 15_000, message: `${total} records of ${name}` });
  await consumer.disconnect();
  return out;
}

describe("Kafka config store", () => {
  it("writes Kafka Connect's config records and reads them back in order", async () => {
    const name = await topic("configs");
    const updates: ConfigUpdate[] = [];
    const store = new KafkaConfigStore({ topic: name, bootstrapServers: servers(), clientId: "t", logger, onUpdate: (u) => updates.push(u) });
    await store.start();
    await store.putConnectorConfig("my-conn", { "connector.class": "X", name: "my-conn" }, "STOPPED");
    await store.putTaskConfigs("my-conn", [{ "task.class": "T", n: "0" }], { name: "my-conn" });
    await store.putRestartRequest("my-conn", true, false);
    await store.removeConnectorConfig("my-conn");
    expect(await records(name)).toEqual([
      ["target-state-my-conn", '{"state":"PAUSED","state.v2":"STOPPED"}'],
      ["connector-my-conn", '{"properties":{"connector.class":"X","name":"my-conn"}}'],
      ["task-my-conn-0", '{"properties":{"task.class":"T","n":"0"}}'],
      ["commit-my-conn", '{"tasks":1}'],
      ["restart-connector-my-conn", '{"include-tasks":true,"only-failed":false}'],
      ["connector-my-conn", null],
      ["target-state-my-conn", null],
    ]);
    expect(updates.map((u) => u.kind)).toEqual(["connector", "tasks", "restart", "connector"]);
    expect(store.offset).toBe(7n);
    await store.stop();
  });

  it("ignores task records without a commit, and stale tasks of a re-created connector", async () => {
    const name = await topic("configs");
    const store = new KafkaConfigStore({ topic: name, bootstrapServers: servers(), clientId: "t", logger });
    await store.start();
    await store.putConnectorConfig("c", { name: "c" });
    await store.putTaskConfigs("c", [{ t: "0" }, { t: "1" }], { name: "c" });
    await store.removeConnectorConfig("c");
    await store.putConnectorConfig("c", { name: "c", v: "2" });
    expect(store.get("c")).toEqual({ config: { name: "c", v: "2" }, targetState: "STARTED", taskConfigs: [], appliedConfig: null });
    await store.stop();
  });

  it("writes Kafka's session-key record, and a new store reads the newest key back", async () => {
    const name = await topic("configs");
    const store = new KafkaConfigStore({ topic: name, bootstrapServers: servers(), clientId: "t", logger });
    await store.start();
    expect(store.sessionKey).toBeUndefined();
    const first = { key: Buffer.from("first-key-bytes"), algorithm: "HmacSHA256", creationTimestamp: 1_700_000_000_000 };
    const second = { key: Buffer.from("second-key-bytes"), algorithm: "HmacSHA512", creationTimestamp: 1_700_003_600_000 };
    await store.putSessionKey(first);
    await store.putSessionKey(second);
    await store.stop();
    expect((await records(name))[0]).toEqual([
      "session-key",
      JSON.stringify({ key: first.key.toString("base64"), algorithm: "HmacSHA256", "creation-timestamp": 1_700_000_000_000 }),
    ]);
    const updates: ConfigUpdate[] = [];
    const reader = new KafkaConfigStore({ topic: name, bootstrapServers: servers(), clientId: "t2", logger, onUpdate: (u) => updates.push(u) });
    await reader.start();
    await reader.readToEnd();
    expect(reader.sessionKey).toEqual(second);
    expect(updates).toEqual([{ kind: "session-key" }, { kind: "session-key" }]);
    await reader.stop();
  });
});

describe("Kafka status store", () => {
  it("writes Kafka Connect's status records and restores them", async () => {
    const name = await topic("status", 2);
    const store = new KafkaStatusStore({ topic: name, bootstrapServers: servers(), clientId: "t", logger });
    await store.start();
    store.putConnector({ name: "c", state: "RUNNING", workerId: "w1:8083", generation: 3 });
    store.putTask({ id: { connector: "c", task: 0 }, state: "FAILED", trace: "boom", workerId: "w1:8083", generation: 3 });
    store.putTopic({ topic: "t1", connector: "c", task: 0, discoverTimestamp: 5 });
    await store.stop();
    expect((await records(name)).sort()).toEqual(
      [
        ["status-connector-c", '{"state":"RUNNING","trace":null,"worker_id":"w1:8083","generation":3}'],
        ["status-task-c-0", '{"state":"FAILED","trace":"boom","worker_id":"w1:8083","generation":3}'],
        ["status-topic-t1:connector-c", '{"topic":{"name":"t1","connector":"c","task":0,"discoverTimestamp":5}}'],
      ].sort(),
    );
    const restored = new KafkaStatusStore({ topic: name, bootstrapServers: servers(), clientId: "t2", logger });
    await restored.start();
    expect(restored.getConnector("c")).toEqual({ name: "c", state: "RUNNING", workerId: "w1:8083", generation: 3 });
    expect(restored.getAllTasks("c")).toEqual([{ id: { connector: "c", task: 0 }, state: "FAILED", trace: "boom", workerId: "w1:8083", generation: 3 }]);
    expect(restored.getAllTopics("c").map((t) => t.topic)).toEqual(["t1"]);
    restored.deleteConnector("c");
    await restored.stop();
  });

  it("drops a safe write from another worker of an older generation", async () => {
    const name = await topic("status");
    const store = new KafkaStatusStore({ topic: name, bootstrapServers: servers(), clientId: "t", logger });
    await store.start();
    const id = { connector: "c", task: 0 };
    store.putTask({ id, state: "RUNNING", workerId: "new:1", generation: 5 });
    store.putTask({ id, state: "UNASSIGNED", workerId: "old:1", generation: 4 });
    expect(store.getTask(id)?.workerId).toBe("new:1");
    store.putTask({ id, state: "UNASSIGNED", workerId: "new:1", generation: 5 });
    expect(store.getTask(id)?.state).toBe("UNASSIGNED");
    await store.stop();
  });
});

describe("internal topics", () => {
  const spec = (t: string, extra: Partial<InternalTopicSpec> = {}): InternalTopicSpec => ({
    property: "config.storage.topic",
    topic: t,
    partitions: 1,
    replicationFactor: 1,
    singlePartition: true,
    contents: "connector configurations",
    ...extra,
  });

  it("creates a missing topic compacted, and accepts it on the next start", async () => {
    await ensureInternalTopics(servers(), [spec("created-configs")], logger);
    await ensureInternalTopics(servers(), [spec("created-configs")], logger);
    const admin = broker.kafka().admin();
    await admin.connect();
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: "created-configs", configNames: ["cleanup.policy"] }] });
    await admin.disconnect();
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe("compact");
  });

  it("refuses a config topic with more than one partition", async () => {
    const admin = broker.kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "two-partitions", numPartitions: 2, configEntries: [{ name: "cleanup.policy", value: "compact" }] }] });
    await admin.disconnect();
    await expect(ensureInternalTopics(servers(), [spec("two-partitions")], logger)).rejects.toThrow(
      "Topic 'two-partitions' supplied via the 'config.storage.topic' property is required to have a single partition in order to guarantee consistency of connector configurations, but found 2 partitions.",
    );
  });

  it("refuses a topic that is not compacted", async () => {
    const admin = broker.kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "deleting", numPartitions: 1, configEntries: [{ name: "cleanup.policy", value: "delete" }] }] });
    await admin.disconnect();
    await expect(ensureInternalTopics(servers(), [spec("deleting")], logger)).rejects.toThrow(
      /Topic 'deleting' supplied via the 'config.storage.topic' property is required to have 'cleanup.policy=compact'.*but found the topic currently has 'cleanup.policy=delete'/,
    );
  });
});
