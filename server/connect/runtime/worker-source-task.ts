import type { IHeaders, Message, RecordMetadata as KafkaRecordMetadata } from "kafkajs";
import {
  ConnectError,
  RetriableError,
  SourceTask,
  type ConfigMap,
  type Converter,
  type HeaderConverter,
  type Headers,
  type RecordMetadata,
  type SourceRecord,
  type SourceTaskContext,
} from "../api";
import type { OffsetStorageReaderImpl } from "../storage/offset-storage-reader";
import type { OffsetStorageWriter } from "../storage/offset-storage-writer";
import { sleepUnlessAborted } from "./clock";
import type { ProducerClient } from "./kafka-clients";
import { STOPPED, ToleranceExceededError, type ErrorContext } from "./errors/retry-with-tolerance-operator";
import type { RecordStages, Stage } from "./record-stages";
import { asError, type StatusListener } from "./status";
import { WorkerTask, type WorkerTaskOptions } from "./worker-task";

/**
 * Runs a SourceTask (Kafka's WorkerSourceTask): poll → (transform) → convert key/value/headers →
 * produce in batches → record each acknowledged record's source offset → flush offsets every
 * `offset.flush.interval.ms` and on stop.
 *
 * Throughput: records are sent in large `sendBatch` calls with one request in flight (ordering is
 * kept, as with Kafka's `max.in.flight.requests.per.connection=1`), while the next records are
 * polled and converted; offsets are flushed in the background. Offsets are only ever recorded for
 * records Kafka acknowledged (or skipped under `errors.tolerance=all`), in order, so a crash
 * re-delivers at most what was not flushed.
 *
 * Produce failures (stage KAFKA_PRODUCE, Kafka's AbstractWorkerSourceTask#sendRecords): kafkajs has
 * already retried what it can retry. A send the broker refused because of some record in it
 * (too large, invalid) is split in halves and sent again until the refused records are alone, as
 * Kafka's producer splits a batch that is too large: the others are delivered. Every record left
 * failing goes to Kafka's `executeFailed`: with `errors.tolerance=all` it is reported (log
 * reporter) and skipped (commitRecord with null metadata, its offset committed, so the task does not
 * stall); with `none` the task fails with "Unrecoverable exception from producer send callback",
 * caused by a ToleranceExceededError naming the stage and the record. A failed send may have been
 * written in part (other partitions of the same request): sending again can duplicate those records
 * (at-least-once, as a Kafka producer retry without idempotence).
 */
export interface WorkerSourceTaskOptions extends WorkerTaskOptions {
  task: SourceTask;
  taskConfig: ConfigMap;
  keyConverter: Converter;
  valueConverter: Converter;
  headerConverter: HeaderConverter;
  producer: ProducerClient;
  offsetReader: OffsetStorageReaderImpl;
  offsetWriter: OffsetStorageWriter;
  offsetFlushIntervalMs: number;
  offsetFlushTimeoutMs: number;
  stages?: RecordStages<SourceRecord> | null;
  /** Converter class names, named in error reports and traces. */
  keyConverterClass?: string;
  valueConverterClass?: string;
  headerConverterClass?: string;
  /** Most records per produce request (default 1000). */
  maxBatchRecords?: number;
}

/** kafkajs groups a request's messages per partition in O(n²); batches stay moderate. */
const DEFAULT_MAX_BATCH_RECORDS = 1000;
/** Stop polling while this many batches wait behind the one in flight. */
const MAX_QUEUED_BATCHES = 2;

/** The executing class Kafka names for produce failures. */
export const WORKER_SOURCE_TASK_CLASS = "org.apache.kafka.connect.runtime.WorkerSourceTask";

/**
 * Broker errors about the records of a request rather than the topic, the partition or the
 * connection: the request is sent again in smaller parts to find the records at fault.
 */
const RECORD_ERRORS: ReadonlySet<string> = new Set(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "INVALID_RECORD", "INVALID_TIMESTAMP", "CORRUPT_MESSAGE"]);

