import { DataError } from "../errors";
import { BigDecimal, NumberFormatError } from "./big-decimal";
import { describeValue, isPlainObject } from "./equality";
import { ConnectDate, Decimal, MILLIS_PER_DAY, Time, Timestamp } from "./logical-types";
import { formatDouble, formatFloat } from "./number-format";
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  INT64_MAX,
  INT64_MIN,
  Schema,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
  isStruct,
  mapEntries,
  schemaEquals,
  type SchemaType,
} from "./schema";
import { SchemaAndValue } from "./schema-and-value";
import { SchemaBuilder } from "./schema-builder";
import { toJavaString } from "./to-java-string";

/**
 * Kafka's `Values`: conversions between Connect values, their string form (what SimpleHeaderConverter
 * writes and InsertHeader reads), and schema inference for schemaless values.
 *
 * JavaScript numbers do not say whether they were a float or a double, a byte or an int; where Java
 * looks at the value's class, these helpers look at the schema when one is given, and otherwise treat
 * integral numbers as integers and the rest as doubles.
 */

const ARRAY_SELECTOR_SCHEMA = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
const MAP_SELECTOR_SCHEMA = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build();
const STRUCT_SELECTOR_SCHEMA = SchemaBuilder.struct().build();
const NULL_VALUE = "null";
const NULL_MESSAGE = "Unable to convert a null value to a schema that requires a value";

export function convertToBoolean(schema: Schema | null, value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const parsed = parseString(value);
    if (typeof parsed.value === "boolean") return parsed.value;
  }
  return asLong(value, schema) !== 0n;
}

export function convertToByte(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(BigInt.asIntN(8, asLong(value, schema)));
}

export function convertToShort(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(BigInt.asIntN(16, asLong(value, schema)));
}

export function convertToInteger(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(BigInt.asIntN(32, asLong(value, schema)));
}

export function convertToLong(schema: Schema | null, value: unknown): bigint | null {
  if (value === null || value === undefined) return null;
  return asLong(value, schema);
}

export function convertToFloat(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Math.fround(asDouble(value, schema));
}

export function convertToDouble(schema: Schema | null, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return asDouble(value, schema);
}

/** The string form of a value: strings as-is, lists `[a,b]`, maps `{"k":v}`, bytes base64, dates ISO-8601. */
export function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return append(value, false, schema);
}

export function convertToList(_schema: Schema | null, value: unknown): unknown[] {
  return convertToArray(ARRAY_SELECTOR_SCHEMA, value);
}

export function convertToMap(_schema: Schema | null, value: unknown): Map<unknown, unknown> | Record<string, unknown> {
  return convertToMapInternal(MAP_SELECTOR_SCHEMA, value);
}

export function convertToStruct(_schema: Schema | null, value: unknown): unknown {
  return convertToStructInternal(STRUCT_SELECTOR_SCHEMA, value);
}

export function convertToTime(schema: Schema | null, value: unknown): Date {
  if (value === null || value === undefined) throw new DataError(NULL_MESSAGE);
  return convertToTimeInternal(Time.SCHEMA, schema, value);
}

export function convertToDate(schema: Schema | null, value: unknown): Date {
  if (value === null || value === undefined) throw new DataError(NULL_MESSAGE);
  return convertToDateInternal(ConnectDate.SCHEMA, schema, value);
}

export function convertToTimestamp(schema: Schema | null, value: unknown): Date {
  if (value === null || value === undefined) throw new DataError(NULL_MESSAGE);
  return convertToTimestampInternal(Timestamp.SCHEMA, schema, value);
}

export function convertToDecimal(_schema: Schema | null, value: unknown, scale: number): BigDecimal {
  if (value === null || value === undefined) throw new DataError(NULL_MESSAGE);
  return convertToDecimalInternal(Decimal.schema(scale), value);
}

