import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultLogConfig } from "../log/default-config";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import { systemClock } from "../util/clock";
import { createLogger, type Logger } from "../util/logger";
import { fakeLogFactory, type FakeLogFactory } from "./fake-partition-log";
import { MAX_PARTITIONS_PER_TOPIC, createTopicManager, toLogConfig, topicConfigNames } from "./topic-manager";
import { ConfigSource, type CreateTopicRequest, type TopicManager } from "./types";

let dataDir: string;
let logs: FakeLogFactory;
let lines: string[];
let logger: Logger;
const managers: TopicManager[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "ferry-topics-"));
  logs = fakeLogFactory();
  lines = [];
  logger = createLogger({ level: "debug", write: (l) => lines.push(l) });
});

afterEach(() => {
  for (const m of managers.splice(0)) m.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function open(overrides: { autoCreateTopics?: boolean; defaultPartitions?: number } = {}): TopicManager {
  const m = createTopicManager({
    dataDir,
    nodeId: 1,
    defaultPartitions: overrides.defaultPartitions ?? 1,
    autoCreateTopics: overrides.autoCreateTopics ?? true,
    clock: systemClock,
    logger,
    openLog: logs.open,
  });
  managers.push(m);
  return m;
}

function reopen(m: TopicManager, overrides: Parameters<typeof open>[0] = {}): TopicManager {
  m.close();
  managers.splice(managers.indexOf(m), 1);
  return open(overrides);
}

const topic = (name: string, more: Partial<CreateTopicRequest> = {}): CreateTopicRequest => ({
  name,
  numPartitions: 1,
  replicationFactor: 1,
  assignments: [],
  configs: {},
  ...more,
});

function kafkaError(fn: () => unknown): KafkaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KafkaError) return e;
    throw e;
  }
  throw new Error("expected a KafkaError, nothing was thrown");
}

const partitionDir = (t: string, p: number) => join(dataDir, "logs", `${t}-${p}`);

