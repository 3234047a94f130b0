import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  ConnectDate,
  ConnectError,
  DataError,
  KEEPS_NO_RECORDS,
  MILLIS_PER_DAY,
  Schema,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  ValidString,
  type AnyRecord,
  type Transformation,
} from "../../api";
import { JavaDateFormat } from "./java-date-format";
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
  requireStructOrNull,
  structFieldValue,
  type RecordSide,
} from "./util";

/**
 * org.apache.kafka.connect.transforms.TimestampConverter$Key/$Value: converts a timestamp (the whole
 * key/value or one field) between a formatted string, Unix time, and the Connect Date/Time/Timestamp
 * logical types. Everything is UTC. The input type comes from the schema, or, schemaless, from the
 * value: a Date is a Timestamp, an integer Unix time, a string formatted.
 */

const PURPOSE = "converting timestamp formats";

const TYPE_STRING = "string";
const TYPE_UNIX = "unix";
const TYPE_DATE = "Date";
const TYPE_TIME = "Time";
const TYPE_TIMESTAMP = "Timestamp";
type TimestampType = typeof TYPE_STRING | typeof TYPE_UNIX | typeof TYPE_DATE | typeof TYPE_TIME | typeof TYPE_TIMESTAMP;

const UNIX_PRECISION_MILLIS = "milliseconds";
const UNIX_PRECISION_MICROS = "microseconds";
const UNIX_PRECISION_NANOS = "nanoseconds";
const UNIX_PRECISION_SECONDS = "seconds";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export const OPTIONAL_DATE_SCHEMA = ConnectDate.builder().optional().build();
export const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build();
export const OPTIONAL_TIME_SCHEMA = Time.builder().optional().build();

export const TIMESTAMP_CONVERTER_CONFIG_DEF = new ConfigDef()
  .define({ name: "field", type: "STRING", defaultValue: "", importance: "HIGH", documentation: "The field containing the timestamp, or empty if the entire value is a timestamp" })
  .define({
    name: "target.type",
    type: "STRING",
    validator: ValidString.in(TYPE_STRING, TYPE_UNIX, TYPE_DATE, TYPE_TIME, TYPE_TIMESTAMP),
    importance: "HIGH",
    documentation: "The desired timestamp representation: string, unix, Date, Time, or Timestamp",
  })
  .define({
    name: "format",
    type: "STRING",
    defaultValue: "",
    importance: "MEDIUM",
    documentation:
      "A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.",
  })
  .define({
    name: "unix.precision",
    type: "STRING",
    defaultValue: UNIX_PRECISION_MILLIS,
    validator: ValidString.in(UNIX_PRECISION_NANOS, UNIX_PRECISION_MICROS, UNIX_PRECISION_MILLIS, UNIX_PRECISION_SECONDS),
    importance: "LOW",
    documentation:
      "The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. " +
      "Used to generate the output when type=unix or used to parse the input if the input is a Long." +
      "Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.",
  })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

interface ConverterConfig {
  field: string;
  type: TimestampType;
  format: JavaDateFormat | null;
  unixPrecision: string;
}

/** Java's TimeUnit conversions saturate at Long.MIN/MAX_VALUE. */
function saturatingMultiply(value: bigint, factor: bigint): bigint {
  const r = value * factor;
  return r > INT64_MAX ? INT64_MAX : r < INT64_MIN ? INT64_MIN : r;
}

/** Floor of a millisecond instant to the UTC day, and the time of day. */
function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

interface TimestampTranslator {
  /** The type-specific value as a JS Date (Java's universal java.util.Date). */
  toRaw(config: ConverterConfig, orig: unknown): Date;
  typeSchema(isOptional: boolean): Schema;
  /** The universal Date in the type-specific form. */
  toType(config: ConverterConfig, orig: Date): unknown;
}

