import type { IHeaders } from "kafkajs";
import type { ConfigMap, Converter, HeaderConverter, SinkRecord, SourceRecord } from "../api";

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
  /** The transformation chain; null drops (filters) the record. Called inside `execute`. */
  transform(record: R): R | null;
  /**
   * Runs one stage for one record under the tolerance policy: its result, or SKIP when the failure
   * was tolerated (and reported); rethrows to fail the task. `context` is the record being processed
   * (sinks: a {@link ConsumedRecord}, the raw Kafka message; sources: the SourceRecord).
   * `executingClass` is the converter's class (for transformations the chain knows the SMT's).
   */
  execute<T>(stage: Stage, context: R extends SinkRecord ? ConsumedRecord : SourceRecord, operation: () => T, executingClass?: string): T | typeof SKIP;
  /**
   * Kafka's ErrantRecordReporter (sinks): reports a record the task could not process through the
   * same reporters (stage TASK_PUT). Null when neither tolerance nor a reporter is configured.
   */
  errantRecordReporter?(): ((record: R, error: Error) => Promise<void>) | null;
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
