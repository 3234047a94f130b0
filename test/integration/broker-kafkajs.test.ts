import { spawn } from "node:child_process";
import { CompressionTypes, type Consumer, type EachMessagePayload, type Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

let tb: TestBroker;
let kafka: Kafka;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

beforeAll(async () => {
  tb = await startTestBroker({ defaultPartitions: 1 });
  kafka = tb.kafka();
});
afterAll(async () => {
  await tb?.close();
});

async function admin() {
  const a = kafka.admin();
  await a.connect();
  onTestFinished(() => a.disconnect());
  return a;
}

async function producer(config: Parameters<Kafka["producer"]>[0] = {}) {
  const p = kafka.producer(config);
  await p.connect();
  onTestFinished(() => p.disconnect());
  return p;
}

/** A consumer that collects every message it sees. */
async function collectingConsumer(groupId: string, topic: string, config: Partial<Parameters<Kafka["consumer"]>[0]> = {}) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200, ...config });
  const seen: EachMessagePayload[] = [];
  await consumer.connect();
  onTestFinished(() => consumer.disconnect());
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async (m) => void seen.push(m) });
  return { consumer, seen };
}

describe("embedded broker with kafkajs", () => {
  it("produces and consumes keys, values, headers and compressed batches in order", async () => {
    const topic = unique("data");
    const a = await admin();
    await a.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const p = await producer();
    const messages = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `value-${i}`, headers: { seq: String(i), h: Buffer.from([i % 256]) } }));
    await p.send({ topic, messages: messages.slice(0, 150) });
    await p.send({ topic, compression: CompressionTypes.GZIP, messages: messages.slice(150) });
    const { seen } = await collectingConsumer(unique("g"), topic);
    await waitFor(() => seen.length >= 300, { timeoutMs: 20000, message: "all 300 messages consumed" });
    expect(seen).toHaveLength(300);
    for (const { message, partition } of seen) {
      const i = Number(message.headers?.seq?.toString());
      expect(message.value?.toString()).toBe(`value-${i}`);
      expect(message.key?.toString()).toBe(`k${i % 7}`);
      expect(message.headers?.h).toEqual(Buffer.from([i % 256]));
      expect(partition).toBeGreaterThanOrEqual(0);
    }
    // Order within each key (same partition) is the produce order.
    const byKey = new Map<string, number[]>();
    for (const { message } of seen) {
      const k = message.key?.toString() ?? "";
      byKey.set(k, [...(byKey.get(k) ?? []), Number(message.headers?.seq?.toString())]);
    }
    for (const seqs of byKey.values()) expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it("serves an idempotent producer", async () => {
    const topic = unique("idem");
    const p = await producer({ idempotent: true, maxInFlightRequests: 1 });
    const [res] = await p.send({ topic, acks: -1, messages: [{ value: "a" }, { value: "b" }] });
    expect(res?.errorCode).toBe(0);
    const offsets = await (await admin()).fetchTopicOffsets(topic);
    expect(offsets[0]).toMatchObject({ partition: 0, low: "0", high: "2" });
  });

  it("commits automatically and manually and resumes from committed offsets", async () => {
    const topic = unique("commits");
    const groupId = unique("g");
    const p = await producer();
    await p.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: String(i) })) });

    const first = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await first.run({ autoCommit: false, eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? "") });
    await waitFor(() => seen.length === 10, { timeoutMs: 15000, message: "first consumer read 10" });
    await first.commitOffsets([{ topic, partition: 0, offset: "6" }]);
    await first.disconnect();
    const a = await admin();
    expect(await a.fetchOffsets({ groupId, topics: [topic] })).toEqual([{ topic, partitions: [{ partition: 0, offset: "6", metadata: null }] }]);

    // A new member of the group resumes at the committed offset and autocommits what it reads.
    const { consumer, seen: resumed } = await collectingConsumer(groupId, topic, { maxWaitTimeInMs: 100 });
    await waitFor(() => resumed.length === 4, { timeoutMs: 15000, message: "resumed consumer read 4" });
    expect(resumed.map((m) => m.message.value?.toString())).toEqual(["6", "7", "8", "9"]);
    await consumer.disconnect();
    const after = await a.fetchOffsets({ groupId, topics: [topic] });
    expect(after[0]?.partitions[0]?.offset).toBe("10");
  });

  it("rebalances a group of three when members join, leave and die", async () => {
    const topic = unique("group");
    const groupId = unique("g");
    const a = await admin();
    await a.createTopics({ topics: [{ topic, numPartitions: 6 }] });

    const assignments = new Map<string, number[]>();
    const join = async (name: string) => {
      // kafkajs heartbeats between fetches: a short fetch wait lets members see a rebalance within a second, not five.
      const c: Consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 300, rebalanceTimeout: 10000, maxWaitTimeInMs: 500 });
      c.on(c.events.GROUP_JOIN, (e) => assignments.set(name, (e.payload.memberAssignment[topic] as number[] | undefined) ?? []));
      await c.connect();
      await c.subscribe({ topic });
      await c.run({ eachMessage: async () => {} });
      return c;
    };
    const total = (names: string[]) => names.flatMap((n) => assignments.get(n) ?? []).sort((x, y) => x - y);
    const all = [0, 1, 2, 3, 4, 5];

    const c1 = await join("c1");
    const c2 = await join("c2");
    await waitFor(() => (assignments.get("c1")?.length ?? 0) === 3 && (assignments.get("c2")?.length ?? 0) === 3, { timeoutMs: 20000, message: "two members share six partitions" });
    const c3 = await join("c3");
    await waitFor(() => ["c1", "c2", "c3"].every((n) => assignments.get(n)?.length === 2) && total(["c1", "c2", "c3"]).join() === all.join(), {
      timeoutMs: 20000,
      message: "three members with two partitions each",
    });

    // A member leaves cleanly (LeaveGroup).
    await c3.disconnect();
    await waitFor(() => total(["c1", "c2"]).join() === all.join() && assignments.get("c1")?.length === 3, { timeoutMs: 20000, message: "rebalance after leave" });

    // A member in another process dies (SIGKILL: no LeaveGroup); the group evicts it after its session timeout.
    const child = spawn(process.execPath, ["bin/run-ts.mjs", "test/fixtures/group-member.ts", tb.broker.bootstrapServers, groupId, topic], { stdio: ["ignore", "pipe", "inherit"] });
    onTestFinished(() => void child.kill("SIGKILL"));
    let childOut = "";
    child.stdout.on("data", (d: Buffer) => (childOut += d.toString()));
    await waitFor(() => /assigned/.test(childOut) && assignments.get("c1")?.length === 2 && assignments.get("c2")?.length === 2, {
      timeoutMs: 30000,
      message: "third member process joined",
    });
    child.kill("SIGKILL");
    await waitFor(() => assignments.get("c1")?.length === 3 && total(["c1", "c2"]).join() === all.join(), { timeoutMs: 30000, message: "rebalance after a member died" });

    const described = await a.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({ groupId, state: "Stable", protocolType: "consumer" });
    expect(described.groups[0]?.members).toHaveLength(2);
    await c1.disconnect();
    await c2.disconnect();
  }, 120000);

  it("answers every admin call", async () => {
    const a = await admin();
    const topic = unique("admin");
    // kafkajs waits for leaders of the topics it created, which a validate-only request never creates.
    expect(await a.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic, numPartitions: 2 }] })).toBe(true);
    expect(await a.listTopics()).not.toContain(topic);
    expect(await a.createTopics({ topics: [{ topic, numPartitions: 2, configEntries: [{ name: "retention.ms", value: "3600000" }] }] })).toBe(true);
    await expect(a.createTopics({ topics: [{ topic }] })).resolves.toBe(false); // already exists: kafkajs reports false
    await expect(a.createTopics({ topics: [{ topic: unique("bad"), configEntries: [{ name: "cleanup.policy", value: "sideways" }] }] })).rejects.toThrow();
    expect(await a.listTopics()).toContain(topic);

    await a.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    const meta = await a.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(4);

    const cluster = await a.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(cluster.controller).toBe(cluster.brokers[0]?.nodeId);
    expect(cluster.clusterId).toBe(tb.broker.clusterId);

    const configs = await a.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
    const entries = configs.resources[0]?.configEntries ?? [];
    expect(entries.find((e) => e.configName === "retention.ms")).toMatchObject({ configValue: "3600000", isDefault: false });
    expect(entries.find((e) => e.configName === "cleanup.policy")).toMatchObject({ configValue: "delete", isDefault: true });
    const broker = await a.describeConfigs({ includeSynonyms: false, resources: [{ type: 4, name: String(tb.broker.nodeId) }] });
    expect(broker.resources[0]?.configEntries.find((e) => e.configName === "num.partitions")?.configValue).toBe("1");

    await a.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: "cleanup.policy", value: "compact,delete" }] }] });
    const altered = await a.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
    const alteredEntries = altered.resources[0]?.configEntries ?? [];
    expect(alteredEntries.find((e) => e.configName === "cleanup.policy")?.configValue).toBe("compact,delete");
    // AlterConfigs replaces: retention.ms, not given, is back to its default.
    expect(alteredEntries.find((e) => e.configName === "retention.ms")?.isDefault).toBe(true);

    const p = await producer();
    await p.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: String(i), partition: 0 })) });
    await a.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "3" }] });
    const offsets = await a.fetchTopicOffsets(topic);
    expect(offsets.find((o) => o.partition === 0)).toMatchObject({ low: "3", high: "5" });

    const groupId = unique("g");
    await a.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "4" }] });
    expect((await a.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions.find((x) => x.partition === 0)?.offset).toBe("4");
    await a.resetOffsets({ groupId, topic, earliest: true });
    expect((await a.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions.find((x) => x.partition === 0)?.offset).toBe("-2"); // kafkajs commits the EARLIEST sentinel itself
    expect((await a.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);
    expect((await a.describeGroups([groupId])).groups[0]?.state).toBe("Empty");
    await a.deleteGroups([groupId]);
    expect((await a.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);

    await a.deleteTopics({ topics: [topic] });
    expect(await a.listTopics()).not.toContain(topic);
  });

  it("finds offsets by timestamp", async () => {
    const topic = unique("time");
    const p = await producer();
    await p.send({ topic, messages: [{ value: "a", timestamp: "1000" }, { value: "b", timestamp: "2000" }] });
    await p.send({ topic, messages: [{ value: "c", timestamp: "3000" }] });
    const a = await admin();
    const at = async (ts: number) => (await a.fetchTopicOffsetsByTimestamp(topic, ts))[0]?.offset;
    expect(await at(500)).toBe("0");
    expect(await at(1500)).toBe("1");
    expect(await at(2500)).toBe("2");
    expect(await at(9999)).toBe("3"); // none later: kafkajs falls back to the high watermark
  });
});

