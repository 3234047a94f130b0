import type { DecodedPayload } from "./decode";
import type { WireRecord } from "./schemas";

/**
 * Export of the viewer's current result. JSON lines keep JSON keys and values as JSON (with every
 * digit of big integers: the text is embedded as it came, never re-parsed), text as strings and
 * binary as its base64/hex text, with the encoding beside it. CSV has one row per record for
 * spreadsheets; cells that a spreadsheet would run as a formula are prefixed with a quote.
 */

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Added to every line / row when given. */
  topic?: string;
}

/** A payload as a JSON fragment: JSON text as is, everything else as a JSON string. */
function payloadFragment(p: DecodedPayload | null): string {
  if (p === null) return "null";
  if (!p.truncated && (p.encoding === "json" || p.encoding === "connect-json")) return p.data.trim();
  return JSON.stringify(p.data);
}

function headersObject(record: WireRecord): Record<string, string | null | (string | null)[]> {
  const out: Record<string, string | null | (string | null)[]> = {};
  for (const h of record.headers) {
    const existing = out[h.key];
    if (existing === undefined) out[h.key] = h.value;
    else out[h.key] = Array.isArray(existing) ? [...existing, h.value] : [existing, h.value];
  }
  return out;
}

/** One JSON object per line (newline-terminated). */
export function toJsonLines(records: readonly WireRecord[], options: ExportOptions = {}): string {
  let out = "";
  for (const r of records) {
    const fields = [
      ...(options.topic !== undefined ? [`"topic":${JSON.stringify(options.topic)}`] : []),
      `"partition":${r.partition}`,
      `"offset":${r.offset}`,
      `"timestamp":${r.timestamp}`,
      `"timestampType":${JSON.stringify(r.timestampType)}`,
      `"key":${payloadFragment(r.key)}`,
      `"keyEncoding":${r.key ? JSON.stringify(r.key.encoding) : "null"}`,
      ...(r.key?.schema !== undefined ? [`"keySchema":${r.key.schema}`] : []),
      `"value":${payloadFragment(r.value)}`,
      `"valueEncoding":${r.value ? JSON.stringify(r.value.encoding) : "null"}`,
      ...(r.value?.schema !== undefined ? [`"valueSchema":${r.value.schema}`] : []),
      `"headers":${JSON.stringify(headersObject(r))}`,
      ...(r.key?.truncated || r.value?.truncated ? [`"truncated":true`] : []),
    ];
    out += `{${fields.join(",")}}\n`;
  }
  return out;
}

export const CSV_COLUMNS = ["partition", "offset", "timestamp", "key", "value", "headers", "keyEncoding", "valueEncoding", "truncated"] as const;

/** RFC 4180: quoted when needed, quotes doubled; formula-looking cells defused with a leading '. */
export function csvCell(value: string): string {
  const safe = /^[=+@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header row and one row per record, CRLF line ends (RFC 4180). */
export function toCsv(records: readonly WireRecord[], options: ExportOptions = {}): string {
  const columns = options.topic !== undefined ? ["topic", ...CSV_COLUMNS] : [...CSV_COLUMNS];
  const rows = [columns.join(",")];
  for (const r of records) {
    const cells = [
      ...(options.topic !== undefined ? [options.topic] : []),
      String(r.partition),
      r.offset,
      new Date(r.timestamp).toISOString(),
      r.key?.data ?? "",
      r.value?.data ?? "",
      r.headers.length > 0 ? JSON.stringify(headersObject(r)) : "",
      r.key?.encoding ?? "",
      r.value?.encoding ?? "",
      r.key?.truncated || r.value?.truncated ? "true" : "",
    ];
    rows.push(cells.map(csvCell).join(","));
  }
  return `${rows.join("\r\n")}\r\n`;
}

export function exportRecords(records: readonly WireRecord[], format: ExportFormat, options: ExportOptions = {}): { text: string; mimeType: string; extension: string } {
  return format === "csv"
    ? { text: toCsv(records, options), mimeType: "text/csv;charset=utf-8", extension: "csv" }
    : { text: toJsonLines(records, options), mimeType: "application/x-ndjson;charset=utf-8", extension: "jsonl" };
}
