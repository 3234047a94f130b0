import { randomUUID } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LogConfig, PartitionLog } from "../log/types";
import { openPartitionLog } from "../log/partition-log";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import { writeFileAtomic } from "../util/atomic-file";
import type { Clock } from "../util/clock";
import type { Logger } from "../util/logger";
import { ConfigSource, type ConfigEntry, type CreateTopicRequest, type TopicDescription, type TopicManager } from "./types";

export interface TopicManagerOptions {
  dataDir: string;
  nodeId: number;
  /** num.partitions: used when a create asks for -1 and for auto-created topics. */
  defaultPartitions: number;
  /** auto.create.topics.enable */
  autoCreateTopics: boolean;
  clock: Clock;
  logger: Logger;
  /** Opens one partition's log; `dir` is that partition's own directory. Injected by tests. */
  openLog?: typeof openPartitionLog;
  /** Called after a topic is deleted (its committed group offsets go with it, as in Kafka). */
  onTopicDeleted?: (topic: string) => void;
}

/** A guard against a typo creating millions of partition directories; Kafka has no per-topic cap. */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;

const LONG_MAX = "9223372036854775807";
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX_BIG = 2n ** 63n - 1n;

type ConfigType = "int" | "long" | "double" | "boolean" | "string" | "list";

interface TopicConfigDef {
  name: string;
  type: ConfigType;
  default: string;
  /** The broker config that supplies the default (Kafka's ServerTopicConfigSynonyms). */
  brokerSynonym?: string;
  min?: number;
  max?: number;
  oneOf?: readonly string[];
  /** Extra check; returns the reason when the value is not acceptable. */
  check?: (value: string) => string | null;
}

const COMPRESSION_TYPES = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"] as const;

/** Kafka's throttled-replica list: "*" or entries "partition:broker". */
function checkThrottledReplicas(value: string): string | null {
  const items = splitList(value);
  if (items.length === 1 && items[0] === "*") return null;
  return items.every((i) => /^\d+:\d+$/.test(i))
    ? null
    : "Must be the wildcard '*' or a list of 'partitionId:brokerId' pairs";
}

