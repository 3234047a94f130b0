import { CONNECT_VERSION, ConfigDef, DataError, KEEPS_NO_RECORDS, RetriableError, type AnyRecord, type PluginDescriptor, type Predicate, type Transformation } from "../api";

/**
 * Test-only SMTs and a predicate for the runtime's transformation chain and error-handling tests
 * (the built-in SMTs live in plugins/transforms). Nothing here is registered in a real worker.
 */

/** Appends `suffix` to string values; counts instances and closes. */
export class AppendValue implements Transformation {
  static readonly className: string = "test.AppendValue";
  static closed = 0;
  #suffix = "";

  configure(configs: Record<string, string>): void {
    this.#suffix = configs["suffix"] ?? "";
  }
  apply(record: AnyRecord): AnyRecord | null {
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, `${String(record.value)}${this.#suffix}`, record.timestamp);
  }
  config(): ConfigDef {
    return new ConfigDef().define({ name: "suffix", type: "STRING", importance: "HIGH", documentation: "Appended to the value." });
  }
  close(): void {
    AppendValue.closed++;
  }
}

/** AppendValue that declares it keeps no records: the chain may let it update a record in place. */
export class AppendValueKeepingNone extends AppendValue {
  static override readonly className = "test.AppendValueKeepingNone";
  readonly [KEEPS_NO_RECORDS] = true;
}

/** Passes records through and keeps every record it saw, with its value at that time (as a transform caching records might). */
export class KeepRecords implements Transformation {
  static readonly className = "test.KeepRecords";
  static kept: { record: AnyRecord; value: unknown }[] = [];
  configure(): void {}
  apply(record: AnyRecord): AnyRecord {
    KeepRecords.kept.push({ record, value: record.value });
    return record;
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  close(): void {}
}

/** Drops every record (as Kafka's Filter). */
export class DropAll implements Transformation {
  static readonly className = "test.DropAll";
  configure(): void {}
  apply(): null {
    return null;
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  close(): void {}
}

/**
 * Throws DataError on values containing `fail.on` (default `bad`); throws RetriableError the first
 * `retries` times it sees a value containing `retry.on` (default `flaky`).
 */
export class FailOn implements Transformation {
  static readonly className: string = "test.FailOn";
  static seen = new Map<string, number>();
  #failOn = "bad";
  #retryOn = "flaky";
  #retries = 1;

  configure(configs: Record<string, string>): void {
    this.#failOn = configs["fail.on"] ?? "bad";
    this.#retryOn = configs["retry.on"] ?? "flaky";
    this.#retries = Number(configs["retries"] ?? "1");
  }
  apply(record: AnyRecord): AnyRecord | null {
    const value = String(record.value);
    if (value.includes(this.#failOn)) throw new DataError(`Error when value='${value}'`);
    if (value.includes(this.#retryOn)) {
      const seen = (FailOn.seen.get(value) ?? 0) + 1;
      FailOn.seen.set(value, seen);
      if (seen <= this.#retries) throw new RetriableError(`Error when value='${value}'`);
    }
    return record;
  }
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: "fail.on", type: "STRING", defaultValue: "bad", importance: "LOW", documentation: "Fail on values containing this." })
      .define({ name: "retry.on", type: "STRING", defaultValue: "flaky", importance: "LOW", documentation: "Retriable failure on values containing this." })
      .define({ name: "retries", type: "INT", defaultValue: 1, importance: "LOW", documentation: "How many times to fail retriably." });
  }
  close(): void {}
}

/** Always true; keeps every record it tested, with its value at that time. */
export class KeepTested implements Predicate {
  static readonly className = "test.KeepTested";
  static kept: { record: AnyRecord; value: unknown }[] = [];
  configure(): void {}
  test(record: AnyRecord): boolean {
    KeepTested.kept.push({ record, value: record.value });
    return true;
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  close(): void {}
}

/**
 * A predicate that keeps no records (KEEPS_NO_RECORDS) but keeps the values it tested: the promise
 * speaks of records only, so a struct it saw must never be updated in place afterwards.
 */
export class KeepTestedValues implements Predicate {
  static readonly className = "test.KeepTestedValues";
  static seen: unknown[] = [];
  readonly [KEEPS_NO_RECORDS] = true;
  configure(): void {}
  test(record: AnyRecord): boolean {
    KeepTestedValues.seen.push(record.value);
    return true;
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  close(): void {}
}

/** FailOn that declares it keeps no records: it is lent the record it fails on. */
export class FailOnKeepingNone extends FailOn {
  static override readonly className = "test.FailOnKeepingNone";
  readonly [KEEPS_NO_RECORDS] = true;
}

/** True when the record value (as text) equals `value`. */
export class ValueEquals implements Predicate {
  static readonly className = "test.ValueEquals";
  #value = "";
  configure(configs: Record<string, string>): void {
    this.#value = configs["value"] ?? "";
  }
  test(record: AnyRecord): boolean {
    return String(record.value) === this.#value;
  }
  config(): ConfigDef {
    return new ConfigDef().define({ name: "value", type: "STRING", importance: "HIGH", documentation: "The value to match." });
  }
  close(): void {}
}

const plugin = <T>(className: string, type: "transformation" | "predicate", create: () => T): PluginDescriptor<unknown> => ({
  className,
  types: [type],
  version: CONNECT_VERSION,
  create,
});

export const testTransformPlugins: readonly PluginDescriptor<unknown>[] = [
  plugin(AppendValue.className, "transformation", () => new AppendValue()),
  plugin(AppendValueKeepingNone.className, "transformation", () => new AppendValueKeepingNone()),
  plugin(KeepRecords.className, "transformation", () => new KeepRecords()),
  plugin(KeepTested.className, "predicate", () => new KeepTested()),
  plugin(KeepTestedValues.className, "predicate", () => new KeepTestedValues()),
  plugin(DropAll.className, "transformation", () => new DropAll()),
  plugin(FailOn.className, "transformation", () => new FailOn()),
  plugin(FailOnKeepingNone.className, "transformation", () => new FailOnKeepingNone()),
  plugin(ValueEquals.className, "predicate", () => new ValueEquals()),
];
