import {
  AbstractConfig,
  BigDecimal,
  ConfigDef,
  ConfigError,
  ConnectDate,
  ConnectSchema,
  DataError,
  KEEPS_NO_RECORDS,
  renderConfigValue,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  Values,
  type AnyRecord,
  type Schema,
  type SchemaType,
  type Transformation,
} from "../../api";
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  copyMap,
  copySchemaBasics,
  javaClassName,
  keyValueTransformations,
  mapGet,
  mapSet,
  requireMap,
  requireStruct,
  structFieldValue,
  type RecordSide,
} from "./util";

/**
 * org.apache.kafka.connect.transforms.Cast$Key/$Value: casts top-level fields of a Struct or map (or the
 * whole key/value) to another primitive type. Logical Date/Time/Timestamp values are cast through their
 * internal INT32/INT64 form, or to their ISO string; Decimals are numbers to Java, so they cast to any
 * numeric type and to their BigDecimal string.
 */

const PURPOSE = "cast types";

const SUPPORTED_CAST_INPUT_TYPES: readonly SchemaType[] = ["INT8", "INT16", "INT32", "INT64", "FLOAT32", "FLOAT64", "BOOLEAN", "STRING", "BYTES"];
const SUPPORTED_CAST_OUTPUT_TYPES: readonly SchemaType[] = ["INT8", "INT16", "INT32", "INT64", "FLOAT32", "FLOAT64", "BOOLEAN", "STRING"];
const ALL_TYPES: readonly SchemaType[] = [...SUPPORTED_CAST_INPUT_TYPES, "ARRAY", "MAP", "STRUCT"];

/** The spec entry of a whole-value cast (Kafka keys it by a null field name). */
const WHOLE_VALUE_CAST = null;

/** Java's `Schema.Type.valueOf(s.trim().toUpperCase())`; throws Java's IllegalArgumentException text otherwise. */
function schemaTypeValueOf(text: string): SchemaType {
  const name = javaTrim(text).toUpperCase();
  const type = ALL_TYPES.find((t) => t === name);
  if (type === undefined) throw new Error(`No enum constant org.apache.kafka.connect.data.Schema.Type.${name}`);
  return type;
}

function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Java's `String.split(":")`: trailing empty parts are dropped. */
function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length === 1 && parts[0] === "" && s !== "") parts.pop();
  return parts;
}

function validOutputType(type: SchemaType): SchemaType {
  if (!SUPPORTED_CAST_OUTPUT_TYPES.includes(type)) {
    throw new ConfigError(`Cast transformation does not support casting to ${type}; supported types are [${SUPPORTED_CAST_OUTPUT_TYPES.join(", ")}]`);
  }
  return type;
}

function validInputType(type: SchemaType): void {
  if (!SUPPORTED_CAST_INPUT_TYPES.includes(type)) {
    throw new DataError(`Cast transformation does not support casting from ${type}; supported types are [${SUPPORTED_CAST_INPUT_TYPES.join(", ")}]`);
  }
}

/** Kafka's `parseFieldTypes`: `field:type` pairs, or one bare type for the whole value (null key). */
export function parseFieldTypes(mappings: readonly string[]): Map<string | null, SchemaType> {
  const m = new Map<string | null, SchemaType>();
  let isWholeValueCast = false;
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ":");
    if (parts.length > 2) {
      throw ConfigError.invalidValue("renames", renderConfigValue(mappings), `Invalid rename mapping: ${mapping}`);
    }
    if (parts.length <= 1) {
      let type: SchemaType;
      try {
        type = schemaTypeValueOf(parts[0] ?? "");
      } catch (err) {
        // Java lets the enum's IllegalArgumentException escape; Ferry reports it as the config error it is.
        throw new ConfigError((err as Error).message);
      }
      m.set(WHOLE_VALUE_CAST, validOutputType(type));
      isWholeValueCast = true;
    } else {
      const typeText = javaTrim(parts[1] as string);
      let type: SchemaType;
      try {
        type = schemaTypeValueOf(typeText);
      } catch {
        throw new ConfigError(`Invalid type found in casting spec: ${typeText}`);
      }
      m.set(javaTrim(parts[0] as string), validOutputType(type));
    }
  }
  if (isWholeValueCast && mappings.length > 1) {
    throw new ConfigError("Cast transformations that specify a type to cast the entire value to may ony specify a single cast in their spec");
  }
  return m;
}

export const CAST_CONFIG_DEF = new ConfigDef()
  .define({
    name: "spec",
    type: "LIST",
    validator: {
      ensureValid(_name: string, value: unknown): void {
        if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
          throw new ConfigError("Must specify at least one field to cast.");
        }
        parseFieldTypes(value as string[]);
      },
      toString: () => "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>",
    },
    importance: "HIGH",
    documentation:
      "List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. " +
      "A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. " +
      "Note that binary fields can only be cast to string.",
  })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

