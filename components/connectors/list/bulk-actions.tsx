"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { BULK_ACTION_LABELS, bulkActionSchema, type BulkAction, type BulkResponse } from "@/lib/connect/bulk";
import { connectClient } from "@/lib/connect/client";
import { connectKeys } from "@/lib/connect/queries";
import { GuardedButton } from "@/components/auth/guarded-button";
import { MissingRole } from "@/components/auth/role-gate";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { BULK_ACTION_EFFECTS, confirmTitle, connectorCount } from "./bulk-copy";
import { BulkReportDialog } from "./bulk-report-dialog";

const NAMES_SHOWN = 10;

/**
 * The bar above the list while connectors are selected: pick an action, confirm it with the count,
 * run it in one request, then read the per-connector report.
 */
export function BulkActions({ cluster, selected, onClear }: { cluster: string; selected: readonly string[]; onClear: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  // The names are taken when the action is picked: a refresh while confirming changes nothing.
  const [pending, setPending] = useState<{ action: BulkAction; names: string[] } | null>(null);
  const [report, setReport] = useState<BulkResponse | null>(null);
  const mutation = useMutation({
    mutationFn: ({ action, names }: { action: BulkAction; names: string[] }) => connectClient(cluster).bulk(action, names),
    onSuccess: (response) => {
      setPending(null);
      setReport(response);
    },
    onError: (err, { action }) => {
      setPending(null);
      toast.show({ tone: "danger", title: `${BULK_ACTION_LABELS[action]} did not run`, detail: err instanceof Error ? err.message : String(err) });
    },
    // The list and any open connector page show the new states.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectKeys.connectors(cluster) }),
        queryClient.invalidateQueries({ queryKey: ["connect", cluster, "connector"] }),
      ]),
  });

  return (
    <>
      {selected.length > 0 ? (
        <div role="group" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-accent/40 bg-accent-soft px-3 py-2" data-testid="bulk-bar">
          <span className="mr-2 text-sm font-medium" aria-live="polite">
            {connectorCount(selected.length)} selected
          </span>
          {bulkActionSchema.options.map((action) => (
            <GuardedButton key={action} needs={action === "delete" ? "admin" : "operator"} size="sm" variant={action === "delete" ? "danger" : "secondary"} onClick={() => setPending({ action, names: [...selected] })}>
              {BULK_ACTION_LABELS[action]}
            </GuardedButton>
          ))}
          <MissingRole needed="operator" />
          <Button size="sm" variant="ghost" onClick={onClear} className="ml-auto">
            Clear selection
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? confirmTitle(pending.action, pending.names.length) : ""}
        confirmLabel={pending ? `${BULK_ACTION_LABELS[pending.action]} ${connectorCount(pending.names.length)}` : ""}
        danger={pending?.action === "delete"}
        busy={mutation.isPending}
        onConfirm={() => pending && mutation.mutate(pending)}
        onCancel={() => setPending(null)}
      >
        {pending ? (
          <>
            <p>{BULK_ACTION_EFFECTS[pending.action]}</p>
            <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Selected connectors">
              {pending.names.slice(0, NAMES_SHOWN).map((name) => (
                <li key={name} className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs">
                  {name}
                </li>
              ))}
              {pending.names.length > NAMES_SHOWN ? <li className="px-1 text-xs text-muted">and {pending.names.length - NAMES_SHOWN} more</li> : null}
            </ul>
          </>
        ) : null}
      </ConfirmDialog>
      <BulkReportDialog report={report} onClose={() => setReport(null)} />
    </>
  );
}