describe("create and persist", () => {
  it("creates a topic with its logs and persists it across a reopen", () => {
    const m = open();
    m.create(topic("orders", { numPartitions: 3, configs: { "cleanup.policy": "compact", "retention.ms": "1000" } }), false);

    expect(m.names()).toEqual(["orders"]);
    expect(m.describe("orders")).toEqual({
      name: "orders",
      partitions: 3,
      internal: false,
      configs: { "cleanup.policy": "compact", "retention.ms": "1000" },
    });
    for (const p of [0, 1, 2]) expect(existsSync(partitionDir("orders", p))).toBe(true);
    expect(m.partitionLog("orders", 2)?.partition).toBe(2);
    expect(m.partitionLog("orders", 3)).toBeUndefined();
    expect(logs.find("orders", 0)?.config).toMatchObject({ cleanupCompact: true, cleanupDelete: false, retentionMs: 1000 });

    const file = JSON.parse(readFileSync(join(dataDir, "topics.json"), "utf8")) as {
      version: number;
      topics: { name: string; id: string; partitions: number; configs: Record<string, string> }[];
    };
    expect(file.version).toBe(1);
    expect(file.topics).toHaveLength(1);
    const stored = file.topics[0];
    expect(stored).toMatchObject({ name: "orders", partitions: 3, configs: { "cleanup.policy": "compact" } });
    expect(stored?.id).toMatch(/^[0-9a-f-]{36}$/);

    const again = reopen(m);
    expect(again.describe("orders")).toEqual({
      name: "orders",
      partitions: 3,
      internal: false,
      configs: { "cleanup.policy": "compact", "retention.ms": "1000" },
    });
    expect(again.describeTopicConfigs("orders", ["retention.ms"])[0]?.value).toBe("1000");
    // Reopening opens every partition again with the stored configs.
    const reopened = logs.opened.slice(3);
    expect(reopened.map((l) => `${l.topic}-${l.partition}`)).toEqual(["orders-0", "orders-1", "orders-2"]);
    expect(reopened[0]?.config.cleanupCompact).toBe(true);
    // The topic id survives the reopen.
    const afterFile = JSON.parse(readFileSync(join(dataDir, "topics.json"), "utf8")) as typeof file;
    again.create(topic("other"), false);
    const rewritten = JSON.parse(readFileSync(join(dataDir, "topics.json"), "utf8")) as typeof file;
    expect(rewritten.topics.find((t) => t.name === "orders")?.id).toBe(afterFile.topics[0]?.id);
  });

  it("uses the default partition count for -1 and accepts replication factor -1", () => {
    const m = open({ defaultPartitions: 4 });
    m.create(topic("a", { numPartitions: -1, replicationFactor: -1 }), false);
    expect(m.describe("a")?.partitions).toBe(4);
  });

  it("validateOnly checks everything and creates nothing", () => {
    const m = open();
    m.create(topic("dry", { numPartitions: 2 }), true);
    expect(m.names()).toEqual([]);
    expect(existsSync(partitionDir("dry", 0))).toBe(false);
    expect(kafkaError(() => m.create(topic("dry", { configs: { nope: "1" } }), true)).code).toBe(ErrorCode.INVALID_CONFIG);
  });

  it("refuses a topic that exists", () => {
    const m = open();
    m.create(topic("t"), false);
    const e = kafkaError(() => m.create(topic("t"), false));
    expect(e.code).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    expect(e.message).toBe("Topic 't' already exists.");
  });

  it("checks partition count, replication factor and assignments", () => {
    const m = open();
    expect(kafkaError(() => m.create(topic("t", { numPartitions: 0 }), false)).code).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(kafkaError(() => m.create(topic("t", { numPartitions: -5 }), false)).code).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(kafkaError(() => m.create(topic("t", { numPartitions: MAX_PARTITIONS_PER_TOPIC + 1 }), false)).code).toBe(
      ErrorCode.INVALID_PARTITIONS,
    );
    const rf = kafkaError(() => m.create(topic("t", { replicationFactor: 3 }), false));
    expect(rf.code).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect(rf.message).toContain("only 1 broker(s) are registered");
    expect(kafkaError(() => m.create(topic("t", { replicationFactor: 0 }), false)).code).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);

    const assigned = (assignments: CreateTopicRequest["assignments"]) =>
      topic("t", { numPartitions: -1, replicationFactor: -1, assignments });
    expect(kafkaError(() => m.create({ ...assigned([{ partition: 0, brokers: [1] }]), numPartitions: 1 }, false)).code).toBe(
      ErrorCode.INVALID_REQUEST,
    );
    expect(kafkaError(() => m.create(assigned([{ partition: 1, brokers: [1] }]), false)).code).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    expect(kafkaError(() => m.create(assigned([{ partition: 0, brokers: [2] }]), false)).code).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    expect(kafkaError(() => m.create(assigned([{ partition: 0, brokers: [] }]), false)).code).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    expect(m.names()).toEqual([]);

    m.create(assigned([{ partition: 1, brokers: [1] }, { partition: 0, brokers: [1] }]), false);
    expect(m.describe("t")?.partitions).toBe(2);
  });

  it("replaces a directory left behind by an earlier topic of the same name", () => {
    mkdirSync(partitionDir("reborn", 0), { recursive: true });
    writeFileSync(join(partitionDir("reborn", 0), "old.log"), "stale");
    const m = open();
    m.create(topic("reborn"), false);
    expect(existsSync(join(partitionDir("reborn", 0), "old.log"))).toBe(false);
    expect(lines.some((l) => l.includes("stale partition directory"))).toBe(true);
  });

  it("refuses to start on a damaged topics.json instead of forgetting topics", () => {
    writeFileSync(join(dataDir, "topics.json"), "{not json");
    expect(() => open()).toThrow(/topics.json is not a valid topics file/);
  });

  it("reports directories that belong to no topic without removing them", () => {
    mkdirSync(partitionDir("ghost", 0), { recursive: true });
    open();
    expect(existsSync(partitionDir("ghost", 0))).toBe(true);
    expect(lines.some((l) => l.includes("belongs to no topic"))).toBe(true);
  });
});

