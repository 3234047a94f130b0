import { DataError } from "../api";
import type { SourceOffset, SourcePartition } from "../api";

/**
 * Where source offsets live (Kafka's OffsetBackingStore): raw key/value bytes exactly as Kafka
 * Connect writes them — key `["<connector>",{<partition>}]`, value `{<offset>}` as schemaless JSON,
 * a null value being a tombstone (offset reset). Memory, file and (later) Kafka implementations pass
 * one contract test.
 */
export interface OffsetStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Values for these keys, in the same order (null when absent or reset). */
  get(keys: readonly Buffer[]): Promise<(Buffer | null)[]>;
  /** Writes (or with a null value, resets) these entries; resolves once they are durable. */
  set(entries: readonly OffsetEntry[]): Promise<void>;
  /** The source partitions that have an offset for this connector. */
  connectorPartitions(connector: string): Promise<SourcePartition[]>;
}

export interface OffsetEntry {
  key: Buffer;
  value: Buffer | null;
}

/** Kafka's key bytes for one source partition of a connector: `["<connector>",{...}]`. */
export function offsetKey(connector: string, partition: SourcePartition | null): Buffer {
  return Buffer.from(offsetKeyText(connector, partition), "utf8");
}

/** {@link offsetKey} as text (compact JSON, as Kafka's JsonConverter writes it). */
export function offsetKeyText(connector: string, partition: SourcePartition | null): string {
  return `[${JSON.stringify(connector)},${stringifyFlat(partition)}]`;
}

/** Kafka's value bytes for an offset, or null for a tombstone. */
export function offsetValue(offset: SourceOffset | null): Buffer | null {
  return offset === null ? null : Buffer.from(stringifyFlat(offset), "utf8");
}

/** Compact JSON of a flat map; bigints are written as exact integers (JSON.stringify rejects them). */
function stringifyFlat(map: Readonly<Record<string, unknown>> | null): string {
  if (map === null) return "null";
  let out = "{";
  let first = true;
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    out += (first ? "" : ",") + JSON.stringify(key) + ":" + stringifyValue(value);
    first = false;
  }
  return out + "}";
}

function stringifyValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array)) {
    return stringifyFlat(value as Record<string, unknown>);
  }
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)) ?? "null";
}

/** Reads a key written by {@link offsetKey}; undefined when it is not a Connect offset key. */
export function parseOffsetKey(key: Buffer | string): { connector: string; partition: SourcePartition | null } | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof key === "string" ? key : key.toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== "string") return undefined;
    const partition: unknown = parsed[1];
    if (partition !== null && (typeof partition !== "object" || Array.isArray(partition))) return undefined;
    return { connector: parsed[0], partition: partition as SourcePartition | null };
  } catch {
    return undefined;
  }
}

/** Reads an offset value; null for a tombstone. */
export function parseOffsetValue(value: Buffer | null): SourceOffset | null {
  if (value === null) return null;
  const parsed: unknown = JSON.parse(value.toString("utf8"));
  if (parsed === null) return null;
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new DataError("Offset values must be JSON objects");
  return parsed as SourceOffset;
}

/**
 * Kafka's OffsetUtils.validateFormat: partitions and offsets are maps of string keys to primitive
 * values (no nested objects or arrays).
 */
export function validateOffsetFormat(data: Readonly<Record<string, unknown>> | null): void {
  if (data === null) return;
  for (const [field, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    const type = typeof value;
    if (type === "string" || type === "number" || type === "boolean" || type === "bigint") continue;
    const kind = Array.isArray(value) ? "ARRAY" : value instanceof Uint8Array ? "BYTES" : "MAP";
    throw new DataError(`Offsets may only contain primitive types as values, but field ${field} contains ${kind}`);
  }
}
