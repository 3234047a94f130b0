import type { ReactNode } from "react";
import { Spinner } from "./button";
import { StatusIcon } from "./status-icon";

/** What every data view shows while loading, on failure, and when there is nothing yet. */

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 px-4 py-10 text-sm text-muted">
      <Spinner />
      {label}
    </div>
  );
}

export function ErrorState({ title, error, action }: { title: string; error: unknown; action?: ReactNode }) {
  return (
    <div role="alert" className="flex items-start gap-3 rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm">
      <StatusIcon tone="danger" className="mt-0.5" />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{title}</p>
        <p className="mt-1 break-words text-foreground/80">{error instanceof Error ? error.message : String(error)}</p>
        {action ? <div className="mt-2">{action}</div> : null}
      </div>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-border px-6 py-12 text-center">
      <p className="text-base font-semibold">{title}</p>
      {children ? <div className="max-w-md text-sm leading-relaxed text-muted">{children}</div> : null}
      {action}
    </div>
  );
}
