import { DataError } from "../errors";
import { BigDecimal, NumberFormatError } from "./big-decimal";
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
  type ConnectSchema,
  type Schema,
} from "./schema";
import { SchemaBuilder } from "./schema-builder";

export const MILLIS_PER_DAY = 24 * 60 * 60 * 1000;

/**
 * Decimal: BYTES holding the big-endian two's-complement unscaled value, with the scale in the schema
 * parameter `scale`. The logical value is a {@link BigDecimal} whose scale must equal the schema's.
 */
export const Decimal = {
  LOGICAL_NAME: DECIMAL_LOGICAL_NAME,
  SCALE_FIELD: "scale",

  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(DECIMAL_LOGICAL_NAME).parameter("scale", String(scale)).version(1);
  },

  schema(scale: number): ConnectSchema {
    return Decimal.builder(scale).build();
  },

  /** The schema's scale; DataError when the parameter is missing or not an int. */
  scale(schema: Schema): number {
    const text = schema.parameters()?.get("scale");
    if (text === undefined) throw new DataError("Invalid Decimal schema: scale parameter not found.");
    if (!/^[+-]?\d+$/.test(text) || !isInt32(Number(text))) {
      throw new DataError("Invalid scale parameter found in Decimal schema: ", {
        cause: new NumberFormatError(`For input string: "${text}"`, text),
      });
    }
    return Number(text);
  },

  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    const schemaScale = Decimal.scale(schema);
    if (value.scale !== schemaScale) {
      throw new DataError(
        "Decimal value has mismatching scale for given Decimal schema. " +
          `Schema has scale ${schemaScale}, value has scale ${value.scale}.`,
      );
    }
    return bigIntToBytes(value.unscaled);
  },

  toLogical(schema: Schema, bytes: Uint8Array): BigDecimal {
    return new BigDecimal(bytesToBigInt(bytes), Decimal.scale(schema));
  },
} as const;

/**
 * Date: INT32 days since the Unix epoch; the logical value is a JS Date at midnight UTC.
 * (Named ConnectDate so it does not shadow the global Date.)
 */
export const ConnectDate = {
  LOGICAL_NAME: DATE_LOGICAL_NAME,

  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1);
  },

  SCHEMA: SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1).build(),

  fromLogical(schema: Schema, value: Date): number {
    if (schema.name() !== DATE_LOGICAL_NAME) {
      throw new DataError("Requested conversion of Date object but the schema does not match.");
    }
    const millis = value.getTime();
    if (millis % MILLIS_PER_DAY !== 0) {
      throw new DataError("Kafka Connect Date type should not have any time fields set to non-zero values.");
    }
    return Math.trunc(millis / MILLIS_PER_DAY);
  },

  toLogical(schema: Schema, days: number): Date {
    if (schema.name() !== DATE_LOGICAL_NAME) {
      throw new DataError("Requested conversion of Date object but the schema does not match.");
    }
    return new Date(days * MILLIS_PER_DAY);
  },
} as const;

/** Time: INT32 milliseconds since midnight; the logical value is a JS Date on 1970-01-01 UTC. */
export const Time = {
  LOGICAL_NAME: TIME_LOGICAL_NAME,

  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1);
  },

  SCHEMA: SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1).build(),

  fromLogical(schema: Schema, value: Date): number {
    if (schema.name() !== TIME_LOGICAL_NAME) {
      throw new DataError("Requested conversion of Time object but the schema does not match.");
    }
    const millis = value.getTime();
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataError("Kafka Connect Time type should not have any date fields set to non-zero values.");
    }
    return millis;
  },

  toLogical(schema: Schema, millis: number): Date {
    if (schema.name() !== TIME_LOGICAL_NAME) {
      throw new DataError("Requested conversion of Date object but the schema does not match.");
    }
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataError("Time values must use number of milliseconds greater than 0 and less than 86400000");
    }
    return new Date(millis);
  },
} as const;

/** Timestamp: INT64 milliseconds since the Unix epoch; the logical value is a JS Date. */
export const Timestamp = {
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,

  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1);
  },

  SCHEMA: SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1).build(),

  /** Milliseconds since the epoch, as an INT64 value (bigint). */
  fromLogical(schema: Schema, value: Date): bigint {
    if (schema.name() !== TIMESTAMP_LOGICAL_NAME) {
      throw new DataError("Requested conversion of Timestamp object but the schema does not match.");
    }
    return BigInt(value.getTime());
  },

  toLogical(schema: Schema, millis: bigint | number): Date {
    if (schema.name() !== TIMESTAMP_LOGICAL_NAME) {
      throw new DataError("Requested conversion of Timestamp object but the schema does not match.");
    }
    return new Date(Number(millis));
  },
} as const;

export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
}

/** Minimal big-endian two's-complement bytes (Java `BigInteger.toByteArray`): 0 → [00], 1234 → [04 D2]. */
export function bigIntToBytes(value: bigint): Uint8Array {
  let length = 1;
  while (value < -(1n << BigInt(8 * length - 1)) || value >= 1n << BigInt(8 * length - 1)) length++;
  let v = value < 0n ? value + (1n << BigInt(8 * length)) : value;
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads big-endian two's-complement bytes (Java `new BigInteger(byte[])`). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new NumberFormatError("Zero length BigInteger", "");
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if ((bytes[0] as number) & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return v;
}
