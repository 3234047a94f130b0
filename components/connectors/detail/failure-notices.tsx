"use client";

import { StatusIcon } from "@/components/ui/status-icon";
import type { ConnectorStateInfo } from "@/lib/connect/schemas";
import { RootCause } from "./root-cause";
import type { TraceSubject } from "./trace-dialog";

const MAX_TASK_NOTICES = 3;

/** Banners for a failed connector and its failed tasks, each with its root cause and trace. */
export function FailureNotices({ status, onShowTrace, onShowTasks }: { status: ConnectorStateInfo; onShowTrace: (s: TraceSubject) => void; onShowTasks: () => void }) {
  const notices: { key: string; title: string; subject: TraceSubject }[] = [];
  if (status.connector.state === "FAILED") {
    notices.push({
      key: "connector",
      title: "The connector failed",
      subject: { title: `Connector ${status.name}`, workerId: status.connector.worker_id, trace: status.connector.trace ?? "" },
    });
  }
  const failedTasks = status.tasks.filter((t) => t.state === "FAILED");
  for (const t of failedTasks.slice(0, MAX_TASK_NOTICES)) {
    notices.push({ key: `task-${t.id}`, title: `Task ${t.id} failed`, subject: { title: `Task ${t.id}`, workerId: t.worker_id, trace: t.trace ?? "" } });
  }
  if (notices.length === 0) return null;
  const more = failedTasks.length - MAX_TASK_NOTICES;
  return (
    <section aria-label="Failures" className="flex flex-col gap-2">
      {notices.map((n) => (
        <div key={n.key} data-testid="failure-notice" className="flex items-start gap-3 rounded-lg border border-danger/40 bg-danger-soft px-4 py-2.5 text-sm">
          <StatusIcon tone="danger" className="mt-0.5" />
          <div className="flex min-w-0 flex-1 flex-col gap-0.5 sm:flex-row sm:items-center sm:gap-3">
            <p className="shrink-0 font-medium">
              {n.title} <span className="font-normal text-muted">on {n.subject.workerId}</span>
            </p>
            {n.subject.trace ? <RootCause subject={n.subject} onShowTrace={onShowTrace} /> : <span className="text-xs text-muted">No trace was reported.</span>}
          </div>
        </div>
      ))}
      {more > 0 ? (
        <p className="text-sm text-muted">
          {more} more failed task{more === 1 ? "" : "s"}:{" "}
          <button type="button" onClick={onShowTasks} className="text-accent underline-offset-2 hover:underline">
            see the Tasks tab
          </button>
        </p>
      ) : null}
    </section>
  );
}
