import type { DecodedHeader } from "./decode";

/**
 * Kafka Connect's dead letter queue context headers (`errors.deadletterqueue.context.headers.enable`),
 * read back as the columns the viewer shows for a DLQ topic.
 */

export const DLQ_HEADER_PREFIX = "__connect.errors.";

export const DLQ_COLUMNS = [
  { id: "topic", header: "topic", label: "Original topic" },
  { id: "partition", header: "partition", label: "Original partition" },
  { id: "offset", header: "offset", label: "Original offset" },
  { id: "stage", header: "stage", label: "Stage" },
  { id: "class", header: "class.name", label: "Class" },
  { id: "message", header: "exception.message", label: "Exception message" },
  { id: "exception", header: "exception.class.name", label: "Exception" },
] as const;

export type DlqColumn = (typeof DLQ_COLUMNS)[number]["id"];
export type DlqContext = Partial<Record<DlqColumn, string>>;

/** The error context of one record; empty when it carries no `__connect.errors.*` header. */
export function dlqContext(headers: readonly DecodedHeader[]): DlqContext {
  const out: DlqContext = {};
  for (const h of headers) {
    if (!h.key.startsWith(DLQ_HEADER_PREFIX) || h.value === null) continue;
    const name = h.key.slice(DLQ_HEADER_PREFIX.length);
    const column = DLQ_COLUMNS.find((c) => c.header === name);
    if (column) out[column.id] = h.value;
  }
  return out;
}

export function hasDlqHeaders(headers: readonly DecodedHeader[]): boolean {
  return headers.some((h) => h.key.startsWith(DLQ_HEADER_PREFIX));
}
