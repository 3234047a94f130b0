import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestBroker, type TestBroker } from "../../../test/harness/broker";
import { ensureInternalTopics } from "../distributed/internal-topics";
import { silentLoggers } from "../runtime/loggers";
import { KafkaConfigStore } from "./kafka-config-store";
import { KafkaOffsetStore } from "./kafka-offset-store";
import { FileConfigStore, MemoryConfigStore, type ConfigStore } from "./config-store";
import { FileOffsetStore } from "./file-offset-store";
import { MemoryOffsetStore } from "./memory-offset-store";
import { offsetKey, offsetValue, parseOffsetValue, type OffsetStore } from "./offset-store";
import { OffsetStorageReaderImpl } from "./offset-storage-reader";
import { OffsetStorageWriter } from "./offset-storage-writer";

/**
 * One contract for every offset and config store implementation: get/set/tombstones, per-connector
 * partitions, and — for the persistent ones — save, stop and restore into a new instance.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-storage-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

// The Kafka stores run against an embedded broker, each test on fresh compacted topics.
let broker: TestBroker;
let topicCounter = 0;
let currentTopic = "";
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});
const loggers = silentLoggers();

function kafkaStore<T extends { start(): Promise<void> }>(topic: string, singlePartition: boolean, create: (topic: string, servers: string[]) => T): T {
  const store = create(topic, [broker.broker.bootstrapServers]);
  const start = store.start.bind(store);
  store.start = async () => {
    await ensureInternalTopics(
      [broker.broker.bootstrapServers],
      [{ property: "test.topic", topic, partitions: singlePartition ? 1 : 3, replicationFactor: 1, singlePartition, contents: "test data" }],
      loggers.logger("test"),
    );
    await start();
  };
  return store;
}

const kafkaOffsetStore = (topic: string) =>
  kafkaStore(topic, false, (t, servers) => new KafkaOffsetStore({ topic: t, bootstrapServers: servers, clientId: "contract", logger: loggers.logger("test") }));
const kafkaConfigStore = (topic: string) =>
  kafkaStore(topic, true, (t, servers) => new KafkaConfigStore({ topic: t, bootstrapServers: servers, clientId: "contract", logger: loggers.logger("test") }));

interface OffsetStoreKind {
  name: string;
  create(): OffsetStore;
  /** A fresh instance over the same durable state, or undefined when the store keeps nothing. */
  reopen?(): OffsetStore;
}

const offsetStores: OffsetStoreKind[] = [
  { name: "memory", create: () => new MemoryOffsetStore() },
  {
    name: "file",
    create: () => new FileOffsetStore(join(dir, "connect.offsets")),
    reopen: () => new FileOffsetStore(join(dir, "connect.offsets")),
  },
  {
    name: "kafka",
    create: () => kafkaOffsetStore((currentTopic = `offsets-${++topicCounter}`)),
    reopen: () => kafkaOffsetStore(currentTopic),
  },
];

const k = (connector: string, file: string) => offsetKey(connector, { filename: file });
const v = (position: number) => offsetValue({ position });