const TRANSLATORS: Record<TimestampType, TimestampTranslator> = {
  [TYPE_STRING]: {
    toRaw(config, orig) {
      if (typeof orig !== "string") throw new DataError(`Expected string timestamp to be a String, but found class ${javaClassName(orig)}`);
      const format = config.format;
      if (format === null) {
        // Java fails with a NullPointerException here; Ferry says what is missing.
        throw new DataError("TimestampConverter requires format option to be specified when using string timestamps");
      }
      try {
        return format.parse(orig);
      } catch (err) {
        throw new DataError(`Could not parse timestamp: value (${orig}) does not match pattern (${format.pattern})`, { cause: err });
      }
    },
    typeSchema: (isOptional) => (isOptional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA),
    toType(config, orig) {
      // Guarded at configure time: target.type=string needs a format.
      return (config.format as JavaDateFormat).format(orig);
    },
  },
  [TYPE_UNIX]: {
    toRaw(config, orig) {
      if (typeof orig !== "bigint" && !(typeof orig === "number" && Number.isSafeInteger(orig))) {
        throw new DataError(`Expected Unix timestamp to be a Long, but found class ${javaClassName(orig)}`);
      }
      const unixTime = BigInt(orig);
      let millis: bigint;
      switch (config.unixPrecision) {
        case UNIX_PRECISION_SECONDS:
          millis = saturatingMultiply(unixTime, 1000n);
          break;
        case UNIX_PRECISION_MICROS:
          millis = unixTime / 1000n;
          break;
        case UNIX_PRECISION_NANOS:
          millis = unixTime / 1_000_000n;
          break;
        default:
          millis = unixTime;
      }
      return Timestamp.toLogical(Timestamp.SCHEMA, millis);
    },
    typeSchema: (isOptional) => (isOptional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA),
    toType(config, orig) {
      const millis = Timestamp.fromLogical(Timestamp.SCHEMA, orig);
      switch (config.unixPrecision) {
        case UNIX_PRECISION_SECONDS:
          return millis / 1000n;
        case UNIX_PRECISION_MICROS:
          return saturatingMultiply(millis, 1000n);
        case UNIX_PRECISION_NANOS:
          return saturatingMultiply(millis, 1_000_000n);
        default:
          return millis;
      }
    },
  },
  [TYPE_DATE]: {
    toRaw(_config, orig) {
      if (!(orig instanceof Date)) throw new DataError(`Expected Date to be a java.util.Date, but found class ${javaClassName(orig)}`);
      return orig;
    },
    typeSchema: (isOptional) => (isOptional ? OPTIONAL_DATE_SCHEMA : ConnectDate.SCHEMA),
    toType(_config, orig) {
      const ms = orig.getTime();
      return new Date(ms - floorMod(ms, MILLIS_PER_DAY));
    },
  },
  [TYPE_TIME]: {
    toRaw(_config, orig) {
      if (!(orig instanceof Date)) throw new DataError(`Expected Time to be a java.util.Date, but found class ${javaClassName(orig)}`);
      return orig;
    },
    typeSchema: (isOptional) => (isOptional ? OPTIONAL_TIME_SCHEMA : Time.SCHEMA),
    toType(_config, orig) {
      return new Date(floorMod(orig.getTime(), MILLIS_PER_DAY));
    },
  },
  [TYPE_TIMESTAMP]: {
    toRaw(_config, orig) {
      if (!(orig instanceof Date)) throw new DataError(`Expected Timestamp to be a java.util.Date, but found class ${javaClassName(orig)}`);
      return orig;
    },
    typeSchema: (isOptional) => (isOptional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA),
    toType: (_config, orig) => orig,
  },
};

/** The input type a schema declares: a logical type, else STRING is formatted and INT64 Unix time. */
function timestampTypeFromSchema(schema: Schema): TimestampType {
  const name = schema.name();
  if (name === Timestamp.LOGICAL_NAME) return TYPE_TIMESTAMP;
  if (name === ConnectDate.LOGICAL_NAME) return TYPE_DATE;
  if (name === Time.LOGICAL_NAME) return TYPE_TIME;
  if (schema.type() === "STRING") return TYPE_STRING;
  if (schema.type() === "INT64") return TYPE_UNIX;
  throw new ConnectError(`Schema ${schema.toString()} does not correspond to a known timestamp type format`);
}

/** Schemaless: a Date is taken for a Timestamp, an integer (Long) for Unix time, a string for a formatted one. */
function inferTimestampType(timestamp: unknown): TimestampType {
  if (timestamp instanceof Date) return TYPE_TIMESTAMP;
  if (typeof timestamp === "bigint" || (typeof timestamp === "number" && Number.isSafeInteger(timestamp))) return TYPE_UNIX;
  if (typeof timestamp === "string") return TYPE_STRING;
  throw new DataError(`TimestampConverter does not support class ${javaClassName(timestamp)} objects as timestamps`);
}

