import { deepEquals } from "./data/equality";
import { schemaEquals, type Schema } from "./data/schema";
import { toJavaString } from "./data/to-java-string";
import { Header, Headers } from "./headers";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Records flowing through a connector: SourceRecord (source task → Kafka) and SinkRecord (Kafka → sink
 * task). Records are immutable; transforms make changed copies with `newRecord(...)`, whose positional
 * arguments are Kafka's so that ported transforms read the same. (Inside a transformation chain, a
 * transform that declares `KEEPS_NO_RECORDS` may get a record no one else can see, which its
 * newRecord then updates instead of copying: the difference cannot be observed.)
 *
 * Timestamps are epoch milliseconds and Kafka offsets are numbers (exact up to 2^53).
 */
export interface ConnectRecordInit {
  topic: string;
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  timestamp?: number | null;
  headers?: Iterable<Header> | null;
}

/** The record lent for update, if any (see lendForUpdate): one at a time, the chain runs one stage at a time. */
let lent: object | null = null;

/**
 * The runtime's side of copy avoidance in the transformation chain: while a record is lent, the next
 * newRecord call on it updates the record itself and returns it, instead of copying it. The chain
 * lends only a record nobody else can see (it built it or got it from a transform that keeps no
 * records) to a transform that declared `KEEPS_NO_RECORDS`: then no one can tell the difference.
 * Null ends the loan. Not part of the plugin SDK (not exported by the api index).
 */
export function lendForUpdate(record: object | null): void {
  lent = record;
}

export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  /** Null while the record has no headers and nobody asked for them: most records have none. */
  #headers: Headers | null;

  protected constructor(init: ConnectRecordInit) {
    this.topic = init.topic;
    this.kafkaPartition = init.kafkaPartition ?? null;
    this.keySchema = init.keySchema ?? null;
    this.key = init.key ?? null;
    this.valueSchema = init.valueSchema ?? null;
    this.value = init.value ?? null;
    this.timestamp = init.timestamp ?? null;
    const headers = init.headers;
    this.#headers = headers instanceof Headers ? headers : headers === null || headers === undefined ? null : new Headers(headers);
  }

  /** Mutable, as in Kafka: transforms and tasks may add or remove headers in place. */
  get headers(): Headers {
    return (this.#headers ??= new Headers());
  }

  /** The headers a copy gets when newRecord is not given any: a duplicate (none while there are none). */
  protected duplicateHeaders(headers: Iterable<Header> | undefined): Headers | null {
    if (headers !== undefined && headers !== null) return headers instanceof Headers ? headers : new Headers(headers);
    const own = this.#headers;
    return own === null || own.isEmpty() ? null : own.duplicate();
  }

  /**
   * For newRecord: true when this record is lent for update, which ends the loan (one update per
   * loan); the subclass then calls {@link updateInPlace} and returns this record instead of a copy.
   */
  protected takeLoan(): boolean {
    if (lent !== this) return false;
    lent = null;
    return true;
  }

  /** newRecord on a lent record: these fields change, the headers stay unless new ones are given. */
  protected updateInPlace(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers: Iterable<Header> | undefined,
  ): void {
    const self = this as Writable<ConnectRecord<R>>;
    self.topic = topic;
    self.kafkaPartition = kafkaPartition;
    self.keySchema = keySchema;
    self.key = key ?? null;
    self.valueSchema = valueSchema;
    self.value = value ?? null;
    self.timestamp = timestamp;
    if (headers !== undefined && headers !== null) this.#headers = headers instanceof Headers ? headers : new Headers(headers);
  }

  /**
   * A copy with these fields and everything else (source partition/offset, Kafka offset...) kept.
   * Without `headers` the copy gets a duplicate of this record's headers.
   */
  abstract newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Iterable<Header>,
  ): R;

  protected baseEquals(other: ConnectRecord<R>): boolean {
    return (
      this.kafkaPartition === other.kafkaPartition &&
      this.topic === other.topic &&
      nullableSchemaEquals(this.keySchema, other.keySchema) &&
      deepEquals(this.key, other.key) &&
      nullableSchemaEquals(this.valueSchema, other.valueSchema) &&
      deepEquals(this.value, other.value) &&
      this.timestamp === other.timestamp &&
      this.headers.equals(other.headers)
    );
  }

  abstract equals(other: unknown): boolean;

  toString(): string {
    return (
      `ConnectRecord{topic='${this.topic}', kafkaPartition=${String(this.kafkaPartition)}, ` +
      `key=${toJavaString(this.key, this.keySchema)}, keySchema=${this.keySchema?.toString() ?? "null"}, ` +
      `value=${toJavaString(this.value, this.valueSchema)}, valueSchema=${this.valueSchema?.toString() ?? "null"}, ` +
      `timestamp=${String(this.timestamp)}, headers=${this.headers.toString()}}`
    );
  }
}

function nullableSchemaEquals(a: Schema | null, b: Schema | null): boolean {
  return a === null || b === null ? a === b : schemaEquals(a, b);
}

/** Where a source record comes from and how far the task has read: stored by the runtime as offsets. */
export type SourcePartition = Readonly<Record<string, unknown>>;
export type SourceOffset = Readonly<Record<string, unknown>>;

export interface SourceRecordInit extends ConnectRecordInit {
  sourcePartition: SourcePartition | null;
  sourceOffset: SourceOffset | null;
}

/**
 * newRecord's constructor arguments, one object reused for every copy (every SMT makes one per
 * record): the constructors read it and keep none of it, and nothing they call runs user code
 * (headers are a Headers already). The values are cleared after each copy.
 */
