import { BigDecimal } from "./big-decimal";
import { isPlainObject } from "./equality";
import { formatDouble, formatFloat } from "./number-format";
import { isStruct, type Schema } from "./schema";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A Connect value as Kafka prints it with `String.valueOf` (Struct.toString, FileStreamSink lines,
 * record toString): lists `[a, b]`, maps `{k=v}`, floats in Java form, dates as
 * `Thu Jan 01 00:00:00 UTC 1970`. The schema, when known, tells FLOAT32 from FLOAT64 and integers
 * from doubles, which JavaScript numbers cannot. Bytes print as base64 (Java prints an identity hash).
 */
export function toJavaString(value: unknown, schema?: Schema | null): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
    case "bigint":
      return String(value);
    case "number":
      return formatNumber(value, schema ?? null);
    case "object":
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Date) return formatJavaDate(value);
  if (isStruct(value)) return value.toString();
  const elementSchema = schema && schema.type() === "ARRAY" ? schema.valueSchema() : null;
  if (Array.isArray(value)) return `[${value.map((v) => toJavaString(v, elementSchema)).join(", ")}]`;
  const keySchema = schema && schema.type() === "MAP" ? schema.keySchema() : null;
  const valueSchema = schema && schema.type() === "MAP" ? schema.valueSchema() : null;
  if (value instanceof Map) {
    const parts = [...value.entries()].map(([k, v]) => `${toJavaString(k, keySchema)}=${toJavaString(v, valueSchema)}`);
    return `{${parts.join(", ")}}`;
  }
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(([k, v]) => `${k}=${toJavaString(v, valueSchema)}`);
    return `{${parts.join(", ")}}`;
  }
  return String(value);
}

function formatNumber(value: number, schema: Schema | null): string {
  const type = schema?.type();
  if (type === "FLOAT32") return formatFloat(value);
  if (type === "FLOAT64") return formatDouble(value);
  return Number.isSafeInteger(value) ? String(value) : formatDouble(value);
}

/** Java `Date.toString()` in UTC: `EEE MMM dd HH:mm:ss zzz yyyy`. */
export function formatJavaDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
  );
}