/**
 * The schema of a schemaless value, or null when it cannot be told (empty or mixed collections,
 * dates, decimals). Integral numbers are INT32 when they fit, else INT64; other numbers FLOAT64.
 */
export function inferSchema(value: unknown): Schema | null {
  switch (typeof value) {
    case "string":
      return Schema.STRING_SCHEMA;
    case "boolean":
      return Schema.BOOLEAN_SCHEMA;
    case "bigint":
      return Schema.INT64_SCHEMA;
    case "number":
      if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) return Schema.INT32_SCHEMA;
      return Number.isSafeInteger(value) ? Schema.INT64_SCHEMA : Schema.FLOAT64_SCHEMA;
    case "object":
      if (value === null) return null;
      if (value instanceof Uint8Array) return Schema.BYTES_SCHEMA;
      if (Array.isArray(value)) return inferListSchema(value);
      if (value instanceof Map || isPlainObject(value)) return inferMapSchema(mapEntries(value));
      if (isStruct(value)) return value.schema();
      return null;
    default:
      return null;
  }
}

function inferListSchema(list: readonly unknown[]): Schema | null {
  if (list.length === 0) return null;
  const detector = new SchemaDetector();
  for (const element of list) if (!detector.canDetect(element)) return null;
  const elementSchema = detector.schema();
  return elementSchema === null ? null : SchemaBuilder.array(elementSchema).build();
}

function inferMapSchema(entries: [unknown, unknown][]): Schema | null {
  if (entries.length === 0) return null;
  const keyDetector = new SchemaDetector();
  const valueDetector = new SchemaDetector();
  for (const [k, v] of entries) {
    if (!keyDetector.canDetect(k) || !valueDetector.canDetect(v)) return null;
  }
  const keySchema = keyDetector.schema();
  const valueSchema = valueDetector.schema();
  return keySchema === null || valueSchema === null ? null : SchemaBuilder.map(keySchema, valueSchema).build();
}

class SchemaDetector {
  #knownType: SchemaType | null = null;
  #optional = false;

