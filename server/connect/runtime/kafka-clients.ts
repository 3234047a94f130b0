import {
  CompressionTypes,
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type ProducerConfig,
  type SASLOptions,
} from "kafkajs";
import { ConfigError } from "../api";
import type { Loggers } from "./loggers";

/**
 * The Kafka clients of the Connect runtime, built from Kafka-style client configs
 * (`bootstrap.servers`, `acks`, `session.timeout.ms`…) mapped onto kafkajs options where kafkajs has
 * an equivalent; other keys are accepted and ignored, as the Java clients ignore unknown ones.
 * The worker only depends on the narrow client types below, so tests can pass fakes.
 */
export type TaskProducer = Pick<Producer, "connect" | "disconnect" | "sendBatch">;
export type TaskConsumer = Pick<Consumer, "connect" | "disconnect" | "subscribe" | "run" | "stop" | "commitOffsets" | "pause" | "resume" | "seek" | "on" | "events">;
export type ConnectAdmin = Pick<Admin, "connect" | "disconnect" | "fetchOffsets" | "deleteGroups" | "describeCluster" | "listTopics" | "createTopics">;

/** The group has members (Kafka: zombie sink tasks): its offsets cannot be changed. */
export class GroupNotEmptyError extends Error {
  override name = "GroupNotEmptyError";
}

export interface GroupOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface ProducerClient {
  producer: TaskProducer;
  /** Per-send options from `acks`, `request.timeout.ms`, `compression.type`. */
  acks: number;
  timeout: number | undefined;
  compression: CompressionTypes;
}

export interface ConsumerClient {
  consumer: TaskConsumer;
  /**
   * Asked when kafkajs' consumer crashed with a retriable error; false keeps it down. The sink task
   * answers false once it is stopping (else a consumer closed mid-join restarts as a zombie).
   */
  restartOnFailure: (error: Error) => boolean;
  /** `auto.offset.reset` (Connect's default: earliest). */
  fromBeginning: boolean;
  /** `max.poll.records` when set: the largest batch handed to put(). */
  maxPollRecords: number | undefined;
}

/** Client configs are flat Kafka maps; `client.id` and `group.id` are part of them. */
export interface ClientFactory {
  producer(configs: Readonly<Record<string, string>>): ProducerClient;
  consumer(configs: Readonly<Record<string, string>>): ConsumerClient;
  admin(configs: Readonly<Record<string, string>>): ConnectAdmin;
  /**
   * Commits offsets for a consumer group that has no members (Kafka's Admin
   * alterConsumerGroupOffsets); GroupNotEmptyError when it has some.
   */
  commitGroupOffsets(configs: Readonly<Record<string, string>>, groupId: string, offsets: readonly GroupOffset[]): Promise<void>;
}

const KAFKAJS_LEVEL: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/** Clients backed by kafkajs; their logs go to `org.apache.kafka.clients.*` loggers. */
export function kafkajsClientFactory(loggers: Loggers): ClientFactory {
  const kafka = (configs: Readonly<Record<string, string>>, loggerName: string) => new Kafka(kafkaConfig(configs, loggers, loggerName));
  return {
    producer(configs) {
      const producer = kafka(configs, "org.apache.kafka.clients.producer.KafkaProducer").producer(producerConfig(configs));
      return { producer, ...producerSendOptions(configs) };
    },
    consumer(configs) {
      const reset = (configs["auto.offset.reset"] ?? "earliest").trim().toLowerCase();
      const maxPollRecords = configs["max.poll.records"] === undefined ? undefined : positiveInt(configs, "max.poll.records");
      const config = consumerConfig(configs);
      const client: ConsumerClient = { consumer: undefined as unknown as TaskConsumer, fromBeginning: reset !== "latest", maxPollRecords, restartOnFailure: () => true };
      config.retry = { ...config.retry, restartOnFailure: async (error: Error) => client.restartOnFailure(error) };
      client.consumer = kafka(configs, "org.apache.kafka.clients.consumer.KafkaConsumer").consumer(config);
      return client;
    },
    admin(configs) {
      return kafka(configs, "org.apache.kafka.clients.admin.KafkaAdminClient").admin();
    },
    async commitGroupOffsets(configs, groupId, offsets) {
      const client = kafka(configs, "org.apache.kafka.clients.admin.KafkaAdminClient");
      const admin = client.admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([groupId]);
        const state = groups[0]?.state;
        if (state && state !== "Empty" && state !== "Dead") {
          throw new GroupNotEmptyError(`The consumer group must have no running instances, current state: ${state}`);
        }
      } finally {
        await admin.disconnect().catch(() => {});
      }
      // kafkajs has no admin offset commit: a short-lived member joins, commits and leaves (kafkajs'
      // own setOffsets does the same but idles 5 s on its paused fetch).
      const topics = [...new Set(offsets.map((o) => o.topic))];
      const consumer = client.consumer({ groupId, maxWaitTimeInMs: 50, retry: { retries: 3, restartOnFailure: async () => false } });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics });
        await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => {} });
        consumer.pause(topics.map((topic) => ({ topic })));
        await consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
      } finally {
        await consumer.disconnect().catch(() => {});
      }
    },
  };
}

