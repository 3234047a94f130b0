import type { ConfigDef } from "./config";
import type { ConnectRecord } from "./records";

/**
 * Single message transforms and predicates, as Kafka's `Transformation<R>` and `Predicate<R>`.
 * The runtime creates one instance per task and alias, calls configure() with the alias's settings
 * (`transforms.<alias>.` prefix removed), then apply()/test() per record, and close() at task stop.
 * A transform returns null to drop the record. They are synchronous: they run per record on the hot path.
 */
export type AnyRecord = ConnectRecord<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- records are generic over their own subtype (F-bounded), as in Kafka

export interface Transformation<R extends AnyRecord = AnyRecord> {
  configure(configs: Record<string, string>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
}

export interface Predicate<R extends AnyRecord = AnyRecord> {
  configure(configs: Record<string, string>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
}
