"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { GuardedButton } from "@/components/auth/guarded-button";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { kafkaClient } from "@/lib/kafka/client";
import { hasDlqHeaders } from "@/lib/kafka/dlq";
import type { MessageFilter } from "@/lib/kafka/filters";
import type { WireRecord } from "@/lib/kafka/schemas";
import { ExportButtons } from "./export-buttons";
import { FilterBar } from "./filter-bar";
import { MessageTable, ROW_HEIGHT, recordId } from "./message-table";
import { EMPTY_PRODUCE_DRAFT, ProduceDialog, reproduceDraft, type ProduceDraft } from "./produce-dialog";
import { RecordPanel } from "./record-panel";
import { ScanControls } from "./scan-controls";
import { DEFAULT_SCAN_FORM, commonParams, scanParams, type Decoding, type InitialScan, type ScanForm } from "./scan-form";
import { ScanStatus } from "./scan-status";
import { useMessageScan } from "./use-message-scan";
import { storedDecoding, useTopicDecoding } from "./use-topic-decoding";

/**
 * The message viewer of one topic: scan settings, filters, the streamed result in a windowed table,
 * one opened record, produce / re-produce and export. A link with `?partition=&offset=` opens that
 * record and scans from it; `?preset=dlq` shows Kafka Connect's error headers as columns.
 */

const TABLE_HEIGHT = 520;

