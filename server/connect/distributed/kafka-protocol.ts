import { createRequire } from "node:module";
import { logLevel } from "kafkajs";

/**
 * Typed access to the Kafka requests distributed mode needs and kafkajs's public API does not offer:
 * group membership with Connect's own protocol type (JoinGroup/SyncGroup/Heartbeat/LeaveGroup with
 * `protocolType: "connect"`), and group-less reads of a topic from an offset (Fetch + ListOffsets),
 * which is how Kafka's KafkaBasedLog reads its internal topics. kafkajs implements every one of
 * these requests internally (its consumer uses them); this module reaches them through kafkajs's
 * Cluster, version-negotiated and retried as kafkajs does, so any Kafka broker works.
 */
const require = createRequire(import.meta.url);

interface KafkajsBroker {
  joinGroup(request: {
    groupId: string;
    sessionTimeout: number;
    rebalanceTimeout: number;
    memberId: string;
    protocolType: string;
    groupProtocols: { name: string; metadata: Buffer }[];
  }): Promise<{ generationId: number; groupProtocol: string; leaderId: string; memberId: string; members: { memberId: string; memberMetadata: Buffer }[] }>;
  syncGroup(request: {
    groupId: string;
    generationId: number;
    memberId: string;
    groupAssignment: { memberId: string; memberAssignment: Buffer }[];
  }): Promise<{ memberAssignment: Buffer }>;
  heartbeat(request: { groupId: string; groupGenerationId: number; memberId: string }): Promise<unknown>;
  leaveGroup(request: { groupId: string; memberId: string }): Promise<unknown>;
  fetch(request: {
    replicaId?: number;
    isolationLevel?: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>;
}

interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  messages: { offset: string; key: Buffer | null; value: Buffer | null; timestamp?: string }[];
}

interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(request: { nodeId: string | number }): Promise<KafkajsBroker>;
  findGroupCoordinator(request: { groupId: string }): Promise<KafkajsBroker>;
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

type ClusterConstructor = new (options: Record<string, unknown>) => KafkajsCluster;

const Cluster = require("kafkajs/src/cluster/index.js") as ClusterConstructor;
const { createLogger } = require("kafkajs/src/loggers/index.js") as { createLogger: (options: { level: number; logCreator: unknown }) => unknown };
const socketFactory = require("kafkajs/src/network/socketFactory.js") as () => unknown;

export interface ProtocolClientOptions {
  brokers: string[];
  clientId: string;
  connectionTimeout?: number;
  requestTimeout?: number;
}

export interface FetchedRecord {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

export interface JoinGroupResult {
  generationId: number;
  protocol: string;
  leaderId: string;
  memberId: string;
  members: { memberId: string; metadata: Buffer }[];
}

/** A Kafka error as kafkajs reports it: `type` is Kafka's error name (REBALANCE_IN_PROGRESS...). */
export interface KafkaProtocolError extends Error {
  type?: string;
  retriable?: boolean;
}

export function kafkaErrorType(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "type" in err && typeof err.type === "string" ? err.type : undefined;
}

/** One connection pool to the cluster for the requests above. */
export class KafkaProtocolClient {
  readonly #cluster: KafkajsCluster;

  constructor(options: ProtocolClientOptions) {
    this.#cluster = new Cluster({
      logger: createLogger({ level: logLevel.NOTHING, logCreator: () => () => {} }),
      socketFactory: socketFactory(),
      brokers: options.brokers.map((b) => b.replace(/^[A-Za-z_]+:\/\//, "")),
      clientId: options.clientId,
      connectionTimeout: options.connectionTimeout ?? 10_000,
      requestTimeout: options.requestTimeout ?? 30_000,
      enforceRequestTimeout: false,
      retry: { retries: 5, initialRetryTime: 100 },
      allowAutoTopicCreation: false,
      metadataMaxAge: 300_000,
      offsets: new Map(),
    });
  }

  connect(): Promise<void> {
    return this.#cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.#cluster.disconnect();
  }

