"use client";

import { rootCause } from "@/lib/connect/trace";
import type { TraceSubject } from "./trace-dialog";

/** The failure's one-line root cause with a "Show trace" button; nothing when there is no trace. */
export function RootCause({ subject, onShowTrace }: { subject: TraceSubject; onShowTrace: (s: TraceSubject) => void }) {
  const line = rootCause(subject.trace);
  if (!line) return null;
  return (
    <span className="flex min-w-0 items-center gap-2">
      <span data-testid="root-cause" title={line} className="min-w-0 truncate font-mono text-xs">
        {line}
      </span>
      <button type="button" onClick={() => onShowTrace(subject)} className="shrink-0 rounded text-xs font-medium text-accent underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-accent">
        Show trace<span className="sr-only"> of {subject.title}</span>
      </button>
    </span>
  );
}