interface SendBatch {
  records: SourceRecord[];
  /** Parallel to records; null where a transform dropped the record. */
  messages: (Message | null)[];
}

export class WorkerSourceTask extends WorkerTask {
  readonly #task: SourceTask;
  readonly #options: WorkerSourceTaskOptions;
  readonly #listener: StatusListener;
  readonly #stages: RecordStages<SourceRecord> | null;
  readonly #maxBatch: number;
  readonly #commitRecordOverridden: boolean;
  #queuedRecords: SourceRecord[] = [];
  #queuedMessages: (Message | null)[] = [];
  #inFlight: Promise<void> | null = null;
  #sendError: unknown = null;
  #committing: Promise<void> | null = null;
  #cancelFlushTimer: () => void = () => {};
  #started = false;
  readonly #activeTopics = new Set<string>();
  #drainWaiters: (() => void)[] = [];

  constructor(options: WorkerSourceTaskOptions) {
    super(options);
    this.#options = options;
    this.#task = options.task;
    this.#listener = options.listener;
    this.#stages = options.stages ?? null;
    this.#maxBatch = options.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS;
    // Calling a no-op commitRecord per record costs; skip it unless the task overrides it.
    this.#commitRecordOverridden = this.#task.commitRecord !== SourceTask.prototype.commitRecord;
  }

  protected async initializeAndStart(): Promise<void> {
    const context: SourceTaskContext = {
      configs: () => this.#options.taskConfig,
      offsetStorageReader: () => this.#options.offsetReader,
    };
    this.#task.initialize(context);
    await this.#options.producer.producer.connect();
    await this.#task.start(this.#options.taskConfig);
    this.#started = true;
    this.log.info(`${this.#describe()} Source task finished initialization and start`);
  }

