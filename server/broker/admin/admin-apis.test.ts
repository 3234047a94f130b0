import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDefinition, RequestContext } from "../api";
import { ErrorCode } from "../protocol/error-codes";
import { Reader } from "../protocol/reader";
import { Writer } from "../protocol/writer";
import { systemClock } from "../util/clock";
import { silentLogger } from "../util/logger";
import { createAdminApis } from "./admin-apis";
import { fakeLogFactory, type FakeLogFactory } from "./fake-partition-log";
import { createTopicManager } from "./topic-manager";
import type { TopicManager } from "./types";

// Each request is encoded by kafkajs's own encoder and each response decoded by kafkajs's own
// decoder, so these tests check the whole path a kafkajs admin call takes. kafkajs has no types
// for these modules; the wrappers declare what the tests use.
const require = createRequire(import.meta.url);
interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
interface KafkajsResponse {
  decode(raw: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<unknown>;
}

let dataDir: string;
let logs: FakeLogFactory;
let topics: TopicManager;
let apis: ApiDefinition[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "ferry-admin-"));
  logs = fakeLogFactory();
  topics = createTopicManager({
    dataDir,
    nodeId: 1,
    defaultPartitions: 2,
    autoCreateTopics: true,
    clock: systemClock,
    logger: silentLogger,
    openLog: logs.open,
  });
  apis = createAdminApis(topics, { nodeId: 1, logger: silentLogger });
});

