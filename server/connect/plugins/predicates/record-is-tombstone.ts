import { ConfigDef, KEEPS_NO_RECORDS, type AnyRecord, type Predicate } from "../../api";
import { predicate } from "../transforms/util";

/** org.apache.kafka.connect.transforms.predicates.RecordIsTombstone: the record value is null. */

export const RECORD_IS_TOMBSTONE_CONFIG_DEF = new ConfigDef();

export class RecordIsTombstone implements Predicate {
  /** test() only reads the record. */
  readonly [KEEPS_NO_RECORDS] = true;
  configure(_configs: Record<string, string>): void {}

  test(record: AnyRecord): boolean {
    return record.value === null;
  }

  config(): ConfigDef {
    return RECORD_IS_TOMBSTONE_CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return "RecordIsTombstone{}";
  }
}

export const recordIsTombstonePlugin = predicate(
  "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
  () => new RecordIsTombstone(),
);
