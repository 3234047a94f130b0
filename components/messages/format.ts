import type { DecodedPayload } from "@/lib/kafka/decode";
import { parseLosslessJson, stringifyLosslessJson } from "@/lib/kafka/json";

/** How the viewer prints records: previews for a table cell, and full text for the detail panel. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return String(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

const PREVIEW_CHARS = 400;

/** One line for a table cell; null payloads are named, not left blank. */
export function previewPayload(payload: DecodedPayload | null, kind: "key" | "value"): string {
  if (payload === null) return kind === "value" ? "null (tombstone)" : "null";
  const text = payload.data.length > PREVIEW_CHARS ? payload.data.slice(0, PREVIEW_CHARS) : payload.data;
  return text.replace(/\s+/g, " ");
}

/** The full payload for reading: JSON pretty-printed with every digit kept. */
export function prettyPayload(payload: DecodedPayload): string {
  if ((payload.encoding === "json" || payload.encoding === "connect-json") && !payload.truncated) {
    try {
      return stringifyLosslessJson(parseLosslessJson(payload.data), 2);
    } catch {
      return payload.data;
    }
  }
  return payload.data;
}

export function prettySchema(schema: string): string {
  try {
    return stringifyLosslessJson(parseLosslessJson(schema), 2);
  } catch {
    return schema;
  }
}

export const ENCODING_LABEL: Record<DecodedPayload["encoding"], string> = {
  "connect-json": "Connect JSON",
  json: "JSON",
  text: "text",
  hex: "hex",
  base64: "base64",
};