// ---- value casts -----------------------------------------------------------------------------------

/** Java's NumberFormatException, caught by `castValueToType` and reported as out of range. */
class NumberFormat extends Error {}

/** How Java would see a number: an integral boxed type, a Float/Double, or a BigDecimal. */
type Num = { kind: "integral"; value: bigint } | { kind: "floating"; value: number } | { kind: "decimal"; value: BigDecimal };

function asNum(value: unknown, type: SchemaType | null): Num | null {
  if (typeof value === "bigint") return { kind: "integral", value: BigInt.asIntN(64, value) };
  if (value instanceof BigDecimal) return { kind: "decimal", value };
  if (typeof value !== "number") return null;
  const floating = type === "FLOAT32" || type === "FLOAT64" || (type === null && !Number.isInteger(value));
  if (floating || !Number.isSafeInteger(value)) return { kind: "floating", value };
  return { kind: "integral", value: BigInt(value) };
}

/** Java's `(long) d`: truncation, saturating, NaN → 0. */
function d2l(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9223372036854775807) return 2n ** 63n - 1n;
  if (d <= -9223372036854775808) return -(2n ** 63n);
  return BigInt(Math.trunc(d));
}

/** Java's `(int) d`. */
function d2i(d: number): number {
  if (Number.isNaN(d)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(d)));
}

/** `Number.intValue()` (byte and short narrow this further). */
function intValue(n: Num): number {
  switch (n.kind) {
    case "integral":
      return Number(BigInt.asIntN(32, n.value));
    case "floating":
      return d2i(n.value);
    case "decimal":
      return Number(BigInt.asIntN(32, n.value.toBigInt()));
  }
}

function longValue(n: Num): bigint {
  switch (n.kind) {
    case "integral":
      return n.value;
    case "floating":
      return d2l(n.value);
    case "decimal":
      return BigInt.asIntN(64, n.value.toBigInt());
  }
}

function doubleValue(n: Num): number {
  return n.kind === "decimal" ? n.value.toNumber() : Number(n.value);
}

/** Java's `Long.parseLong`-family parse with range check. */
function parseIntegral(text: string, min: bigint, max: bigint): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new NumberFormat(`For input string: "${text}"`);
  const v = BigInt(text);
  if (v < min || v > max) throw new NumberFormat(`Value out of range. Value:"${text}"`);
  return v;
}

/** Java's `Double.parseDouble` (decimal forms, NaN, Infinity, an optional f/d suffix; surrounding blanks trimmed). */
function parseDouble(text: string): number {
  const t = javaTrim(text);
  const m = /^([+-]?)(?:(NaN)|(Infinity)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?)$/.exec(t);
  if (m === null) throw new NumberFormat(`For input string: "${text}"`);
  if (m[2] !== undefined) return NaN;
  const sign = m[1] === "-" ? -1 : 1;
  if (m[3] !== undefined) return sign * Infinity;
  return sign * Number(m[4]);
}

function unexpectedType(value: unknown): DataError {
  return new DataError(`Unexpected type in Cast transformation: class ${javaClassName(value)}`);
}

function castToIntegral(value: unknown, type: SchemaType | null, bits: 8 | 16 | 32): number {
  const n = asNum(value, type);
  if (n !== null) return Number(BigInt.asIntN(bits, BigInt(intValue(n))));
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const limit = 2n ** BigInt(bits - 1);
    return Number(parseIntegral(value, -limit, limit - 1n));
  }
  throw unexpectedType(value);
}

function castToInt64(value: unknown, type: SchemaType | null): bigint {
  const n = asNum(value, type);
  if (n !== null) return longValue(n);
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "string") return parseIntegral(value, -(2n ** 63n), 2n ** 63n - 1n);
  throw unexpectedType(value);
}

function castToFloat64(value: unknown, type: SchemaType | null): number {
  const n = asNum(value, type);
  if (n !== null) return doubleValue(n);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return parseDouble(value);
  throw unexpectedType(value);
}

function castToBoolean(value: unknown, type: SchemaType | null): boolean {
  const n = asNum(value, type);
  if (n !== null) return longValue(n) !== 0n;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return value.toLowerCase() === "true";
  throw unexpectedType(value);
}

/** Dates in Kafka's ISO forms, bytes as base64, numbers as Java prints them. */
function castToString(value: unknown, schema: Schema | null): string {
  return Values.convertToString(schema, value) as string;
}

/** Date/Time/Timestamp to their INT32/INT64 internal value (Kafka's `encodeLogicalType`). */
function encodeLogicalType(schema: Schema, value: unknown): unknown {
  switch (schema.name()) {
    case ConnectDate.LOGICAL_NAME:
      return ConnectDate.fromLogical(schema, value as Date);
    case Time.LOGICAL_NAME:
      return Time.fromLogical(schema, value as Date);
    case Timestamp.LOGICAL_NAME:
      return Timestamp.fromLogical(schema, value as Date);
    default:
      return value;
  }
}