/** Every topic config Kafka accepts (3.x/4.x, minus the removed message.format.version), by name. */
const TOPIC_CONFIGS: readonly TopicConfigDef[] = [
  { name: "cleanup.policy", type: "list", default: "delete", brokerSynonym: "log.cleanup.policy", oneOf: ["compact", "delete"] },
  { name: "compression.gzip.level", type: "int", default: "-1", brokerSynonym: "compression.gzip.level",
    check: (v) => (v.trim() === "-1" || (Number(v) >= 1 && Number(v) <= 9) ? null : "Value must be between 1 and 9, or -1 for the default") },
  { name: "compression.lz4.level", type: "int", default: "9", brokerSynonym: "compression.lz4.level", min: 1, max: 17 },
  { name: "compression.type", type: "string", default: "producer", brokerSynonym: "compression.type", oneOf: COMPRESSION_TYPES },
  { name: "compression.zstd.level", type: "int", default: "3", brokerSynonym: "compression.zstd.level", min: -131072, max: 22 },
  { name: "delete.retention.ms", type: "long", default: "86400000", brokerSynonym: "log.cleaner.delete.retention.ms", min: 0 },
  { name: "file.delete.delay.ms", type: "long", default: "60000", brokerSynonym: "log.segment.delete.delay.ms", min: 0 },
  { name: "flush.messages", type: "long", default: LONG_MAX, brokerSynonym: "log.flush.interval.messages", min: 1 },
  { name: "flush.ms", type: "long", default: LONG_MAX, brokerSynonym: "log.flush.interval.ms", min: 0 },
  { name: "follower.replication.throttled.replicas", type: "list", default: "", check: checkThrottledReplicas },
  { name: "index.interval.bytes", type: "int", default: "4096", brokerSynonym: "log.index.interval.bytes", min: 0 },
  { name: "leader.replication.throttled.replicas", type: "list", default: "", check: checkThrottledReplicas },
  { name: "local.retention.bytes", type: "long", default: "-2", brokerSynonym: "log.local.retention.bytes", min: -2 },
  { name: "local.retention.ms", type: "long", default: "-2", brokerSynonym: "log.local.retention.ms", min: -2 },
  { name: "max.compaction.lag.ms", type: "long", default: LONG_MAX, brokerSynonym: "log.cleaner.max.compaction.lag.ms", min: 1 },
  { name: "max.message.bytes", type: "int", default: "1048588", brokerSynonym: "message.max.bytes", min: 0 },
  { name: "message.downconversion.enable", type: "boolean", default: "true", brokerSynonym: "log.message.downconversion.enable" },
  { name: "message.timestamp.after.max.ms", type: "long", default: LONG_MAX, brokerSynonym: "log.message.timestamp.after.max.ms", min: 0 },
  { name: "message.timestamp.before.max.ms", type: "long", default: LONG_MAX, brokerSynonym: "log.message.timestamp.before.max.ms", min: 0 },
  { name: "message.timestamp.difference.max.ms", type: "long", default: LONG_MAX, brokerSynonym: "log.message.timestamp.difference.max.ms", min: 0 },
  { name: "message.timestamp.type", type: "string", default: "CreateTime", brokerSynonym: "log.message.timestamp.type", oneOf: ["CreateTime", "LogAppendTime"] },
  { name: "min.cleanable.dirty.ratio", type: "double", default: "0.5", brokerSynonym: "log.cleaner.min.cleanable.ratio", min: 0, max: 1 },
  { name: "min.compaction.lag.ms", type: "long", default: "0", brokerSynonym: "log.cleaner.min.compaction.lag.ms", min: 0 },
  { name: "min.insync.replicas", type: "int", default: "1", brokerSynonym: "min.insync.replicas", min: 1 },
  { name: "preallocate", type: "boolean", default: "false", brokerSynonym: "log.preallocate" },
  // Tiered storage is not available on this broker, so only "false" is accepted.
  { name: "remote.storage.enable", type: "boolean", default: "false",
    check: (v) => (v.trim().toLowerCase() === "true" ? "Tiered storage is not supported by this broker" : null) },
  { name: "retention.bytes", type: "long", default: "-1", brokerSynonym: "log.retention.bytes" },
  { name: "retention.ms", type: "long", default: "604800000", brokerSynonym: "log.retention.ms", min: -1 },
  { name: "segment.bytes", type: "int", default: "1073741824", brokerSynonym: "log.segment.bytes", min: 14 },
  { name: "segment.index.bytes", type: "int", default: "10485760", brokerSynonym: "log.index.size.max.bytes", min: 4 },
  { name: "segment.jitter.ms", type: "long", default: "0", brokerSynonym: "log.roll.jitter.ms", min: 0 },
  { name: "segment.ms", type: "long", default: "604800000", brokerSynonym: "log.roll.ms", min: 1 },
  { name: "unclean.leader.election.enable", type: "boolean", default: "false", brokerSynonym: "unclean.leader.election.enable" },
];
const TOPIC_CONFIG_BY_NAME = new Map(TOPIC_CONFIGS.map((d) => [d.name, d]));

/** The names of every topic config the broker knows, sorted. */
export const topicConfigNames: readonly string[] = TOPIC_CONFIGS.map((d) => d.name);

function splitList(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === "" ? [] : trimmed.split(/\s*,\s*/);
}

const TYPE_NAMES: Record<ConfigType, string> = {
  int: "INT",
  long: "LONG",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  string: "STRING",
  list: "LIST",
};

