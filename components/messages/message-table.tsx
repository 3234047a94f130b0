"use client";

import { memo } from "react";
import { DLQ_COLUMNS, dlqContext } from "@/lib/kafka/dlq";
import type { WireRecord } from "@/lib/kafka/schemas";
import { StatusIcon } from "@/components/ui/status-icon";
import { formatBytes, formatTimestamp, previewPayload } from "./format";
import { VirtualRows } from "./virtual-rows";

/** The scan's records as a windowed table: fixed row height, one button per row to open it. */

export const ROW_HEIGHT = 30;

export interface RecordSource {
  size: number;
  at(index: number): WireRecord | undefined;
}

export type RecordId = `${number}:${string}`;
export const recordId = (r: Pick<WireRecord, "partition" | "offset">): RecordId => `${r.partition}:${r.offset}`;

// Open, partition, offset | [error context] | timestamp, key, value, size. The error context comes
// right after the position so a DLQ's stage and message are in view without scrolling sideways.
const LEAD_COLUMNS = "2.25rem 4.5rem 6.5rem";
const TAIL_COLUMNS = "12.5rem minmax(6rem,1fr) minmax(12rem,3fr) 5.5rem";
const DLQ_COLUMNS_TEMPLATE = "7rem 6.5rem 6rem 9rem 9rem minmax(14rem,3fr) 9rem";
const DLQ_MIN_WIDTH = "100rem";

/** The last segment of a Java class name (the whole name is in the cell's title). */
const shortClass = (name: string) => name.slice(name.lastIndexOf(".") + 1);

export function MessageTable({
  records,
  version,
  newestFirst,
  dlq,
  selected,
  onSelect,
  height,
}: {
  records: RecordSource;
  version: number;
  newestFirst: boolean;
  dlq: boolean;
  selected: RecordId | null;
  onSelect: (record: WireRecord) => void;
  height: number;
}) {
  const template = dlq ? `${LEAD_COLUMNS} ${DLQ_COLUMNS_TEMPLATE} ${TAIL_COLUMNS}` : `${LEAD_COLUMNS} ${TAIL_COLUMNS}`;
  const count = records.size;
  const recordAt = (i: number) => records.at(newestFirst ? count - 1 - i : i);
  const header = (
    <div role="row" aria-rowindex={1} className="grid border-b border-border bg-surface-muted text-xs font-medium text-muted" style={{ gridTemplateColumns: template }}>
      <span role="columnheader" className="px-2 py-1.5">
        <span className="sr-only">Open</span>
      </span>
      <span role="columnheader" className="px-2 py-1.5">Partition</span>
      <span role="columnheader" className="px-2 py-1.5">Offset</span>
      {dlq ? DLQ_COLUMNS.map((c) => <span key={c.id} role="columnheader" className="truncate px-2 py-1.5" title={c.label} data-testid={`dlq-column-${c.id}`}>{c.label}</span>) : null}
      <span role="columnheader" className="px-2 py-1.5">Timestamp</span>
      <span role="columnheader" className="px-2 py-1.5">Key</span>
      <span role="columnheader" className="px-2 py-1.5">Value</span>
      <span role="columnheader" className="px-2 py-1.5 text-right">Size</span>
    </div>
  );
  return (
    <div className={dlq ? "overflow-x-auto" : undefined}>
      <div style={{ minWidth: dlq ? DLQ_MIN_WIDTH : undefined }}>
        <VirtualRows
          label="Messages"
          count={count}
          rowHeight={ROW_HEIGHT}
          height={height}
          version={version}
          header={header}
          renderRow={(i) => {
            const r = recordAt(i);
            if (!r) return null;
            const id = recordId(r);
            return <Row key={id} record={r} index={i} template={template} dlq={dlq} selected={selected === id} onSelect={onSelect} />;
          }}
        />
      </div>
    </div>
  );
}

const Row = memo(function Row({
  record,
  index,
  template,
  dlq,
  selected,
  onSelect,
}: {
  record: WireRecord;
  index: number;
  template: string;
  dlq: boolean;
  selected: boolean;
  onSelect: (record: WireRecord) => void;
}) {
  const truncated = record.key?.truncated || record.value?.truncated;
  const context = dlq ? dlqContext(record.headers) : null;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="message-row"
      onClick={() => onSelect(record)}
      className={`grid cursor-pointer border-b border-border/60 font-mono text-xs ${selected ? "bg-accent-soft" : "hover:bg-surface-muted"}`}
      style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}
    >
      <span role="cell" className="flex items-center px-1">
        <button
          type="button"
          aria-expanded={selected}
          aria-label={`Open record at partition ${record.partition}, offset ${record.offset}`}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(record);
          }}
          className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-accent"
        >
          <svg viewBox="0 0 16 16" className={`size-3.5 transition-transform ${selected ? "rotate-90" : ""}`} aria-hidden="true">
            <path d="m6 3.5 4.5 4.5L6 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </span>
      <Cell>{record.partition}</Cell>
      <Cell>{record.offset}</Cell>
      {context
        ? DLQ_COLUMNS.map((c) => {
            const value = context[c.id];
            const shown = value !== undefined && (c.id === "class" || c.id === "exception") ? shortClass(value) : value;
            return (
              <Cell key={c.id} testId={`dlq-${c.id}`} title={value}>
                {shown ?? "—"}
              </Cell>
            );
          })
        : null}
      {/* Local time: the server's render may be in another time zone than the browser. */}
      <Cell title={record.timestampType} localTime>
        {formatTimestamp(record.timestamp)}
      </Cell>
      <Cell muted={record.key === null}>{previewPayload(record.key, "key")}</Cell>
      <Cell muted={record.value === null} testId="message-value">
        {truncated ? (
          <span className="mr-1 inline-flex items-center gap-0.5 font-sans text-warning">
            <StatusIcon tone="warning" className="size-3" />
            cut
          </span>
        ) : null}
        {previewPayload(record.value, "value")}
      </Cell>
      <Cell right>{formatBytes(record.size)}</Cell>
    </div>
  );
});

function Cell({ children, title, muted, right, testId, localTime }: { children: React.ReactNode; title?: string; muted?: boolean; right?: boolean; testId?: string; localTime?: boolean }) {
  return (
    <span role="cell" title={title} data-testid={testId} className={`flex min-w-0 items-center truncate px-2 ${muted ? "text-muted italic" : ""} ${right ? "justify-end" : ""}`}>
      <span className="truncate" suppressHydrationWarning={localTime}>
        {children}
      </span>
    </span>
  );
}