export function castValueToType(schema: Schema | null, value: unknown, targetType: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const inferredType = schema === null ? ConnectSchema.schemaTypeOf(value) : schema.type();
  if (inferredType === null) {
    throw new DataError(`Cast transformation was passed a value of type class ${javaClassName(value)} which is not supported by Connect's data API`);
  }
  validInputType(inferredType);
  let v: unknown = value;
  let type: SchemaType | null = schema === null ? null : inferredType;
  if (schema !== null && schema.name() !== null && targetType !== "STRING") {
    v = encodeLogicalType(schema, value);
    if (v !== value) type = typeof v === "bigint" ? "INT64" : "INT32";
  }
  try {
    switch (targetType) {
      case "INT8":
        return castToIntegral(v, type, 8);
      case "INT16":
        return castToIntegral(v, type, 16);
      case "INT32":
        return castToIntegral(v, type, 32);
      case "INT64":
        return castToInt64(v, type);
      case "FLOAT32":
        return Math.fround(castToFloat64(v, type));
      case "FLOAT64":
        return castToFloat64(v, type);
      case "BOOLEAN":
        return castToBoolean(v, type);
      case "STRING":
        return castToString(v, schema);
      default:
        throw new DataError(`${targetType} is not supported in the Cast transformation.`);
    }
  } catch (err) {
    if (err instanceof NumberFormat) {
      throw new DataError(`Value (${castToString(value, schema)}) was out of range for requested data type`, { cause: err });
    }
    throw err;
  }
}

function convertFieldType(type: SchemaType): SchemaBuilder {
  if (!SUPPORTED_CAST_OUTPUT_TYPES.includes(type)) throw new DataError(`Unexpected type in Cast transformation: ${type}`);
  return new SchemaBuilder(type);
}

export class Cast implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #casts = new Map<string | null, SchemaType>();
  #wholeValueCastType: SchemaType | null = null;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(CAST_CONFIG_DEF, configs);
    this.#casts = parseFieldTypes(config.getList("spec") ?? []);
    this.#wholeValueCastType = this.#casts.get(WHOLE_VALUE_CAST) ?? null;
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#cache.clear();
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    if (value === null || value === undefined) return record;
    const schema = this.#side.schema(record);
    if (schema === null) return this.#applySchemaless(record, value);
    return this.#applyWithSchema(record, schema, value);
  }

  #applySchemaless<R extends AnyRecord>(record: R, value: unknown): R {
    if (this.#wholeValueCastType !== null) {
      return this.#side.newRecord(record, null, castValueToType(null, value, this.#wholeValueCastType));
    }
    const map = requireMap(value, PURPOSE);
    const updated = copyMap(map);
    for (const [field, type] of this.#casts) {
      if (field === null) continue;
      mapSet(updated, field, castValueToType(null, mapGet(map, field) ?? null, type));
    }
    return this.#side.newRecord(record, null, updated);
  }

  #applyWithSchema<R extends AnyRecord>(record: R, schema: Schema, value: unknown): R {
    const updatedSchema = this.#cache.getOrCompute(schema, (s) => this.#buildSchema(s));
    if (this.#wholeValueCastType !== null) {
      return this.#side.newRecord(record, updatedSchema, castValueToType(schema, value, this.#wholeValueCastType));
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema().fields()) {
      const original = structFieldValue(struct, field, this.#replaceNullWithDefault);
      const target = this.#casts.get(field.name());
      const cast = target === undefined ? original : castValueToType(field.schema(), original, target);
      updated.put(field.name(), cast);
    }
    return this.#side.newRecord(record, updatedSchema, updated);
  }

  #buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder;
    if (this.#wholeValueCastType !== null) {
      builder = copySchemaBasics(schema, convertFieldType(this.#wholeValueCastType));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields()) {
        const target = this.#casts.get(field.name());
        if (target === undefined) {
          builder.field(field.name(), field.schema());
          continue;
        }
        const fieldBuilder = convertFieldType(target);
        const fieldSchema = field.schema();
        if (fieldSchema.isOptional()) fieldBuilder.optional();
        if (fieldSchema.defaultValue() !== null && fieldSchema.defaultValue() !== undefined) {
          fieldBuilder.defaultValue(castValueToType(fieldSchema, fieldSchema.defaultValue(), fieldBuilder.type()));
        }
        builder.field(field.name(), fieldBuilder.build());
      }
    }
    if (schema.isOptional()) builder.optional();
    if (schema.defaultValue() !== null && schema.defaultValue() !== undefined) {
      builder.defaultValue(castValueToType(schema, schema.defaultValue(), builder.type()));
    }
    return builder.build();
  }

  config(): ConfigDef {
    return CAST_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const castPlugins = keyValueTransformations("Cast", (side) => new Cast(side));