  /** The partition ids of a topic (empty when it does not exist). */
  async partitions(topic: string): Promise<number[]> {
    await this.#cluster.addTargetTopic(topic);
    await this.#cluster.refreshMetadata();
    return this.#cluster
      .findTopicPartitionMetadata(topic)
      .map((p) => p.partitionId)
      .sort((a, b) => a - b);
  }

  /** The end offset (high watermark) of each partition. */
  async endOffsets(topic: string, partitions: readonly number[]): Promise<Map<number, bigint>> {
    const result = await this.#cluster.fetchTopicsOffset([{ topic, partitions: partitions.map((partition) => ({ partition })), fromBeginning: false }]);
    const out = new Map<number, bigint>();
    for (const t of result) for (const p of t.partitions) out.set(p.partition, BigInt(p.offset));
    return out;
  }

  /**
   * Records of the given partitions from the given offsets (waiting at most `maxWaitMs` for new
   * data); records below the requested offset that a broker returns as part of a batch are dropped.
   */
  async fetch(topic: string, from: ReadonlyMap<number, bigint>, maxWaitMs: number): Promise<Map<number, FetchedRecord[]>> {
    const byLeader = this.#cluster.findLeaderForPartitions(topic, [...from.keys()]);
    const out = new Map<number, FetchedRecord[]>();
    await Promise.all(
      Object.entries(byLeader).map(async ([nodeId, partitions]) => {
        const broker = await this.#cluster.findBroker({ nodeId });
        const response = await broker.fetch({
          maxWaitTime: maxWaitMs,
          minBytes: 1,
          maxBytes: 16 * 1024 * 1024,
          isolationLevel: 1,
          topics: [{ topic, partitions: partitions.map((partition) => ({ partition, fetchOffset: String(from.get(partition) ?? 0n), maxBytes: 4 * 1024 * 1024 })) }],
        });
        for (const t of response.responses) {
          for (const p of t.partitions) {
            const start = from.get(p.partition) ?? 0n;
            const records = p.messages
              .map((m) => ({ offset: BigInt(m.offset), key: m.key ?? null, value: m.value ?? null }))
              .filter((r) => r.offset >= start);
            out.set(p.partition, records);
          }
        }
      }),
    );
    return out;
  }

  async coordinator(groupId: string): Promise<GroupCoordinator> {
    const broker = await this.#cluster.findGroupCoordinator({ groupId });
    return new GroupCoordinator(broker, groupId);
  }

  /** Forgets cached metadata (after a NOT_COORDINATOR or a broker change). */
  refreshMetadata(): Promise<void> {
    return this.#cluster.refreshMetadata();
  }
}

/** The group requests, sent to the group's coordinator. */
export class GroupCoordinator {
  constructor(
    readonly broker: KafkajsBroker,
    readonly groupId: string,
  ) {}

  async join(request: { memberId: string; sessionTimeoutMs: number; rebalanceTimeoutMs: number; protocolType: string; protocols: { name: string; metadata: Buffer }[] }): Promise<JoinGroupResult> {
    const response = await this.broker.joinGroup({
      groupId: this.groupId,
      memberId: request.memberId,
      sessionTimeout: request.sessionTimeoutMs,
      rebalanceTimeout: request.rebalanceTimeoutMs,
      protocolType: request.protocolType,
      groupProtocols: request.protocols,
    });
    return {
      generationId: response.generationId,
      protocol: response.groupProtocol,
      leaderId: response.leaderId,
      memberId: response.memberId,
      members: response.members.map((m) => ({ memberId: m.memberId, metadata: m.memberMetadata })),
    };
  }

  async sync(request: { generationId: number; memberId: string; assignments: { memberId: string; assignment: Buffer }[] }): Promise<Buffer> {
    const response = await this.broker.syncGroup({
      groupId: this.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupAssignment: request.assignments.map((a) => ({ memberId: a.memberId, memberAssignment: a.assignment })),
    });
    return response.memberAssignment;
  }

  async heartbeat(generationId: number, memberId: string): Promise<void> {
    await this.broker.heartbeat({ groupId: this.groupId, groupGenerationId: generationId, memberId });
  }

  async leave(memberId: string): Promise<void> {
    await this.broker.leaveGroup({ groupId: this.groupId, memberId });
  }
}