/** Why `value` is not a valid value for `def`, worded as Kafka's ConfigDef does; null when it is valid. */
function invalidReason(def: TopicConfigDef, value: string): string | null {
  const v = value.trim();
  switch (def.type) {
    case "int":
    case "long": {
      if (!/^[+-]?\d+$/.test(v)) return `Not a number of type ${TYPE_NAMES[def.type]}`;
      const n = BigInt(v);
      const [lo, hi] = def.type === "int" ? [INT_MIN, INT_MAX] : [LONG_MIN, LONG_MAX_BIG];
      if (n < lo || n > hi) return `Not a number of type ${TYPE_NAMES[def.type]}`;
      if (def.min !== undefined && n < BigInt(def.min)) return `Value must be at least ${def.min}`;
      if (def.max !== undefined && n > BigInt(def.max)) return `Value must be no more than ${def.max}`;
      break;
    }
    case "double": {
      const n = Number(v);
      if (v === "" || !Number.isFinite(n)) return "Not a number of type DOUBLE";
      if (def.min !== undefined && n < def.min) return `Value must be at least ${def.min}`;
      if (def.max !== undefined && n > def.max) return `Value must be no more than ${def.max}`;
      break;
    }
    case "boolean":
      if (!/^(true|false)$/i.test(v)) return "Expected value to be either true or false";
      break;
    case "string":
      if (def.oneOf && !def.oneOf.includes(v)) return `String must be one of: ${def.oneOf.join(", ")}`;
      break;
    case "list":
      if (def.oneOf) {
        const items = splitList(v);
        if (items.length === 0) return `Value must not be empty; valid values: ${def.oneOf.join(", ")}`;
        if (!items.every((i) => def.oneOf?.includes(i))) return `String must be one of: ${def.oneOf.join(", ")}`;
      }
      break;
  }
  return def.check ? def.check(v) : null;
}