export function kafkaConfig(configs: Readonly<Record<string, string>>, loggers: Loggers, loggerName: string): KafkaConfig {
  const brokers = (configs["bootstrap.servers"] ?? "localhost:9092")
    .split(",")
    .map((s) => s.trim().replace(/^[A-Za-z_]+:\/\//, ""))
    .filter(Boolean);
  const clientId = configs["client.id"];
  const logger = loggers.logger(loggerName, clientId);
  const protocol = (configs["security.protocol"] ?? "PLAINTEXT").trim().toUpperCase();
  const out: KafkaConfig = {
    brokers,
    clientId,
    logLevel: logger.isDebugEnabled() ? logLevel.DEBUG : logLevel.INFO,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const method = KAFKAJS_LEVEL[level] ?? "info";
        const { message, ...extra } = log;
        const detail = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}` : "";
        logger[method](`${message}${detail}`);
      },
    retry: retryOptions(configs),
  };
  const requestTimeout = optionalInt(configs, "request.timeout.ms");
  if (requestTimeout !== undefined) out.requestTimeout = requestTimeout;
  const connectionTimeout = optionalInt(configs, "socket.connection.setup.timeout.ms");
  if (connectionTimeout !== undefined) out.connectionTimeout = connectionTimeout;
  if (protocol === "SSL" || protocol === "SASL_SSL") {
    // Hostname verification off when `ssl.endpoint.identification.algorithm` is empty, as in Kafka.
    const verifyHost = (configs["ssl.endpoint.identification.algorithm"] ?? "https").trim() !== "";
    out.ssl = verifyHost ? true : { checkServerIdentity: () => undefined };
  }
  if (protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL") out.sasl = saslOptions(configs);
  return out;
}

function retryOptions(configs: Readonly<Record<string, string>>): KafkaConfig["retry"] {
  const retry: NonNullable<KafkaConfig["retry"]> = {};
  const backoff = optionalInt(configs, "retry.backoff.ms");
  if (backoff !== undefined) retry.initialRetryTime = Math.max(1, backoff);
  const maxBackoff = optionalInt(configs, "retry.backoff.max.ms");
  if (maxBackoff !== undefined) retry.maxRetryTime = Math.max(1, maxBackoff);
  const retries = optionalInt(configs, "retries");
  // Java's default is effectively infinite; kafkajs counts attempts, so cap at a sane number.
  if (retries !== undefined) retry.retries = Math.min(retries, 1000);
  return retry;
}

function saslOptions(configs: Readonly<Record<string, string>>): SASLOptions {
  const mechanism = (configs["sasl.mechanism"] ?? "GSSAPI").trim().toUpperCase();
  const jaas = configs["sasl.jaas.config"] ?? "";
  const field = (name: string) => new RegExp(`${name}\\s*=\\s*"([^"]*)"`).exec(jaas)?.[1] ?? "";
  const username = field("username");
  const password = field("password");
  switch (mechanism) {
    case "PLAIN":
      return { mechanism: "plain", username, password };
    case "SCRAM-SHA-256":
      return { mechanism: "scram-sha-256", username, password };
    case "SCRAM-SHA-512":
      return { mechanism: "scram-sha-512", username, password };
    default:
      throw ConfigError.invalidValue("sasl.mechanism", mechanism, "Ferry's Kafka client supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512");
  }
}

