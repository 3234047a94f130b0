import type { IHeaders, Message } from "kafkajs";
import type { ConnectAdmin, ProducerClient } from "../kafka-clients";
import type { Logger } from "../loggers";
import { errorTrace } from "../status";
import type { ErrorContext, ErrorReporter } from "./retry-with-tolerance-operator";

/**
 * Kafka's DeadLetterQueueReporter (sink connectors): the original consumed record (raw key and value
 * bytes, original headers and timestamp) is produced to `errors.deadletterqueue.topic.name`, with
 * Kafka's `__connect.errors.*` context headers when `errors.deadletterqueue.context.headers.enable`.
 * The topic is created on start when missing (1 partition, the configured replication factor).
 */
export const ERROR_HEADER_PREFIX = "__connect.errors.";
export const ERROR_HEADER_ORIG_TOPIC = `${ERROR_HEADER_PREFIX}topic`;
export const ERROR_HEADER_ORIG_PARTITION = `${ERROR_HEADER_PREFIX}partition`;
export const ERROR_HEADER_ORIG_OFFSET = `${ERROR_HEADER_PREFIX}offset`;
export const ERROR_HEADER_CONNECTOR_NAME = `${ERROR_HEADER_PREFIX}connector.name`;
export const ERROR_HEADER_TASK_ID = `${ERROR_HEADER_PREFIX}task.id`;
export const ERROR_HEADER_STAGE = `${ERROR_HEADER_PREFIX}stage`;
export const ERROR_HEADER_EXECUTING_CLASS = `${ERROR_HEADER_PREFIX}class.name`;
export const ERROR_HEADER_EXCEPTION = `${ERROR_HEADER_PREFIX}exception.class.name`;
export const ERROR_HEADER_EXCEPTION_MESSAGE = `${ERROR_HEADER_PREFIX}exception.message`;
export const ERROR_HEADER_EXCEPTION_STACK_TRACE = `${ERROR_HEADER_PREFIX}exception.stacktrace`;

export interface DeadLetterQueueOptions {
  connector: string;
  task: number;
  topic: string;
  replicationFactor: number;
  contextHeaders: boolean;
  producer: ProducerClient;
  admin: ConnectAdmin;
  log: Logger;
  /** Masks secret values (PASSWORD keys, provider values) in the exception headers. */
  redact?: (text: string) => string;
}

/** Kafka's exception class name of an error (Connect errors carry it). */
export function exceptionClassName(error: Error): string {
  const cls = (error as { exceptionClass?: unknown }).exceptionClass;
  return typeof cls === "string" ? cls : error.name;
}

export class DeadLetterQueueReporter implements ErrorReporter {
  readonly #options: DeadLetterQueueOptions;
  #ready: Promise<void> | null = null;
  #tail: Promise<void> = Promise.resolve();

  constructor(options: DeadLetterQueueOptions) {
    this.#options = options;
  }

  /** Connects the producer and creates the topic when missing; report() waits for it. */
  start(): Promise<void> {
    this.#ready ??= this.#start();
    return this.#ready;
  }

  async #start(): Promise<void> {
    const { admin, topic, replicationFactor, producer, log } = this.#options;
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(topic)) {
        log.info(`Creating topic ${topic}`);
        await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor }] });
      }
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await producer.producer.connect();
  }

  /** The DLQ message for one failure (exported for tests). */
  message(context: ErrorContext): Message | null {
    const consumed = context.consumed;
    if (!consumed) return null;
    const headers: IHeaders = { ...(consumed.headers ?? {}) };
    if (this.#options.contextHeaders) this.#addContextHeaders(headers, context);
    return {
      key: consumed.key,
      value: consumed.value,
      headers,
      timestamp: consumed.timestamp !== null && consumed.timestamp >= 0 ? String(consumed.timestamp) : undefined,
    };
  }

  async report(context: ErrorContext): Promise<void> {
    const message = this.message(context);
    if (!message) return;
    // One send at a time: the DLQ keeps the order in which the records failed.
    const send = this.#tail.then(() => this.#send(message));
    this.#tail = send.catch(() => {});
    await send;
  }

  async #send(message: Message): Promise<void> {
    await this.start();
    const { producer, topic, log } = this.#options;
    try {
      await producer.producer.sendBatch({ topicMessages: [{ topic, messages: [message] }], acks: producer.acks, timeout: producer.timeout, compression: producer.compression });
    } catch (err) {
      log.error(`Could not produce message to dead letter queue. topic=${topic}`, err);
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#ready === null) return;
    await this.#tail;
    await this.#ready.catch(() => {});
    await this.#options.producer.producer.disconnect().catch(() => {});
  }

  #addContextHeaders(headers: IHeaders, context: ErrorContext): void {
    const consumed = context.consumed!;
    const set = (key: string, value: string | null) => {
      headers[key] = value === null ? (null as unknown as Buffer) : Buffer.from(value, "utf8");
    };
    set(ERROR_HEADER_ORIG_TOPIC, consumed.topic);
    set(ERROR_HEADER_ORIG_PARTITION, String(consumed.partition));
    set(ERROR_HEADER_ORIG_OFFSET, String(consumed.offset));
    set(ERROR_HEADER_CONNECTOR_NAME, this.#options.connector);
    set(ERROR_HEADER_TASK_ID, String(this.#options.task));
    set(ERROR_HEADER_STAGE, context.stage);
    set(ERROR_HEADER_EXECUTING_CLASS, context.executingClass);
    const error = context.error;
    const redact = this.#options.redact ?? ((text: string) => text);
    set(ERROR_HEADER_EXCEPTION, exceptionClassName(error));
    set(ERROR_HEADER_EXCEPTION_MESSAGE, error.message === "" ? null : redact(error.message));
    set(ERROR_HEADER_EXCEPTION_STACK_TRACE, redact(errorTrace(error)));
  }
}