export class TimestampConverter implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #config: ConverterConfig = { field: "", type: TYPE_TIMESTAMP, format: null, unixPrecision: UNIX_PRECISION_MILLIS };
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(TIMESTAMP_CONVERTER_CONFIG_DEF, configs);
    const field = config.getString("field") ?? "";
    const type = config.getString("target.type") as TimestampType;
    const pattern = config.getString("format") ?? "";
    const unixPrecision = config.getString("unix.precision") ?? UNIX_PRECISION_MILLIS;
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#cache.clear();
    const blank = pattern.trim() === "";
    if (type === TYPE_STRING && blank) {
      throw new ConfigError("TimestampConverter requires format option to be specified when using string timestamps");
    }
    let format: JavaDateFormat | null = null;
    if (!blank) {
      try {
        format = new JavaDateFormat(pattern);
      } catch (err) {
        throw new ConfigError(`TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`, { cause: err });
      }
    }
    this.#config = { field, type, format, unixPrecision };
  }

  apply<R extends AnyRecord>(record: R): R {
    const schema = this.#side.schema(record);
    if (schema === null) return this.#applySchemaless(record);
    return this.#applyWithSchema(record, schema);
  }

  #applyWithSchema<R extends AnyRecord>(record: R, schema: Schema): R {
    const value = this.#side.value(record);
    if (this.#config.field === "") {
      const updatedSchema = TRANSLATORS[this.#config.type].typeSchema(schema.isOptional());
      return this.#side.newRecord(record, updatedSchema, this.#convertTimestamp(value, timestampTypeFromSchema(schema)));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#cache.getOrCompute(schema, (s) => this.#buildSchema(s));
    return this.#side.newRecord(record, updatedSchema, this.#applyValueWithSchema(struct, updatedSchema));
  }

  #buildSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields()) {
      if (field.name() === this.#config.field) {
        builder.field(field.name(), TRANSLATORS[this.#config.type].typeSchema(field.schema().isOptional()));
      } else {
        builder.field(field.name(), field.schema());
      }
    }
    if (schema.isOptional()) builder.optional();
    const defaultValue = schema.defaultValue();
    if (defaultValue instanceof Struct) builder.defaultValue(this.#applyValueWithSchema(defaultValue, builder.build()));
    return builder.build();
  }

  #applyValueWithSchema(value: Struct | null, updatedSchema: Schema): Struct | null {
    if (value === null) return null;
    const updated = new Struct(updatedSchema);
    for (const field of value.schema().fields()) {
      const fieldValue = structFieldValue(value, field, this.#replaceNullWithDefault);
      updated.put(
        field.name(),
        field.name() === this.#config.field ? this.#convertTimestamp(fieldValue, timestampTypeFromSchema(field.schema())) : fieldValue,
      );
    }
    return updated;
  }

  #applySchemaless<R extends AnyRecord>(record: R): R {
    const raw = this.#side.value(record);
    if (raw === null || raw === undefined || this.#config.field === "") {
      return this.#side.newRecord(record, null, this.#convertTimestamp(raw ?? null, null));
    }
    const map = requireMap(raw, PURPOSE);
    const updated = copyMap(map);
    mapSet(updated, this.#config.field, this.#convertTimestamp(mapGet(map, this.#config.field) ?? null, null));
    return this.#side.newRecord(record, null, updated);
  }

  /** Converts from `timestampFormat` (inferred from the value when null) to the target type. */
  #convertTimestamp(timestamp: unknown, timestampFormat: TimestampType | null): unknown {
    if (timestamp === null || timestamp === undefined) return null;
    const source = TRANSLATORS[timestampFormat ?? inferTimestampType(timestamp)];
    const raw = source.toRaw(this.#config, timestamp);
    return TRANSLATORS[this.#config.type].toType(this.#config, raw);
  }

  config(): ConfigDef {
    return TIMESTAMP_CONVERTER_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const timestampConverterPlugins = keyValueTransformations("TimestampConverter", (side) => new TimestampConverter(side));