const SOURCE_INIT: Writable<SourceRecordInit> = {
  sourcePartition: null,
  sourceOffset: null,
  topic: "",
  kafkaPartition: null,
  keySchema: null,
  key: null,
  valueSchema: null,
  value: null,
  timestamp: null,
  headers: null,
};

export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;

  constructor(init: SourceRecordInit) {
    super(init);
    this.sourcePartition = init.sourcePartition;
    this.sourceOffset = init.sourceOffset;
  }

  newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Iterable<Header>,
  ): SourceRecord {
    if (this.takeLoan()) {
      this.updateInPlace(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
      return this;
    }
    return this.#copy(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
  }

  /** newRecord's copy, apart so that newRecord stays small enough to inline into transforms. */
  #copy(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers: Iterable<Header> | undefined,
  ): SourceRecord {
    const init = SOURCE_INIT;
    init.sourcePartition = this.sourcePartition;
    init.sourceOffset = this.sourceOffset;
    init.topic = topic;
    init.kafkaPartition = kafkaPartition;
    init.keySchema = keySchema;
    init.key = key;
    init.valueSchema = valueSchema;
    init.value = value;
    init.timestamp = timestamp;
    init.headers = this.duplicateHeaders(headers);
    const copy = new SourceRecord(init);
    init.sourcePartition = init.sourceOffset = init.key = init.value = init.headers = null;
    return copy;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    return (
      other instanceof SourceRecord &&
      this.baseEquals(other) &&
      deepEquals(this.sourcePartition, other.sourcePartition) &&
      deepEquals(this.sourceOffset, other.sourceOffset)
    );
  }

  override toString(): string {
    return (
      `SourceRecord{sourcePartition=${toJavaString(this.sourcePartition)}, ` +
      `sourceOffset=${toJavaString(this.sourceOffset)}} ${super.toString()}`
    );
  }
}

/** Kafka's record timestamp types, by their Kafka names. */
export type TimestampType = "NoTimestampType" | "CreateTime" | "LogAppendTime";
export const TimestampType = {
  NO_TIMESTAMP_TYPE: "NoTimestampType",
  CREATE_TIME: "CreateTime",
  LOG_APPEND_TIME: "LogAppendTime",
} as const satisfies Record<string, TimestampType>;

export interface SinkRecordInit extends ConnectRecordInit {
  kafkaPartition: number;
  kafkaOffset: number;
  timestampType?: TimestampType;
  /** Where the record was consumed from, before transforms changed topic/partition (KIP-793). */
  originalTopic?: string;
  originalKafkaPartition?: number;
  originalKafkaOffset?: number;
}

const SINK_INIT: Writable<Required<SinkRecordInit>> = {
  topic: "",
  kafkaPartition: 0,
  keySchema: null,
  key: null,
  valueSchema: null,
  value: null,
  kafkaOffset: 0,
  timestamp: null,
  timestampType: TimestampType.NO_TIMESTAMP_TYPE,
  headers: null,
  originalTopic: "",
  originalKafkaPartition: 0,
  originalKafkaOffset: 0,
};

export class SinkRecord extends ConnectRecord<SinkRecord> {
  declare readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;

  constructor(init: SinkRecordInit) {
    super(init);
    this.kafkaOffset = init.kafkaOffset;
    this.timestampType = init.timestampType ?? TimestampType.NO_TIMESTAMP_TYPE;
    this.originalTopic = init.originalTopic ?? init.topic;
    this.originalKafkaPartition = init.originalKafkaPartition ?? init.kafkaPartition;
    this.originalKafkaOffset = init.originalKafkaOffset ?? init.kafkaOffset;
  }

  newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Iterable<Header>,
  ): SinkRecord {
    if (this.takeLoan()) {
      // A sink record always has a partition; a transform that clears it keeps the original.
      this.updateInPlace(topic, kafkaPartition ?? this.originalKafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
      return this;
    }
    return this.#copy(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
  }

  /** newRecord's copy, apart so that newRecord stays small enough to inline into transforms. */
  #copy(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers: Iterable<Header> | undefined,
  ): SinkRecord {
    const init = SINK_INIT;
    init.topic = topic;
    // A sink record always has a partition; a transform that clears it keeps the original.
    init.kafkaPartition = kafkaPartition ?? this.originalKafkaPartition;
    init.keySchema = keySchema;
    init.key = key;
    init.valueSchema = valueSchema;
    init.value = value;
    init.kafkaOffset = this.kafkaOffset;
    init.timestamp = timestamp;
    init.timestampType = this.timestampType;
    init.headers = this.duplicateHeaders(headers);
    init.originalTopic = this.originalTopic;
    init.originalKafkaPartition = this.originalKafkaPartition;
    init.originalKafkaOffset = this.originalKafkaOffset;
    const copy = new SinkRecord(init);
    init.key = init.value = init.headers = null;
    return copy;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    return (
      other instanceof SinkRecord &&
      this.baseEquals(other) &&
      this.kafkaOffset === other.kafkaOffset &&
      this.timestampType === other.timestampType &&
      this.originalTopic === other.originalTopic &&
      this.originalKafkaPartition === other.originalKafkaPartition &&
      this.originalKafkaOffset === other.originalKafkaOffset
    );
  }

  override toString(): string {
    return (
      `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, ` +
      `originalTopic=${this.originalTopic}, originalKafkaPartition=${this.originalKafkaPartition}, ` +
      `originalKafkaOffset=${this.originalKafkaOffset}} ${super.toString()}`
    );
  }
}
