"use client";

import type { ListCounters, StatusFilter } from "@/lib/connect/connector-list";
import { StatusIcon, type IconShape, type Tone } from "@/components/ui/status-icon";

const COUNTERS: readonly { key: keyof ListCounters; label: string; tone: Tone; shape: IconShape }[] = [
  { key: "total", label: "Total", tone: "info", shape: "info" },
  { key: "running", label: "Running", tone: "success", shape: "check" },
  { key: "failed", label: "Failed", tone: "danger", shape: "cross" },
  { key: "paused", label: "Paused", tone: "warning", shape: "pause" },
  { key: "stopped", label: "Stopped", tone: "neutral", shape: "stop" },
];

/** Counts over the whole cluster that double as filters: click "Failed" to see only those. */
export function ListCountersBar({ counters, active, onSelect }: { counters: ListCounters; active: StatusFilter | undefined; onSelect: (status: StatusFilter | undefined) => void }) {
  return (
    <div role="group" aria-label="Filter by status" className="grid grid-cols-2 gap-2 sm:grid-cols-5">
      {COUNTERS.map(({ key, label, tone, shape }) => {
        const pressed = key === "total" ? active === undefined : active === key;
        const highlight = key === "failed" && counters.failed > 0;
        return (
          <button
            key={key}
            type="button"
            aria-pressed={pressed}
            data-testid={`counter-${key}`}
            onClick={() => onSelect(key === "total" || pressed ? undefined : key)}
            title={key === "failed" ? "Connectors that failed or have a failed task" : undefined}
            className={`flex items-center gap-3 rounded-lg border px-3 py-2 text-left transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent ${
              pressed ? "border-accent bg-accent-soft" : highlight ? "border-danger/50 bg-danger-soft hover:bg-surface-muted" : "border-border bg-surface hover:bg-surface-muted"
            }`}
          >
            <StatusIcon tone={tone} shape={shape} className="size-5" />
            <span className="flex flex-col">
              <span className="text-xl leading-tight font-semibold tabular-nums" data-testid={`counter-${key}-value`}>
                {counters[key]}
              </span>
              <span className="text-xs text-muted">{label}</span>
            </span>
          </button>
        );
      })}
    </div>
  );
}
