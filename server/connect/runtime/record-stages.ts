import type { ConfigMap, SinkRecord, SourceRecord } from "../api";

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
export type Stage = "KEY_CONVERTER" | "VALUE_CONVERTER" | "HEADER_CONVERTER" | "TRANSFORMATION";

/** Returned by `execute` when a failure was tolerated: the record is skipped. */
export const SKIP: unique symbol = Symbol("SKIP");

export interface RecordStages<R extends SourceRecord | SinkRecord> {
  /** The transformation chain; null drops (filters) the record. Called inside `execute`. */
  transform(record: R): R | null;
  /**
   * Runs one stage for one record under the tolerance policy: its result, or SKIP when the failure
   * was tolerated (and reported); rethrows to fail the task. `context` is the record being processed
   * (for sinks before conversion: the raw Kafka message).
   */
  execute<T>(stage: Stage, context: unknown, operation: () => T): T | typeof SKIP;
  close?(): void | Promise<void>;
}

/** Builds the stages for a task from its connector config; null when the connector needs none. */
export interface RecordStagesFactory {
  source(connector: string, connectorConfig: ConfigMap): RecordStages<SourceRecord> | null;
  sink(connector: string, connectorConfig: ConfigMap): RecordStages<SinkRecord> | null;
}