  canDetect(value: unknown): boolean {
    if (value === null || value === undefined) {
      this.#optional = true;
      return true;
    }
    const schema = inferSchema(value);
    if (schema === null) return false;
    if (this.#knownType === null) this.#knownType = schema.type();
    else if (this.#knownType !== schema.type()) return false;
    return true;
  }

  /** Null when every value was null (Kafka throws there; nothing can be inferred). */
  schema(): Schema | null {
    if (this.#knownType === null) return null;
    const builder = SchemaBuilder.type(this.#knownType);
    if (this.#optional) builder.optional();
    return builder.build();
  }
}

/**
 * Parses the string form of a value, inferring its type: `true`/`false` → BOOLEAN, integers → the
 * narrowest of INT8/16/32/64, other numbers → FLOAT32/FLOAT64/Decimal, `[...]` → ARRAY, `{...}` → MAP,
 * ISO-8601 `yyyy-MM-dd`, `HH:mm:ss.SSSZ`, `yyyy-MM-ddTHH:mm:ss.SSSZ` → Date/Time/Timestamp, anything
 * else → STRING. `null` (and a null input) give {@link SchemaAndValue.NULL}.
 */
export function parseString(value: string | null): SchemaAndValue {
  if (value === null) return SchemaAndValue.NULL;
  if (value === "") return new SchemaAndValue(Schema.STRING_SCHEMA, value);
  return new ValueParser(new Parser(value)).parse(false) ?? SchemaAndValue.NULL;
}

/** Converts `value` (described by `fromSchema`, if known) to a value of `toSchema`. */
export function convertTo(toSchema: Schema, fromSchema: Schema | null, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (toSchema.isOptional()) return null;
    throw new DataError(NULL_MESSAGE);
  }
  switch (toSchema.type()) {
    case "BYTES":
      return toSchema.name() === DECIMAL_LOGICAL_NAME
        ? convertToDecimalInternal(toSchema, value)
        : convertToBytes(toSchema, value);
    case "STRING":
      return convertToString(fromSchema, value);
    case "BOOLEAN":
      return convertToBoolean(fromSchema, value);
    case "INT8":
      return convertToByte(fromSchema, value);
    case "INT16":
      return convertToShort(fromSchema, value);
    case "INT32":
      if (toSchema.name() === DATE_LOGICAL_NAME) return convertToDateInternal(toSchema, fromSchema, value);
      if (toSchema.name() === TIME_LOGICAL_NAME) return convertToTimeInternal(toSchema, fromSchema, value);
      return convertToInteger(fromSchema, value);
    case "INT64":
      if (toSchema.name() === TIMESTAMP_LOGICAL_NAME) return convertToTimestampInternal(toSchema, fromSchema, value);
      return convertToLong(fromSchema, value);
    case "FLOAT32":
      return convertToFloat(fromSchema, value);
    case "FLOAT64":
      return convertToDouble(fromSchema, value);
    case "ARRAY":
      return convertToArray(toSchema, value);
    case "MAP":
      return convertToMapInternal(toSchema, value);
    case "STRUCT":
      return convertToStructInternal(toSchema, value);
  }
}

function unableToConvert(value: unknown, target: Schema | string, cause?: unknown): DataError {
  const to = typeof target === "string" ? target : target.toString();
  return new DataError(
    `Unable to convert ${toJavaString(value)} (${describeValue(value)}) to ${to}`,
    cause === undefined ? undefined : { cause },
  );
}

function convertToDecimalInternal(toSchema: Schema, value: unknown): BigDecimal {
  if (value instanceof Uint8Array) return Decimal.toLogical(toSchema, value);
  if (value instanceof BigDecimal) return value;
  // Like Java, a number that is not yet a decimal goes through its double value.
  if (typeof value === "number") return BigDecimal.fromNumber(value);
  if (typeof value === "bigint") return BigDecimal.fromNumber(Number(value));
  if (typeof value === "string") {
    try {
      return BigDecimal.parse(value);
    } catch (err) {
      throw unableToConvert(value, toSchema, err);
    }
  }
  throw unableToConvert(value, toSchema);
}

function convertToBytes(toSchema: Schema, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof BigDecimal) return Decimal.fromLogical(toSchema, value);
  throw unableToConvert(value, toSchema);
}

function parsedIfString(value: unknown): unknown {
  return typeof value === "string" ? parseString(value).value : value;
}

function convertToDateInternal(toSchema: Schema, fromSchema: Schema | null, raw: unknown): Date {
  const value = parsedIfString(raw);
  if (value instanceof Date) {
    if (fromSchema === null) return value;
    if (fromSchema.name() === DATE_LOGICAL_NAME) return value;
    if (fromSchema.name() === TIMESTAMP_LOGICAL_NAME) {
      return ConnectDate.toLogical(toSchema, Math.trunc(value.getTime() / MILLIS_PER_DAY));
    }
  }
  return ConnectDate.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema))));
}

function convertToTimeInternal(toSchema: Schema, fromSchema: Schema | null, raw: unknown): Date {
  const value = parsedIfString(raw);
  if (value instanceof Date) {
    if (fromSchema === null) return value;
    if (fromSchema.name() === TIME_LOGICAL_NAME) return value;
    if (fromSchema.name() === TIMESTAMP_LOGICAL_NAME) {
      const timeOfDay = ((value.getTime() % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
      return Time.toLogical(toSchema, timeOfDay);
    }
  }
  return Time.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema))));
}