describe("topic names", () => {
  it.each([
    ["", "Topic name is illegal, it can't be empty"],
    [".", 'Topic name cannot be "." or ".."'],
    ["..", 'Topic name cannot be "." or ".."'],
    ["a".repeat(250), "it can't be longer than 249 characters"],
    ["has space", "contains a character other than ASCII alphanumerics, '.', '_' and '-'"],
    ["slash/y", "contains a character other than ASCII alphanumerics"],
    ["ünïcode", "contains a character other than ASCII alphanumerics"],
  ])("rejects %j", (name, message) => {
    const m = open();
    const e = kafkaError(() => m.create(topic(name), false));
    expect(e.code).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(e.message).toContain(message);
  });

  it("accepts every legal character and the maximum length", () => {
    const m = open();
    m.create(topic("Az09._-"), false);
    m.create(topic("b".repeat(249)), false);
    expect(m.names()).toHaveLength(2);
  });

  it("refuses names that collide on '.' versus '_'", () => {
    const m = open();
    m.create(topic("a.b"), false);
    const e = kafkaError(() => m.create(topic("a_b"), false));
    expect(e.code).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(e.message).toBe("Topic 'a_b' collides with existing topics: a.b");
  });
});

describe("auto-create", () => {
  it("creates a missing topic with the defaults when enabled", () => {
    const m = open({ autoCreateTopics: true, defaultPartitions: 2 });
    expect(m.autoCreateEnabled).toBe(true);
    expect(m.getOrAutoCreate("auto")).toEqual({ name: "auto", partitions: 2, internal: false, configs: {} });
    expect(m.getOrAutoCreate("auto").partitions).toBe(2);
    expect(logs.opened).toHaveLength(2);
  });

  it("answers UNKNOWN_TOPIC_OR_PARTITION when disabled", () => {
    const m = open({ autoCreateTopics: false });
    expect(m.autoCreateEnabled).toBe(false);
    expect(kafkaError(() => m.getOrAutoCreate("auto")).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    m.create(topic("made"), false);
    expect(m.getOrAutoCreate("made").name).toBe("made");
  });

  it("rejects an invalid name even when enabled", () => {
    const m = open();
    expect(kafkaError(() => m.getOrAutoCreate("bad name")).code).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
  });

  it("reports names starting with __ as internal", () => {
    const m = open();
    expect(m.getOrAutoCreate("__consumer_offsets").internal).toBe(true);
  });
});

describe("config validation", () => {
  it.each([
    [{ nope: "1" }, "Unknown topic config name: nope"],
    [{ "retention.ms": "-2" }, "Invalid value -2 for configuration retention.ms: Value must be at least -1"],
    [{ "retention.ms": "abc" }, "Invalid value abc for configuration retention.ms: Not a number of type LONG"],
    [{ "retention.ms": "1.5" }, "Not a number of type LONG"],
    [{ "retention.ms": "9223372036854775808" }, "Not a number of type LONG"],
    [{ "segment.bytes": "13" }, "Invalid value 13 for configuration segment.bytes: Value must be at least 14"],
    [{ "segment.bytes": "2147483648" }, "Not a number of type INT"],
    [{ "segment.ms": "0" }, "Value must be at least 1"],
    [{ "cleanup.policy": "forever" }, "Invalid value forever for configuration cleanup.policy: String must be one of: compact, delete"],
    [{ "cleanup.policy": "" }, "configuration cleanup.policy"],
    [{ "message.timestamp.type": "createtime" }, "String must be one of: CreateTime, LogAppendTime"],
    [{ "compression.type": "brotli" }, "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"],
    [{ "min.cleanable.dirty.ratio": "1.5" }, "Value must be no more than 1"],
    [{ "min.cleanable.dirty.ratio": "half" }, "Not a number of type DOUBLE"],
    [{ "unclean.leader.election.enable": "yes" }, "Expected value to be either true or false"],
    [{ "min.insync.replicas": "0" }, "Value must be at least 1"],
    [{ "flush.messages": "0" }, "Value must be at least 1"],
    [{ "leader.replication.throttled.replicas": "x" }, "partitionId:brokerId"],
    [{ "remote.storage.enable": "true" }, "Tiered storage"],
    [{ "retention.ms": null }, "Null value not supported for topic configs: retention.ms"],
  ])("rejects %j", (configs, message) => {
    const m = open();
    const e = kafkaError(() => m.create(topic("t", { configs }), false));
    expect(e.code).toBe(ErrorCode.INVALID_CONFIG);
    expect(e.message).toContain(message);
    expect(m.names()).toEqual([]);
  });

  it.each<Record<string, string>>([
    { "cleanup.policy": "compact,delete" },
    { "cleanup.policy": "delete, compact" },
    { "retention.ms": "-1", "retention.bytes": "-1" },
    { "retention.ms": "9223372036854775807" },
    { "segment.bytes": "14", "segment.ms": "1" },
    { "message.timestamp.type": "LogAppendTime" },
    { "unclean.leader.election.enable": "TRUE", preallocate: "false" },
    { "min.cleanable.dirty.ratio": "0.01", "compression.type": "zstd" },
    { "leader.replication.throttled.replicas": "0:1,1:1", "follower.replication.throttled.replicas": "*" },
  ])("accepts %j", (configs) => {
    const m = open();
    m.create(topic("t", { configs }), false);
    expect(m.describe("t")?.configs).toEqual(configs);
  });

  it("maps configs onto the log config, with the log's own defaults when nothing is set", () => {
    expect(toLogConfig({})).toEqual(defaultLogConfig);
    expect(
      toLogConfig({
        "cleanup.policy": "compact, delete",
        "segment.bytes": "1024",
        "retention.ms": "-1",
        "message.timestamp.type": "LogAppendTime",
        "flush.messages": "1",
      }),
    ).toMatchObject({ cleanupCompact: true, cleanupDelete: true, segmentBytes: 1024, retentionMs: -1, logAppendTime: true, flushMessages: 1 });
  });
});

describe("describe configs", () => {
  it("returns every known topic config, set ones as TOPIC_CONFIG and the rest as defaults", () => {
    const m = open();
    m.create(topic("t", { configs: { "cleanup.policy": "compact" } }), false);
    const all = m.describeTopicConfigs("t", null);
    expect(all.map((e) => e.name)).toEqual([...topicConfigNames]);

    const policy = all.find((e) => e.name === "cleanup.policy");
    expect(policy).toEqual({
      name: "cleanup.policy",
      value: "compact",
      readOnly: false,
      isDefault: false,
      source: ConfigSource.TOPIC_CONFIG,
      isSensitive: false,
      synonyms: [
        { name: "cleanup.policy", value: "compact", source: ConfigSource.TOPIC_CONFIG },
        { name: "log.cleanup.policy", value: "delete", source: ConfigSource.DEFAULT_CONFIG },
      ],
    });
    const retention = all.find((e) => e.name === "retention.ms");
    expect(retention).toMatchObject({ value: "604800000", isDefault: true, source: ConfigSource.DEFAULT_CONFIG });
    expect(retention?.synonyms).toEqual([{ name: "log.retention.ms", value: "604800000", source: ConfigSource.DEFAULT_CONFIG }]);
  });

  it("filters by key and ignores unknown keys", () => {
    const m = open();
    m.create(topic("t"), false);
    expect(m.describeTopicConfigs("t", ["segment.bytes", "nope"]).map((e) => [e.name, e.value])).toEqual([
      ["segment.bytes", "1073741824"],
    ]);
  });

  it("answers UNKNOWN_TOPIC_OR_PARTITION for a missing topic", () => {
    const m = open();
    expect(kafkaError(() => m.describeTopicConfigs("missing", null)).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it("describes broker configs: values given at start as STATIC_BROKER_CONFIG, the rest as defaults", () => {
    const m = open({ defaultPartitions: 3, autoCreateTopics: false });
    const all = m.describeBrokerConfigs(null);
    const byName = new Map(all.map((e) => [e.name, e]));
    expect(byName.get("broker.id")).toMatchObject({ value: "1", source: ConfigSource.STATIC_BROKER_CONFIG, isDefault: false });
    expect(byName.get("num.partitions")).toMatchObject({ value: "3", source: ConfigSource.STATIC_BROKER_CONFIG });
    expect(byName.get("auto.create.topics.enable")).toMatchObject({ value: "false", source: ConfigSource.STATIC_BROKER_CONFIG });
    expect(byName.get("log.dirs")).toMatchObject({ value: join(dataDir, "logs"), source: ConfigSource.STATIC_BROKER_CONFIG });
    for (const name of [
      "log.retention.ms",
      "log.retention.bytes",
      "log.segment.bytes",
      "log.cleanup.policy",
      "default.replication.factor",
      "offsets.topic.replication.factor",
      "message.max.bytes",
    ]) {
      expect(byName.get(name), name).toMatchObject({ source: ConfigSource.DEFAULT_CONFIG, isDefault: true, readOnly: true });
    }
    expect(byName.get("log.cleanup.policy")?.value).toBe("delete");
    expect(byName.get("offsets.topic.replication.factor")?.value).toBe("1");
    expect(m.describeBrokerConfigs(["message.max.bytes"]).map((e) => e.value)).toEqual(["1048588"]);
  });
});

describe("alter configs", () => {
  it("replaces the whole set, pushes the new log config and persists it", () => {
    const m = open();
    m.create(topic("t", { numPartitions: 2, configs: { "retention.ms": "1000", "cleanup.policy": "compact" } }), false);
    m.alterTopicConfigs("t", { "segment.ms": "5000" }, false);

    expect(m.describe("t")?.configs).toEqual({ "segment.ms": "5000" });
    const retention = m.describeTopicConfigs("t", ["retention.ms"])[0];
    expect(retention).toMatchObject({ value: "604800000", source: ConfigSource.DEFAULT_CONFIG });
    for (const p of [0, 1]) {
      expect(logs.find("t", p)?.config).toMatchObject({ segmentMs: 5000, retentionMs: 604800000, cleanupCompact: false, cleanupDelete: true });
    }
    expect(reopen(m).describe("t")?.configs).toEqual({ "segment.ms": "5000" });
  });

  it("treats a null value as 'back to default'", () => {
    const m = open();
    m.create(topic("t", { configs: { "retention.ms": "1000" } }), false);
    m.alterTopicConfigs("t", { "retention.ms": null, "retention.bytes": "10" }, false);
    expect(m.describe("t")?.configs).toEqual({ "retention.bytes": "10" });
  });

  it("validates without changing anything on validateOnly or a bad value", () => {
    const m = open();
    m.create(topic("t", { configs: { "retention.ms": "1000" } }), false);
    m.alterTopicConfigs("t", { "retention.ms": "2000" }, true);
    expect(m.describe("t")?.configs).toEqual({ "retention.ms": "1000" });
    const e = kafkaError(() => m.alterTopicConfigs("t", { "retention.ms": "2000", "segment.bytes": "1" }, false));
    expect(e.code).toBe(ErrorCode.INVALID_CONFIG);
    expect(m.describe("t")?.configs).toEqual({ "retention.ms": "1000" });
    expect(kafkaError(() => m.alterTopicConfigs("missing", {}, false)).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});

describe("create partitions", () => {
  it("grows a topic, opening the new logs with the topic's config, and persists the count", () => {
    const m = open();
    m.create(topic("t", { numPartitions: 2, configs: { "retention.ms": "1234" } }), false);
    m.createPartitions("t", 5, false);
    expect(m.describe("t")?.partitions).toBe(5);
    expect(logs.find("t", 4)?.config.retentionMs).toBe(1234);
    expect(existsSync(partitionDir("t", 4))).toBe(true);
    expect(reopen(m).describe("t")?.partitions).toBe(5);
  });

  it("refuses to shrink, to keep the count, or to grow an unknown topic", () => {
    const m = open();
    m.create(topic("t", { numPartitions: 3 }), false);
    const lower = kafkaError(() => m.createPartitions("t", 2, false));
    expect(lower.code).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(lower.message).toBe("Topic currently has 3 partitions, which is higher than the requested 2.");
    const same = kafkaError(() => m.createPartitions("t", 3, false));
    expect(same.code).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(same.message).toBe("Topic already has 3 partitions.");
    expect(kafkaError(() => m.createPartitions("missing", 3, false)).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it("validateOnly changes nothing", () => {
    const m = open();
    m.create(topic("t"), false);
    m.createPartitions("t", 4, true);
    expect(m.describe("t")?.partitions).toBe(1);
  });
});

describe("delete", () => {
  it("destroys the logs, removes the files and forgets the topic across a reopen", () => {
    const m = open();
    m.create(topic("gone", { numPartitions: 2 }), false);
    m.create(topic("kept"), false);
    const before = [logs.find("gone", 0), logs.find("gone", 1)];
    m.delete("gone");

    expect(m.names()).toEqual(["kept"]);
    expect(m.describe("gone")).toBeUndefined();
    expect(m.partitionLog("gone", 0)).toBeUndefined();
    expect(before.every((l) => l?.destroyed)).toBe(true);
    expect(existsSync(partitionDir("gone", 0))).toBe(false);
    expect(existsSync(partitionDir("gone", 1))).toBe(false);
    expect(readFileSync(join(dataDir, "topics.json"), "utf8")).not.toContain('"gone"');
    expect(reopen(m).names()).toEqual(["kept"]);
  });

  it("answers UNKNOWN_TOPIC_OR_PARTITION for a missing topic", () => {
    const m = open();
    expect(kafkaError(() => m.delete("missing")).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it("lets a deleted name be created again, empty", () => {
    const m = open();
    m.create(topic("again", { numPartitions: 2 }), false);
    m.delete("again");
    m.create(topic("again"), false);
    expect(m.describe("again")?.partitions).toBe(1);
  });
});

describe("maintenance and shutdown", () => {
  it("maintains every log, and a failing log costs one log line, never an exception", () => {
    const m = open();
    m.create(topic("t", { numPartitions: 3 }), false);
    const bad = logs.find("t", 1);
    if (bad) bad.failMaintain = true;
    expect(() => m.maintain()).not.toThrow();
    expect(logs.opened.map((l) => l.maintainCalls)).toEqual([1, 1, 1]);
    expect(lines.filter((l) => l.includes("log maintenance failed"))).toHaveLength(1);
  });

  it("closes every log on close", () => {
    const m = open();
    m.create(topic("t", { numPartitions: 2 }), false);
    m.close();
    expect(logs.opened.every((l) => l.closed && !l.destroyed)).toBe(true);
    expect(m.names()).toEqual([]);
  });
});

describe("with the real file-backed partition log", () => {
  // kafkajs's own record batch encoder builds a produce-shaped batch; no types, so a local wrapper.
  const require = createRequire(import.meta.url);
  type Encoded = { buffer: Buffer };
  const recordBatch = (require("kafkajs/src/protocol/recordBatch/v0/index.js") as {
    RecordBatch: (o: { records: Encoded[]; lastOffsetDelta: number }) => Promise<Encoded>;
  }).RecordBatch;
  const record = require("kafkajs/src/protocol/recordBatch/record/v0/index.js") as (o: { offsetDelta: number; value: Buffer }) => Encoded;

  async function batchOf(n: number): Promise<Buffer> {
    const records = Array.from({ length: n }, (_, i) => record({ offsetDelta: i, value: Buffer.from(`v${i}`) }));
    return (await recordBatch({ records, lastOffsetDelta: n - 1 })).buffer;
  }

  function openReal(): TopicManager {
    const m = createTopicManager({ dataDir, nodeId: 1, defaultPartitions: 1, autoCreateTopics: true, clock: systemClock, logger });
    managers.push(m);
    return m;
  }

  it("keeps data across a reopen, deletes records, and removes the files on delete", async () => {
    const m = openReal();
    m.create(topic("real", { numPartitions: 2, configs: { "segment.bytes": "1024" } }), false);
    const log = m.partitionLog("real", 1);
    expect(log?.append(await batchOf(3)).baseOffset).toBe(0);
    expect(existsSync(partitionDir("real", 1))).toBe(true);

    m.close();
    const again = openReal();
    const reopened = again.partitionLog("real", 1);
    expect(reopened?.logEndOffset).toBe(3);
    expect(reopened?.deleteRecordsBefore(2)).toBe(2);
    again.alterTopicConfigs("real", { "retention.ms": "-1" }, false);
    expect(() => again.maintain()).not.toThrow();

    again.delete("real");
    expect(existsSync(partitionDir("real", 0))).toBe(false);
    expect(existsSync(partitionDir("real", 1))).toBe(false);
    again.create(topic("real"), false);
    expect(again.partitionLog("real", 0)?.logEndOffset).toBe(0);
  });
});
