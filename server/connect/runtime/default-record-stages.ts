import { type ConfigMap, type SinkRecord, type SourceRecord } from "../api";
import type { IHeaders } from "kafkajs";
import type { Clock } from "./clock";
import {
  DLQ_CONTEXT_HEADERS_ENABLE_CONFIG,
  DLQ_TOPIC_NAME_CONFIG,
  DLQ_TOPIC_REPLICATION_FACTOR_CONFIG,
  ERRORS_LOG_ENABLE_CONFIG,
  ERRORS_LOG_INCLUDE_MESSAGES_CONFIG,
  ERRORS_RETRY_MAX_DELAY_CONFIG,
  ERRORS_RETRY_TIMEOUT_CONFIG,
  ERRORS_TOLERANCE_CONFIG,
  type PluginLookup,
} from "./connector-config";
import { DeadLetterQueueReporter } from "./errors/dead-letter-queue-reporter";
import { LogReporter } from "./errors/log-reporter";
import { RetryWithToleranceOperator, type ErrorContext, type ErrorReporter, type ErrorTolerance, type STOPPED } from "./errors/retry-with-tolerance-operator";
import type { ClientFactory } from "./kafka-clients";
import { loggingContext, type Loggers } from "./loggers";
import { SKIP, type ConsumedRecord, type RecordStages, type RecordStagesFactory, type Stage, type StageConverters } from "./record-stages";
import { buildTransformationChain, parseAliases, type TransformationChain } from "./transformation-chain";

/**
 * The runtime's record stages: the connector's transformation chain under Kafka's
 * RetryWithToleranceOperator with its log and dead letter queue reporters. Null (the direct path,
 * no per-record indirection) when the connector has no transforms, `errors.tolerance=none`, no
 * retries and no reporter.
 */
export interface DefaultRecordStagesOptions {
  plugins: PluginLookup;
  loggers: Loggers;
  clock: Clock;
  /** Clients for the dead letter queue (its producer and admin). */
  clients: () => ClientFactory;
  /** Client configs of the DLQ producer/admin of a connector's task. */
  clientConfigs: (connector: string, task: number, connectorConfig: ConfigMap, kind: "producer" | "admin") => Record<string, string>;
  /** The random source of the retry backoff once it reaches `errors.retry.delay.max.ms` (tests). */
  random?: () => number;
}

export const SINK_TASK_CLASS = "org.apache.kafka.connect.sink.SinkTask";

interface ErrorSettings {
  tolerance: ErrorTolerance;
  retryTimeoutMs: number;
  maxDelayMs: number;
  logEnable: boolean;
  logIncludeMessages: boolean;
}

