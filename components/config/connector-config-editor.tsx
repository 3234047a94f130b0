"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { connectClient } from "@/lib/connect/client";
import { diffConfigs } from "@/lib/connect/config-diff";
import { maskedSecretsIn, sameDraft, type ConfigDraft } from "@/lib/connect/config-form";
import { connectKeys } from "@/lib/connect/queries";
import { GuardedButton } from "@/components/auth/guarded-button";
import { usePermission } from "@/components/auth/session-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/states";
import { StatusIcon } from "@/components/ui/status-icon";
import { useToast } from "@/components/ui/toast";
import { ConfigDiffView } from "./config-diff-view";
import { ConfigDraftEditor } from "./config-draft-editor";
import { useConfigDraft } from "./use-config-draft";

/** The name is the connector's identity: shown in the page header, not editable here. */
const EXCLUDE = ["name"] as const;

/**
 * The connector page's Configuration tab: edit the running config in the form or as JSON with live
 * validation, review the diff against the running config, then apply it (PUT /connectors/{n}/config).
 */
export function ConnectorConfigEditor({ cluster, connectorName, config }: { cluster: string; connectorName: string; config: Record<string, string> }) {
  const [draft, setDraft] = useState<ConfigDraft>(config);
  // A new running config (after apply, or changed elsewhere) replaces an untouched draft.
  const [base, setBase] = useState(config);
  const [changedUnderneath, setChangedUnderneath] = useState(false);
  const dirty = !sameDraft(draft, base);
  if (config !== base) {
    setBase(config);
    // An applied draft comes back as the new running config: adopt it without a warning.
    if (!dirty || sameDraft(draft, config)) {
      setDraft(config);
      setChangedUnderneath(false);
    } else {
      setChangedUnderneath(true);
    }
  }

  const state = useConfigDraft(cluster, draft, EXCLUDE);
  const diff = useMemo(() => diffConfigs(config, draft, state.model.secretKeys), [config, draft, state.model.secretKeys]);
  // Secrets read back as "[hidden]" and left alone: the console server keeps their stored values.
  const kept = maskedSecretsIn(draft);
  const admin = usePermission("admin");
  const [reviewing, setReviewing] = useState(false);
  const toast = useToast();
  const queryClient = useQueryClient();

  const apply = useMutation({
    mutationFn: () => connectClient(cluster).putConfig(connectorName, draft),
    onSuccess: async () => {
      toast.show({ tone: "success", title: `Updated the configuration of ${connectorName}`, detail: `${diff.entries.length} ${diff.entries.length === 1 ? "key" : "keys"} changed.` });
      setReviewing(false);
      setChangedUnderneath(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: connectKeys.connector(cluster, connectorName) }),
        queryClient.invalidateQueries({ queryKey: connectKeys.connectors(cluster) }),
      ]);
    },
    onError: (err) => toast.show({ tone: "danger", title: `Could not update ${connectorName}`, detail: err.message }),
  });

  const hasChanges = diff.entries.length > 0;
  const blocker = !hasChanges
    ? "No changes to apply."
    : state.model.errorCount > 0
      ? `Fix the ${state.model.errorCount === 1 ? "validation error" : `${state.model.errorCount} validation errors`} first.`
      : state.validation.validating
          ? "Waiting for validation to finish…"
          : state.validation.error
            ? "Validation could not run; apply is disabled until it does."
            : null;

  return (
    <section aria-labelledby="config-editor-title" className="flex flex-col gap-4" data-testid="connector-config-editor">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="config-editor-title" className="text-base font-semibold">
            Configuration
          </h2>
          <p className="text-sm text-muted">Edit in the form or as JSON; changes are validated as you type and applied only after you review them.</p>
        </div>
        <div className="flex items-center gap-2">
          <Button disabled={!dirty} onClick={() => { setDraft(config); setChangedUnderneath(false); }}>
            Discard changes
          </Button>
          <Button variant="primary" disabled={!hasChanges} onClick={() => setReviewing(true)}>
            Review changes{hasChanges ? ` (${diff.entries.length})` : ""}
          </Button>
        </div>
      </div>
      {changedUnderneath ? (
        <p role="status" className="flex items-center gap-2 rounded-md border border-warning/50 bg-warning-soft px-3 py-2 text-sm">
          <StatusIcon tone="warning" />
          The running configuration changed since you started editing. Review the diff before applying, or discard to start from the new one.
        </p>
      ) : null}
      <ConfigDraftEditor state={state} draft={draft} onDraftChange={setDraft} disabled={apply.isPending} />

      <Dialog
        open={reviewing}
        onClose={() => setReviewing(false)}
        title={`Review changes to ${connectorName}`}
        wide
        footer={
          <div className="flex w-full flex-wrap items-center justify-end gap-3">
            {blocker ? (
              <p id="apply-blocker" className="mr-auto flex items-center gap-1.5 text-sm text-muted" data-testid="apply-blocker">
                <StatusIcon tone="warning" /> {blocker}
              </p>
            ) : null}
            <Button onClick={() => setReviewing(false)}>Keep editing</Button>
            <GuardedButton needs="admin" variant="primary" busy={apply.isPending} disabled={blocker !== null} aria-describedby={blocker ? "apply-blocker" : undefined} onClick={() => apply.mutate()}>
              Apply
            </GuardedButton>
          </div>
        }
      >
        <div className="flex flex-col gap-4">
          <ConfigDiffView diff={diff} />
          {kept.length > 0 ? (
            <p className="text-sm text-muted" data-testid="kept-secrets">
              Unchanged (kept): {kept.map((k) => <code key={k} className="mr-1 font-mono text-xs">{k}</code>)} — the stored secret{kept.length === 1 ? " is" : "s are"} kept as
              {kept.length === 1 ? " it is" : " they are"}; it is never sent to the browser.
            </p>
          ) : null}
          {admin.allowed ? null : <p className="text-sm text-muted" data-testid="missing-role">{admin.reason}: you can review changes but not apply them.</p>}
          {apply.error ? <ErrorState title="The worker refused the configuration" error={apply.error} /> : null}
          <p className="text-xs text-muted">Applying replaces the whole configuration; the connector and its tasks restart with it.</p>
        </div>
      </Dialog>
    </section>
  );
}
