import { isJsonObject, parseLosslessJson, stringifyLosslessJson, type LosslessJson } from "./json";

/**
 * Decoding of record keys, values and headers for display, filtering and export. Pure and
 * isomorphic: the console's server decodes every scanned record with it; the browser uses the
 * helpers (payloadJson, base64ToHex…) to show and re-produce records.
 *
 * `auto` tries, in order: Kafka Connect's JsonConverter envelope `{"schema":…,"payload":…}`
 * (unwrapped, with the schema kept beside it), plain JSON, UTF-8 text, and otherwise shows the
 * bytes as base64. A forced encoding that does not fit the bytes falls back the same way and says
 * why in `error`, so a wrong choice is visible instead of silently garbled.
 */

export const PAYLOAD_ENCODINGS = ["json", "connect-json", "text", "hex", "base64"] as const;
export type PayloadEncoding = (typeof PAYLOAD_ENCODINGS)[number];
export const DECODE_MODES = ["auto", ...PAYLOAD_ENCODINGS] as const;
export type DecodeMode = (typeof DECODE_MODES)[number];

/** Values longer than this are cut in scan results (the whole record can be fetched on its own). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface DecodedPayload {
  encoding: PayloadEncoding;
  /** Text, JSON text (for connect-json: the payload only), hex or base64, per `encoding`. */
  data: string;
  /** For connect-json: the envelope's schema as JSON text ("null" for a schemaless envelope). */
  schema?: string;
  /** Size of the raw bytes. */
  size: number;
  /** `data` shows only the first bytes (see the record endpoint for the whole value). */
  truncated?: boolean;
  /** Why the requested encoding did not fit; `data` then holds the fallback. */
  error?: string;
}

export interface DecodedHeader {
  key: string;
  /** null for a header without a value. */
  value: string | null;
  encoding: "text" | "hex";
}

