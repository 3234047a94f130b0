import { DataError } from "./errors";
import { BigDecimal } from "./data/big-decimal";
import { deepEquals } from "./data/equality";
import { ConnectDate, Decimal, Time, Timestamp } from "./data/logical-types";
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  Schema,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
  isStruct,
  isValueOfType,
  schemaEquals,
  type SchemaType,
} from "./data/schema";
import { SchemaAndValue } from "./data/schema-and-value";
import type { Struct } from "./data/struct";
import { toJavaString } from "./data/to-java-string";

/** One record header: a key and a Connect value with its schema. Immutable; `with`/`rename` copy. */
export class Header {
  readonly key: string;
  readonly #schemaAndValue: SchemaAndValue;

  constructor(key: string, schemaAndValue: SchemaAndValue = SchemaAndValue.NULL) {
    if (key === null || key === undefined) throw new TypeError("Null header keys are not permitted");
    this.key = key;
    this.#schemaAndValue = schemaAndValue;
  }

  get value(): unknown {
    return this.#schemaAndValue.value;
  }

  /** The schema; a Struct value without one carries its own. */
  get schema(): Schema | null {
    const schema = this.#schemaAndValue.schema;
    if (schema === null && isStruct(this.value)) return this.value.schema();
    return schema;
  }

  rename(key: string): Header {
    if (key === null || key === undefined) throw new TypeError("Null header keys are not permitted");
    return key === this.key ? this : new Header(key, this.#schemaAndValue);
  }

  with(schema: Schema | null, value: unknown): Header {
    return new Header(this.key, new SchemaAndValue(schema, value));
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Header) || other.key !== this.key) return false;
    const a = this.schema;
    const b = other.schema;
    const sameSchema = a === null || b === null ? a === b : schemaEquals(a, b);
    return sameSchema && deepEquals(this.value, other.value);
  }

  toString(): string {
    return `ConnectHeader(key=${this.key}, value=${toJavaString(this.value, this.schema)}, schema=${this.schema?.toString() ?? "null"})`;
  }
}

/** The header list of every Headers without headers: shared, so it is never mutated (see #push). */
const NO_HEADERS: Header[] = [];

/** Replaces a header; returning null removes it. */
export type HeaderTransform = (header: Header) => Header | null;

/**
 * The ordered headers of a record. Keys may repeat; `lastWithName` is the usual "value of header x".
 * Mutating methods return `this` for chaining, as in Kafka.
 */
export class Headers implements Iterable<Header> {
  /** NO_HEADERS (shared, never mutated) until the first add: most records have no headers. */
  #headers: Header[];

  constructor(headers?: Iterable<Header> | null) {
    this.#headers = NO_HEADERS;
    if (headers) {
      for (const header of headers) {
        if (!header) throw new TypeError("Unable to add a null header.");
        this.#push(header);
      }
    }
  }

  #push(header: Header): void {
    if (this.#headers === NO_HEADERS) this.#headers = [];
    this.#headers.push(header);
  }

  get size(): number {
    return this.#headers.length;
  }

  isEmpty(): boolean {
    return this.#headers.length === 0;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#headers[Symbol.iterator]();
  }

  toArray(): Header[] {
    return [...this.#headers];
  }

  clear(): this {
    this.#headers = NO_HEADERS;
    return this;
  }

  /** Adds a header object, a key with a SchemaAndValue (checked), or a key, value and schema (checked). */
  add(header: Header): this;
  add(key: string, schemaAndValue: SchemaAndValue | null): this;
  add(key: string, value: unknown, schema: Schema | null): this;
  add(...args: [Header] | [string, SchemaAndValue | null] | [string, unknown, Schema | null]): this {
    if (args.length === 1) {
      const [header] = args;
      if (!header) throw new TypeError("Unable to add a null header.");
      this.#push(header);
      return this;
    }
    const key = args[0];
    let sav: SchemaAndValue;
    if (args.length === 2) {
      sav = args[1] ?? SchemaAndValue.NULL;
    } else {
      const [, value, schema] = args;
      sav = value !== null && value !== undefined || schema !== null ? new SchemaAndValue(schema, value) : SchemaAndValue.NULL;
    }
    checkSchemaMatches(sav);
    return this.add(new Header(key, sav));
  }

  #addUnchecked(key: string, value: unknown, schema: Schema | null): this {
    return this.add(new Header(key, new SchemaAndValue(schema, value)));
  }

  addString(key: string, value: string | null): this {
    return this.#addUnchecked(key, value, value !== null ? Schema.STRING_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA);
  }

  addBytes(key: string, value: Uint8Array | null): this {
    return this.#addUnchecked(key, value, value !== null ? Schema.BYTES_SCHEMA : Schema.OPTIONAL_BYTES_SCHEMA);
  }

  addBoolean(key: string, value: boolean): this {
    return this.#addPrimitive(key, value, "BOOLEAN", Schema.BOOLEAN_SCHEMA);
  }

  addByte(key: string, value: number): this {
    return this.#addPrimitive(key, value, "INT8", Schema.INT8_SCHEMA);
  }

  addShort(key: string, value: number): this {
    return this.#addPrimitive(key, value, "INT16", Schema.INT16_SCHEMA);
  }

  addInt(key: string, value: number): this {
    return this.#addPrimitive(key, value, "INT32", Schema.INT32_SCHEMA);
  }

  addLong(key: string, value: bigint | number): this {
    this.#check(value, "INT64");
    return this.#addUnchecked(key, BigInt(value), Schema.INT64_SCHEMA);
  }

