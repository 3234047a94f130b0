"use client";

import type { ReactNode } from "react";
import { StatusIcon, type IconShape, type Tone } from "@/components/ui/status-icon";
import type { DoneReason } from "@/lib/kafka/schemas";
import { formatBytes, formatCount } from "./format";
import type { ScanSnapshot } from "./use-message-scan";

/** What the scan is doing, in words and icons: phase, counts, bytes, elapsed time, rate, pause state. */

const DONE_TEXT: Record<DoneReason, string> = {
  "end-bound": "Done: reached the end bound",
  "max-results": "Done: reached max results",
  "caught-up": "Done: reached the end of the topic",
  cancelled: "Cancelled",
};

function phaseLook(s: ScanSnapshot): { tone: Tone; shape: IconShape; text: string } {
  switch (s.phase) {
    case "idle":
      return { tone: "neutral", shape: "dash", text: "Not started" };
    case "connecting":
      return { tone: "info", shape: "spin", text: s.live ? "Starting live tail…" : "Starting scan…" };
    case "scanning":
      if (s.paused) return { tone: "warning", shape: "pause", text: "Live tail paused" };
      return { tone: "info", shape: "spin", text: s.live ? "Live tail" : "Scanning…" };
    case "done":
      return { tone: "success", shape: "check", text: s.done ? DONE_TEXT[s.done.reason] : "Done" };
    case "cancelled":
      return { tone: "neutral", shape: "stop", text: "Cancelled" };
    case "error":
      return { tone: "danger", shape: "cross", text: "Scan failed" };
  }
}

export function ScanStatus({ snapshot, shown, dropped, actions }: { snapshot: ScanSnapshot; shown: number; dropped: number; actions: ReactNode }) {
  const look = phaseLook(snapshot);
  const p = snapshot.progress;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2 rounded-lg border border-border bg-surface-muted px-3 py-2 text-sm">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-1" aria-live="polite">
          <span className="inline-flex items-center gap-1.5 font-medium" data-testid="scan-phase" data-phase={snapshot.phase}>
            <StatusIcon tone={look.tone} shape={look.shape} />
            {look.text}
          </span>
          <span>
            <span data-testid="shown-count" className="font-semibold tabular-nums">
              {formatCount(shown)}
            </span>{" "}
            shown
          </span>
          {snapshot.live ? (
            <>
              <span>
                <span data-testid="received-count" className="tabular-nums">
                  {formatCount(snapshot.received)}
                </span>{" "}
                received
              </span>
              <span data-testid="rate" className="tabular-nums">
                {formatCount(snapshot.rate)} records/s
              </span>
            </>
          ) : null}
          {p ? (
            <span className="text-muted tabular-nums" data-testid="scan-progress">
              {formatCount(p.scanned)} scanned · {formatCount(p.matched)} matched · {formatBytes(p.bytes)} · {(p.elapsedMs / 1000).toFixed(1)} s
            </span>
          ) : null}
          {dropped > 0 ? <span className="text-muted">{formatCount(dropped)} oldest dropped (buffer full)</span> : null}
          {snapshot.paused ? (
            <span data-testid="new-while-paused" className="inline-flex items-center gap-1 font-medium text-warning">
              <StatusIcon tone="warning" shape="pause" />
              {formatCount(snapshot.newWhilePaused)} new while paused
            </span>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">{actions}</div>
      </div>
      {p && p.filterErrors > 0 ? (
        <p className="flex items-center gap-1.5 text-sm text-warning">
          <StatusIcon tone="warning" />
          The filter failed on {formatCount(p.filterErrors)} record{p.filterErrors === 1 ? "" : "s"} (counted as not matching){p.firstFilterError ? `: ${p.firstFilterError}` : ""}
        </p>
      ) : null}
      {snapshot.phase === "error" && snapshot.error ? (
        <p role="alert" className="flex items-center gap-1.5 rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-sm">
          <StatusIcon tone="danger" />
          {snapshot.error}
        </p>
      ) : null}
    </div>
  );
}
