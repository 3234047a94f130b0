import type { EachBatchPayload, IHeaders, KafkaMessage } from "kafkajs";
import {
  ConnectError,
  Headers,
  RetriableError,
  SinkRecord,
  TimestampType,
  type ConfigMap,
  type Converter,
  type ErrantRecordReporter,
  type HeaderConverter,
  type SchemaAndValue,
  type SinkTask,
  type SinkTaskContext,
  type TopicPartition,
} from "../api";
import { sleepUnlessAborted } from "./clock";
import type { ConsumerClient } from "./kafka-clients";
import { STOPPED, ToleranceExceededError } from "./errors/retry-with-tolerance-operator";
import type { ConsumedRecord, RecordStages, Stage } from "./record-stages";
import { asError, type StatusListener } from "./status";
import { WorkerTask, type WorkerTaskOptions } from "./worker-task";

/**
 * Runs a SinkTask (Kafka's WorkerSinkTask): consume with kafkajs `eachBatch` under manual offset
 * control → convert key/value/headers → (transform) → put() → every `offset.flush.interval.ms`:
 * preCommit()/flush() → commit consumer offsets, only after the flush succeeded, asynchronously.
 *
 * Pipelining with bounded memory: while put() processes batch N, kafkajs fetches batch N+1 and it
 * is converted; the fetch after that waits until put(N) returns. So at most one batch is held beyond
 * what put() is processing. All task calls (open, put, preCommit, close) run one at a time.
 */
export interface WorkerSinkTaskOptions extends WorkerTaskOptions {
  task: SinkTask;
  taskConfig: ConfigMap;
  keyConverter: Converter;
  valueConverter: Converter;
  headerConverter: HeaderConverter;
  consumer: ConsumerClient;
  /** `topics`, or empty when `topicsRegex` is used. */
  topics: readonly string[];
  topicsRegex: RegExp | null;
  offsetFlushIntervalMs: number;
  stages?: RecordStages<SinkRecord> | null;
  /** Converter class names, named in error reports and traces. */
  keyConverterClass?: string;
  valueConverterClass?: string;
  headerConverterClass?: string;
}

