"use client";

import { GuardedButton } from "@/components/auth/guarded-button";
import { EmptyState } from "@/components/ui/states";
import { StateBadge } from "@/components/ui/status-badge";
import { TableHead } from "@/components/ui/table-head";
import { disallowedReason } from "@/lib/connect/actions";
import type { ConnectorStateInfo } from "@/lib/connect/schemas";
import { RootCause } from "./root-cause";
import type { TraceSubject } from "./trace-dialog";
import type { ConnectorActions } from "./use-connector-actions";

/** One row per task: state, worker, root cause of a failure with its trace, and a restart. */
export function TasksTab({ status, actions, locked, onShowTrace }: { status: ConnectorStateInfo; actions: ConnectorActions; locked: boolean; onShowTrace: (s: TraceSubject) => void }) {
  const state = status.connector.state;
  if (status.tasks.length === 0) {
    return (
      <EmptyState title="No tasks">
        {state === "STOPPED"
          ? "A stopped connector has no tasks. Resume it to start them again."
          : state === "FAILED"
            ? "The connector failed before it could start tasks: see its root cause above, then restart it."
            : "The connector has no tasks yet. They appear here once it has started them."}
      </EmptyState>
    );
  }
  const reason = disallowedReason("restart-task", state);
  const running = actions.running;
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Tasks of {status.name}</caption>
        <TableHead columns={["Task", "State", "Worker", { label: "Problem", className: "w-1/2" }, { label: "Actions", hidden: true }]} />
        <tbody className="divide-y divide-border bg-surface">
          {status.tasks.map((t) => (
            <tr key={t.id} data-testid={`task-row-${t.id}`}>
              <td className="px-3 py-2 font-mono">{t.id}</td>
              <td className="px-3 py-2">
                <StateBadge state={t.state} />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{t.worker_id}</td>
              <td className="max-w-0 px-3 py-2">
                {t.trace ? <RootCause subject={{ title: `Task ${t.id}`, workerId: t.worker_id, trace: t.trace }} onShowTrace={onShowTrace} /> : <span className="text-muted">—</span>}
              </td>
              <td className="px-3 py-2 text-right">
                <GuardedButton
                  needs="operator"
                  size="sm"
                  onClick={() => actions.request({ kind: "restart-task", task: t.id })}
                  disabled={locked || actions.busy || reason !== undefined}
                  title={reason}
                  busy={running?.kind === "restart-task" && running.task === t.id}
                >
                  Restart<span className="sr-only"> task {t.id}</span>
                </GuardedButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