  protected async execute(): Promise<void> {
    this.#scheduleFlush();
    let idlePolls = 0;
    let failure: unknown = null;
    try {
      while (!this.isStopping()) {
        if (this.#sendError) throw this.#sendError;
        if (this.isPaused()) {
          if (!(await this.awaitUnpause())) break;
          continue;
        }
        if (this.#queuedRecords.length >= this.#maxBatch * MAX_QUEUED_BATCHES) {
          await this.#awaitDrain();
          continue;
        }
        const records = await this.#poll();
        if (records && records.length > 0) {
          idlePolls = 0;
          if (this.#stages === null) this.#accept(records);
          else await this.#acceptWithStages(records, this.#stages);
          // Let the producer's I/O run when poll() resolves without ever waiting.
          if (this.#inFlight) await yieldToEventLoop();
        } else {
          // A poll() that returns nothing at once would spin; back off a little, up to 50 ms.
          idlePolls++;
          if (idlePolls < 8) await yieldToEventLoop();
          else await sleepUnlessAborted(this.clock, Math.min(50, 2 ** (idlePolls - 8)), this.activeSignal);
        }
      }
      if (this.#sendError) throw this.#sendError;
    } catch (err) {
      failure = err;
    } finally {
      this.#cancelFlushTimer();
    }
    // Acknowledged records' offsets are safe to commit even when the task failed (as in Kafka).
    await this.#finalCommit();
    if (failure !== null) throw failure;
  }

  protected async close(): Promise<void> {
    this.#cancelFlushTimer();
    if (this.#started) {
      try {
        await this.#task.stop();
      } catch (err) {
        this.log.warn(`${this.#describe()} Exception thrown while calling task.stop()`, err);
      }
    }
    this.#options.offsetReader.close();
    try {
      await this.#options.producer.producer.disconnect();
    } catch (err) {
      this.log.warn(`${this.#describe()} Failed to close the producer`, err);
    }
    await this.#stages?.close?.();
  }

  protected override onStopRequested(): void {
    // A retry backoff ends; a loop waiting for the producer to drain notices the stop at once.
    this.#stages?.triggerStop();
    this.#notifyDrain();
  }

  protected override onCancel(): void {
    // An abandoned task's producer is closed without waiting for its records (Kafka: close(0)).
    void this.#options.producer.producer.disconnect().catch(() => {});
  }

  /** Offsets waiting for a flush are flushed now (used by tests and by the worker on demand). */
  commitOffsets(): Promise<void> {
    return this.#commitOffsets();
  }

  async #poll(): Promise<SourceRecord[] | null> {
    try {
      return await this.#task.poll(this.activeSignal);
    } catch (err) {
      // A poll interrupted by pause/stop is not a failure. A RetriableError is retried by polling
      // again, as Kafka's AbstractWorkerSourceTask#poll does: not through errors.retry.* nor
      // errors.tolerance, and without a TASK_POLL report (Kafka's runtime never reports that stage).
      if (this.isStopping() || this.isPaused()) return null;
      if (err instanceof RetriableError) {
        this.log.warn(`${this.#describe()} failed to poll records from SourceTask. Will retry operation.`, err);
        return null;
      }
      throw err;
    }
  }

  /** The direct path: no transforms, errors.tolerance=none, no retries, no reporter. */
  #accept(records: readonly SourceRecord[]): void {
    let i = 0;
    try {
      for (; i < records.length; i++) {
        const polled = records[i]!;
        const message = this.#convert(polled);
        this.#queuedRecords.push(polled);
        this.#queuedMessages.push(message);
      }
    } catch (err) {
      // Records before the failing one are queued and sent; their offsets commit.
      if (this.#inFlight === null) this.#sendNext();
      throw this.#untolerated(records[i]!, err);
    }
    if (this.#inFlight === null) this.#sendNext();
  }

  async #acceptWithStages(records: readonly SourceRecord[], stages: RecordStages<SourceRecord>): Promise<void> {
    for (let i = 0; i < records.length; i++) {
      const polled = records[i]!;
      try {
        this.#queueWithStages(polled, stages);
      } catch (err) {
        // A retriable failure backs off, then the record's stages run again; anything else fails
        // the task (rethrown by retry) once the records before it are on their way.
        if (this.#inFlight === null) this.#sendNext();
        if ((await stages.retry(err, () => this.#queueWithStages(polled, stages))) === STOPPED) return;
      }
    }
    if (this.#inFlight === null) this.#sendNext();
  }

  /**
   * transform → convert headers, key, value → queue one record. A record dropped by a transform, or
   * skipped after a failure the tolerance allows, keeps its place (without a message) so its
   * offset commits in order. Only a failure goes through the stages' error handling.
   */
  #queueWithStages(polled: SourceRecord, stages: RecordStages<SourceRecord>): void {
    const { keyConverter, valueConverter } = this.#options;
    let stage: Stage = "TRANSFORMATION";
    let record: SourceRecord | null = null;
    let message: Message | null = null;
    try {
      record = stages.transform(polled);
      if (record !== null) {
        const { topic, headers } = record;
        stage = "HEADER_CONVERTER";
        const kafkaHeaders = headers.isEmpty() ? undefined : this.#convertHeaders(topic, headers);
        stage = "KEY_CONVERTER";
        const key = keyConverter.fromConnectData(topic, headers, record.keySchema, record.key);
        stage = "VALUE_CONVERTER";
        const value = valueConverter.fromConnectData(topic, headers, record.valueSchema, record.value);
        message = {
          key,
          value,
          headers: kafkaHeaders,
          partition: record.kafkaPartition ?? undefined,
          timestamp: record.timestamp !== null && record.timestamp >= 0 ? String(record.timestamp) : undefined,
        };
      }
    } catch (err) {
      stages.failed(stage, stage === "TRANSFORMATION" || record === null ? polled : record, err, this.#converterClass(stage));
      message = null;
    }
    this.#queuedRecords.push(record ?? polled);
    this.#queuedMessages.push(message);
  }

  #converterClass(stage: Stage): string | undefined {
    const { headerConverterClass, keyConverterClass, valueConverterClass } = this.#options;
    return stage === "HEADER_CONVERTER" ? headerConverterClass : stage === "KEY_CONVERTER" ? keyConverterClass : stage === "VALUE_CONVERTER" ? valueConverterClass : undefined;
  }

  /**
   * The direct path (errors.tolerance=none, no reporters) failed on a record: Kafka's
   * "Tolerance exceeded in error handler", naming the stage that failed (found by converting again).
   */
  #untolerated(record: SourceRecord, err: unknown): unknown {
    const { keyConverter, valueConverter, keyConverterClass, valueConverterClass, headerConverterClass } = this.#options;
    const { topic, headers } = record;
    // Kafka's order: headers, key, value.
    const steps: [Stage, string, () => void][] = [
      ["HEADER_CONVERTER", headerConverterClass ?? "unknown", () => this.#convertHeaders(topic, headers)],
      ["KEY_CONVERTER", keyConverterClass ?? "unknown", () => keyConverter.fromConnectData(topic, headers, record.keySchema, record.key)],
      ["VALUE_CONVERTER", valueConverterClass ?? "unknown", () => valueConverter.fromConnectData(topic, headers, record.valueSchema, record.value)],
    ];
    for (const [stage, executingClass, step] of steps) {
      try {
        step();
      } catch (again) {
        return new ToleranceExceededError({ stage, executingClass, error: asError(again), consumed: null, source: record, attempt: 1 }, err);
      }
    }
    return err;
  }

  #convert(record: SourceRecord): Message {
    const topic = record.topic;
    const headers = record.headers;
    return {
      key: this.#options.keyConverter.fromConnectData(topic, headers, record.keySchema, record.key),
      value: this.#options.valueConverter.fromConnectData(topic, headers, record.valueSchema, record.value),
      headers: headers.isEmpty() ? undefined : this.#convertHeaders(topic, headers),
      partition: record.kafkaPartition ?? undefined,
      timestamp: record.timestamp !== null && record.timestamp >= 0 ? String(record.timestamp) : undefined,
    };
  }

  #convertHeaders(topic: string, headers: Headers): IHeaders {
    const out: IHeaders = {};
    for (const header of headers) {
      // kafkajs writes a null header value as Kafka's null (-1 length).
      const bytes = this.#options.headerConverter.fromConnectHeader(topic, header.key, header.schema, header.value) as Buffer;
      const existing = out[header.key];
      if (existing === undefined) out[header.key] = bytes;
      else if (Array.isArray(existing)) existing.push(bytes);
      else out[header.key] = [existing, bytes];
    }
    return out;
  }

  /** Sends the next batch from the queue; one send in flight at a time, chained on completion. */
  #sendNext(): void {
    const count = Math.min(this.#queuedRecords.length, this.#maxBatch);
    if (count === 0 || this.#sendError) {
      this.#inFlight = null;
      this.#notifyDrain();
      return;
    }
    const batch: SendBatch = {
      records: this.#queuedRecords.splice(0, count),
      messages: this.#queuedMessages.splice(0, count),
    };
    this.#notifyDrain();
    // Never rejects: a failure is kept in #sendError and fails the task from its loop.
    this.#inFlight = this.#send(batch).then(
      () => {
        if (!this.isStopping()) {
          this.#sendNext();
          return;
        }
        this.#inFlight = null;
        this.#notifyDrain();
      },
      (err: unknown) => {
        this.#sendError ??= err;
        this.#inFlight = null;
        // Wake the loop so it fails the task now rather than after the next poll.
        this.#notifyDrain();
      },
    );
  }

  /** Sends one batch (`part`: a part of a refused one); resolves once every record in it was acknowledged or skipped. */
  async #send(batch: SendBatch, part = false): Promise<void> {
    const topicMessages = groupByTopic(batch);
    if (topicMessages.length === 0) {
      this.#onAcknowledged(batch, [], topicMessages);
      return;
    }
    const { producer, acks, timeout, compression } = this.#options.producer;
    let metadata: KafkaRecordMetadata[];
    try {
      metadata = await producer.sendBatch({ topicMessages, acks, timeout, compression });
    } catch (err) {
      const message = `${this.#describe()} failed to send record to ${topicMessages.map((t) => t.topic).join(", ")}:`;
      if (!part) this.log.error(message, err);
      else if (this.log.isDebugEnabled()) this.log.debug(`${message} ${asError(err).message}`);
      await this.#sendFailed(batch, err);
      return;
    }
    this.#onAcknowledged(batch, metadata, topicMessages);
  }

  /**
   * A send failed: refused records are isolated by sending halves again (record errors only), and
   * each record still failing goes through executeFailed (KAFKA_PRODUCE). Throws to fail the task.
   */
  async #sendFailed(batch: SendBatch, error: unknown): Promise<void> {
    const sent = batch.messages.reduce((n, m) => (m ? n + 1 : n), 0);
    if (sent > 1 && isRecordError(error)) {
      const half = Math.ceil(batch.records.length / 2);
      for (const part of [slice(batch, 0, half), slice(batch, half, batch.records.length)]) {
        // Stopping: what is left is neither sent nor committed (sent again after a restart).
        if (this.isStopping()) return;
        await this.#send(part, true);
      }
      return;
    }
    const { records, messages } = batch;
    const cause = asError(error);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (!messages[i]) continue;
      const context: ErrorContext = { stage: "KAFKA_PRODUCE", executingClass: WORKER_SOURCE_TASK_CLASS, error: cause, consumed: null, source: record, attempt: 1 };
      try {
        if (this.#stages === null) throw new ToleranceExceededError(context, cause);
        this.#stages.executeFailed(context);
      } catch (err) {
        // Records before this one were skipped: their offsets commit with the acknowledged ones.
        this.#onAcknowledged(slice(batch, 0, i), [], []);
        throw new ConnectError("Unrecoverable exception from producer send callback", { cause: err });
      }
    }
    // Tolerated: the records are skipped, their offsets commit (Kafka acks them), commitRecord gets null metadata.
    this.#onAcknowledged(batch, null, []);
  }

  /** Records the batch's offsets; `metadata` null: the records were skipped (commitRecord gets null). */
  #onAcknowledged(batch: SendBatch, metadata: KafkaRecordMetadata[] | null, topicMessages: { topic: string }[]): void {
    const { records, messages } = batch;
    if (this.#commitRecordOverridden) this.#commitRecords(records, metadata === null ? records.map(() => null) : messages, metadata ?? []);
    const writer = this.#options.offsetWriter;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (record.sourcePartition !== null && record.sourceOffset !== null) writer.offset(record.sourcePartition, record.sourceOffset);
    }
    for (const { topic } of topicMessages) {
      if (this.#activeTopics.has(topic)) continue;
      this.#activeTopics.add(topic);
      this.#listener.onTopicActive(this.id.connector, topic, this.id.task);
    }
  }

  #commitRecords(records: SourceRecord[], messages: (Message | null)[], metadata: KafkaRecordMetadata[]): void {
    const next = new Map<string, number>();
    for (const m of metadata) next.set(`${m.topicName}\u0000${m.partition}`, Number(m.baseOffset ?? m.offset ?? -1));
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const message = messages[i];
      let meta: RecordMetadata | null = null;
      if (message) {
        const partition = message.partition ?? -1;
        const key = `${record.topic}\u0000${partition}`;
        const offset = next.get(key) ?? -1;
        if (offset >= 0) next.set(key, offset + 1);
        meta = { topic: record.topic, partition, offset, timestamp: message.timestamp !== undefined ? Number(message.timestamp) : this.clock.now() };
      }
      try {
        const result = this.#task.commitRecord(record, meta);
        if (result instanceof Promise) result.catch((err: unknown) => this.log.error(`${this.#describe()} Exception thrown while calling task.commitRecord()`, err));
      } catch (err) {
        this.log.error(`${this.#describe()} Exception thrown while calling task.commitRecord()`, err);
      }
    }
  }

