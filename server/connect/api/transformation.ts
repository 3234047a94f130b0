import type { ConfigDef } from "./config";
import type { ConnectRecord } from "./records";

/**
 * Single message transforms and predicates, as Kafka's `Transformation<R>` and `Predicate<R>`.
 * The runtime creates one instance per task and alias, calls configure() with the alias's settings
 * (`transforms.<alias>.` prefix removed), then apply()/test() per record, and close() at task stop.
 * A transform returns null to drop the record. They are synchronous: they run per record on the hot path.
 */
export type AnyRecord = ConnectRecord<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- records are generic over their own subtype (F-bounded), as in Kafka

/**
 * A transformation or predicate whose `[KEEPS_NO_RECORDS]` is true promises that apply()/test() keeps
 * no reference to a record it is given or returns once it returned, and that apply() calls newRecord
 * at most once, on the record it was given, and reads nothing of that record after the call. The
 * runtime may then let that newRecord update a record only the chain can see instead of copying it:
 * a chain of such transforms makes one record, not one per transform.
 */
export const KEEPS_NO_RECORDS: unique symbol = Symbol("KEEPS_NO_RECORDS");

export interface Transformation<R extends AnyRecord = AnyRecord> {
  readonly [KEEPS_NO_RECORDS]?: boolean;
  configure(configs: Record<string, string>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
}

export interface Predicate<R extends AnyRecord = AnyRecord> {
  readonly [KEEPS_NO_RECORDS]?: boolean;
  configure(configs: Record<string, string>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
}