describe.each(offsetStores)("offset store contract: $name", (kind) => {
  it("gets what was set, in key order, null for unknown keys", async () => {
    const store = kind.create();
    await store.start();
    await store.set([
      { key: k("a", "/x"), value: v(1) },
      { key: k("a", "/y"), value: v(2) },
    ]);
    const values = await store.get([k("a", "/y"), k("a", "/nope"), k("a", "/x")]);
    expect(values.map((b) => (b ? parseOffsetValue(b) : null))).toEqual([{ position: 2 }, null, { position: 1 }]);
    await store.stop();
  });

  it("writes Kafka's key and value bytes", () => {
    expect(k("local-file-source", "/tmp/test.txt").toString()).toBe('["local-file-source",{"filename":"/tmp/test.txt"}]');
    expect(v(42)?.toString()).toBe('{"position":42}');
    expect(offsetValue({ big: 2n ** 63n - 1n })?.toString()).toBe('{"big":9223372036854775807}');
  });

  it("lists a connector's partitions and forgets reset ones", async () => {
    const store = kind.create();
    await store.start();
    await store.set([
      { key: k("a", "/x"), value: v(1) },
      { key: k("a", "/y"), value: v(2) },
      { key: k("b", "/z"), value: v(3) },
    ]);
    expect(await store.connectorPartitions("a")).toEqual([{ filename: "/x" }, { filename: "/y" }]);
    await store.set([{ key: k("a", "/x"), value: null }]);
    expect(await store.connectorPartitions("a")).toEqual([{ filename: "/y" }]);
    expect(await store.get([k("a", "/x")])).toEqual([null]);
    expect(await store.connectorPartitions("nobody")).toEqual([]);
    await store.stop();
  });

  it.runIf(kind.reopen)("saves, stops and restores into a new instance", async () => {
    const store = kind.create();
    await store.start();
    await store.set([
      { key: k("a", "/x"), value: v(1) },
      { key: k("a", "/y"), value: v(2) },
    ]);
    await store.set([{ key: k("a", "/x"), value: null }, { key: k("a", "/y"), value: v(7) }]);
    await store.stop();

    const restored = kind.reopen!();
    await restored.start();
    expect(await restored.connectorPartitions("a")).toEqual([{ filename: "/y" }]);
    const [y] = await restored.get([k("a", "/y")]);
    expect(parseOffsetValue(y ?? null)).toEqual({ position: 7 });
    await restored.stop();
  });

  it("round-trips through the writer and the reader", async () => {
    const store = kind.create();
    await store.start();
    const writer = new OffsetStorageWriter(store, "conn");
    writer.offset({ filename: "/a" }, { position: 1 });
    writer.offset({ filename: "/a" }, { position: 5 });
    writer.offset({ filename: "/b" }, { position: 9 });
    expect(writer.beginFlush()).toBe(true);
    // Offsets recorded during a flush belong to the next one.
    writer.offset({ filename: "/a" }, { position: 6 });
    await writer.doFlush();
    const reader = new OffsetStorageReaderImpl(store, "conn");
    const a = { filename: "/a" };
    expect(await reader.offset(a)).toEqual({ position: 5 });
    expect(writer.beginFlush()).toBe(true);
    await writer.doFlush();
    expect(await reader.offset(a)).toEqual({ position: 6 });
    expect(writer.beginFlush()).toBe(false);
    await store.stop();
  });
});

describe("file offset store", () => {
  it("treats a missing or empty file as no offsets", async () => {
    const missing = new FileOffsetStore(join(dir, "missing"));
    await missing.start();
    expect(await missing.connectorPartitions("a")).toEqual([]);
    writeFileSync(join(dir, "empty"), "");
    const empty = new FileOffsetStore(join(dir, "empty"));
    await empty.start();
    expect(await empty.connectorPartitions("a")).toEqual([]);
  });

  it("fails start on a corrupt file with a clear error", async () => {
    writeFileSync(join(dir, "bad"), "{not json");
    await expect(new FileOffsetStore(join(dir, "bad")).start()).rejects.toThrow(/Failed to read offsets from .*bad/);
  });

  it("writes the file atomically (no temporary file left behind)", async () => {
    const file = join(dir, "o");
    const store = new FileOffsetStore(file);
    await store.start();
    await Promise.all([store.set([{ key: k("a", "/x"), value: v(1) }]), store.set([{ key: k("a", "/x"), value: v(2) }])]);
    await store.stop();
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ version: 1, offsets: [['["a",{"filename":"/x"}]', '{"position":2}']] });
  });
});