  #awaitDrain(): Promise<void> {
    if (this.#inFlight === null && this.#queuedRecords.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #notifyDrain(): void {
    for (const waiter of this.#drainWaiters.splice(0)) waiter();
  }

  #scheduleFlush(): void {
    const interval = this.#options.offsetFlushIntervalMs;
    const tick = () => {
      if (this.isStopping()) return;
      void this.#commitOffsets();
      this.#cancelFlushTimer = this.clock.schedule(interval, tick);
    };
    this.#cancelFlushTimer = this.clock.schedule(interval, tick);
  }

  /** Flushes acknowledged offsets, then calls task.commit(); one flush at a time. */
  #commitOffsets(): Promise<void> {
    this.#committing ??= this.#doCommitOffsets().finally(() => {
      this.#committing = null;
    });
    return this.#committing;
  }

  async #doCommitOffsets(): Promise<void> {
    const writer = this.#options.offsetWriter;
    if (writer.beginFlush()) {
      const timeoutMs = this.#options.offsetFlushTimeoutMs;
      try {
        const flushed = await withTimeout(writer.doFlush(), timeoutMs, this.clock);
        if (!flushed) {
          writer.cancelFlush();
          this.log.error(`${this.#describe()} Timed out waiting to flush offsets to storage; will try again on next flush interval with latest offsets`);
          return;
        }
      } catch (err) {
        writer.cancelFlush();
        this.log.error(`${this.#describe()} Failed to flush offsets to storage:`, err);
        return;
      }
      if (this.log.isDebugEnabled()) this.log.debug(`${this.#describe()} Finished flushing offsets to storage`);
    }
    try {
      await this.#task.commit();
    } catch (err) {
      this.log.error(`${this.#describe()} Exception thrown while calling task.commit()`, err);
    }
  }

  /** On stop: wait (bounded) for records in flight, then flush what was acknowledged. */
  async #finalCommit(): Promise<void> {
    if (this.isCancelled()) return;
    // Records polled but never sent are dropped: their offsets are not committed either.
    this.#queuedRecords = [];
    this.#queuedMessages = [];
    if (this.#inFlight) {
      const done = await withTimeout(this.#inFlight, this.#options.offsetFlushTimeoutMs, this.clock);
      if (!done) this.log.error(`${this.#describe()} Failed to flush, timed out while waiting for producer to flush outstanding messages`);
    }
    if (this.#committing) await this.#committing;
    await this.#commitOffsets();
  }

  #describe(): string {
    return `WorkerSourceTask{id=${this.id.connector}-${this.id.task}}`;
  }
}