/** How often a batch waiting for put() heartbeats the group. */
const HEARTBEAT_WHILE_WAITING_MS = 1000;

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class WorkerSinkTask extends WorkerTask {
  readonly #task: SinkTask;
  readonly #options: WorkerSinkTaskOptions;
  readonly #listener: StatusListener;
  readonly #stages: RecordStages<SinkRecord> | null;
  /** One TopicPartition object per partition, so Maps keyed by TopicPartition work by identity. */
  readonly #partitions = new Map<string, TopicPartition>();
  #assignment = new Map<string, TopicPartition>();
  readonly #currentOffsets = new Map<TopicPartition, number>();
  readonly #lastCommitted = new Map<TopicPartition, number>();
  readonly #pausedByTask = new Set<string>();
  readonly #pendingSeeks = new Map<string, number>();
  readonly #activeTopics = new Set<string>();
  /** The serial queue of task calls. */
  #tail: Promise<void> = Promise.resolve();
  #commitChain: Promise<void> = Promise.resolve();
  #nextCommit = 0;
  #commitRequested = false;
  #retryTimeoutMs = -1;
  #failure: unknown = null;
  #finish: () => void = () => {};
  readonly #finished: Promise<void>;
  #cancelCommitTimer: () => void = () => {};
  #started = false;
  #running = false;
  readonly #errantRecordReporter: ErrantRecordReporter | null;
  /** An errant record the tolerance did not allow: fails the task once put() returns (Kafka's maybeThrowAsyncError). */
  #errantFailure: unknown = null;
  /** kafkajs' run(): settles once the consumer joined its group (or crashed). */
  #run: Promise<void> | null = null;

  constructor(options: WorkerSinkTaskOptions) {
    super(options);
    this.#options = options;
    this.#task = options.task;
    this.#listener = options.listener;
    this.#stages = options.stages ?? null;
    const report = this.#stages?.errantRecordReporter?.() ?? null;
    this.#errantRecordReporter = report === null ? null : { report: (record, error) => this.#reportErrant(report, record, error) };
    this.#finished = new Promise((resolve) => {
      this.#finish = resolve;
    });
  }

  protected async initializeAndStart(): Promise<void> {
    const { consumer, fromBeginning } = this.#options.consumer;
    this.#options.consumer.restartOnFailure = () => !this.isStopping();
    await consumer.connect();
    const topics = this.#options.topicsRegex ? [this.#options.topicsRegex] : [...this.#options.topics];
    await consumer.subscribe({ topics, fromBeginning });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assignment = event.payload.memberAssignment;
      this.#enqueue(() => this.#onAssignment(assignment));
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart && !this.isStopping()) this.#fail(new ConnectError("The sink task's consumer crashed and will not restart", { cause: event.payload.error }));
    });
    this.#task.initialize(this.#context());
    await this.#task.start(this.#options.taskConfig);
    this.#started = true;
    this.log.info(`${this.#describe()} Sink task finished initialization and start`);
  }

  protected async execute(): Promise<void> {
    this.#nextCommit = this.clock.now() + this.#options.offsetFlushIntervalMs;
    this.#scheduleCommitTimer();
    const run = this.#options.consumer.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.#onBatch(payload),
    });
    this.#run = run.catch(() => {});
    this.#running = true;
    await Promise.race([run, this.#finished]);
    await this.#finished;
    if (this.#failure !== null) throw this.#failure;
  }

  protected override onStopRequested(): void {
    this.#stages?.triggerStop();
    this.#finish();
  }

  protected override onPaused(): void {
    const all = [...this.#assignment.values()];
    if (all.length > 0) this.#options.consumer.consumer.pause(groupByTopic(all));
  }

  protected override onResumed(): void {
    const resumable = [...this.#assignment].filter(([key]) => !this.#pausedByTask.has(key)).map(([, tp]) => tp);
    if (resumable.length > 0) this.#options.consumer.consumer.resume(groupByTopic(resumable));
  }

  protected override onCancel(): void {
    void this.#options.consumer.consumer.disconnect().catch(() => {});
  }

  protected async close(): Promise<void> {
    this.#cancelCommitTimer();
    // Wait for the put in progress; batches still queued are dropped (not committed, so redelivered).
    await this.#tail;
    const partitions = [...this.#assignment.values()];
    if (this.#started && this.#running && !this.isCancelled()) {
      await this.#commit(true);
      await this.#commitChain;
    }
    if (this.#started) {
      try {
        await this.#task.close(partitions);
      } catch (err) {
        this.log.error(`${this.#describe()} Error while closing the sink task's partitions`, err);
      }
      try {
        await this.#task.stop();
      } catch (err) {
        this.log.warn(`${this.#describe()} Exception thrown while calling task.stop()`, err);
      }
    }
    // Closing a consumer in the middle of its group join would leave a phantom member on the
    // broker that stalls the next join until its session times out: let the join finish, then leave.
    if (this.#run) await this.#run;
    try {
      await this.#options.consumer.consumer.disconnect();
    } catch (err) {
      this.log.warn(`${this.#describe()} Failed to close the consumer`, err);
    }
    await this.#stages?.close?.();
  }

  /** Runs task calls one at a time; a failure fails the task. */
  #enqueue(work: () => Promise<void> | void): Promise<void> {
    const next = this.#tail.then(async () => {
      if (this.#failure !== null) return;
      try {
        await work();
      } catch (err) {
        this.#fail(err);
      }
    });
    this.#tail = next;
    return next;
  }

  #fail(err: unknown): void {
    this.#failure ??= err;
    this.#finish();
  }

  async #onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.isStopping() || this.#failure !== null || !payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const key = tpKey(topic, partition);
    if (!this.#activeTopics.has(topic)) {
      this.#activeTopics.add(topic);
      this.#listener.onTopicActive(this.id.connector, topic, this.id.task);
    }
    // Converted while the previous batch is still being put.
    let records: SinkRecord[] | null;
    try {
      const stages = this.#stages;
      records =
        stages === null || stages.failsFast === true
          ? this.#convertBatch(topic, partition, batch.messages, stages)
          : await this.#convertBatchWithStages(topic, partition, batch.messages, stages, payload);
    } catch (err) {
      // Not kafkajs' to retry: a record that cannot be converted fails the task (nothing is committed for it).
      this.#fail(err);
      return;
    }
    // Stopped while backing off a retriable failure: the batch is neither put nor committed.
    if (records === null) return;
    const firstOffset = Number(batch.messages[0]!.offset);
    const nextOffset = Number(batch.messages[batch.messages.length - 1]!.offset) + 1;
    await this.#waitIdle(payload);
    if (this.isStopping() || this.#failure !== null || !payload.isRunning() || payload.isStale()) return;
    payload.resolveOffset(batch.lastOffset());
    void this.#enqueue(() => this.#deliver(key, records, firstOffset, nextOffset));
  }

  /** Waits for the task call in progress, heartbeating the group meanwhile. */
  async #waitIdle(payload: EachBatchPayload): Promise<void> {
    for (;;) {
      const tail = this.#tail;
      let cancel: () => void = () => {};
      const timedOut = new Promise<boolean>((resolve) => {
        cancel = this.clock.schedule(HEARTBEAT_WHILE_WAITING_MS, () => resolve(false));
      });
      const done = await Promise.race([tail.then(() => true), timedOut]);
      cancel();
      if (done && tail === this.#tail) return;
      if (!done) await payload.heartbeat().catch(() => {});
      if (this.isStopping() || this.#failure !== null) return;
    }
  }

  async #deliver(key: string, records: SinkRecord[], firstOffset: number, nextOffset: number): Promise<void> {
    if (this.isStopping()) return;
    const tp = this.#assignment.get(key);
    if (!tp) return; // revoked while waiting
    if (this.isPaused() || this.#pausedByTask.has(key) || this.#pendingSeeks.has(key)) {
      // Give the batch back: it is fetched again once consumption resumes.
      if (!this.#pendingSeeks.has(key)) this.#options.consumer.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(firstOffset) });
      return;
    }
    const maxPoll = this.#options.consumer.maxPollRecords;
    if (maxPoll === undefined || records.length <= maxPoll) {
      if (!(await this.#put(records))) return;
    } else {
      for (let i = 0; i < records.length; i += maxPoll) if (!(await this.#put(records.slice(i, i + maxPoll)))) return;
    }
    this.#currentOffsets.set(tp, nextOffset);
    this.#applySeeks();
    if (this.#commitDue()) await this.#commit(false);
  }

  /** put() with Kafka's retry: a RetriableError redelivers the same records after context.timeout. */
  async #put(records: SinkRecord[]): Promise<boolean> {
    for (;;) {
      try {
        await this.#task.put(records);
        // The task reported an errant record the tolerance does not allow, and went on.
        if (this.#errantFailure !== null) throw this.#errantFailure;
        return true;
      } catch (err) {
        if (this.#errantFailure !== null) throw new ConnectError("Exiting WorkerSinkTask due to unrecoverable exception.", { cause: this.#errantFailure });
        if (this.isStopping()) return false;
        if (!(err instanceof RetriableError)) {
          throw new ConnectError("Exiting WorkerSinkTask due to unrecoverable exception.", { cause: err });
        }
        this.log.error(`${this.#describe()} RetriableException from SinkTask:`, err);
        if (this.#commitDue()) await this.#commit(false);
        // Without context.timeout() Kafka redelivers on the next poll, which waits until the next commit.
        const wait = this.#retryTimeoutMs > 0 ? this.#retryTimeoutMs : Math.max(0, this.#nextCommit - this.clock.now());
        this.#retryTimeoutMs = -1;
        if (!(await sleepUnlessAborted(this.clock, wait, this.stopSignal))) return false;
      }
    }
  }

  /**
   * The direct path: errors.tolerance=none, no retries, no reporter (`stages` is null without
   * transforms, otherwise stages that fail fast, which only transform here).
   */
  #convertBatch(topic: string, partition: number, messages: KafkaMessage[], stages: RecordStages<SinkRecord> | null): SinkRecord[] {
    const records: SinkRecord[] = [];
    const { keyConverter, valueConverter } = this.#options;
    let i = 0;
    try {
      for (; i < messages.length; i++) {
        const message = messages[i]!;
        const headers = this.#toConnectHeaders(topic, message.headers);
        const key = keyConverter.toConnectData(topic, headers, message.key);
        const value = valueConverter.toConnectData(topic, headers, message.value);
        records.push(sinkRecord(topic, partition, message, key, value, headers));
      }
    } catch (err) {
      // As in Kafka, which converts and transforms record by record, the first record that fails is
      // the one reported: a transform may fail on a record before this one.
      if (stages !== null) this.#transformBatch(topic, partition, messages, records, stages);
      throw this.#untolerated(topic, partition, messages[i]!, err, stages);
    }
    return stages === null ? records : this.#transformBatch(topic, partition, messages, records, stages);
  }

  /**
   * The chain over a converted batch (records[i] from messages[i]), in place. A loop of its own, not
   * a step of the conversion loop: each stays small enough for V8 to optimise as a whole.
   */
  #transformBatch(topic: string, partition: number, messages: KafkaMessage[], records: SinkRecord[], stages: RecordStages<SinkRecord>): SinkRecord[] {
    let kept = 0;
    let i = 0;
    try {
      for (; i < records.length; i++) {
        // Only the chain sees this record (errors report the consumed message): it may update it.
        const transformed = stages.transform(records[i]!, true);
        if (transformed !== null) records[kept++] = transformed;
      }
    } catch (err) {
      throw this.#untolerated(topic, partition, messages[i]!, err, stages);
    }
    records.length = kept;
    return records;
  }

  /** Null when the task stopped while a retriable failure was backing off. */
  async #convertBatchWithStages(topic: string, partition: number, messages: KafkaMessage[], stages: RecordStages<SinkRecord>, payload: EachBatchPayload): Promise<SinkRecord[] | null> {
    const out: SinkRecord[] = [];
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      let record: SinkRecord | null;
      try {
        record = this.#convertWithStages(topic, partition, message, stages);
      } catch (err) {
        const retried = await this.#retryWithStages(err, topic, partition, message, stages, payload);
        if (retried === STOPPED) return null;
        record = retried;
      }
      if (record !== null) out.push(record);
    }
    return out;
  }

  /**
   * A retriable failure backs off (heartbeating the group), then the record's stages run again;
   * anything else is rethrown by retry and fails the task. A method of its own: a closure in the
   * loop above would cost every record a context, failing or not.
   */
  async #retryWithStages(err: unknown, topic: string, partition: number, message: KafkaMessage, stages: RecordStages<SinkRecord>, payload: EachBatchPayload): Promise<SinkRecord | null | typeof STOPPED> {
    const stopHeartbeats = this.#heartbeatEvery(HEARTBEAT_WHILE_WAITING_MS, payload);
    try {
      return await stages.retry(err, () => this.#convertWithStages(topic, partition, message, stages));
    } finally {
      stopHeartbeats();
    }
  }

  /** Heartbeats the group every `ms` until the returned function is called. */
  #heartbeatEvery(ms: number, payload: EachBatchPayload): () => void {
    let cancel: () => void = () => {};
    const tick = () => {
      void payload.heartbeat().catch(() => {});
      cancel = this.clock.schedule(ms, tick);
    };
    cancel = this.clock.schedule(ms, tick);
    return () => cancel();
  }

  /**
   * What the task's ErrantRecordReporter does: Kafka's report() throws when the tolerance does not
   * allow the failure; here the promise rejects, and the task fails once put() returns even if the
   * task ignored it. Rejections are always handled, so a task need not await the promise.
   */
  #reportErrant(report: (record: SinkRecord, error: Error) => Promise<void>, record: SinkRecord, error: Error): Promise<void> {
    let done: Promise<void>;
    try {
      done = report(record, error);
    } catch (err) {
      this.#errantFailure ??= err;
      done = Promise.reject(err);
    }
    // A failed report (the DLQ was not written) also fails the next commit, through flush().
    done.catch(() => {});
    return done;
  }

  /**
   * The direct path (errors.tolerance=none, no reporters) failed on a record: Kafka's
   * "Tolerance exceeded in error handler", naming the stage that failed (found by converting again;
   * when the converters pass, the transformation chain threw). With stages, their failed() makes
   * the error, as on the stages path.
   */
  #untolerated(topic: string, partition: number, message: KafkaMessage, err: unknown, stages: RecordStages<SinkRecord> | null): unknown {
    const consumed = consumedRecord(topic, partition, message);
    const { keyConverter, valueConverter, headerConverterClass, keyConverterClass, valueConverterClass } = this.#options;
    let headers: Headers | null = null;
    const steps: [Stage, string, () => void][] = [
      ["HEADER_CONVERTER", headerConverterClass ?? "unknown", () => (headers = this.#toConnectHeaders(topic, message.headers))],
      ["KEY_CONVERTER", keyConverterClass ?? "unknown", () => keyConverter.toConnectData(topic, headers, message.key)],
      ["VALUE_CONVERTER", valueConverterClass ?? "unknown", () => valueConverter.toConnectData(topic, headers, message.value)],
    ];
    for (const [stage, executingClass, step] of steps) {
      try {
        step();
      } catch (again) {
        if (stages !== null) return failure(() => stages.failed(stage, consumed, err, executingClass), err);
        return new ToleranceExceededError({ stage, executingClass, error: asError(again), consumed, source: null, attempt: 1 }, err);
      }
    }
    return stages === null ? err : failure(() => stages.failed("TRANSFORMATION", consumed, err), err);
  }

  /**
   * convert headers → key → value → transform one record; null when it was skipped (dropped by a
   * transform, or a failure the tolerance allows). Only a failure goes through the stages' error
   * handling, with the consumed record built for it then.
   */
  #convertWithStages(topic: string, partition: number, message: KafkaMessage, stages: RecordStages<SinkRecord>): SinkRecord | null {
    const { keyConverter, valueConverter } = this.#options;
    let stage: Stage = "HEADER_CONVERTER";
    let transformed: SinkRecord | null;
    try {
      const headers = this.#toConnectHeaders(topic, message.headers);
      stage = "KEY_CONVERTER";
      const key = keyConverter.toConnectData(topic, headers, message.key);
      stage = "VALUE_CONVERTER";
      const value = valueConverter.toConnectData(topic, headers, message.value);
      stage = "TRANSFORMATION";
      // Only the chain sees this record (errors report the consumed message): it may update it.
      transformed = stages.transform(sinkRecord(topic, partition, message, key, value, headers), true);
    } catch (err) {
      stages.failed(stage, consumedRecord(topic, partition, message), err, this.#converterClass(stage));
      return null;
    }
    if (transformed !== null && stages.origins !== null) stages.origins.set(transformed, consumedRecord(topic, partition, message));
    return transformed;
  }

  #converterClass(stage: Stage): string | undefined {
    const { headerConverterClass, keyConverterClass, valueConverterClass } = this.#options;
    return stage === "HEADER_CONVERTER" ? headerConverterClass : stage === "KEY_CONVERTER" ? keyConverterClass : stage === "VALUE_CONVERTER" ? valueConverterClass : undefined;
  }

  #toConnectHeaders(topic: string, raw: IHeaders | undefined): Headers | null {
    if (raw === undefined) return null;
    let headers: Headers | null = null;
    for (const name in raw) {
      const value = raw[name];
      headers ??= new Headers();
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        const bytes = v === undefined || v === null ? null : typeof v === "string" ? Buffer.from(v, "utf8") : v;
        headers.add(name, this.#options.headerConverter.toConnectHeader(topic, name, bytes));
      }
    }
    return headers;
  }

  async #onAssignment(assignment: Readonly<Record<string, number[]>>): Promise<void> {
    const next = new Map<string, TopicPartition>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) next.set(tpKey(topic, partition), this.#partition(topic, partition));
    }
    const revoked = [...this.#assignment].filter(([key]) => !next.has(key)).map(([, tp]) => tp);
    const added = [...next].filter(([key]) => !this.#assignment.has(key)).map(([, tp]) => tp);
    if (revoked.length > 0) {
      await this.#commit(true, revoked);
      await this.#task.close(revoked);
      for (const tp of revoked) {
        this.#currentOffsets.delete(tp);
        this.#lastCommitted.delete(tp);
        this.#pausedByTask.delete(tpKey(tp.topic, tp.partition));
      }
    }
    this.#assignment = next;
    if (added.length > 0) {
      this.log.debug(`${this.#describe()} Partitions assigned ${added.map((tp) => `${tp.topic}-${tp.partition}`).join(", ")}`);
      await this.#task.open(added);
    }
    // A worker-paused task keeps its new partitions paused; task-paused ones stay paused.
    if (this.isPaused() && next.size > 0) this.#options.consumer.consumer.pause(groupByTopic([...next.values()]));
    this.#applySeeks();
  }

  #partition(topic: string, partition: number): TopicPartition {
    const key = tpKey(topic, partition);
    let tp = this.#partitions.get(key);
    if (!tp) {
      tp = Object.freeze({ topic, partition });
      this.#partitions.set(key, tp);
    }
    return tp;
  }

  /** Applies context.offset() rewinds (after put or open returned, as Kafka does). */
  #applySeeks(): void {
    if (this.#pendingSeeks.size === 0) return;
    for (const [key, offset] of this.#pendingSeeks) {
      const tp = this.#assignment.get(key);
      if (!tp) continue;
      this.log.debug(`${this.#describe()} Rewind ${tp.topic}-${tp.partition} to offset ${offset}`);
      this.#options.consumer.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
      this.#lastCommitted.set(tp, offset);
      this.#currentOffsets.set(tp, offset);
    }
    this.#pendingSeeks.clear();
  }

  #commitDue(): boolean {
    return this.#commitRequested || this.clock.now() >= this.#nextCommit;
  }

  #scheduleCommitTimer(): void {
    // When no records arrive, commits are still due on time (Kafka's poll loop does this).
    const tick = () => {
      if (this.isStopping()) return;
      void this.#enqueue(async () => {
        if (this.#commitDue()) await this.#commit(false);
      });
      this.#cancelCommitTimer = this.clock.schedule(this.#options.offsetFlushIntervalMs, tick);
    };
    this.#cancelCommitTimer = this.clock.schedule(this.#options.offsetFlushIntervalMs, tick);
  }

  /**
   * preCommit (flush) → commit the offsets it returns for partitions still owned. Asynchronous,
   * except when closing. A failed flush rewinds the consumer to the last committed offsets.
   */
  async #commit(closing: boolean, only?: readonly TopicPartition[]): Promise<void> {
    if (!only) {
      this.#nextCommit = this.clock.now() + this.#options.offsetFlushIntervalMs;
      this.#commitRequested = false;
    }
    const current = new Map<TopicPartition, number>();
    for (const [tp, offset] of this.#currentOffsets) if (!only || only.includes(tp)) current.set(tp, offset);
    if (current.size === 0) return;
    // Records sent to the dead letter queue are written before their offsets are committed.
    if (this.#stages?.flush) {
      try {
        await this.#stages.flush();
      } catch (err) {
        // Not committed: the records are consumed again after a restart.
        this.log.error(`${this.#describe()} Failed to write to the dead letter queue; offsets not committed`, err);
        this.#fail(err);
        return;
      }
    }
    let committable: Map<TopicPartition, number>;
    try {
      committable = await this.#task.preCommit(current);
    } catch (err) {
      this.log.error(`${this.#describe()} Offset commit failed, rewinding to last committed offsets`, err);
      for (const [tp, offset] of this.#lastCommitted) {
        if (only && !only.includes(tp)) continue;
        this.#options.consumer.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
        this.#currentOffsets.set(tp, offset);
      }
      return;
    }
    const toCommit: { topic: string; partition: number; offset: string }[] = [];
    const committed: [TopicPartition, number][] = [];
    for (const [given, offset] of committable) {
      const tp = this.#assignment.get(tpKey(given.topic, given.partition));
      if (!tp) continue; // not owned any more: another member commits it
      if (this.#lastCommitted.get(tp) === offset) continue;
      toCommit.push({ topic: tp.topic, partition: tp.partition, offset: String(offset) });
      committed.push([tp, offset]);
    }
    if (toCommit.length === 0) return;
    if (this.log.isDebugEnabled()) this.log.debug(`${this.#describe()} Committing offsets ${toCommit.map((o) => `${o.topic}-${o.partition}=${o.offset}`).join(", ")}`);
    const commit = this.#options.consumer.consumer.commitOffsets(toCommit).then(
      () => {
        for (const [tp, offset] of committed) this.#lastCommitted.set(tp, offset);
      },
      (err: unknown) => this.log.error(`${this.#describe()} Commit of offsets threw an unexpected exception:`, err),
    );
    this.#commitChain = this.#commitChain.then(() => commit);
    if (closing) await commit;
  }

  #context(): SinkTaskContext {
    return {
      configs: () => this.#options.taskConfig,
      offset: (offsets: Map<TopicPartition, number> | TopicPartition, offset?: number) => {
        if (offsets instanceof Map) {
          for (const [tp, o] of offsets) this.#pendingSeeks.set(tpKey(tp.topic, tp.partition), o);
        } else if (offset !== undefined) {
          this.#pendingSeeks.set(tpKey(offsets.topic, offsets.partition), offset);
        }
      },
      timeout: (ms: number) => {
        this.#retryTimeoutMs = ms;
      },
      assignment: () => [...this.#assignment.values()],
      pause: (...partitions: TopicPartition[]) => {
        const owned = partitions.filter((tp) => this.#assignment.has(tpKey(tp.topic, tp.partition)));
        for (const tp of owned) this.#pausedByTask.add(tpKey(tp.topic, tp.partition));
        if (owned.length > 0) this.#options.consumer.consumer.pause(groupByTopic(owned));
      },
      resume: (...partitions: TopicPartition[]) => {
        const owned = partitions.filter((tp) => this.#assignment.has(tpKey(tp.topic, tp.partition)));
        for (const tp of owned) this.#pausedByTask.delete(tpKey(tp.topic, tp.partition));
        // A paused worker keeps everything paused; its resume honours the task's own pauses.
        if (owned.length > 0 && !this.isPaused()) this.#options.consumer.consumer.resume(groupByTopic(owned));
      },
      requestCommit: () => {
        this.#commitRequested = true;
      },
      errantRecordReporter: () => this.#errantRecordReporter,
    };
  }

  #describe(): string {
    return `WorkerSinkTask{id=${this.id.connector}-${this.id.task}}`;
  }
}

function groupByTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) {
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(partition);
  }
  return [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps }));
}

/** What `fail` throws (stages that fail fast always throw); `otherwise` if it returns. */
function failure(fail: () => unknown, otherwise: unknown): unknown {
  try {
    fail();
  } catch (err) {
    return err;
  }
  return otherwise;
}

function sinkRecord(topic: string, partition: number, message: KafkaMessage, key: SchemaAndValue, value: SchemaAndValue, headers: Headers | null): SinkRecord {
  const timestamp = Number(message.timestamp);
  const offset = Number(message.offset);
  // Every property, in the order of the init object SinkRecord#newRecord reuses: the constructor sees one shape.
  return new SinkRecord({
    topic,
    kafkaPartition: partition,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    kafkaOffset: offset,
    timestamp: timestamp >= 0 ? timestamp : null,
    timestampType: timestamp >= 0 ? TimestampType.CREATE_TIME : TimestampType.NO_TIMESTAMP_TYPE,
    headers,
    originalTopic: topic,
    originalKafkaPartition: partition,
    originalKafkaOffset: offset,
  });
}

function consumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const timestamp = Number(message.timestamp);
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key,
    value: message.value,
    headers: message.headers,
    timestamp: timestamp >= 0 ? timestamp : null,
  };
}
