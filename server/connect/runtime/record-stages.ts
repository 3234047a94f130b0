import type { IHeaders } from "kafkajs";
import type { ConfigMap, Converter, HeaderConverter, SinkRecord, SourceRecord } from "../api";
import type { ErrorContext, STOPPED } from "./errors/retry-with-tolerance-operator";

/**
 * The hook where the transformation chain (SMTs + predicates) and error tolerance (KIP-298:
 * `errors.tolerance`, retries, log, dead-letter queue) plug into the record path — Kafka's
 * TransformationChain and RetryWithToleranceOperator:
 *
 *   source: poll → transform → convert → produce
 *   sink:   consume → convert → transform → put
 *
 * Without stages (the default) tasks take a direct path with no per-record indirection.
 */
export type Stage =
  | "KEY_CONVERTER"
  | "VALUE_CONVERTER"
  | "HEADER_CONVERTER"
  | "TRANSFORMATION"
  | "TASK_PUT"
  | "TASK_POLL"
  | "KAFKA_PRODUCE"
  | "KAFKA_CONSUME";

/** Returned by `execute` when a failure was tolerated: the record is skipped. */
export const SKIP: unique symbol = Symbol("SKIP");

export interface RecordStages<R extends SourceRecord | SinkRecord> {
  /**
   * The transformation chain; null drops (filters) the record. `owned`: the caller built `record`
   * for this call and keeps no reference to it, so the chain may update it instead of copying it.
   */
  transform(record: R, owned?: boolean): R | null;
  /**
   * Every failure fails the task (`errors.tolerance=none`, no retries, no reporters): failed()
   * always throws. A task may then run transform() in its direct loop and look for the stage that
   * failed only once one did.
   */
  readonly failsFast?: boolean;
  /**
   * One stage of one record threw `error`: tasks run the stages of a record directly, in a try
   * block, and call this only when one fails, so records pay nothing for error handling until then.
   * Returns SKIP when the failure is tolerated (and reported): the record is skipped. Otherwise
   * throws: a RetryLater when a RetriableError is to be retried after a backoff (the task passes it
   * to `retry` with the record's processing), ToleranceExceededError or ConnectError to fail the task.
   * `context` is the record being processed (sinks: a {@link ConsumedRecord}, the raw Kafka message;
   * sources: the SourceRecord). `executingClass` is the converter's class (for transformations the
   * chain knows the SMT's).
   */
  failed(stage: Stage, context: R extends SinkRecord ? ConsumedRecord : SourceRecord, error: unknown, executingClass?: string): typeof SKIP;
  /**
   * Sinks with an errant record reporter: the consumed record behind each record handed to put(),
   * so a reported record reaches the dead letter queue as it was consumed. Null when not needed.
   */
  readonly origins: WeakMap<object, ConsumedRecord> | null;
  /**
   * `error` was thrown while processing one record: when it asks for a retry, waits out the backoff
   * and runs `process` again until it completes; resolves STOPPED when the task stopped meanwhile
   * (the record is then left unprocessed and uncommitted). Rethrows any other error.
   */
  retry<T>(error: unknown, process: () => T): Promise<T | typeof STOPPED>;
  /**
   * Kafka's executeFailed, for failures outside `execute` (a source record the producer could not
   * send, stage KAFKA_PRODUCE): reports it; throws ToleranceExceededError when it is not tolerated.
   */
  executeFailed(context: ErrorContext): void;
  /**
   * Kafka's ErrantRecordReporter (sinks): reports a record the task could not process through the
   * same reporters (stage TASK_PUT). Throws ToleranceExceededError at once (as Kafka's report does)
   * when the failure is not tolerated; otherwise the promise settles once the reporters wrote it.
   * Null unless a dead letter queue or `errors.log.enable` is configured.
   */
  errantRecordReporter?(): ((record: R, error: Error) => Promise<void>) | null;
  /** The task is stopping: retries end, a backoff in progress ends at once. */
  triggerStop(): void;
  /** Waits until everything reported so far is written (before offsets are committed). */
  flush?(): Promise<void>;
  close?(): void | Promise<void>;
}

/** A record as consumed from Kafka (what a sink's DLQ receives and its error context names). */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
  /** Milliseconds; null when the record has none. */
  timestamp: number | null;
}

/** Builds the stages for a task from its connector config; null when the connector needs none. */
export interface RecordStagesFactory {
  source(connector: string, task: number, connectorConfig: ConfigMap, converters: StageConverters): RecordStages<SourceRecord> | null;
  sink(connector: string, task: number, connectorConfig: ConfigMap, converters: StageConverters): RecordStages<SinkRecord> | null;
}

/** The task's converters: their classes are the `executingClass` of converter stages. */
export interface StageConverters {
  keyConverter: Converter;
  valueConverter: Converter;
  headerConverter: HeaderConverter;
  keyConverterClass: string;
  valueConverterClass: string;
  headerConverterClass: string;
}
