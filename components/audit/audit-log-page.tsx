"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { usePermission } from "@/components/auth/session-provider";
import { LockIcon } from "@/components/auth/role-gate";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { StatusIcon, type Tone } from "@/components/ui/status-icon";
import { TableHead } from "@/components/ui/table-head";
import type { AuditEntry } from "@/lib/auth/audit";
import { fetchAudit, filterAudit, type AuditFilter } from "@/lib/auth/audit-client";

const REFRESH_MS = 5000;
const OUTCOME: Record<AuditEntry["outcome"], { tone: Tone; label: string }> = {
  success: { tone: "success", label: "success" },
  failure: { tone: "danger", label: "failure" },
  denied: { tone: "warning", label: "denied" },
};
const INPUT = "h-8 rounded-md border border-border bg-surface px-2 text-sm";

/** Every change made through the console and the REST API: who, what, when, and how it ended. */
export function AuditLogPage() {
  const permission = usePermission("operator");
  return (
    <div className="flex flex-col">
      <PageHeader title="Audit log" description="Every change made through the console or the REST API, newest first. Refreshes every few seconds." />
      <div className="px-6 py-5 md:px-8">
        {permission.allowed ? (
          <AuditTable />
        ) : (
          <p role="note" data-testid="missing-role" className="flex items-center gap-2 rounded-lg border border-border bg-surface-muted px-4 py-3 text-sm">
            <LockIcon />
            {permission.reason}: the audit log is for operators and admins.
          </p>
        )}
      </div>
    </div>
  );
}

function AuditTable() {
  const [filter, setFilter] = useState<AuditFilter>({ user: "", action: "", outcome: "" });
  const query = useQuery({ queryKey: ["audit"], queryFn: () => fetchAudit(), refetchInterval: REFRESH_MS });
  if (query.isPending) return <LoadingState label="Loading the audit log…" />;
  if (query.isError) return <ErrorState title="Could not load the audit log" error={query.error} />;
  if (query.data.enabled === false) return <EmptyState title="No audit log">This console was started without an audit file (ferry console --audit-file).</EmptyState>;
  const entries = filterAudit(query.data.entries, filter);
  return (
    <div className="flex flex-col gap-4">
      <div role="search" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium">
          User
          <input className={INPUT} value={filter.user} onChange={(e) => setFilter({ ...filter, user: e.target.value })} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Action
          <input className={INPUT} value={filter.action} placeholder="connector.pause" onChange={(e) => setFilter({ ...filter, action: e.target.value })} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Result
          <select className={INPUT} value={filter.outcome} onChange={(e) => setFilter({ ...filter, outcome: e.target.value as AuditFilter["outcome"] })}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <span className="text-xs text-muted" aria-live="polite">
          {entries.length} of {query.data.entries.length} entries
        </span>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="No entries">{query.data.entries.length === 0 ? "Nothing has been changed yet." : "No entry matches the filter."}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-sm" data-testid="audit-table">
            <TableHead className="text-left" columns={["Time", "User", "Role", "Source", "Action", "Target", "Result", "Message"]} />
            <tbody className="divide-y divide-border bg-surface">
              {entries.map((e, i) => (
                <tr key={`${e.time}-${i}`} data-testid="audit-row">
                  <td className="px-3 py-2 font-mono text-xs whitespace-nowrap" title={e.time}>
                    {new Date(e.time).toLocaleString()}
                  </td>
                  <td className="px-3 py-2">{e.user}</td>
                  <td className="px-3 py-2 text-muted">{e.role ?? "—"}</td>
                  <td className="px-3 py-2">{e.source}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {e.target ?? "—"}
                    {e.cluster ? <span className="text-muted"> @ {e.cluster}</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <span className="inline-flex items-center gap-1.5">
                      <StatusIcon tone={OUTCOME[e.outcome].tone} />
                      {OUTCOME[e.outcome].label}
                    </span>
                  </td>
                  <td className="max-w-md px-3 py-2 text-xs break-words text-muted">{e.message ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