function slice(batch: SendBatch, from: number, to: number): SendBatch {
  return { records: batch.records.slice(from, to), messages: batch.messages.slice(from, to) };
}

/** kafkajs rejects a send with the broker's error (a KafkaJSProtocolError with its `type`). */
function isRecordError(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === "string" && RECORD_ERRORS.has(type)) return true;
  }
  return false;
}

function groupByTopic(batch: SendBatch): { topic: string; messages: Message[] }[] {
  const out: { topic: string; messages: Message[] }[] = [];
  let lastTopic: string | undefined;
  let lastMessages: Message[] = [];
  const byTopic = new Map<string, Message[]>();
  for (let i = 0; i < batch.messages.length; i++) {
    const message = batch.messages[i];
    if (!message) continue;
    const topic = batch.records[i]!.topic;
    if (topic !== lastTopic) {
      let messages = byTopic.get(topic);
      if (!messages) {
        messages = [];
        byTopic.set(topic, messages);
        out.push({ topic, messages });
      }
      lastTopic = topic;
      lastMessages = messages;
    }
    lastMessages.push(message);
  }
  return out;
}

/** True when the promise settled (fulfilled) in time; rejections propagate. */
async function withTimeout(promise: Promise<unknown>, ms: number, clock: { schedule(ms: number, fn: () => void): () => void }): Promise<boolean> {
  let cancel: () => void = () => {};
  const timeout = new Promise<false>((resolve) => {
    cancel = clock.schedule(ms, () => resolve(false));
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    cancel();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
