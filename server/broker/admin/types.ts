import type { PartitionLog } from "../log/types";

/** DescribeConfigs config source (Kafka's ConfigSource ids). */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;
export type ConfigSource = (typeof ConfigSource)[keyof typeof ConfigSource];

export interface ConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  isDefault: boolean;
  source: ConfigSource;
  isSensitive: boolean;
  synonyms: { name: string; value: string | null; source: ConfigSource }[];
}

export interface TopicDescription {
  name: string;
  partitions: number;
  /** Names starting with "__" (e.g. __consumer_offsets) are reported as internal. */
  internal: boolean;
  /** Only the configs set on the topic (not defaults). */
  configs: Record<string, string>;
}

export interface CreateTopicRequest {
  name: string;
  /** -1 = the broker's default partition count. */
  numPartitions: number;
  /** -1 or 1; anything else is INVALID_REPLICATION_FACTOR on a single node. */
  replicationFactor: number;
  /** Explicit replica assignment: partition ids with their broker ids (rarely used). */
  assignments: { partition: number; brokers: number[] }[];
  configs: Record<string, string | null>;
}

/**
 * Topics, their configs and their partition logs. Metadata changes are persisted under the data
 * directory so they survive a restart. Errors are KafkaError carrying the protocol code.
 */
export interface TopicManager {
  names(): string[];
  describe(name: string): TopicDescription | undefined;
  partitionLog(topic: string, partition: number): PartitionLog | undefined;
  /** Creates a topic (or only validates it). Throws TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, INVALID_TOPIC_EXCEPTION. */
  create(req: CreateTopicRequest, validateOnly: boolean): void;
  /** The topic, auto-created with the defaults when the broker allows it; throws UNKNOWN_TOPIC_OR_PARTITION otherwise. */
  getOrAutoCreate(name: string): TopicDescription;
  readonly autoCreateEnabled: boolean;
  delete(name: string): void;
  /** Grows a topic to `totalCount` partitions. Throws INVALID_PARTITIONS when not larger. */
  createPartitions(name: string, totalCount: number, validateOnly: boolean): void;
  /** keys null = all keys, with defaults filled in. */
  describeTopicConfigs(name: string, keys: string[] | null): ConfigEntry[];
  describeBrokerConfigs(keys: string[] | null): ConfigEntry[];
  /** AlterConfigs replaces the whole set of topic configs (keys not given return to default). */
  alterTopicConfigs(name: string, configs: Record<string, string | null>, validateOnly: boolean): void;
  /** Retention and compaction over every partition. */
  maintain(): void;
  flush(): void;
  /** Each partition's flushIfDue(): honours flush.ms between maintenance passes. */
  flushDue(): void;
  close(): void;
}