/** Checks a set of topic configs; throws INVALID_CONFIG with Kafka's wording on the first problem. */
export function validateTopicConfigs(configs: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  const nulls = Object.keys(configs).filter((k) => configs[k] === null);
  if (nulls.length > 0) {
    throw new KafkaError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${nulls.join(",")}`);
  }
  for (const [name, value] of Object.entries(configs)) {
    if (value === null) continue;
    const def = TOPIC_CONFIG_BY_NAME.get(name);
    if (!def) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
    const reason = invalidReason(def, value);
    if (reason !== null) {
      throw new KafkaError(ErrorCode.INVALID_CONFIG, `Invalid value ${value} for configuration ${name}: ${reason}`);
    }
    out[name] = value;
  }
  return out;
}

const LEGAL_TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/;
const MAX_NAME_LENGTH = 249;

/** Kafka's Topic.validate: throws INVALID_TOPIC_EXCEPTION. */
export function validateTopicName(name: string): void {
  const fail = (msg: string): never => {
    throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, msg);
  };
  if (name.length === 0) fail("Topic name is illegal, it can't be empty");
  if (name === "." || name === "..") fail('Topic name cannot be "." or ".."');
  if (name.length > MAX_NAME_LENGTH) {
    fail(`Topic name is illegal, it can't be longer than ${MAX_NAME_LENGTH} characters, topic name: ${name}`);
  }
  if (!LEGAL_TOPIC_CHARS.test(name)) {
    fail(`Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
  }
}

/** '.' and '_' collide in metric names, so Kafka refuses topics that differ only by them. */
const collisionKey = (name: string) => name.replace(/\./g, "_");

/** The value of each topic config, explicit ones over defaults. */
function effectiveValue(configs: Record<string, string>, name: string): string {
  return configs[name] ?? TOPIC_CONFIG_BY_NAME.get(name)?.default ?? "";
}

/** The settings a partition log honours, from a topic's configs (defaults filled in). */
export function toLogConfig(configs: Record<string, string>): LogConfig {
  // Long.MAX_VALUE ("never") does not fit a double exactly; MAX_SAFE_INTEGER means the same to the log.
  const num = (name: string) => Math.min(Number(effectiveValue(configs, name).trim()), Number.MAX_SAFE_INTEGER);
  const policy = splitList(effectiveValue(configs, "cleanup.policy"));
  return {
    segmentBytes: num("segment.bytes"),
    segmentMs: num("segment.ms"),
    retentionMs: num("retention.ms"),
    retentionBytes: num("retention.bytes"),
    cleanupDelete: policy.includes("delete"),
    cleanupCompact: policy.includes("compact"),
    deleteRetentionMs: num("delete.retention.ms"),
    minCompactionLagMs: num("min.compaction.lag.ms"),
    maxMessageBytes: num("max.message.bytes"),
    logAppendTime: effectiveValue(configs, "message.timestamp.type").trim() === "LogAppendTime",
    flushMessages: num("flush.messages"),
    flushMs: num("flush.ms"),
  };
}

interface TopicState {
  name: string;
  id: string;
  createdAt: number;
  configs: Record<string, string>;
  logs: PartitionLog[];
}

/** Shape of `<dataDir>/topics.json`. */
interface TopicsFile {
  version: 1;
  topics: { name: string; id: string; createdAt: number; partitions: number; configs: Record<string, string> }[];
}

function parseTopicsFile(text: string, file: string): TopicsFile {
  const fail = (why: string): never => {
    throw new Error(`${file} is not a valid topics file (${why}); fix or remove it`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (typeof raw !== "object" || raw === null) return fail("not an object");
  const { version, topics } = raw as { version?: unknown; topics?: unknown };
  if (version !== 1) fail(`unsupported version ${String(version)}`);
  if (!Array.isArray(topics)) return fail("topics is not a list");
  const out: TopicsFile["topics"] = [];
  for (const t of topics as unknown[]) {
    const o = t as Record<string, unknown> | null;
    if (
      typeof o !== "object" ||
      o === null ||
      typeof o.name !== "string" ||
      typeof o.id !== "string" ||
      !Number.isInteger(o.partitions) ||
      typeof o.configs !== "object" ||
      o.configs === null
    ) {
      return fail(`bad topic entry ${JSON.stringify(t)}`);
    }
    const configs: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.configs as Record<string, unknown>)) {
      if (typeof v !== "string") return fail(`config ${k} of topic ${o.name} is not a string`);
      configs[k] = v;
    }
    out.push({
      name: o.name,
      id: o.id,
      createdAt: typeof o.createdAt === "number" ? o.createdAt : 0,
      partitions: o.partitions as number,
      configs,
    });
  }
  return { version: 1, topics: out };
}

/** The atomic write plus an fsync of the directory, so the rename itself survives a power loss. */
function writeDurably(file: string, data: string): void {
  writeFileAtomic(file, data);
  try {
    const dfd = openSync(dirname(file), "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

const unknownTopic = (name: string) =>
  new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`);

export function createTopicManager(options: TopicManagerOptions): TopicManager {
  const { dataDir, nodeId, defaultPartitions, autoCreateTopics, clock } = options;
  const logger = options.logger;
  const openLog = options.openLog ?? openPartitionLog;
  const logsDir = join(dataDir, "logs");
  const metaFile = join(dataDir, "topics.json");
  const topics = new Map<string, TopicState>();

  const partitionDir = (topic: string, partition: number) => join(logsDir, `${topic}-${partition}`);

  /** Opens a partition that did not exist before; a directory left by an earlier topic of that name is stale. */
  function openNewPartition(topic: string, partition: number, config: LogConfig): PartitionLog {
    const dir = partitionDir(topic, partition);
    if (existsSync(dir)) {
      logger.warn("removing stale partition directory", { dir });
      rmSync(dir, { recursive: true, force: true });
    }
    return openLog({ dir, topic, partition, config, clock, logger });
  }

  function destroyLogs(logs: readonly PartitionLog[]): void {
    for (const log of logs) {
      try {
        log.destroy();
      } catch (e) {
        logger.error("failed to remove partition log", { topic: log.topic, partition: log.partition, error: String(e) });
      }
    }
  }

  function persist(): void {
    const file: TopicsFile = {
      version: 1,
      topics: [...topics.values()].map((t) => ({
        name: t.name,
        id: t.id,
        createdAt: t.createdAt,
        partitions: t.logs.length,
        configs: t.configs,
      })),
    };
    writeDurably(metaFile, JSON.stringify(file, null, 2) + "\n");
  }

  /** Persists, turning an I/O failure into the protocol's storage error. */
  function persistOrFail(): void {
    try {
      persist();
    } catch (e) {
      logger.error("failed to write topic metadata", { file: metaFile, error: String(e) });
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `Failed to write topic metadata: ${(e as Error).message}`);
    }
  }

  function load(): void {
    mkdirSync(logsDir, { recursive: true });
    // Temp files of a write that a crash interrupted.
    for (const f of readdirSync(dataDir)) if (f.startsWith("topics.json.tmp")) rmSync(join(dataDir, f), { force: true });
    const file: TopicsFile = existsSync(metaFile)
      ? parseTopicsFile(readFileSync(metaFile, "utf8"), metaFile)
      : { version: 1, topics: [] };
    try {
      for (const t of file.topics) {
        const configs: Record<string, string> = {};
        for (const [k, v] of Object.entries(t.configs)) {
          const def = TOPIC_CONFIG_BY_NAME.get(k);
          if (!def || invalidReason(def, v) !== null) {
            logger.warn("ignoring stored topic config that is no longer valid", { topic: t.name, config: k, value: v });
          } else {
            configs[k] = v;
          }
        }
        const state: TopicState = { name: t.name, id: t.id, createdAt: t.createdAt, configs, logs: [] };
        topics.set(t.name, state);
        const config = toLogConfig(configs);
        for (let p = 0; p < t.partitions; p++) {
          const dir = partitionDir(t.name, p);
          state.logs.push(openLog({ dir, topic: t.name, partition: p, config, clock, logger }));
        }
      }
    } catch (e) {
      closeAll();
      throw e;
    }
    warnAboutOrphans();
    logger.info("loaded topics", { count: topics.size });
  }

  /** Directories no topic owns (a crash during delete); reported, not removed, in case topics.json was damaged. */
  function warnAboutOrphans(): void {
    const known = new Set<string>();
    for (const t of topics.values()) for (let p = 0; p < t.logs.length; p++) known.add(`${t.name}-${p}`);
    for (const entry of readdirSync(logsDir)) {
      if (!known.has(entry)) logger.warn("partition directory belongs to no topic", { dir: join(logsDir, entry) });
    }
  }

  /** Runs op on every partition log; from timers and shutdown, so a failing log is reported, never thrown. */
  function forEachLog(what: string, op: (log: PartitionLog) => void): void {
    for (const t of topics.values()) {
      for (const log of t.logs) {
        try {
          op(log);
        } catch (e) {
          logger.warn(`log ${what} failed`, { topic: t.name, partition: log.partition, error: String(e) });
        }
      }
    }
  }

  function closeAll(): void {
    forEachLog("close", (log) => log.close());
    topics.clear();
  }

  function describeState(t: TopicState): TopicDescription {
    return { name: t.name, partitions: t.logs.length, internal: t.name.startsWith("__"), configs: { ...t.configs } };
  }

  function requireTopic(name: string): TopicState {
    const t = topics.get(name);
    if (!t) throw unknownTopic(name);
    return t;
  }

  function checkPartitionCount(count: number): void {
    if (count <= 0) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, "Number of partitions was set to an invalid non-positive value.");
    }
    if (count > MAX_PARTITIONS_PER_TOPIC) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `Number of partitions ${count} exceeds this broker's limit of ${MAX_PARTITIONS_PER_TOPIC} per topic.`,
      );
    }
  }

  /** The partition count a create asks for, after Kafka's checks of count, replication and assignment. */
  function plannedPartitions(req: CreateTopicRequest): number {
    if (req.assignments.length > 0) {
      if (req.numPartitions !== -1 || req.replicationFactor !== -1) {
        throw new KafkaError(
          ErrorCode.INVALID_REQUEST,
          "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.",
        );
      }
      const ids = req.assignments.map((a) => a.partition).sort((a, b) => a - b);
      if (!ids.every((id, i) => id === i)) {
        throw new KafkaError(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          "Unable to create topic: the partition indices must be consecutive 0-based integers.",
        );
      }
      for (const a of req.assignments) {
        if (a.brokers.length === 0) {
          throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes an empty replica list.");
        }
        const other = a.brokers.find((b) => b !== nodeId);
        if (other !== undefined) {
          throw new KafkaError(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            `The manual partition assignment includes broker ${other}, but no such broker is registered.`,
          );
        }
        if (a.brokers.length > 1) {
          throw new KafkaError(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            `The manual partition assignment includes the partition ${a.partition} with duplicate replicas.`,
          );
        }
      }
      checkPartitionCount(ids.length);
      return ids.length;
    }
    const count = req.numPartitions === -1 ? defaultPartitions : req.numPartitions;
    checkPartitionCount(count);
    const rf = req.replicationFactor;
    if (rf === 0 || rf < -1) {
      throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0, or -1 to use the default value.");
    }
    if (rf > 1) {
      throw new KafkaError(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only 1 broker(s) are registered.`,
      );
    }
    return count;
  }

  function createTopic(req: CreateTopicRequest, validateOnly: boolean): TopicState | undefined {
    const name = req.name;
    validateTopicName(name);
    if (topics.has(name)) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    const key = collisionKey(name);
    const clash = [...topics.keys()].filter((n) => collisionKey(n) === key);
    if (clash.length > 0) {
      throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topics: ${clash.join(", ")}`);
    }
    const count = plannedPartitions(req);
    const configs = validateTopicConfigs(req.configs);
    if (validateOnly) return undefined;

    const state: TopicState = { name, id: randomUUID(), createdAt: clock.now(), configs, logs: [] };
    const config = toLogConfig(configs);
    try {
      for (let p = 0; p < count; p++) state.logs.push(openNewPartition(name, p, config));
    } catch (e) {
      destroyLogs(state.logs);
      logger.error("failed to open partition logs", { topic: name, error: String(e) });
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `Failed to create the logs of topic '${name}': ${(e as Error).message}`);
    }
    topics.set(name, state);
    try {
      persistOrFail();
    } catch (e) {
      topics.delete(name);
      destroyLogs(state.logs);
      throw e;
    }
    logger.info("created topic", { topic: name, partitions: count, configs });
    return state;
  }

  load();

  return {
    autoCreateEnabled: autoCreateTopics,

    names: () => [...topics.keys()].sort(),

    describe(name) {
      const t = topics.get(name);
      return t ? describeState(t) : undefined;
    },

    partitionLog: (topic, partition) => topics.get(topic)?.logs[partition],

    create(req, validateOnly) {
      createTopic(req, validateOnly);
    },

    getOrAutoCreate(name) {
      const existing = topics.get(name);
      if (existing) return describeState(existing);
      validateTopicName(name);
      if (!autoCreateTopics) {
        throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition.");
      }
      const created = createTopic({ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }, false);
      if (!created) throw new Error("unreachable: auto-create without a topic");
      return describeState(created);
    },

    delete(name) {
      const t = requireTopic(name);
      // Metadata first: a crash after this leaves orphan directories, never a topic with missing logs.
      topics.delete(name);
      try {
        persistOrFail();
      } catch (e) {
        topics.set(name, t);
        throw e;
      }
      destroyLogs(t.logs);
      logger.info("deleted topic", { topic: name });
      options.onTopicDeleted?.(name);
    },

    createPartitions(name, totalCount, validateOnly) {
      validateTopicName(name);
      const t = requireTopic(name);
      const current = t.logs.length;
      if (totalCount < current) {
        throw new KafkaError(
          ErrorCode.INVALID_PARTITIONS,
          `Topic currently has ${current} partitions, which is higher than the requested ${totalCount}.`,
        );
      }
      if (totalCount === current) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
      checkPartitionCount(totalCount);
      if (validateOnly) return;
      const config = toLogConfig(t.configs);
      const added: PartitionLog[] = [];
      try {
        for (let p = current; p < totalCount; p++) added.push(openNewPartition(name, p, config));
      } catch (e) {
        destroyLogs(added);
        logger.error("failed to open partition logs", { topic: name, error: String(e) });
        throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `Failed to create partitions of topic '${name}': ${(e as Error).message}`);
      }
      t.logs.push(...added);
      try {
        persistOrFail();
      } catch (e) {
        t.logs.splice(current);
        destroyLogs(added);
        throw e;
      }
      logger.info("added partitions", { topic: name, from: current, to: totalCount });
    },

    describeTopicConfigs(name, keys) {
      validateTopicName(name);
      const t = requireTopic(name);
      const wanted = keys === null ? null : new Set(keys);
      const out: ConfigEntry[] = [];
      for (const def of TOPIC_CONFIGS) {
        if (wanted && !wanted.has(def.name)) continue;
        const set = t.configs[def.name];
        const synonyms: ConfigEntry["synonyms"] = [];
        if (set !== undefined) synonyms.push({ name: def.name, value: set, source: ConfigSource.TOPIC_CONFIG });
        if (def.brokerSynonym) synonyms.push({ name: def.brokerSynonym, value: def.default, source: ConfigSource.DEFAULT_CONFIG });
        out.push({
          name: def.name,
          value: set ?? def.default,
          readOnly: false,
          isDefault: set === undefined,
          source: set === undefined ? ConfigSource.DEFAULT_CONFIG : ConfigSource.TOPIC_CONFIG,
          isSensitive: false,
          synonyms,
        });
      }
      return out;
    },

    describeBrokerConfigs(keys) {
      const wanted = keys === null ? null : new Set(keys);
      const out: ConfigEntry[] = [];
      for (const c of brokerConfigs({ nodeId, defaultPartitions, autoCreateTopics, logsDir })) {
        if (wanted && !wanted.has(c.name)) continue;
        out.push({
          name: c.name,
          value: c.value,
          // Nothing is dynamically updatable: broker configs are fixed at start.
          readOnly: true,
          isDefault: c.source === ConfigSource.DEFAULT_CONFIG,
          source: c.source,
          isSensitive: false,
          synonyms: [{ name: c.name, value: c.value, source: c.source }],
        });
      }
      return out;
    },

    alterTopicConfigs(name, configs, validateOnly) {
      validateTopicName(name);
      const t = requireTopic(name);
      // AlterConfigs replaces the whole set; a null value just leaves that key at its default.
      const given: Record<string, string> = {};
      for (const [k, v] of Object.entries(configs)) if (v !== null) given[k] = v;
      const next = validateTopicConfigs(given);
      if (validateOnly) return;
      const previous = t.configs;
      t.configs = next;
      try {
        persistOrFail();
      } catch (e) {
        t.configs = previous;
        throw e;
      }
      const config = toLogConfig(next);
      for (const log of t.logs) {
        try {
          log.setConfig(config);
        } catch (e) {
          logger.error("failed to apply config to partition log", { topic: name, partition: log.partition, error: String(e) });
        }
      }
      logger.info("altered topic configs", { topic: name, configs: next });
    },

    maintain() {
      forEachLog("maintenance", (log) => log.maintain());
    },

    flush() {
      forEachLog("flush", (log) => log.flush());
    },

    flushDue() {
      forEachLog("flush", (log) => log.flushIfDue());
    },

    close() {
      closeAll();
    },
  };
}

