import type { Kafka } from "kafkajs";

/**
 * Typed access to the part of kafkajs 2.2.4 below its consumer: the `Cluster` (metadata, leaders,
 * ListOffsets) and the per-broker `fetch`. The message viewer reads with plain Fetch requests at
 * offsets it chooses, like kcat -C or Kafka's own `assign()`+`seek()`, instead of joining a consumer
 * group: no group state on the cluster, no join/sync round trips (a new group waits
 * group.initial.rebalance.delay.ms, 3 s by default, before its first record), nothing to delete
 * afterwards. kafkajs builds the Cluster with the Kafka client's own connection settings (TLS,
 * SASL, timeouts), obtained through the factory the client keeps for its producers and consumers.
 */

/** One record as kafkajs decodes it from a record batch. */
export interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | null | undefined>;
  isControlRecord?: boolean;
  batchContext?: { timestampType?: number };
}

export interface FetchPartitionResponse {
  partition: number;
  errorCode: number;
  highWatermark: string;
  messages: FetchedMessage[];
}

export interface FetchResponse {
  responses: { topicName: string; partitions: FetchPartitionResponse[] }[];
}

export interface FetchRequest {
  replicaId?: number;
  isolationLevel: number;
  maxWaitTime: number;
  minBytes: number;
  maxBytes: number;
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
}

export interface KafkajsBroker {
  fetch(request: FetchRequest): Promise<FetchResponse>;
}

export interface PartitionMetadata {
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  partitionErrorCode: number;
}

export interface OffsetQuery {
  topic: string;
  partitions: { partition: number }[];
  fromBeginning?: boolean;
  fromTimestamp?: number;
}

export interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  /** Metadata of the given topics (all topics for []). */
  metadata(args: { topics: string[] }): Promise<{ topicMetadata: { topic: string; partitionMetadata: PartitionMetadata[] }[] }>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): PartitionMetadata[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(args: { nodeId: string }): Promise<KafkajsBroker>;
  /** One ListOffsets per leader: latest (default), earliest (`fromBeginning`) or by timestamp (-1 when none). */
  fetchTopicsOffset(topics: OffsetQuery[]): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

export const ISOLATION_READ_UNCOMMITTED = 0;
export const ISOLATION_READ_COMMITTED = 1;
export const TIMESTAMP_TYPE_LOG_APPEND = 1;

type ClusterFactory = (options: { metadataMaxAge?: number; allowAutoTopicCreation?: boolean; isolationLevel?: number }) => KafkajsCluster;

/** A new kafkajs Cluster (its own connections) with the client's settings. Connect it before use. */
export function createKafkajsCluster(kafka: Kafka, options: { isolationLevel?: number } = {}): KafkajsCluster {
  const holder = kafka as unknown as Record<symbol, unknown>;
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === "private:Kafka:createCluster");
  const factory = symbol === undefined ? undefined : holder[symbol];
  if (typeof factory !== "function") {
    throw new Error("This kafkajs version does not expose its cluster factory; the message viewer needs kafkajs 2.2.x");
  }
  return (factory as ClusterFactory)({
    allowAutoTopicCreation: false,
    metadataMaxAge: 300_000,
    isolationLevel: options.isolationLevel ?? ISOLATION_READ_UNCOMMITTED,
  });
}