export function MessageViewer({
  cluster,
  topic,
  partitions,
  onProduced,
  initialScan,
}: {
  cluster: string;
  topic: string;
  partitions: number;
  onProduced?: () => void;
  /** The default scan, already run by the page's server render. */
  initialScan?: InitialScan;
}) {
  const params = useSearchParams();
  const pathname = usePathname();
  const linkPartition = params.get("partition");
  const linkOffset = params.get("offset");
  const linked = linkPartition !== null && linkOffset !== null && /^\d+$/.test(linkPartition) && /^\d+$/.test(linkOffset) ? { partition: Number(linkPartition), offset: linkOffset } : null;

  // The server's scan is used when it is the one this view would run: default settings, auto decoding.
  const [seed] = useState(() => (initialScan && initialScan.kafkaCluster === cluster && !linked ? initialScan : undefined));
  const scan = useMessageScan(cluster, topic, seed);
  const [decoding, setDecoding] = useTopicDecoding(cluster, topic);
  const [form, setForm] = useState<ScanForm>(() => (linked ? { ...DEFAULT_SCAN_FORM, from: "offset", offsets: `${linked.partition}:${linked.offset}`, partitions: String(linked.partition) } : DEFAULT_SCAN_FORM));
  const [filters, setFilters] = useState<MessageFilter[]>([]);
  const [mode, setMode] = useState<"bounded" | "live">("bounded");
  const [selected, setSelected] = useState<WireRecord | null>(null);
  const [dlqChoice, setDlqChoice] = useState<boolean | null>(null);
  const [produce, setProduce] = useState<{ open: boolean; draft: ProduceDraft }>({ open: false, draft: EMPTY_PRODUCE_DRAFT });

  const running = scan.running;
  const { start, startLive } = scan;
  const runWith = useCallback(
    (next: { mode?: "bounded" | "live"; decoding?: Decoding; filters?: MessageFilter[] } = {}) => {
      const m = next.mode ?? mode;
      const d = next.decoding ?? decoding;
      const f = next.filters ?? filters;
      setMode(m);
      if (m === "live") startLive(commonParams(form, d, f));
      else start(scanParams(form, d, f));
    },
    [decoding, filters, form, mode, start, startLive],
  );

  // Open the page with a scan already running (the first records show at once), unless the server
  // ran it already with the decoding this topic uses.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const stored = storedDecoding(cluster, topic);
    if (seed && stored.keyEncoding === "auto" && stored.valueEncoding === "auto") return;
    start(scanParams(form, stored, filters));
  }, [cluster, filters, form, seed, start, topic]);

  // A shared link to one record: fetch it on its own, so it opens even beyond max results.
  useEffect(() => {
    if (!linked) return;
    let cancelled = false;
    kafkaClient(cluster)
      .record(topic, linked.partition, linked.offset, decoding)
      .then((r) => {
        if (!cancelled) setSelected(r);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
    // Only when the link itself changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cluster, topic, linked?.partition, linked?.offset]);

  const first = scan.buffer.at(0);
  const detected = first !== undefined && hasDlqHeaders(first.headers);
  const dlq = dlqChoice ?? (params.get("preset") === "dlq" || detected);

  const shareUrl = (() => {
    if (!selected) return "";
    const next = new URLSearchParams(params);
    next.set("partition", String(selected.partition));
    next.set("offset", selected.offset);
    const origin = typeof window === "undefined" ? "" : window.location.origin;
    return `${origin}${pathname}?${next.toString()}`;
  })();

  const live = scan.snapshot.live && running;
  const empty = scan.buffer.size === 0;

  return (
    <div className="flex flex-col gap-4" data-testid="message-viewer">
      <ScanControls
        form={form}
        onForm={(patch) => setForm((f) => ({ ...f, ...patch }))}
        decoding={decoding}
        onDecoding={(d) => {
          setDecoding(d);
          runWith({ decoding: d, mode: live ? "live" : "bounded" });
        }}
        disabled={live}
        actions={
          <>
            <Button variant="primary" onClick={() => runWith({ mode: "bounded" })} disabled={live}>
              Run scan
            </Button>
            {live ? (
              <Button variant="danger" onClick={scan.cancel}>
                Stop live tail
              </Button>
            ) : (
              <Button onClick={() => runWith({ mode: "live" })}>Live tail</Button>
            )}
            {running && !live ? <Button onClick={scan.cancel}>Cancel</Button> : null}
            {!running && scan.snapshot.done?.reason === "max-results" && !scan.snapshot.live ? (
              <Button onClick={scan.resume} title={`Continue from ${scan.snapshot.done.cursor}`}>
                Continue
              </Button>
            ) : null}
          </>
        }
      />
      <FilterBar
        cluster={cluster}
        topic={topic}
        filters={filters}
        selected={selected}
        disabled={false}
        onChange={(f) => {
          setFilters(f);
          // A running tail restarts with the filter; otherwise the bounded scan runs again.
          runWith({ filters: f, mode: live ? "live" : "bounded" });
        }}
      />
      <ScanStatus
        snapshot={scan.snapshot}
        shown={scan.buffer.size}
        dropped={scan.buffer.dropped}
        actions={
          <>
            {live ? (
              scan.snapshot.paused ? (
                <Button size="sm" variant="primary" onClick={scan.unpause}>
                  Resume
                </Button>
              ) : (
                <Button size="sm" onClick={scan.pause}>
                  Pause
                </Button>
              )
            ) : null}
            <label className="inline-flex items-center gap-1.5 text-xs">
              <input type="checkbox" checked={dlq} onChange={(e) => setDlqChoice(e.target.checked)} />
              Error header columns
            </label>
            <ExportButtons topic={topic} records={() => scan.buffer.toArray()} disabled={empty} />
            <GuardedButton needs="operator" size="sm" onClick={() => setProduce({ open: true, draft: EMPTY_PRODUCE_DRAFT })}>
              Produce
            </GuardedButton>
          </>
        }
      />
      {empty && !running ? (
        <EmptyState title={filters.length > 0 ? "No record matches" : "No records in this range"}>
          {filters.length > 0 ? "Remove a filter or widen the range, then run the scan again." : "Pick another start, start a live tail to see records as they arrive, or produce one."}
        </EmptyState>
      ) : (
        <MessageTable
          records={scan.buffer}
          version={scan.version}
          newestFirst={scan.snapshot.live}
          dlq={dlq}
          selected={selected ? recordId(selected) : null}
          onSelect={(r) => setSelected((s) => (s && recordId(s) === recordId(r) ? null : r))}
          // Short results take little room; long ones scroll inside the table.
          height={Math.min(TABLE_HEIGHT, Math.max(scan.buffer.size, 4) * ROW_HEIGHT + 2)}
        />
      )}
      {selected ? (
        <RecordPanel
          key={recordId(selected)}
          cluster={cluster}
          topic={topic}
          record={selected}
          decoding={decoding}
          shareUrl={shareUrl}
          onClose={() => setSelected(null)}
          onReproduce={(r) => setProduce({ open: true, draft: reproduceDraft(r) })}
        />
      ) : null}
      <ProduceDialog
        open={produce.open}
        onClose={() => setProduce((p) => ({ ...p, open: false }))}
        cluster={cluster}
        topic={topic}
        partitions={partitions}
        initial={produce.draft}
        onProduced={() => {
          setProduce((p) => ({ ...p, open: false }));
          onProduced?.();
          // A live tail shows the new record by itself; a finished scan is run again to include it.
          if (!live) runWith();
        }}
      />
    </div>
  );
}
