"use client";

import { BULK_ACTION_LABELS, type BulkResponse } from "@/lib/connect/bulk";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { StatusIcon } from "@/components/ui/status-icon";

/** What a bulk action did to each connector: failures first, each with its reason. */
export function BulkReportDialog({ report, onClose }: { report: BulkResponse | null; onClose: () => void }) {
  const results = report?.results ?? [];
  const failed = results.filter((r) => !r.ok);
  const succeeded = results.filter((r) => r.ok);
  const label = report ? BULK_ACTION_LABELS[report.action] : "";
  return (
    <Dialog
      open={report !== null}
      onClose={onClose}
      wide
      title={`${label}: ${succeeded.length} succeeded, ${failed.length} failed`}
      footer={
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      }
    >
      <p className={`mb-3 flex items-center gap-2 font-medium ${failed.length > 0 ? "text-danger" : "text-success"}`}>
        <StatusIcon tone={failed.length > 0 ? (succeeded.length > 0 ? "warning" : "danger") : "success"} />
        {failed.length === 0 ? `All ${results.length} succeeded.` : `${failed.length} of ${results.length} failed.`}
      </p>
      <ul className="flex flex-col divide-y divide-border rounded-md border border-border" aria-label="Results">
        {[...failed, ...succeeded].map((r) => (
          <li key={r.name} data-testid="bulk-result" data-name={r.name} data-ok={r.ok} className="flex items-start gap-3 px-3 py-2">
            <StatusIcon tone={r.ok ? "success" : "danger"} className="mt-0.5" />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium break-all">{r.name}</span>
                <span className={`text-xs font-semibold ${r.ok ? "text-success" : "text-danger"}`}>{r.ok ? "Succeeded" : `Failed (HTTP ${r.status})`}</span>
              </p>
              {r.message ? <p className="mt-0.5 break-words text-muted">{r.message}</p> : null}
            </div>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
