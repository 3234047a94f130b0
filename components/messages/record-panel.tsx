"use client";

import { useState, type ReactNode } from "react";
import { CopyButton } from "@/components/connectors/detail/copy-button";
import { GuardedButton } from "@/components/auth/guarded-button";
import { Button } from "@/components/ui/button";
import { StatusIcon } from "@/components/ui/status-icon";
import { kafkaClient } from "@/lib/kafka/client";
import type { DecodedPayload } from "@/lib/kafka/decode";
import { DLQ_COLUMNS, dlqContext, hasDlqHeaders } from "@/lib/kafka/dlq";
import type { WireRecord } from "@/lib/kafka/schemas";
import type { Decoding } from "./scan-form";
import { ENCODING_LABEL, formatBytes, formatTimestamp, prettyPayload, prettySchema } from "./format";

/** One record opened: metadata, key, value (with "load all" when cut), headers, and what to do with it. */
export function RecordPanel({
  cluster,
  topic,
  record: shown,
  decoding,
  shareUrl,
  onClose,
  onReproduce,
  filterTester,
}: {
  cluster: string;
  topic: string;
  record: WireRecord;
  decoding: Decoding;
  shareUrl: string;
  onClose: () => void;
  onReproduce: (record: WireRecord) => void;
  /** Present when a filter expression is being written: tests it on this record. */
  filterTester?: ReactNode;
}) {
  const [whole, setWhole] = useState<WireRecord | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const record = whole && whole.partition === shown.partition && whole.offset === shown.offset ? whole : shown;
  const truncated = Boolean(record.key?.truncated || record.value?.truncated);

  const loadAll = async () => {
    setLoading(true);
    setLoadError(null);
    try {
      setWhole(await kafkaClient(cluster).record(topic, record.partition, record.offset, decoding));
    } catch (err) {
      setLoadError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  };

  const context = hasDlqHeaders(record.headers) ? dlqContext(record.headers) : null;
  return (
    <section aria-label={`Record at partition ${record.partition}, offset ${record.offset}`} data-testid="record-panel" className="flex flex-col gap-4 rounded-lg border border-border bg-surface p-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold">
          partition {record.partition} · offset {record.offset}
        </h3>
        <div className="flex flex-wrap items-center gap-2">
          <CopyButton text={shareUrl} label="Copy link" />
          <GuardedButton needs="operator" size="sm" onClick={() => onReproduce(record)}>
            Re-produce
          </GuardedButton>
          <Button size="sm" variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </header>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-xs sm:grid-cols-3 lg:grid-cols-6">
        <Meta label="Partition">{record.partition}</Meta>
        <Meta label="Offset">{record.offset}</Meta>
        <Meta label={`Timestamp (${record.timestampType})`}>
          <span title={String(record.timestamp)}>{formatTimestamp(record.timestamp)}</span>
        </Meta>
        <Meta label="Key size">{record.key ? formatBytes(record.key.size) : "null"}</Meta>
        <Meta label="Value size">{record.value ? formatBytes(record.value.size) : "null (tombstone)"}</Meta>
        <Meta label="Record size">{formatBytes(record.size)}</Meta>
      </dl>

      {truncated ? (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-warning/40 bg-warning-soft px-3 py-2 text-sm">
          <StatusIcon tone="warning" />
          <span>This record is larger than the viewer shows at once; only its start is shown.</span>
          <Button size="sm" busy={loading} onClick={() => void loadAll()}>
            Load all
          </Button>
          {loadError ? <span className="text-danger">{loadError}</span> : null}
        </div>
      ) : null}

      {context ? (
        <div>
          <h4 className="mb-1 text-xs font-semibold text-muted uppercase">Error context</h4>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-xs sm:grid-cols-2">
            {DLQ_COLUMNS.map((c) => (
              <Meta key={c.id} label={c.label}>
                {context[c.id] ?? "—"}
              </Meta>
            ))}
          </dl>
        </div>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <PayloadBlock title="Key" payload={record.key} nullText="null (no key)" />
        <PayloadBlock title="Value" payload={record.value} nullText="null (tombstone)" />
      </div>

      <div>
        <h4 className="mb-1 text-xs font-semibold text-muted uppercase">Headers ({record.headers.length})</h4>
        {record.headers.length === 0 ? (
          <p className="text-sm text-muted">No headers.</p>
        ) : (
          <table className="w-full text-left font-mono text-xs">
            <thead>
              <tr className="text-muted">
                <th scope="col" className="py-1 pr-4 font-medium">Key</th>
                <th scope="col" className="py-1 font-medium">Value</th>
              </tr>
            </thead>
            <tbody>
              {record.headers.map((h, i) => (
                <tr key={`${h.key}-${i}`} className="border-t border-border/60 align-top">
                  <td className="py-1 pr-4 break-all">{h.key}</td>
                  <td className="py-1 break-all">
                    {h.value === null ? <span className="text-muted italic">null</span> : h.value}
                    {h.encoding === "hex" ? <span className="ml-2 font-sans text-muted">(hex)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {filterTester}
    </section>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted">{label}</dt>
      <dd className="truncate font-mono">{children}</dd>
    </div>
  );
}

function PayloadBlock({ title, payload, nullText }: { title: string; payload: DecodedPayload | null; nullText: string }) {
  const text = payload ? prettyPayload(payload) : null;
  return (
    <div className="flex min-w-0 flex-col gap-1" data-testid={`record-${title.toLowerCase()}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="text-xs font-semibold text-muted uppercase">
          {title}
          {payload ? <span className="ml-2 rounded border border-border px-1 py-px font-normal normal-case">{ENCODING_LABEL[payload.encoding]}</span> : null}
        </h4>
        {text !== null ? <CopyButton text={text} label={`Copy ${title.toLowerCase()}`} /> : null}
      </div>
      {payload?.error ? (
        <p className="flex items-center gap-1 text-xs text-warning">
          <StatusIcon tone="warning" className="size-3" />
          {payload.error}
        </p>
      ) : null}
      <pre className="max-h-80 overflow-auto rounded-md border border-border bg-code px-3 py-2 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap">
        {text ?? <span className="text-muted italic">{nullText}</span>}
      </pre>
      {payload?.schema !== undefined ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted">Connect schema</summary>
          <pre className="mt-1 max-h-60 overflow-auto rounded-md border border-border bg-code px-3 py-2 font-mono">{prettySchema(payload.schema)}</pre>
        </details>
      ) : null}
    </div>
  );
}