function convertToTimestampInternal(toSchema: Schema, fromSchema: Schema | null, raw: unknown): Date {
  const value = parsedIfString(raw);
  if (value instanceof Date) {
    if (fromSchema === null) return value;
    if (fromSchema.name() === DATE_LOGICAL_NAME) {
      return Timestamp.toLogical(toSchema, ConnectDate.fromLogical(fromSchema, value) * MILLIS_PER_DAY);
    }
    if (fromSchema.name() === TIME_LOGICAL_NAME) return Timestamp.toLogical(toSchema, Time.fromLogical(fromSchema, value));
    if (fromSchema.name() === TIMESTAMP_LOGICAL_NAME) return value;
  }
  return Timestamp.toLogical(toSchema, asLong(value, fromSchema));
}

function convertToArray(toSchema: Schema, raw: unknown): unknown[] {
  if (raw === null || raw === undefined) throw new DataError(NULL_MESSAGE);
  const value = parsedIfString(raw);
  if (Array.isArray(value)) return value;
  throw unableToConvert(value, toSchema);
}

function convertToMapInternal(toSchema: Schema, raw: unknown): Map<unknown, unknown> | Record<string, unknown> {
  if (raw === null || raw === undefined) throw new DataError(NULL_MESSAGE);
  const value = parsedIfString(raw);
  if (value instanceof Map || isPlainObject(value)) return value;
  throw unableToConvert(value, toSchema);
}

function convertToStructInternal(toSchema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) throw new DataError(NULL_MESSAGE);
  if (isStruct(value)) return value;
  throw unableToConvert(value, toSchema);
}

/** Java `(long)` of a double: truncation toward zero, saturating, NaN → 0. */
function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9223372036854775807) return INT64_MAX;
  if (d <= -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

function asLong(value: unknown, fromSchema: Schema | null, cause?: unknown): bigint {
  let error = cause;
  if (typeof value === "bigint") return BigInt.asIntN(64, value);
  if (typeof value === "number") return doubleToLong(value);
  if (value instanceof BigDecimal) return BigInt.asIntN(64, value.toBigInt());
  if (typeof value === "string") {
    try {
      return BigInt.asIntN(64, BigDecimal.parse(value).toBigInt());
    } catch (err) {
      if (!(err instanceof NumberFormatError)) throw err;
      error = err;
    }
  }
  if (fromSchema !== null) {
    const name = fromSchema.name();
    if (value instanceof Date) {
      if (name === DATE_LOGICAL_NAME) return BigInt(ConnectDate.fromLogical(fromSchema, value));
      if (name === TIME_LOGICAL_NAME) return BigInt(Time.fromLogical(fromSchema, value));
      if (name === TIMESTAMP_LOGICAL_NAME) return Timestamp.fromLogical(fromSchema, value);
    }
    throw unableToConvert(value, fromSchema, error);
  }
  throw unableToConvert(value, "a number", error);
}

function asDouble(value: unknown, schema: Schema | null): number {
  let error: unknown;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof BigDecimal) return value.toNumber();
  if (typeof value === "string") {
    try {
      return BigDecimal.parse(value).toNumber();
    } catch (err) {
      if (!(err instanceof NumberFormatError)) throw err;
      error = err;
    }
  }
  return Number(asLong(value, schema, error));
}