  addFloat(key: string, value: number): this {
    return this.#addPrimitive(key, Math.fround(value), "FLOAT32", Schema.FLOAT32_SCHEMA);
  }

  addDouble(key: string, value: number): this {
    return this.#addPrimitive(key, value, "FLOAT64", Schema.FLOAT64_SCHEMA);
  }

  addList(key: string, value: readonly unknown[] | null, schema: Schema): this {
    if (value === null) return this.add(key, null, null);
    checkSchemaType(schema, "ARRAY");
    return this.#addUnchecked(key, value, schema);
  }

  addMap(key: string, value: ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>> | null, schema: Schema): this {
    if (value === null) return this.add(key, null, null);
    checkSchemaType(schema, "MAP");
    return this.#addUnchecked(key, value, schema);
  }

  addStruct(key: string, value: Struct | null): this {
    if (value === null) return this.add(key, null, null);
    checkSchemaType(value.schema(), "STRUCT");
    return this.#addUnchecked(key, value, value.schema());
  }

  addDecimal(key: string, value: BigDecimal | null): this {
    if (value === null) return this.add(key, null, null);
    const schema = Decimal.schema(value.scale);
    Decimal.fromLogical(schema, value);
    return this.#addUnchecked(key, value, schema);
  }

  addDate(key: string, value: Date | null): this {
    if (value !== null) ConnectDate.fromLogical(ConnectDate.SCHEMA, value);
    return this.#addUnchecked(key, value, ConnectDate.SCHEMA);
  }

  addTime(key: string, value: Date | null): this {
    if (value !== null) Time.fromLogical(Time.SCHEMA, value);
    return this.#addUnchecked(key, value, Time.SCHEMA);
  }

  addTimestamp(key: string, value: Date | null): this {
    if (value !== null) Timestamp.fromLogical(Timestamp.SCHEMA, value);
    return this.#addUnchecked(key, value, Timestamp.SCHEMA);
  }

  #addPrimitive(key: string, value: unknown, type: SchemaType, schema: Schema): this {
    this.#check(value, type);
    return this.#addUnchecked(key, value, schema);
  }

  #check(value: unknown, type: SchemaType): void {
    if (!isValueOfType(type, value)) throw new DataError(`The value ${toJavaString(value)} is not a valid ${type} value`);
  }

  /** The last header with this key, or null. */
  lastWithName(key: string): Header | null {
    checkKey(key);
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      const header = this.#headers[i] as Header;
      if (header.key === key) return header;
    }
    return null;
  }

  /** Every header with this key, in order. */
  allWithName(key: string): Header[] {
    checkKey(key);
    return this.#headers.filter((h) => h.key === key);
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    checkKey(key);
    this.#headers = this.#headers.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of `key`, or of every key when none is given. */
  retainLatest(key?: string): this {
    if (key !== undefined) checkKey(key);
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      const header = this.#headers[i] as Header;
      const applies = key === undefined || header.key === key;
      if (applies && seen.has(header.key)) continue;
      if (applies) seen.add(header.key);
      kept.push(header);
    }
    this.#headers = kept.reverse();
    return this;
  }

  /** Replaces (or with null, removes) every header, or every header with `key`. */
  apply(transform: HeaderTransform): this;
  apply(key: string, transform: HeaderTransform): this;
  apply(...args: [HeaderTransform] | [string, HeaderTransform]): this {
    const [key, transform] = args.length === 1 ? [undefined, args[0]] : args;
    if (key !== undefined) checkKey(key);
    const next: Header[] = [];
    for (const header of this.#headers) {
      if (key !== undefined && header.key !== key) {
        next.push(header);
        continue;
      }
      const updated = transform(header);
      if (updated !== null) next.push(updated);
    }
    this.#headers = next;
    return this;
  }

  duplicate(): Headers {
    // Every SMT's newRecord duplicates the headers: copy the array directly (its entries are
    // valid Headers already, and Header objects are immutable).
    const copy = new Headers();
    if (this.#headers.length > 0) copy.#headers = this.#headers.slice();
    return copy;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Headers) || other.size !== this.size) return false;
    const theirs = other.#headers;
    return this.#headers.every((h, i) => h.equals(theirs[i]));
  }

  toString(): string {
    return `ConnectHeaders(headers=${this.#headers.length ? `[${this.#headers.map((h) => h.toString()).join(", ")}]` : ""})`;
  }
}

/** Kafka's name for the class. */
export { Headers as ConnectHeaders };

function checkKey(key: string): void {
  if (key === null || key === undefined) throw new TypeError("Header key cannot be null");
}

function checkSchemaType(schema: Schema, type: SchemaType): void {
  if (schema.type() !== type) throw new DataError(`Expecting ${type} but instead found ${schema.type()}`);
}

function checkSchemaMatches(sav: SchemaAndValue): void {
  const schema = sav.schema?.schema() ?? null;
  if (schema === null) return;
  const value = sav.value;
  if (value === null) {
    if (!schema.isOptional()) throw new DataError(`A null value requires an optional schema but was ${schema.toString()}`);
    return;
  }
  const name = schema.name();
  const logicalOk =
    (name === DECIMAL_LOGICAL_NAME && value instanceof BigDecimal) ||
    ((name === DATE_LOGICAL_NAME || name === TIME_LOGICAL_NAME || name === TIMESTAMP_LOGICAL_NAME) && value instanceof Date);
  if (logicalOk || isValueOfType(schema.type(), value)) return;
  throw new DataError(`The value ${toJavaString(value, schema)} is not compatible with the schema ${schema.toString()}`);
}