export function producerConfig(configs: Readonly<Record<string, string>>): ProducerConfig {
  const out: ProducerConfig = {
    createPartitioner: trackingPartitioner,
    // Connect's producer defaults: no idempotence, one request in flight (ordering on retries).
    idempotent: bool(configs, "enable.idempotence", false),
    maxInFlightRequests: optionalInt(configs, "max.in.flight.requests.per.connection") ?? 1,
    allowAutoTopicCreation: true,
  };
  const metadataMaxAge = optionalInt(configs, "metadata.max.age.ms");
  if (metadataMaxAge !== undefined) out.metadataMaxAge = metadataMaxAge;
  const transactionalId = configs["transactional.id"];
  if (transactionalId) out.transactionalId = transactionalId;
  const transactionTimeout = optionalInt(configs, "transaction.timeout.ms");
  if (transactionTimeout !== undefined) out.transactionTimeout = transactionTimeout;
  return out;
}

const COMPRESSION: Record<string, CompressionTypes> = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP };

export function producerSendOptions(configs: Readonly<Record<string, string>>): Omit<ProducerClient, "producer"> {
  const acksText = (configs["acks"] ?? "all").trim().toLowerCase();
  const acks = acksText === "all" ? -1 : Number(acksText);
  if (![-1, 0, 1].includes(acks)) throw ConfigError.invalidValue("acks", acksText, "String must be one of: all, -1, 0, 1");
  const compressionText = (configs["compression.type"] ?? "none").trim().toLowerCase();
  const compression = COMPRESSION[compressionText];
  if (compression === undefined) {
    throw ConfigError.invalidValue("compression.type", compressionText, "Ferry's Kafka client supports the compression types none and gzip");
  }
  return { acks, timeout: optionalInt(configs, "request.timeout.ms"), compression };
}

export function consumerConfig(configs: Readonly<Record<string, string>>): ConsumerConfig {
  const groupId = configs["group.id"];
  if (!groupId) throw ConfigError.missing("group.id");
  return {
    groupId,
    // Java consumer defaults where they differ from kafkajs'.
    sessionTimeout: optionalInt(configs, "session.timeout.ms") ?? 45_000,
    rebalanceTimeout: optionalInt(configs, "max.poll.interval.ms") ?? 300_000,
    heartbeatInterval: optionalInt(configs, "heartbeat.interval.ms") ?? 3_000,
    maxBytesPerPartition: optionalInt(configs, "max.partition.fetch.bytes") ?? 1_048_576,
    minBytes: optionalInt(configs, "fetch.min.bytes") ?? 1,
    maxBytes: optionalInt(configs, "fetch.max.bytes") ?? 52_428_800,
    // 500 ms as in Java (kafkajs waits 5 s, which would also delay stopping a sink task).
    maxWaitTimeInMs: optionalInt(configs, "fetch.max.wait.ms") ?? 500,
    allowAutoTopicCreation: bool(configs, "allow.auto.create.topics", true),
    readUncommitted: (configs["isolation.level"] ?? "read_uncommitted").trim().toLowerCase() !== "read_committed",
    ...(optionalInt(configs, "metadata.max.age.ms") !== undefined ? { metadataMaxAge: optionalInt(configs, "metadata.max.age.ms") } : {}),
    ...(configs["client.rack"] ? { rackId: configs["client.rack"] } : {}),
  };
}

/**
 * kafkajs' default (Java-compatible murmur2) partitioner that also writes the chosen partition on
 * the message, so the source task knows where each record went (for `commitRecord` metadata).
 */
export const trackingPartitioner = () => {
  const inner = Partitioners.DefaultPartitioner();
  return (args: Parameters<ReturnType<typeof Partitioners.DefaultPartitioner>>[0]): number => {
    const { message } = args;
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    const partition = inner(args);
    message.partition = partition;
    return partition;
  };
};

function optionalInt(configs: Readonly<Record<string, string>>, key: string): number | undefined {
  const raw = configs[key];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw.trim());
  if (!Number.isInteger(value)) throw ConfigError.invalidValue(key, raw, "Not a number of type INT");
  return value;
}

function positiveInt(configs: Readonly<Record<string, string>>, key: string): number {
  const value = optionalInt(configs, key) ?? 0;
  if (value < 1) throw ConfigError.invalidValue(key, String(value), "Value must be at least 1");
  return value;
}

function bool(configs: Readonly<Record<string, string>>, key: string, def: boolean): boolean {
  const raw = configs[key];
  return raw === undefined ? def : raw.trim().toLowerCase() === "true";
}