function escape(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function numberText(value: number, schema: Schema | null): string {
  const type = schema?.type();
  if (type === "FLOAT32") return formatFloat(value);
  if (type === "FLOAT64") return formatDouble(value);
  return Number.isSafeInteger(value) ? String(value) : formatDouble(value);
}

function append(value: unknown, embedded: boolean, schema: Schema | null): string {
  if (value === null || value === undefined) return NULL_VALUE;
  if (typeof value === "number") return numberText(value, schema);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof BigDecimal) return value.toString();
  if (typeof value === "string") return embedded ? `"${escape(value)}"` : value;
  if (value instanceof Uint8Array) {
    const encoded = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
    return embedded ? `"${encoded}"` : encoded;
  }
  if (Array.isArray(value)) {
    const elementSchema = schema?.type() === "ARRAY" ? schema.valueSchema() : null;
    return `[${value.map((v) => append(v, true, elementSchema)).join(",")}]`;
  }
  if (value instanceof Map || isPlainObject(value)) {
    const keySchema = schema?.type() === "MAP" ? schema.keySchema() : null;
    const valueSchema = schema?.type() === "MAP" ? schema.valueSchema() : null;
    const parts = mapEntries(value).map(([k, v]) => `${append(k, true, keySchema)}:${append(v, true, valueSchema)}`);
    return `{${parts.join(",")}}`;
  }
  if (isStruct(value)) {
    const struct = value as unknown as { schema(): Schema; get(f: string): unknown };
    const parts = struct
      .schema()
      .fields()
      .map((f) => `${append(f.name(), true, null)}:${append(struct.get(f.name()), true, f.schema())}`);
    return `{${parts.join(",")}}`;
  }
  if (value instanceof Date) return formatIsoDate(value);
  throw new DataError(`Failed to serialize unexpected value type ${describeValue(value)}: ${toJavaString(value)}`);
}

/** Kafka's `dateFormatFor`: a time before the first day → `HH:mm:ss.SSSZ`, a whole day → `yyyy-MM-dd`, else both. */
export function formatIsoDate(date: Date): string {
  const ms = date.getTime();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const day = `${p(date.getUTCFullYear(), 4)}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())}`;
  const time = `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}.${p(date.getUTCMilliseconds(), 3)}Z`;
  if (ms < MILLIS_PER_DAY) return time;
  if (ms % MILLIS_PER_DAY === 0) return day;
  return `${day}T${time}`;
}

// ---- parsing --------------------------------------------------------------------------------------

/** Java's String.trim(): strips characters up to U+0020 only. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

function isBlank(s: string | null): boolean {
  return s === null || javaTrim(s) === "";
}

const DELIMITERS = new Set([":", ",", "{", "}", "[", "]", '"']);

/** Splits a string into delimiter tokens and the runs between them; a backslash escapes a delimiter. */
class Parser {
  readonly #original: string;
  #index = 0;
  #nextToken: string | null = null;
  #previousToken: string | null = null;

  constructor(original: string) {
    this.#original = original;
  }

  original(): string {
    return this.#original;
  }

  position(): number {
    return this.#index;
  }

  mark(): number {
    return this.#index - (this.#nextToken?.length ?? 0);
  }

  rewindTo(position: number): void {
    this.#index = position;
    this.#nextToken = null;
    this.#previousToken = null;
  }

  hasNext(): boolean {
    return this.#nextToken !== null || this.#canConsumeNextToken();
  }

