import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createAdminApis } from "./admin/admin-apis";
import { createTopicManager } from "./admin/topic-manager";
import type { TopicManager } from "./admin/types";
import { AppendNotifier } from "./append-notifier";
import { createDataApis } from "./data-apis";
import { acquireDataDirLock } from "./data-dir-lock";
import { createGroupCoordinator } from "./group/coordinator";
import { createProducerIdAllocator } from "./producer-ids";
import { startKafkaServer } from "./server";
import { writeFileAtomic } from "./util/atomic-file";
import { systemClock, type Clock } from "./util/clock";
import { createLogger, type Logger } from "./util/logger";

export interface BrokerOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 9092); 0 picks a free port, reported by `port`. */
  port?: number;
  /** Host name given to clients in Metadata (default: the listen host, or 127.0.0.1 for a wildcard). */
  advertisedHost?: string;
  /** Where logs, topic metadata and group offsets live (default ./data/broker). */
  dataDir?: string;
  nodeId?: number;
  /** num.partitions for auto-created topics and CreateTopics with -1 (default 1). */
  defaultPartitions?: number;
  /** auto.create.topics.enable (default true). */
  autoCreateTopics?: boolean;
  /** group.initial.rebalance.delay.ms (default 3000, as Kafka; tests use a few ms). */
  initialRebalanceDelayMs?: number;
  /** log.retention.check.interval.ms: how often retention and compaction run (default 300000). */
  retentionCheckIntervalMs?: number;
  /** socket.request.max.bytes (default 104857600). */
  maxRequestBytes?: number;
  /** connections.max.idle.ms (default 600000). */
  idleTimeoutMs?: number;
  logger?: Logger;
  clock?: Clock;
}

export interface Broker {
  readonly host: string;
  readonly port: number;
  /** `host:port` to give clients as bootstrap servers. */
  readonly bootstrapServers: string;
  readonly nodeId: number;
  readonly clusterId: string;
  readonly dataDir: string;
  readonly topics: TopicManager;
  readonly connectionCount: number;
  /** Runs retention and compaction now (they also run every retentionCheckIntervalMs). */
  maintain(): void;
  close(): Promise<void>;
}

/** Starts the embedded single-node Kafka-protocol broker. */
export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const host = options.host ?? "127.0.0.1";
  const dataDir = resolve(options.dataDir ?? "./data/broker");
  const nodeId = options.nodeId ?? 1;
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? createLogger()).child("broker");
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireDataDirLock(dataDir);

  try {
    const clusterId = loadClusterId(dataDir);
    // The coordinator asks the topics whether a partition exists (only when serving a commit, so
    // after `topics` below is initialised); the topics tell the coordinator when one is deleted.
    let advertised = { host: options.advertisedHost ?? (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host), port: 0 };
    const self = () => ({ nodeId, host: advertised.host, port: advertised.port });
    const groups = createGroupCoordinator({
      dataDir,
      self,
      clock,
      logger: logger.child("groups"),
      initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 3000,
      partitionExists: (topic, partition) => topics.partitionLog(topic, partition) !== undefined,
    });
    const topics = createTopicManager({
      dataDir,
      nodeId,
      defaultPartitions: options.defaultPartitions ?? 1,
      autoCreateTopics: options.autoCreateTopics ?? true,
      clock,
      logger: logger.child("topics"),
      onTopicDeleted: groups.onTopicDeleted,
    });
    const notifier = new AppendNotifier(clock);
    const apis = [
      ...createDataApis({ topics, notifier, producerIds: createProducerIdAllocator(join(dataDir, "producer-ids.json")), self, clusterId, clock, logger }),
      ...groups.apis,
      ...createAdminApis(topics, { nodeId, logger }),
    ];
    const server = await startKafkaServer({
      host,
      port: options.port ?? 9092,
      apis,
      logger,
      maxRequestBytes: options.maxRequestBytes ?? 104857600,
      idleTimeoutMs: options.idleTimeoutMs ?? 600000,
    });
    advertised = { ...advertised, port: server.port };

    const maintain = () => topics.maintain();
    const interval = setInterval(maintain, options.retentionCheckIntervalMs ?? 300000);
    interval.unref();
    // flush.ms is honoured to the second; partitions with nothing unflushed cost nothing.
    const flushInterval = setInterval(() => topics.flushDue(), 1000);
    flushInterval.unref();

    let closing: Promise<void> | undefined;
    return {
      host,
      port: server.port,
      bootstrapServers: `${advertised.host}:${server.port}`,
      nodeId,
      clusterId,
      dataDir,
      topics,
      get connectionCount() {
        return server.connectionCount;
      },
      maintain,
      close() {
        closing ??= (async () => {
          clearInterval(interval);
          clearInterval(flushInterval);
          await server.close();
          groups.close();
          topics.close();
          releaseLock();
        })();
        return closing;
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** A cluster id is made once per data directory, like Kafka's meta.properties. */
function loadClusterId(dataDir: string): string {
  const file = join(dataDir, "cluster.json");
  if (existsSync(file)) {
    const id = (JSON.parse(readFileSync(file, "utf8")) as { clusterId?: unknown }).clusterId;
    if (typeof id === "string" && id) return id;
  }
  const clusterId = randomBytes(16).toString("base64url");
  writeFileAtomic(file, JSON.stringify({ clusterId }));
  return clusterId;
}