interface BrokerConfigValue {
  name: string;
  value: string | null;
  source: ConfigSource;
}

/** The broker's configs: the values given at start, then Kafka's defaults for a single node. */
function brokerConfigs(o: { nodeId: number; defaultPartitions: number; autoCreateTopics: boolean; logsDir: string }): BrokerConfigValue[] {
  const fixed = (name: string, value: string): BrokerConfigValue => ({ name, value, source: ConfigSource.STATIC_BROKER_CONFIG });
  const dflt = (name: string, value: string | null): BrokerConfigValue => ({ name, value, source: ConfigSource.DEFAULT_CONFIG });
  const list: BrokerConfigValue[] = [
    fixed("broker.id", String(o.nodeId)),
    fixed("num.partitions", String(o.defaultPartitions)),
    fixed("auto.create.topics.enable", String(o.autoCreateTopics)),
    fixed("log.dirs", o.logsDir),
    dflt("default.replication.factor", "1"),
    dflt("delete.topic.enable", "true"),
    dflt("log.cleaner.enable", "true"),
    dflt("log.retention.hours", "168"),
    dflt("log.roll.hours", "168"),
    // A single node cannot hold more replicas than one, whatever Kafka's multi-node defaults say.
    dflt("offsets.topic.replication.factor", "1"),
    dflt("transaction.state.log.replication.factor", "1"),
    dflt("transaction.state.log.min.isr", "1"),
  ];
  for (const def of TOPIC_CONFIGS) if (def.brokerSynonym) list.push(dflt(def.brokerSynonym, def.default));
  return list.sort((a, b) => a.name.localeCompare(b.name));
}