describe("offset storage writer", () => {
  it("puts a cancelled flush back under newer offsets", async () => {
    const failing: OffsetStore = Object.assign(new MemoryOffsetStore(), {
      set: () => Promise.reject(new Error("disk full")),
    });
    const writer = new OffsetStorageWriter(failing, "c");
    writer.offset({ p: 1 }, { o: 1 });
    writer.offset({ p: 2 }, { o: 1 });
    writer.beginFlush();
    writer.offset({ p: 1 }, { o: 2 });
    await expect(writer.doFlush()).rejects.toThrow("disk full");
    writer.cancelFlush();
    const store = new MemoryOffsetStore();
    const retry = new OffsetStorageWriter(store, "c");
    // The same writer keeps both: p1 → 2 (newer wins), p2 → 1.
    expect(writer.beginFlush()).toBe(true);
    Object.assign(failing, { set: store.set.bind(store) });
    await writer.doFlush();
    const reader = new OffsetStorageReaderImpl(store, "c");
    expect(await reader.offset({ p: 1 })).toEqual({ o: 2 });
    expect(await reader.offset({ p: 2 })).toEqual({ o: 1 });
    expect(retry.beginFlush()).toBe(false);
  });

  it("refuses offsets that are not flat maps", async () => {
    const writer = new OffsetStorageWriter(new MemoryOffsetStore(), "c");
    writer.offset({ p: 1 }, { nested: { a: 1 } });
    writer.beginFlush();
    await expect(writer.doFlush()).rejects.toThrow("Offsets may only contain primitive types as values, but field nested contains MAP");
  });
});

interface ConfigStoreKind {
  name: string;
  create(): ConfigStore;
  reopen?(): ConfigStore;
}

const configStores: ConfigStoreKind[] = [
  { name: "memory", create: () => new MemoryConfigStore() },
  { name: "file", create: () => new FileConfigStore(join(dir, "configs.json")), reopen: () => new FileConfigStore(join(dir, "configs.json")) },
  {
    name: "kafka",
    create: () => kafkaConfigStore((currentTopic = `configs-${++topicCounter}`)),
    reopen: () => kafkaConfigStore(currentTopic),
  },
];

describe.each(configStores)("config store contract: $name", (kind) => {
  it("keeps configs, target states and task configs", async () => {
    const store = kind.create();
    await store.start();
    await store.putConnectorConfig("a", { "connector.class": "X", name: "a" }, "PAUSED");
    await store.putConnectorConfig("a", { "connector.class": "X", name: "a", extra: "1" });
    expect(store.get("a")).toEqual({ config: { "connector.class": "X", name: "a", extra: "1" }, targetState: "PAUSED", taskConfigs: [], appliedConfig: null });
    await store.putTargetState("a", "STARTED");
    await store.putTaskConfigs("a", [{ "task.class": "T" }], { name: "a" });
    expect(store.get("a")?.taskConfigs).toEqual([{ "task.class": "T" }]);
    await expect(store.putTargetState("nope", "PAUSED")).rejects.toThrow("No connector `nope` configured");
    await store.removeTaskConfigs("a");
    expect(store.get("a")?.taskConfigs).toEqual([]);
    await store.removeConnectorConfig("a");
    expect(store.contains("a")).toBe(false);
    await store.stop();
  });

  it.runIf(kind.reopen)("saves, stops and restores into a new instance", async () => {
    const store = kind.create();
    await store.start();
    await store.putConnectorConfig("a", { name: "a" });
    await store.putConnectorConfig("b", { name: "b" }, "STOPPED");
    await store.putTaskConfigs("a", [{ t: "0" }, { t: "1" }], { name: "a" });
    await store.stop();
    const restored = kind.reopen!();
    await restored.start();
    expect(restored.connectors().sort()).toEqual(["a", "b"]);
    expect(restored.get("a")).toEqual({ config: { name: "a" }, targetState: "STARTED", taskConfigs: [{ t: "0" }, { t: "1" }], appliedConfig: { name: "a" } });
    expect(restored.get("b")?.targetState).toBe("STOPPED");
    await restored.stop();
  });
});

describe("file config store", () => {
  it("fails start on a corrupt file", async () => {
    writeFileSync(join(dir, "c.json"), "[1,2");
    await expect(new FileConfigStore(join(dir, "c.json")).start()).rejects.toThrow(/Failed to read connector configs from/);
  });
});