describe("embedded broker across restarts", () => {
  it("keeps data, topic configs and group offsets", async () => {
    const own = await startTestBroker();
    onTestFinished(() => own.close());
    const client = own.kafka();
    const topic = "durable";
    const a = client.admin();
    await a.connect();
    await a.createTopics({ topics: [{ topic, numPartitions: 2, configEntries: [{ name: "retention.ms", value: "86400000" }] }] });
    const p = client.producer();
    await p.connect();
    await p.send({ topic, messages: Array.from({ length: 50 }, (_, i) => ({ key: String(i), value: `v${i}` })) });
    await p.disconnect();
    await a.setOffsets({ groupId: "keeper", topic, partitions: [{ partition: 0, offset: "7" }, { partition: 1, offset: "3" }] });
    const before = await a.fetchTopicOffsets(topic);
    await a.disconnect();

    await own.restart();
    const again = own.kafka().admin();
    await again.connect();
    onTestFinished(() => again.disconnect());
    expect(await again.fetchTopicOffsets(topic)).toEqual(before);
    const cfg = await again.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
    expect(cfg.resources[0]?.configEntries.find((e) => e.configName === "retention.ms")?.configValue).toBe("86400000");
    const offsets = await again.fetchOffsets({ groupId: "keeper", topics: [topic] });
    expect(offsets[0]?.partitions.sort((x, y) => x.partition - y.partition).map((x) => x.offset)).toEqual(["7", "3"]);

    const consumer = own.kafka().consumer({ groupId: unique("reader"), maxWaitTimeInMs: 100 });
    await consumer.connect();
    onTestFinished(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    const values = new Set<string>();
    await consumer.run({ eachMessage: async ({ message }) => void values.add(message.value?.toString() ?? "") });
    await waitFor(() => values.size === 50, { timeoutMs: 15000, message: "all 50 records after restart" });
  });
});

describe("retention and compaction", () => {
  it("compacts to the latest value per key and deletes by retention", async () => {
    const a = await admin();
    const compacted = unique("compacted");
    const retained = unique("retained");
    await a.createTopics({
      topics: [
        { topic: compacted, configEntries: [{ name: "cleanup.policy", value: "compact" }, { name: "segment.bytes", value: "1024" }, { name: "delete.retention.ms", value: "0" }] },
        { topic: retained, configEntries: [{ name: "retention.bytes", value: "2048" }, { name: "segment.bytes", value: "1024" }] },
      ],
    });
    const p = await producer();
    for (let round = 0; round < 10; round++) {
      await p.send({ topic: compacted, messages: [{ key: "a", value: `a${round}` }, { key: "b", value: `b${round}` }, { key: `once${round}`, value: "x".repeat(100) }] });
      await p.send({ topic: retained, messages: [{ value: "y".repeat(300) }] });
    }
    await p.send({ topic: compacted, messages: [{ key: "once0", value: null }] }); // tombstone
    // Roll the active segments so everything above is eligible.
    for (let i = 0; i < 5; i++) await p.send({ topic: compacted, messages: [{ key: "tail", value: "z".repeat(400) }] });
    await p.send({ topic: retained, messages: [{ value: "y".repeat(1500) }] });
    tb.broker.maintain();

    const offsets = await a.fetchTopicOffsets(retained);
    expect(Number(offsets[0]?.low)).toBeGreaterThan(0);

    const { seen } = await collectingConsumer(unique("g"), compacted, { maxWaitTimeInMs: 100 });
    const high = Number((await a.fetchTopicOffsets(compacted))[0]?.high);
    await waitFor(() => seen.length > 0 && Number(seen[seen.length - 1]?.message.offset) === high - 1, { timeoutMs: 15000, message: "compacted topic read to the end" });
    const latest = new Map<string, string | null>();
    const keys: string[] = [];
    for (const { message } of seen) {
      const k = message.key?.toString() ?? "";
      keys.push(k);
      latest.set(k, message.value?.toString() ?? null);
    }
    expect(latest.get("a")).toBe("a9");
    expect(latest.get("b")).toBe("b9");
    expect(keys.filter((k) => k === "a").length).toBeLessThan(10);
    expect(keys).not.toContain("once0");
    // Offsets stay increasing after compaction.
    const offs = seen.map((m) => Number(m.message.offset));
    expect(offs).toEqual([...offs].sort((x, y) => x - y));
  });
});