function parseLong(config: ConfigMap, key: string, fallback: number): number {
  const raw = config[key]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

function parseBool(config: ConfigMap, key: string): boolean {
  return (config[key] ?? "").trim().toLowerCase() === "true";
}

export function errorSettings(config: ConfigMap): ErrorSettings {
  return {
    tolerance: (config[ERRORS_TOLERANCE_CONFIG] ?? "none").trim().toLowerCase() === "all" ? "all" : "none",
    retryTimeoutMs: parseLong(config, ERRORS_RETRY_TIMEOUT_CONFIG, 0),
    maxDelayMs: parseLong(config, ERRORS_RETRY_MAX_DELAY_CONFIG, 60000),
    logEnable: parseBool(config, ERRORS_LOG_ENABLE_CONFIG),
    logIncludeMessages: parseBool(config, ERRORS_LOG_INCLUDE_MESSAGES_CONFIG),
  };
}

function dlqTopic(config: ConfigMap): string {
  return (config[DLQ_TOPIC_NAME_CONFIG] ?? "").trim();
}

/** True when records need the stages path (anything beyond "fail on the first error"). */
export function needsStages(config: ConfigMap, kind: "source" | "sink"): boolean {
  const s = errorSettings(config);
  return (
    parseAliases(config["transforms"]).length > 0 ||
    s.tolerance === "all" ||
    s.retryTimeoutMs !== 0 ||
    s.logEnable ||
    (kind === "sink" && dlqTopic(config) !== "")
  );
}

class Stages<R extends SinkRecord | SourceRecord> implements RecordStages<R> {
  readonly #chain: TransformationChain<R>;
  readonly #operator: RetryWithToleranceOperator;
  readonly #kind: "source" | "sink";
  readonly #converters: StageConverters;
  readonly #errantEnabled: boolean;
  readonly origins: WeakMap<object, ConsumedRecord> | null;
  readonly #dlq: DeadLetterQueueReporter | null;

  constructor(
    kind: "source" | "sink",
    chain: TransformationChain<R>,
    operator: RetryWithToleranceOperator,
    converters: StageConverters,
    errantEnabled: boolean,
    dlq: DeadLetterQueueReporter | null,
    failsFast: boolean,
  ) {
    this.#kind = kind;
    this.#chain = chain;
    this.#operator = operator;
    this.#converters = converters;
    this.#errantEnabled = errantEnabled;
    this.origins = errantEnabled ? new WeakMap() : null;
    this.#dlq = dlq;
    this.failsFast = failsFast;
  }

  readonly failsFast: boolean;

  readonly #transformClass = (): string => this.#chain.currentClass ?? "unknown";

  get operator(): RetryWithToleranceOperator {
    return this.#operator;
  }

  transform(record: R, owned = false): R | null {
    return this.#chain.isEmpty ? record : this.#chain.apply(record, owned);
  }

  failed(stage: Stage, context: R extends SinkRecord ? ConsumedRecord : SourceRecord, error: unknown, executingClass?: string): typeof SKIP {
    const consumed = this.#kind === "sink" ? (context as ConsumedRecord) : null;
    const source = this.#kind === "source" ? (context as SourceRecord) : null;
    // The chain knows which SMT ran last: the one that threw.
    const cls = stage === "TRANSFORMATION" ? this.#transformClass : (executingClass ?? "unknown");
    return this.#operator.onFailure(stage, cls, consumed, source, error);
  }

  retry<T>(error: unknown, process: () => T): Promise<T | typeof STOPPED> {
    return this.#operator.retry(error, process);
  }

  executeFailed(context: ErrorContext): void {
    void this.#operator.executeFailed(context).catch(() => {
      // Kept by the operator: flush() (before offsets are committed) surfaces it.
    });
  }

  triggerStop(): void {
    this.#operator.triggerStop();
  }

  errantRecordReporter(): ((record: R, error: Error) => Promise<void>) | null {
    if (this.#kind !== "sink" || !this.#errantEnabled) return null;
    return (record, error) => this.#reportErrant(record as SinkRecord, error);
  }

  /** Kafka's WorkerErrantRecordReporter#report: throws at once when the failure is not tolerated. */
  #reportErrant(record: SinkRecord, error: Error): Promise<void> {
    const consumed = this.origins?.get(record) ?? this.#serialize(record);
    return this.#operator.executeFailed({ stage: "TASK_PUT", executingClass: SINK_TASK_CLASS, error, consumed, source: null, attempt: 1 });
  }

  /** Kafka's WorkerErrantRecordReporter for records it did not hand out: serialized again. */
  #serialize(record: SinkRecord): ConsumedRecord {
    const { keyConverter, valueConverter, headerConverter } = this.#converters;
    const topic = record.topic;
    let headers: IHeaders | undefined;
    if (!record.headers.isEmpty()) {
      headers = {};
      for (const h of record.headers) headers[h.key] = headerConverter.fromConnectHeader(topic, h.key, h.schema, h.value) as Buffer;
    }
    const toBuffer = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes));
    return {
      topic,
      partition: record.kafkaPartition,
      offset: record.kafkaOffset,
      key: toBuffer(keyConverter.fromConnectData(topic, record.headers, record.keySchema, record.key)),
      value: toBuffer(valueConverter.fromConnectData(topic, record.headers, record.valueSchema, record.value)),
      headers,
      timestamp: record.timestamp,
    };
  }

  async flush(): Promise<void> {
    await this.#operator.flush();
  }

  async close(): Promise<void> {
    try {
      await this.#operator.close();
    } finally {
      this.#chain.close();
      await this.#dlq?.close();
    }
  }
}

export function createRecordStagesFactory(options: DefaultRecordStagesOptions): RecordStagesFactory {
  const build = <R extends SinkRecord | SourceRecord>(kind: "source" | "sink", connector: string, task: number, config: ConfigMap, converters: StageConverters): RecordStages<R> | null => {
    if (!needsStages(config, kind)) return null;
    const settings = errorSettings(config);
    const reporters: ErrorReporter[] = [];
    const log = options.loggers.logger("org.apache.kafka.connect.runtime.errors.LogReporter", loggingContext.task(connector, task));
    if (settings.logEnable) reporters.push(new LogReporter(connector, task, log, settings.logIncludeMessages));
    let dlq: DeadLetterQueueReporter | null = null;
    const topic = kind === "sink" ? dlqTopic(config) : "";
    if (topic !== "") {
      const clients = options.clients();
      dlq = new DeadLetterQueueReporter({
        connector,
        task,
        topic,
        replicationFactor: parseLong(config, DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, 3),
        contextHeaders: parseBool(config, DLQ_CONTEXT_HEADERS_ENABLE_CONFIG),
        producer: clients.producer(options.clientConfigs(connector, task, config, "producer")),
        admin: clients.admin(options.clientConfigs(connector, task, config, "admin")),
        log,
        redact: (text) => options.loggers.secrets.redact(text),
      });
      reporters.push(dlq);
    }
    const chain = buildTransformationChain<R>(options.plugins, config);
    const operator = new RetryWithToleranceOperator({
      retryTimeoutMs: settings.retryTimeoutMs,
      maxDelayMs: settings.maxDelayMs,
      tolerance: settings.tolerance,
      reporters,
      clock: options.clock,
      random: options.random,
    });
    // Kafka's SinkConnectorConfig#enableErrantRecordReporter: a dead letter queue or error logging.
    const errantEnabled = kind === "sink" && (topic !== "" || settings.logEnable);
    const failsFast = settings.tolerance === "none" && settings.retryTimeoutMs === 0 && reporters.length === 0 && !errantEnabled;
    return new Stages<R>(kind, chain, operator, converters, errantEnabled, dlq, failsFast);
  };
  return {
    source: (connector, task, config, converters) => build<SourceRecord>("source", connector, task, config, converters),
    sink: (connector, task, config, converters) => build<SinkRecord>("sink", connector, task, config, converters),
  };
}