afterEach(() => {
  topics.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends kafkajs's encoding of a request through our codec and handler; returns kafkajs's decoding of the answer. */
async function call<T>(api: string, version: number, args: object, response?: KafkajsResponse): Promise<T> {
  const factory = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`) as (a: object) => KafkajsRequest;
  const request = factory(args);
  const def = apis.find((a) => a.key === request.apiKey);
  if (!def) throw new Error(`no API with key ${request.apiKey}`);
  expect(version).toBeGreaterThanOrEqual(def.minVersion);
  expect(version).toBeLessThanOrEqual(def.maxVersion);

  const reader = new Reader((await request.encode()).buffer);
  const decoded = def.decodeRequest(reader, version);
  expect(reader.remaining).toBe(0);
  const ctx: RequestContext = {
    header: { apiKey: request.apiKey, apiVersion: version, correlationId: 1, clientId: "test-client" },
    connectionId: 1,
    remoteAddress: "127.0.0.1",
    signal: new AbortController().signal,
  };
  const res = await def.handle(decoded, ctx);
  const w = new Writer();
  def.encodeResponse(w, version, res);
  const codec = response ?? (require(`kafkajs/src/protocol/requests/${api}/v${version}/response.js`) as KafkajsResponse);
  return (await codec.decode(w.toBuffer())) as T;
}

interface TopicErrors {
  topicErrors: { topic: string; errorCode: number; errorMessage?: string | null }[];
}

describe("CreateTopics", () => {
  it("creates topics and answers each problem in its own entry (v3)", async () => {
    topics.create({ name: "exists", numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }, false);
    const res = await call<TopicErrors>("createTopics", 3, {
      topics: [
        { topic: "orders", numPartitions: 3, configEntries: [{ name: "cleanup.policy", value: "compact" }] },
        { topic: "defaults" },
        { topic: "bad name" },
        { topic: "exists" },
        { topic: "badconf", configEntries: [{ name: "x", value: "1" }] },
        { topic: "rf", replicationFactor: 3 },
        { topic: "dup" },
        { topic: "dup" },
      ],
    });
    const byTopic = Object.fromEntries(res.topicErrors.map((t) => [t.topic, [t.errorCode, t.errorMessage]]));
    expect(byTopic).toEqual({
      orders: [0, null],
      defaults: [0, null],
      "bad name": [
        ErrorCode.INVALID_TOPIC_EXCEPTION,
        "Topic name \"bad name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'",
      ],
      exists: [ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'exists' already exists."],
      badconf: [ErrorCode.INVALID_CONFIG, "Unknown topic config name: x"],
      rf: [ErrorCode.INVALID_REPLICATION_FACTOR, expect.stringContaining("replication factor of 3") as unknown],
      dup: [
        ErrorCode.INVALID_REQUEST,
        "Create topics request from client `test-client` contains multiple entries for the following topics: dup",
      ],
    });
    expect(res.topicErrors.filter((t) => t.topic === "dup")).toHaveLength(1);
    expect(topics.describe("orders")).toMatchObject({ partitions: 3, configs: { "cleanup.policy": "compact" } });
    // kafkajs sends -1 for an unset partition count and replication factor.
    expect(topics.describe("defaults")?.partitions).toBe(2);
    expect(topics.describe("dup")).toBeUndefined();
  });

  it("honours validateOnly from v1 and ignores it at v0, which cannot carry it", async () => {
    const v1 = await call<TopicErrors>("createTopics", 1, { topics: [{ topic: "dry" }], validateOnly: true });
    expect(v1.topicErrors).toEqual([{ topic: "dry", errorCode: 0, errorMessage: null }]);
    expect(topics.describe("dry")).toBeUndefined();

    const v0 = await call<TopicErrors>("createTopics", 0, { topics: [{ topic: "real" }] });
    expect(v0.topicErrors).toEqual([{ topic: "real", errorCode: 0 }]);
    expect(topics.describe("real")).toBeDefined();
  });

  it("gives kafkajs a response its parse accepts on success and rejects on failure", async () => {
    const codec = require("kafkajs/src/protocol/requests/createTopics/v2/response.js") as KafkajsResponse;
    const ok = await call<unknown>("createTopics", 2, { topics: [{ topic: "fine" }] }, codec);
    await expect(codec.parse(ok)).resolves.toBeDefined();
    const bad = await call<unknown>("createTopics", 2, { topics: [{ topic: "fine" }] }, codec);
    await expect(codec.parse(bad)).rejects.toThrow(/Topic creation errors/);
  });
});

describe("DeleteTopics", () => {
  it.each([0, 1])("deletes topics and reports missing ones (v%i)", async (version) => {
    topics.create({ name: "a", numPartitions: 2, replicationFactor: 1, assignments: [], configs: {} }, false);
    const res = await call<TopicErrors>("deleteTopics", version, { topics: ["a", "missing", "a"] });
    expect(res.topicErrors).toEqual([
      { topic: "a", errorCode: 0 },
      { topic: "missing", errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
    ]);
    expect(topics.names()).toEqual([]);
    expect(logs.find("a", 1)?.destroyed).toBe(true);
  });
});

describe("CreatePartitions", () => {
  it.each([0, 1])("grows topics and checks assignments (v%i)", async (version) => {
    for (const name of ["grow", "assign", "wrong", "same"]) {
      topics.create({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }, false);
    }
    const res = await call<TopicErrors>("createPartitions", version, {
      topicPartitions: [
        { topic: "grow", count: 3 },
        { topic: "assign", count: 3, assignments: [[1], [1]] },
        { topic: "wrong", count: 3, assignments: [[2], [1]] },
        { topic: "same", count: 1 },
        { topic: "missing", count: 2 },
      ],
    });
    expect(res.topicErrors).toEqual([
      { topic: "assign", errorCode: 0, errorMessage: null },
      { topic: "grow", errorCode: 0, errorMessage: null },
      { topic: "missing", errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: "The topic 'missing' does not exist." },
      { topic: "same", errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: "Topic already has 1 partitions." },
      {
        topic: "wrong",
        errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        errorMessage: "The manual partition assignment includes broker 2, but no such broker is registered.",
      },
    ]);
    expect(topics.describe("grow")?.partitions).toBe(3);
    expect(topics.describe("assign")?.partitions).toBe(3);
    expect(topics.describe("wrong")?.partitions).toBe(1);
  });

  it("answers a topic named twice with INVALID_REQUEST", async () => {
    topics.create({ name: "t", numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }, false);
    const res = await call<TopicErrors>("createPartitions", 1, {
      topicPartitions: [
        { topic: "t", count: 2 },
        { topic: "t", count: 3 },
      ],
    });
    expect(res.topicErrors).toEqual([{ topic: "t", errorCode: ErrorCode.INVALID_REQUEST, errorMessage: "Duplicate topic in request." }]);
    expect(topics.describe("t")?.partitions).toBe(1);
  });
});

interface DescribeResult {
  resources: {
    errorCode: number;
    errorMessage: string | null;
    resourceType: number;
    resourceName: string;
    configEntries: {
      configName: string;
      configValue: string | null;
      isDefault: boolean;
      configSource: number;
      readOnly: boolean;
      configSynonyms?: { configName: string; configValue: string | null; configSource: number }[];
    }[];
  }[];
}

describe("DescribeConfigs", () => {
  beforeEach(() => {
    topics.create({ name: "orders", numPartitions: 1, replicationFactor: 1, assignments: [], configs: { "cleanup.policy": "compact" } }, false);
  });

  it("describes a topic at v0 with is_default", async () => {
    const res = await call<DescribeResult>("describeConfigs", 0, {
      resources: [{ type: 2, name: "orders", configNames: ["cleanup.policy", "retention.ms"] }],
    });
    expect(res.resources[0]?.configEntries).toEqual([
      { configName: "cleanup.policy", configValue: "compact", readOnly: false, isDefault: false, configSource: 1, isSensitive: false },
      { configName: "retention.ms", configValue: "604800000", readOnly: false, isDefault: true, configSource: 5, isSensitive: false },
    ]);
  });

  it.each([1, 2])("sends synonyms at v%i only when asked", async (version) => {
    const without = await call<DescribeResult>("describeConfigs", version, {
      resources: [{ type: 2, name: "orders", configNames: ["cleanup.policy"] }],
    });
    expect(without.resources[0]?.configEntries[0]).toMatchObject({ configName: "cleanup.policy", configSource: 1, configSynonyms: [] });

    const withSyn = await call<DescribeResult>("describeConfigs", version, {
      resources: [{ type: 2, name: "orders", configNames: ["cleanup.policy"] }],
      includeSynonyms: true,
    });
    expect(withSyn.resources[0]?.configEntries[0]?.configSynonyms).toEqual([
      { configName: "cleanup.policy", configValue: "compact", configSource: 1 },
      { configName: "log.cleanup.policy", configValue: "delete", configSource: 5 },
    ]);
  });

  it("returns every config when no names are given, and broker configs for this node", async () => {
    const res = await call<DescribeResult>("describeConfigs", 2, {
      resources: [
        { type: 2, name: "orders" },
        { type: 4, name: "1", configNames: ["broker.id", "log.retention.ms"] },
      ],
    });
    const [topic, broker] = res.resources;
    expect(topic?.configEntries.length).toBeGreaterThan(20);
    expect(broker).toMatchObject({ errorCode: 0, resourceType: 4, resourceName: "1" });
    expect(broker?.configEntries.map((e) => [e.configName, e.configValue, e.configSource, e.readOnly])).toEqual([
      ["broker.id", "1", 4, true],
      ["log.retention.ms", "604800000", 5, true],
    ]);
  });

  it("answers each bad resource with its own error", async () => {
    const res = await call<DescribeResult>("describeConfigs", 1, {
      resources: [
        { type: 2, name: "missing" },
        { type: 4, name: "7" },
        { type: 8, name: "1" },
        { type: 2, name: "orders", configNames: ["segment.bytes"] },
      ],
    });
    expect(res.resources.map((r) => [r.resourceName, r.errorCode, r.errorMessage, r.configEntries.length])).toEqual([
      ["missing", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'missing' does not exist.", 0],
      ["7", ErrorCode.INVALID_REQUEST, "Unexpected broker id, expected 1 or empty string, but received 7", 0],
      ["1", ErrorCode.INVALID_REQUEST, expect.stringContaining("Unsupported resource type 8") as unknown, 0],
      ["orders", 0, null, 1],
    ]);
  });
});

interface AlterResult {
  resources: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[];
}

describe("AlterConfigs", () => {
  it.each([0, 1])("replaces topic configs and refuses broker changes (v%i)", async (version) => {
    topics.create({ name: "orders", numPartitions: 2, replicationFactor: 1, assignments: [], configs: { "retention.ms": "1" } }, false);
    const res = await call<AlterResult>("alterConfigs", version, {
      resources: [
        { type: 2, name: "orders", configEntries: [{ name: "cleanup.policy", value: "compact,delete" }] },
        { type: 2, name: "missing", configEntries: [] },
        { type: 2, name: "orders2", configEntries: [] },
        { type: 4, name: "1", configEntries: [{ name: "log.retention.ms", value: "1" }] },
      ],
    });
    expect(res.resources.map((r) => [r.resourceName, r.errorCode])).toEqual([
      ["orders", 0],
      ["missing", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ["orders2", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ["1", ErrorCode.INVALID_REQUEST],
    ]);
    expect(res.resources[3]?.errorMessage).toContain("Cannot update these configs dynamically: log.retention.ms");
    expect(topics.describe("orders")?.configs).toEqual({ "cleanup.policy": "compact,delete" });
    expect(logs.find("orders", 1)?.config).toMatchObject({ cleanupCompact: true, cleanupDelete: true, retentionMs: 604800000 });
  });

  it("reports an invalid value with Kafka's message and leaves the topic alone", async () => {
    topics.create({ name: "orders", numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }, false);
    const res = await call<AlterResult>("alterConfigs", 1, {
      resources: [{ type: 2, name: "orders", configEntries: [{ name: "retention.ms", value: "soon" }] }],
    });
    expect(res.resources[0]).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: "Invalid value soon for configuration retention.ms: Not a number of type LONG",
    });
    expect(topics.describe("orders")?.configs).toEqual({});
  });

  it("validates only when asked", async () => {
    topics.create({ name: "orders", numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }, false);
    const res = await call<AlterResult>("alterConfigs", 0, {
      resources: [{ type: 2, name: "orders", configEntries: [{ name: "retention.ms", value: "5" }] }],
      validateOnly: true,
    });
    expect(res.resources[0]?.errorCode).toBe(0);
    expect(topics.describe("orders")?.configs).toEqual({});
  });
});

describe("DeleteRecords", () => {
  it.each([0, 1])("moves the low watermark per partition (v%i)", async (version) => {
    topics.create({ name: "t", numPartitions: 3, replicationFactor: 1, assignments: [], configs: {} }, false);
    topics.create({ name: "compacted", numPartitions: 1, replicationFactor: 1, assignments: [], configs: { "cleanup.policy": "compact" } }, false);
    for (const p of [0, 1, 2]) logs.find("t", p)?.setEndOffset(10);
    const requestTopics = [
      {
        topic: "t",
        partitions: [
          { partition: 0, offset: "4" },
          { partition: 1, offset: "-1" },
          { partition: 2, offset: "11" },
          { partition: 9, offset: "1" },
        ],
      },
      { topic: "compacted", partitions: [{ partition: 0, offset: "0" }] },
      { topic: "missing", partitions: [{ partition: 0, offset: "0" }] },
    ];
    const factory = require(`kafkajs/src/protocol/requests/deleteRecords/v${version}/response.js`) as (a: object) => KafkajsResponse;
    const res = await call<{ topics: { topic: string; partitions: { partition: number; lowWatermark: bigint; errorCode: number }[] }[] }>(
      "deleteRecords",
      version,
      { topics: requestTopics },
      factory({ topics: requestTopics }),
    );
    expect(res.topics).toEqual([
      { topic: "compacted", partitions: [{ partition: 0, lowWatermark: -1n, errorCode: ErrorCode.POLICY_VIOLATION }] },
      { topic: "missing", partitions: [{ partition: 0, lowWatermark: -1n, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      {
        topic: "t",
        partitions: [
          { partition: 0, lowWatermark: 4n, errorCode: 0 },
          { partition: 1, lowWatermark: 10n, errorCode: 0 },
          { partition: 2, lowWatermark: -1n, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE },
          { partition: 9, lowWatermark: -1n, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
        ],
      },
    ]);
    expect(topics.partitionLog("t", 0)?.logStartOffset).toBe(4);
    expect(topics.partitionLog("t", 1)?.logStartOffset).toBe(10);
  });
});

describe("errors that are not KafkaErrors", () => {
  it("become UNKNOWN_SERVER_ERROR for that topic, never a thrown handler", async () => {
    topics.create({ name: "t", numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }, false);
    const log = logs.find("t", 0);
    if (!log) throw new Error("no log");
    log.deleteRecordsBefore = () => {
      throw new Error("disk gone");
    };
    const requestTopics = [{ topic: "t", partitions: [{ partition: 0, offset: "0" }] }];
    const factory = require("kafkajs/src/protocol/requests/deleteRecords/v1/response.js") as (a: object) => KafkajsResponse;
    const res = await call<{ topics: { partitions: { errorCode: number }[] }[] }>("deleteRecords", 1, { topics: requestTopics }, factory({ topics: requestTopics }));
    expect(res.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
  });
});