  #canConsumeNextToken(): boolean {
    return this.#index < this.#original.length;
  }

  next(): string {
    if (this.#nextToken !== null) {
      this.#previousToken = this.#nextToken;
      this.#nextToken = null;
    } else {
      this.#previousToken = this.#consumeNextToken();
    }
    return this.#previousToken;
  }

  /** The text of the next `n` tokens, or null (and no movement) when there are fewer. */
  nextN(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i < n; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.#original.substring(start, this.position());
  }

  previous(): string | null {
    return this.#previousToken;
  }

  canConsume(expected: string): boolean {
    if (this.#isNext(expected)) {
      this.#nextToken = null;
      return true;
    }
    return false;
  }

  #isNext(expected: string): boolean {
    if (this.#nextToken === null) {
      if (!this.hasNext()) return false;
      this.#nextToken = this.#consumeNextToken();
    }
    while (isBlank(this.#nextToken) && this.#canConsumeNextToken()) this.#nextToken = this.#consumeNextToken();
    return javaTrim(this.#nextToken) === expected;
  }

  #consumeNextToken(): string {
    const s = this.#original;
    const start = this.#index;
    let escaped = false;
    while (this.#index < s.length) {
      const c = s[this.#index] as string;
      if (c === "\\") {
        escaped = !escaped;
      } else if (DELIMITERS.has(c)) {
        if (!escaped) {
          if (start < this.#index) return s.substring(start, this.#index);
          this.#index++;
          return s.substring(start, start + 1);
        }
        escaped = false;
      } else {
        escaped = false;
      }
      this.#index++;
    }
    return s.substring(start, this.#index);
  }
}

const TRUE_SAV = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true);
const FALSE_SAV = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false);
const ISO_8601_DATE_LENGTH = 10;
const ISO_8601_TIME_LENGTH = 13;
const ISO_8601_TIMESTAMP_LENGTH = 24;

class ValueParser {
  readonly #parser: Parser;

  constructor(parser: Parser) {
    this.#parser = parser;
  }

  /** Null stands for a null value (the literal `null`, or nothing left to parse). */
  parse(embedded: boolean): SchemaAndValue | null {
    const parser = this.#parser;
    if (!parser.hasNext()) return null;
    if (embedded && parser.canConsume('"')) return this.#parseQuotedString();
    if (this.#canParseSingleTokenLiteral(embedded, NULL_VALUE)) return null;
    if (this.#canParseSingleTokenLiteral(embedded, "true")) return TRUE_SAV;
    if (this.#canParseSingleTokenLiteral(embedded, "false")) return FALSE_SAV;

    const startPosition = parser.mark();
    try {
      if (parser.canConsume("[")) return this.#parseArray();
      if (parser.canConsume("{")) return this.#parseMap();
    } catch (err) {
      // Not a well-formed array or map: read it again as a plain token.
      if (!(err instanceof DataError)) throw err;
      parser.rewindTo(startPosition);
    }

    const token = parser.next();
    if (isBlank(token)) return new SchemaAndValue(Schema.STRING_SCHEMA, token);
    return this.#parseNextToken(embedded, javaTrim(token));
  }

  /** A literal only counts at top level when nothing follows it ("true}" is a string). */
  #canParseSingleTokenLiteral(embedded: boolean, literal: string): boolean {
    const parser = this.#parser;
    const start = parser.mark();
    if (parser.canConsume(literal) && (embedded || !parser.hasNext())) return true;
    parser.rewindTo(start);
    return false;
  }

  #parseNextToken(embedded: boolean, token: string): SchemaAndValue {
    const first = token[0] ?? "";
    const firstIsDigit = /^\p{Nd}$/u.test(first);
    if (firstIsDigit) {
      const temporal = this.#parseMultipleTokensAsTemporal(token);
      if (temporal !== null) return temporal;
    }
    if (firstIsDigit || first === "+" || first === "-") {
      const number = parseAsNumber(token);
      if (number !== null) return number;
    }
    if (embedded) throw new DataError("Failed to parse embedded value");
    return new SchemaAndValue(Schema.STRING_SCHEMA, this.#parser.original());
  }

  #parseQuotedString(): SchemaAndValue {
    const parser = this.#parser;
    let content = "";
    while (parser.hasNext()) {
      if (parser.canConsume('"')) break;
      content += parser.next();
    }
    return parseAsTemporal(content) ?? new SchemaAndValue(Schema.STRING_SCHEMA, content);
  }

  #parseArray(): SchemaAndValue {
    const parser = this.#parser;
    let result: unknown[] = [];
    const elementSchema = new SchemaMerger();
    while (parser.hasNext()) {
      if (parser.canConsume("]")) {
        const common = elementSchema.schema();
        if (common !== null) {
          const listSchema = SchemaBuilder.array(common).build();
          result = result.map((v) => convertTo(common, null, v));
          return new SchemaAndValue(listSchema, result);
        }
        // Every element is null.
        return new SchemaAndValue(SchemaBuilder.arrayOfNull().build(), result);
      }
      if (parser.canConsume(",")) throw new DataError(`Unable to parse an empty array element: ${parser.original()}`);
      const element = this.parse(true);
      elementSchema.merge(element);
      result.push(element?.value ?? null);

      const current = parser.mark();
      if (parser.canConsume("]")) parser.rewindTo(current);
      else if (!parser.canConsume(",")) throw new DataError("Array elements missing ',' delimiter");
    }
    if (parser.previous() === ",") throw new DataError(`Array is missing element after ',': ${parser.original()}`);
    throw new DataError(`Array is missing terminating ']': ${parser.original()}`);
  }

  #parseMap(): SchemaAndValue {
    const parser = this.#parser;
    let result = new Map<unknown, unknown>();
    const keySchema = new SchemaMerger();
    const valueSchema = new SchemaMerger();
    while (parser.hasNext()) {
      if (parser.canConsume("}")) {
        const keys = keySchema.schema();
        const values = valueSchema.schema();
        if (keys !== null && values !== null) {
          const mapSchema = SchemaBuilder.map(keys, values).build();
          result = new Map([...result].map(([k, v]) => [convertTo(keys, null, k), convertTo(values, null, v)]));
          return new SchemaAndValue(mapSchema, result);
        }
        if (keys !== null) {
          result = new Map([...result].map(([k, v]) => [convertTo(keys, null, k), v]));
          return new SchemaAndValue(SchemaBuilder.mapWithNullValues(keys).build(), result);
        }
        return new SchemaAndValue(SchemaBuilder.mapOfNull().build(), result);
      }
      if (parser.canConsume(",")) {
        throw new DataError(`Unable to parse a map entry with no key or value: ${parser.original()}`);
      }
      const key = this.parse(true);
      if (key === null || key.value === null) {
        throw new DataError(`Map entry may not have a null key: ${parser.original()}`);
      }
      if (!parser.canConsume(":")) {
        throw new DataError(`Map entry is missing ':' at ${parser.position()} in ${parser.original()}`);
      }
      const value = this.parse(true);
      result.set(key.value, value?.value ?? null);
      parser.canConsume(",");
      keySchema.merge(key);
      valueSchema.merge(value);
    }
    if (parser.previous() === ",") throw new DataError(`Map is missing element after ',': ${parser.original()}`);
    throw new DataError(`Map is missing terminating '}': ${parser.original()}`);
  }

  /** Times and timestamps contain colons, which the tokenizer splits on: try the next four tokens too. */
  #parseMultipleTokensAsTemporal(token: string): SchemaAndValue | null {
    const parser = this.#parser;
    const position = parser.mark();
    const remainder = parser.nextN(4);
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder);
      if (temporal !== null) return temporal;
    }
    parser.rewindTo(position);
    return parseAsTemporal(token);
  }
}

