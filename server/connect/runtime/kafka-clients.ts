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
  type RetryOptions,
  type SASLOptions,
} from "kafkajs";
import { connect as netConnect, isIP, Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { ConfigError } from "../api";
import { patchKafkajsRequestQueue } from "./kafkajs-request-queue";
import type { Loggers } from "./loggers";

patchKafkajsRequestQueue();

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
  // Each client gets its own Kafka instance and socket set (see closeLeftSocketsOnDisconnect).
  const kafka = (configs: Readonly<Record<string, string>>, loggerName: string, sockets?: Set<Socket>, extra: { retry?: RetryOptions; gate?: ClientGate } = {}) => {
    const config = kafkaConfig(configs, loggers, loggerName);
    if (sockets) config.socketFactory = trackingSocketFactory(sockets, extra.gate);
    if (extra.retry) config.retry = extra.retry;
    const { gate } = extra;
    if (gate && Array.isArray(config.brokers)) {
      // kafkajs asks for the broker list again when a connection fails; an empty one is its only
      // non-retriable connection error, so a closed client's pending retries end there.
      const brokers = config.brokers;
      config.brokers = () => (gate.closed ? [] : brokers);
    }
    return new Kafka(config);
  };
  return {
    producer(configs) {
      const sockets = new Set<Socket>();
      const options = producerConfig(configs);
      // Also the client's own retries: reconnecting to the cluster inside a send (kafkajs' broker
      // pool) gives up after them, and that failure is final for the send. A send still retrying
      // when the producer is closed must stop (Kafka's close() aborts it), else its timers keep the
      // process alive for up to delivery.timeout.ms: the gate makes its next attempt final.
      const gate: ClientGate = { closed: false };
      const producer = kafka(configs, "org.apache.kafka.clients.producer.KafkaProducer", sockets, { retry: options.retry, gate }).producer(options);
      closeLeftSocketsOnDisconnect(producer, sockets, gate);
      return { producer, ...producerSendOptions(configs) };
    },
    consumer(configs) {
      const reset = (configs["auto.offset.reset"] ?? "earliest").trim().toLowerCase();
      const maxPollRecords = configs["max.poll.records"] === undefined ? undefined : positiveInt(configs, "max.poll.records");
      const config = consumerConfig(configs);
      const client: ConsumerClient = { consumer: undefined as unknown as TaskConsumer, fromBeginning: reset !== "latest", maxPollRecords, restartOnFailure: () => true };
      config.retry = { ...config.retry, restartOnFailure: async (error: Error) => client.restartOnFailure(error) };
      const sockets = new Set<Socket>();
      const consumer = kafka(configs, "org.apache.kafka.clients.consumer.KafkaConsumer", sockets).consumer(config);
      closeLeftSocketsOnDisconnect(consumer, sockets);
      client.consumer = consumer;
      return client;
    },
    admin(configs) {
      const sockets = new Set<Socket>();
      const admin = kafka(configs, "org.apache.kafka.clients.admin.KafkaAdminClient", sockets).admin();
      closeLeftSocketsOnDisconnect(admin, sockets);
      return admin;
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

/** Closed: the client was disconnected; it opens no new connection until connected again. */
interface ClientGate {
  closed: boolean;
}

/** kafkajs' own socket factory (keep-alive after 60 s), recording each socket until it closes. */
function trackingSocketFactory(sockets: Set<Socket>, gate?: ClientGate): NonNullable<KafkaConfig["socketFactory"]> {
  return ({ host, port, ssl, onConnect }) => {
    if (gate?.closed) {
      // Fails as a refused connection would (kafkajs listens for the error once this returns).
      const refused = new Socket();
      process.nextTick(() => refused.destroy(new Error("the client was closed")));
      return refused;
    }
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(typeof ssl === "object" ? ssl : {}) }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    return socket;
  };
}

/**
 * After a broker restart, kafkajs can keep a connection its disconnect() no longer knows about (a
 * broker object replaced while reconnecting): its socket stays open, and its request queue's check
 * timer re-arms itself every millisecond until that connection is disconnected, which keeps the
 * process alive after everything stopped. Whatever is still open once disconnect() settled is
 * destroyed with an error, the path on which kafkajs disconnects the connection and its queue.
 */
function closeLeftSocketsOnDisconnect(client: { connect(): Promise<void>; disconnect(): Promise<void> }, sockets: Set<Socket>, gate?: ClientGate): void {
  const disconnect = client.disconnect.bind(client);
  if (gate) {
    const connect = client.connect.bind(client);
    client.connect = async () => {
      gate.closed = false;
      await connect();
    };
  }
  client.disconnect = async () => {
    if (gate) gate.closed = true;
    try {
      await disconnect();
    } finally {
      for (const socket of sockets) socket.destroy(new Error("connection left open after the client disconnected"));
      sockets.clear();
    }
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

export function producerConfig(configs: Readonly<Record<string, string>>): ProducerConfig & { retry: RetryOptions } {
  const idempotent = bool(configs, "enable.idempotence", false);
  const retry = producerRetryOptions(configs);
  if (idempotent && retry.retries === 0) throw ConfigError.invalidValue("retries", "0", "Must set retries to non-zero when using the idempotent producer");
  const out: ProducerConfig & { retry: RetryOptions } = {
    createPartitioner: trackingPartitioner,
    // Connect's producer defaults: no idempotence, one request in flight (ordering on retries).
    idempotent,
    maxInFlightRequests: optionalInt(configs, "max.in.flight.requests.per.connection") ?? 1,
    allowAutoTopicCreation: true,
    retry,
  };
  const metadataMaxAge = optionalInt(configs, "metadata.max.age.ms");
  if (metadataMaxAge !== undefined) out.metadataMaxAge = metadataMaxAge;
  const transactionalId = configs["transactional.id"];
  if (transactionalId) out.transactionalId = transactionalId;
  const transactionTimeout = optionalInt(configs, "transaction.timeout.ms");
  if (transactionTimeout !== undefined) out.transactionTimeout = transactionTimeout;
  return out;
}

/** Kafka's producer defaults (ProducerConfig, CommonClientConfigs) for how a send is retried. */
export const PRODUCER_RETRY_DEFAULTS = { deliveryTimeoutMs: 120_000, requestTimeoutMs: 30_000, retryBackoffMs: 100, retryBackoffMaxMs: 1_000 } as const;
/** Kafka's exponential backoff doubles each wait with ±20 % jitter; kafkajs' retrier takes the same two numbers. */
const BACKOFF_MULTIPLIER = 2;
const BACKOFF_JITTER = 0.2;

/**
 * kafkajs retry options that retry a send with backoff for `delivery.timeout.ms`, as Kafka's
 * producer does (kafkajs counts retries instead of time). kafkajs waits `initialRetryTime` ±
 * `factor` first, then each wait is the previous one ± `factor`, times `multiplier`, capped at
 * `maxRetryTime` (node_modules/kafkajs/src/retry): the retry count is the number of waits whose
 * shortest possible sum reaches `delivery.timeout.ms` (fewer when `retries` says so). The attempts'
 * own durations come on top: a send fails no sooner than delivery.timeout.ms after its first error.
 */
export function producerRetryOptions(configs: Readonly<Record<string, string>>): RetryOptions & { retries: number } {
  const requestTimeout = optionalInt(configs, "request.timeout.ms") ?? PRODUCER_RETRY_DEFAULTS.requestTimeoutMs;
  const linger = optionalInt(configs, "linger.ms") ?? 0;
  const configured = optionalInt(configs, "delivery.timeout.ms");
  // Kafka's ProducerConfig check: a set value too small is an error, the default is raised instead.
  if (configured !== undefined && configured < linger + requestTimeout) {
    throw ConfigError.invalidValue("delivery.timeout.ms", String(configured), "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
  }
  const deliveryTimeout = configured ?? Math.max(PRODUCER_RETRY_DEFAULTS.deliveryTimeoutMs, linger + requestTimeout);
  const initial = Math.max(1, optionalInt(configs, "retry.backoff.ms") ?? PRODUCER_RETRY_DEFAULTS.retryBackoffMs);
  // A backoff above its maximum stays constant (no exponential growth).
  const max = Math.max(initial, optionalInt(configs, "retry.backoff.max.ms") ?? PRODUCER_RETRY_DEFAULTS.retryBackoffMaxMs);
  const retries = optionalInt(configs, "retries");
  if (retries !== undefined && retries < 0) throw ConfigError.invalidValue("retries", String(retries), "Value must be at least 0");
  const covering = retriesCovering(deliveryTimeout, initial, max);
  return {
    initialRetryTime: initial,
    maxRetryTime: max,
    multiplier: BACKOFF_MULTIPLIER,
    factor: BACKOFF_JITTER,
    retries: retries === undefined ? covering : Math.min(retries, covering),
  };
}

/** The fewest kafkajs retries whose waits, each at its shortest (jitter down), add up to `budgetMs`. */
export function retriesCovering(budgetMs: number, initialMs: number, maxMs: number): number {
  let wait = initialMs * (1 - BACKOFF_JITTER);
  let total = 0;
  let retries = 0;
  while (total < budgetMs) {
    // At the cap every further wait is exactly maxMs (kafkajs caps after the jitter).
    if (retries > 0 && wait >= maxMs) return retries + Math.ceil((budgetMs - total) / maxMs);
    total += wait;
    retries++;
    wait = Math.min(wait * (1 - BACKOFF_JITTER) * BACKOFF_MULTIPLIER, maxMs);
  }
  return retries;
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