export interface DecodeOptions {
  /** Cut the shown data after this many bytes (default: no limit). */
  maxBytes?: number;
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/** The bytes as a string when they are valid UTF-8, else null. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** C0 controls other than tab/CR/LF, and DEL: valid UTF-8 that is really binary (an INT32 key, Avro's magic byte). */
const BINARY_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Text a person can read: valid UTF-8 without binary control characters. */
export function readableText(bytes: Uint8Array): string | null {
  const text = utf8OrNull(bytes);
  return text !== null && !BINARY_CONTROLS.test(text) ? text : null;
}

const JSON_NUMBER = /^\s*-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;

/**
 * JSON.parse's verdict, cheaply: undefined when not JSON. Text that cannot be JSON is told apart
 * by its first and last characters without calling JSON.parse, whose SyntaxError is costly on
 * the common "plain text" records (a line starting with a digit is not a JSON number).
 */
function nativeJson(text: string): { value: unknown } | undefined {
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  let j = text.length - 1;
  while (j > i && isJsonSpace(text.charCodeAt(j))) j--;
  if (i > j) return undefined;
  const first = text.charCodeAt(i);
  const last = text.charCodeAt(j);
  switch (first) {
    case 0x7b /* { */:
      if (last !== 0x7d) return undefined;
      break;
    case 0x5b /* [ */:
      if (last !== 0x5d) return undefined;
      break;
    case 0x22 /* " */:
      if (last !== 0x22 || j === i) return undefined;
      break;
    case 0x74 /* t */:
    case 0x66 /* f */:
    case 0x6e /* n */: {
      const word = text.slice(i, j + 1);
      return word === "true" ? { value: true } : word === "false" ? { value: false } : word === "null" ? { value: null } : undefined;
    }
    default:
      if (first !== 0x2d && (first < 0x30 || first > 0x39)) return undefined;
      if (!JSON_NUMBER.test(text)) return undefined;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isEnvelope(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2 || !("schema" in value) || !("payload" in value)) return false;
  const schema = (value as { schema: unknown }).schema;
  return schema === null || (typeof schema === "object" && !Array.isArray(schema));
}

/** The Connect envelope split into payload and schema, both as exact JSON text. */
function unwrapEnvelope(text: string): { data: string; schema: string } {
  const tree = parseLosslessJson(text);
  if (!isJsonObject(tree)) throw new Error("not an object");
  return { data: stringifyLosslessJson(tree.payload ?? null), schema: stringifyLosslessJson(tree.schema ?? null) };
}

/**
 * Decodes a key or value. `null` bytes (a null key, a tombstone) give null. With `maxBytes`, longer
 * payloads are cut: the prefix is shown as text when it reads as text, else as base64 (hex when hex
 * was asked for), and `truncated` is set.
 */
export function decodePayload(bytes: Uint8Array | null, mode: DecodeMode = "auto", options: DecodeOptions = {}): DecodedPayload | null {
  if (bytes === null) return null;
  const size = bytes.length;
  if (options.maxBytes !== undefined && size > options.maxBytes) return truncatedPayload(bytes, mode, options.maxBytes);

  switch (mode) {
    case "hex":
      return { encoding: "hex", data: bytesToHex(bytes), size };
    case "base64":
      return { encoding: "base64", data: bytesToBase64(bytes), size };
    case "text": {
      const text = utf8OrNull(bytes);
      if (text !== null) return { encoding: "text", data: text, size };
      return { encoding: "text", data: lenientUtf8.decode(bytes), size, error: "not valid UTF-8: invalid bytes are shown as U+FFFD" };
    }
    case "json":
    case "connect-json": {
      const text = utf8OrNull(bytes);
      const parsed = text === null ? undefined : nativeJson(text);
      if (text === null || parsed === undefined) return { ...autoPayload(bytes, size, false), error: text === null ? "not valid UTF-8, so not JSON" : "not valid JSON" };
      if (mode === "json") return { encoding: "json", data: text, size };
      if (!isEnvelope(parsed.value)) return { encoding: "json", data: text, size, error: 'not a Connect JSON envelope {"schema","payload"}' };
      return { encoding: "connect-json", ...unwrapEnvelope(text), size };
    }
    default:
      return autoPayload(bytes, size, true);
  }
}

function autoPayload(bytes: Uint8Array, size: number, tryJson: boolean): DecodedPayload {
  const text = readableText(bytes);
  if (text === null) return { encoding: "base64", data: bytesToBase64(bytes), size };
  if (tryJson) {
    const parsed = nativeJson(text);
    if (parsed !== undefined) {
      if (isEnvelope(parsed.value)) return { encoding: "connect-json", ...unwrapEnvelope(text), size };
      return { encoding: "json", data: text, size };
    }
  }
  return { encoding: "text", data: text, size };
}

function truncatedPayload(bytes: Uint8Array, mode: DecodeMode, maxBytes: number): DecodedPayload {
  const head = bytes.subarray(0, maxBytes);
  const size = bytes.length;
  if (mode === "hex") return { encoding: "hex", data: bytesToHex(head), size, truncated: true };
  if (mode !== "base64") {
    // `stream: true` leaves a multi-byte character cut at the end pending instead of failing.
    let text: string | null = null;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    } catch {
      text = null;
    }
    if (text !== null && (mode === "text" || !BINARY_CONTROLS.test(text))) return { encoding: "text", data: text, size, truncated: true };
    if (mode === "text") return { encoding: "text", data: lenientUtf8.decode(head), size, truncated: true, error: "not valid UTF-8" };
  }
  return { encoding: "base64", data: bytesToBase64(head), size, truncated: true };
}

/** A header value: text when it reads as text, else hex. */
export function decodeHeaderValue(bytes: Uint8Array | null): Pick<DecodedHeader, "value" | "encoding"> {
  if (bytes === null) return { value: null, encoding: "text" };
  const text = readableText(bytes);
  return text !== null ? { value: text, encoding: "text" } : { value: bytesToHex(bytes), encoding: "hex" };
}

/** The payload as a lossless JSON tree when it is JSON (connect-json: the payload), else undefined. */
export function payloadJson(payload: DecodedPayload | null): LosslessJson | undefined {
  if (payload === null || payload.truncated || (payload.encoding !== "json" && payload.encoding !== "connect-json")) return undefined;
  try {
    return parseLosslessJson(payload.data);
  } catch {
    return undefined;
  }
}

/** The payload as a person reads it: text and JSON as they are, binary as its hex/base64 text. */
export function payloadText(payload: DecodedPayload | null): string | null {
  return payload === null ? null : payload.data;
}

// --- bytes <-> text -----------------------------------------------------------------------------

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "").replace(/^0x/i, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error("not hex: expected pairs of 0-9a-f");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}${B64[(n >> 6) & 63]}${B64[n & 63]}`;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}${B64[(n >> 6) & 63]}=`;
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (clean.length % 4 === 1) throw new Error("not base64: bad length");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? (B64_INDEX[code] as number) : -1;
    if (v < 0) throw new Error(`not base64: unexpected '${clean[i]}'`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

export function base64ToHex(text: string): string {
  return bytesToHex(base64ToBytes(text));
}

const utf8Encoder = new TextEncoder();

/** The bytes a payload stands for: the inverse of decodePayload for whole (untruncated) payloads. */
export function payloadBytes(payload: Pick<DecodedPayload, "encoding" | "data" | "schema">): Uint8Array {
  switch (payload.encoding) {
    case "hex":
      return hexToBytes(payload.data);
    case "base64":
      return base64ToBytes(payload.data);
    case "connect-json":
      return utf8Encoder.encode(`{"schema":${payload.schema ?? "null"},"payload":${payload.data}}`);
    default:
      return utf8Encoder.encode(payload.data);
  }
}