function parseAsNumber(token: string): SchemaAndValue | null {
  let decimal: BigDecimal;
  try {
    decimal = BigDecimal.parse(token);
  } catch {
    return null;
  }
  const exact = parseAsExactInteger(decimal);
  if (exact !== null) return exact;
  const d = decimal.toNumber();
  const f = Math.fround(d);
  if (Number.isFinite(f) && decimal.scale !== 0) return new SchemaAndValue(Schema.FLOAT32_SCHEMA, f);
  if (Number.isFinite(d) && decimal.scale !== 0) return new SchemaAndValue(Schema.FLOAT64_SCHEMA, d);
  return new SchemaAndValue(Decimal.schema(decimal.scale), decimal);
}

function parseAsExactInteger(decimal: BigDecimal): SchemaAndValue | null {
  if (!decimal.isIntegral()) return null;
  const n = decimal.toBigInt();
  if (n < INT64_MIN || n > INT64_MAX) return null;
  if (n >= -128n && n <= 127n) return new SchemaAndValue(Schema.INT8_SCHEMA, Number(n));
  if (n >= -32768n && n <= 32767n) return new SchemaAndValue(Schema.INT16_SCHEMA, Number(n));
  if (n >= -2147483648n && n <= 2147483647n) return new SchemaAndValue(Schema.INT32_SCHEMA, Number(n));
  return new SchemaAndValue(Schema.INT64_SCHEMA, n);
}

