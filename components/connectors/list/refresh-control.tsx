"use client";

import { useSyncExternalStore } from "react";
import { REFRESH_CHOICES, type RefreshChoice } from "@/lib/connect/connector-list";
import { Button } from "@/components/ui/button";

const LABELS: Record<RefreshChoice, string> = { off: "Off", "5": "Every 5 s", "10": "Every 10 s", "30": "Every 30 s" };

/** The auto-refresh interval, how old the data is, and a manual refresh. */
export function RefreshControl({
  value,
  onChange,
  updatedAt,
  fetching,
  onRefresh,
}: {
  value: RefreshChoice;
  onChange: (value: RefreshChoice) => void;
  updatedAt: number;
  fetching: boolean;
  onRefresh: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-2 text-muted">
        Auto refresh
        <select
          value={value}
          onChange={(e) => onChange(e.target.value as RefreshChoice)}
          className="h-8 rounded-md border border-border bg-surface px-2 text-sm text-foreground"
        >
          {REFRESH_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {LABELS[choice]}
            </option>
          ))}
        </select>
      </label>
      <Button size="sm" variant="ghost" onClick={onRefresh} busy={fetching} aria-label="Refresh now">
        {fetching ? null : <RefreshIcon />}
        Refresh
      </Button>
      {updatedAt > 0 ? <UpdatedAgo at={updatedAt} /> : null}
    </div>
  );
}

/** The current second, ticking; null while rendering on the server and hydrating (no clock mismatch). */
function subscribeSeconds(onTick: () => void): () => void {
  const timer = setInterval(onTick, 1000);
  return () => clearInterval(timer);
}
const nowSecond = () => Math.floor(Date.now() / 1000);

/** "updated 4s ago", ticking by itself so the list does not re-render every second. */
function UpdatedAgo({ at }: { at: number }) {
  const now = useSyncExternalStore(subscribeSeconds, nowSecond, () => null);
  if (now === null) return null;
  const seconds = Math.max(0, now - Math.floor(at / 1000));
  return (
    <span className="text-xs text-muted tabular-nums" title={new Date(at).toLocaleString()} data-testid="updated-ago">
      updated {seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`} ago
    </span>
  );
}

function RefreshIcon() {
  return (
    <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden="true">
      <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