// Lenient like SimpleDateFormat (out-of-range fields roll over; trailing text is ignored), in UTC.
const DATE_PATTERN = /^(\d+)-(\d+)-(\d+)/;
const TIME_PATTERN = /^(\d+):(\d+):(\d+)\.(\d+)Z/;
const TIMESTAMP_PATTERN = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z/;

function parseAsTemporal(raw: string): SchemaAndValue | null {
  const token = raw.replaceAll("\\:", ":");
  switch (token.length) {
    case ISO_8601_TIME_LENGTH: {
      const m = TIME_PATTERN.exec(token);
      return m ? new SchemaAndValue(Time.SCHEMA, utc(1970, 1, 1, m[1], m[2], m[3], m[4])) : null;
    }
    case ISO_8601_TIMESTAMP_LENGTH: {
      const m = TIMESTAMP_PATTERN.exec(token);
      return m ? new SchemaAndValue(Timestamp.SCHEMA, utc(m[1], m[2], m[3], m[4], m[5], m[6], m[7])) : null;
    }
    case ISO_8601_DATE_LENGTH: {
      const m = DATE_PATTERN.exec(token);
      return m ? new SchemaAndValue(ConnectDate.SCHEMA, utc(m[1], m[2], m[3], 0, 0, 0, 0)) : null;
    }
    default:
      return null;
  }
}

function utc(...parts: (string | number | undefined)[]): Date {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0] = parts.map((p) => Number(p ?? 0));
  const date = new Date(0);
  // setUTCFullYear keeps years 0-99 literal (Date.UTC would map them to 19xx).
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date;
}

class SchemaMerger {
  #common: Schema | null = null;
  #compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.#compatible) return;
    if (this.#common === null) {
      this.#common = latest.schema;
    } else {
      this.#common = mergeSchemas(this.#common, latest.schema);
      this.#compatible = this.#common !== null;
    }
  }

  schema(): Schema | null {
    return this.#common;
  }
}

const NUMERIC_WIDENING: Partial<Record<SchemaType, readonly SchemaType[]>> = {
  INT8: [],
  INT16: ["INT8"],
  INT32: ["INT8", "INT16"],
  INT64: ["INT8", "INT16", "INT32"],
  FLOAT32: ["INT8", "INT16", "INT32", "INT64"],
  FLOAT64: ["INT8", "INT16", "INT32", "INT64", "FLOAT32"],
};
const NUMERIC_ORDER: readonly SchemaType[] = ["INT8", "INT16", "INT32", "INT64", "FLOAT32", "FLOAT64"];

/** The common schema of two inferred schemas: the wider numeric type, or null when incompatible. */
function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  const prevType = previous.type();
  const nextType = next.type();
  if (prevType !== nextType) {
    const narrower = NUMERIC_WIDENING[prevType];
    if (narrower === undefined) return null;
    if (narrower.includes(nextType)) return previous;
    const prevRank = NUMERIC_ORDER.indexOf(prevType);
    const nextRank = NUMERIC_ORDER.indexOf(nextType);
    return nextRank > prevRank ? next : null;
  }
  if (previous.isOptional() === next.isOptional()) return previous.isOptional() ? previous : next;
  return schemaEquals(previous, next) ? previous : null;
}

/** Kafka's `Values` as one object, for code that prefers `Values.parseString(...)`. */
export const Values = {
  convertTo,
  convertToBoolean,
  convertToByte,
  convertToShort,
  convertToInteger,
  convertToLong,
  convertToFloat,
  convertToDouble,
  convertToString,
  convertToList,
  convertToMap,
  convertToStruct,
  convertToTime,
  convertToDate,
  convertToTimestamp,
  convertToDecimal,
  inferSchema,
  parseString,
  formatIsoDate,
} as const;
