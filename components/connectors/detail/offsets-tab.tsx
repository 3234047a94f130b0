"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { GuardedButton } from "@/components/auth/guarded-button";
import { MissingRole } from "@/components/auth/role-gate";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { StatusIcon } from "@/components/ui/status-icon";
import { TableHead } from "@/components/ui/table-head";
import { useToast } from "@/components/ui/toast";
import { disallowedReason } from "@/lib/connect/actions";
import { connectClient } from "@/lib/connect/client";
import { connectorOffsetsQuery } from "@/lib/connect/queries";
import type { ConnectorOffset, ConnectorState, ConnectorType } from "@/lib/connect/schemas";
import { offsetsEditorText, parseOffsetsText, sinkRow } from "./offsets-edit";
import { retryUnlessNotFound } from "./query-retry";
import type { ConnectorActions } from "./use-connector-actions";

const answerSchemaMessage = (body: unknown): string | undefined =>
  body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : undefined;

/** Source partitions/offsets or sink topic-partition offsets; edit (PATCH) and reset (DELETE) when STOPPED. */
export function OffsetsTab({
  cluster,
  name,
  state,
  type,
  actions,
  locked,
}: {
  cluster: string;
  name: string;
  state: ConnectorState;
  type: ConnectorType;
  actions: ConnectorActions;
  locked: boolean;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery({ ...connectorOffsetsQuery(cluster, name), retry: retryUnlessNotFound });
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const reason = disallowedReason("reset-offsets", state);

  const refresh = () => queryClient.invalidateQueries({ queryKey: connectorOffsetsQuery(cluster, name).queryKey });
  const report = (verb: string) => ({
    onSuccess: (body: unknown) => {
      const message = answerSchemaMessage(body) ?? `The offsets of ${name} were ${verb}.`;
      setAnswer(message);
      setEditing(null);
      setConfirmReset(false);
      toast.show({ tone: "success", title: `Offsets of ${name} ${verb}`, detail: message });
      void refresh();
    },
    onError: (error: Error) => {
      setConfirmReset(false);
      toast.show({ tone: "danger", title: `Could not change the offsets of ${name}`, detail: error.message });
    },
  });
  const alter = useMutation({ mutationFn: (offsets: ConnectorOffset[]) => connectClient(cluster).alterOffsets(name, offsets), ...report("altered") });
  const reset = useMutation({ mutationFn: () => connectClient(cluster).resetOffsets(name), ...report("reset") });
  const changing = alter.isPending || reset.isPending;

  if (query.isPending) return <LoadingState label="Loading offsets…" />;
  if (query.isError) return <ErrorState title="Could not load the offsets" error={query.error} action={<Button size="sm" onClick={() => void query.refetch()}>Try again</Button>} />;
  const offsets = query.data.offsets;
  const canChange = reason === undefined && !locked;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-2xl text-sm text-muted">
          {type === "sink"
            ? "The committed consumer offsets of the connector's consumer group, per topic partition."
            : "The source partitions the connector recorded, each with the offset its tasks resume from."}
        </p>
        <div className="flex flex-wrap gap-2">
          <GuardedButton needs="admin" onClick={() => setEditing(offsetsEditorText(offsets, type))} disabled={!canChange || changing || editing !== null} title={reason}>
            Edit offsets
          </GuardedButton>
          <GuardedButton needs="admin" variant="danger" onClick={() => setConfirmReset(true)} disabled={!canChange || changing} title={reason}>
            Reset offsets
          </GuardedButton>
          <MissingRole needed="admin" />
        </div>
      </div>

      {reason ? (
        <div role="note" className="flex flex-wrap items-center gap-3 rounded-lg border border-border bg-surface-muted px-4 py-2.5 text-sm">
          <StatusIcon tone="info" />
          <span className="min-w-0 flex-1">{reason}</span>
          {state !== "STOPPED" ? (
            <GuardedButton needs="operator" size="sm" onClick={() => actions.request({ kind: "stop" })} disabled={locked || actions.busy}>
              Stop connector
            </GuardedButton>
          ) : null}
        </div>
      ) : null}

      {answer ? (
        <div role="status" data-testid="offsets-answer" className="flex items-start gap-3 rounded-lg border border-success/40 bg-success-soft px-4 py-2.5 text-sm">
          <StatusIcon tone="success" className="mt-0.5" />
          <span className="min-w-0 flex-1">
            <span className="font-medium">Connect answered: </span>
            {answer}
          </span>
          <button type="button" onClick={() => setAnswer(null)} aria-label="Dismiss the answer" className="rounded px-1 text-muted hover:bg-surface">
            ×
          </button>
        </div>
      ) : null}

      {editing !== null ? (
        <OffsetsEditor
          key={editing}
          initial={editing}
          type={type}
          busy={alter.isPending}
          error={alter.error?.message}
          onApply={(list) => alter.mutate(list)}
          onCancel={() => {
            alter.reset();
            setEditing(null);
          }}
        />
      ) : null}

      {offsets.length === 0 ? (
        <EmptyState title="No offsets recorded">
          {type === "sink"
            ? "The connector's consumer group has no committed offsets (it has not consumed yet, or its offsets were reset)."
            : "The connector has not committed any source offsets yet, or they were reset. Its tasks start from the beginning."}
        </EmptyState>
      ) : (
        <OffsetsTable offsets={offsets} canEdit={canChange && !changing && editing === null} onEditRow={(o) => setEditing(offsetsEditorText([o], type))} />
      )}

      <ConfirmDialog
        open={confirmReset}
        title="Reset offsets"
        confirmLabel="Reset offsets"
        danger
        busy={reset.isPending}
        onConfirm={() => reset.mutate()}
        onCancel={() => setConfirmReset(false)}
      >
        <p>
          Reset all offsets of <strong className="font-semibold break-all">{name}</strong>? When it is resumed, its tasks start over:{" "}
          {type === "sink" ? "the consumer group is deleted and consumption restarts from auto.offset.reset." : "a source reads its data again from the start."}
        </p>
      </ConfirmDialog>
    </div>
  );
}

function OffsetsTable({ offsets, canEdit, onEditRow }: { offsets: ConnectorOffset[]; canEdit: boolean; onEditRow: (o: ConnectorOffset) => void }) {
  const sinkRows = offsets.map(sinkRow);
  const isSink = sinkRows.every((r) => r !== undefined);
  const order = offsets.map((o, i) => ({ o, row: sinkRows[i] }));
  if (isSink) order.sort((a, b) => (a.row && b.row ? a.row.topic.localeCompare(b.row.topic) || Number(a.row.partition) - Number(b.row.partition) : 0));
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm" data-testid="offsets-table">
        <caption className="sr-only">Offsets</caption>
        <TableHead columns={[...(isSink ? ["Topic", "Partition", "Offset"] : ["Partition", "Offset"]), { label: "Actions", hidden: true }]} />
        <tbody className="divide-y divide-border bg-surface">
          {order.map(({ o, row }, i) => (
            <tr key={i}>
              {isSink && row ? (
                <>
                  <td className="px-3 py-2 font-mono text-xs">{row.topic}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.partition}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.offset}</td>
                </>
              ) : (
                <>
                  <td className="px-3 py-2 font-mono text-xs break-all">{JSON.stringify(o.partition)}</td>
                  <td className="px-3 py-2 font-mono text-xs break-all">{JSON.stringify(o.offset)}</td>
                </>
              )}
              <td className="px-3 py-2 text-right">
                <GuardedButton needs="admin" size="sm" variant="ghost" onClick={() => onEditRow(o)} disabled={!canEdit}>
                  Edit<span className="sr-only"> this offset</span>
                </GuardedButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OffsetsEditor({
  initial,
  type,
  busy,
  error,
  onApply,
  onCancel,
}: {
  initial: string;
  type: ConnectorType;
  busy: boolean;
  error: string | undefined;
  onApply: (offsets: ConnectorOffset[]) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const id = useId();
  const parsed = parseOffsetsText(text, type);
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-4">
      <h2 id={`${id}-title`} className="text-sm font-semibold">
        Edit offsets
      </h2>
      <label htmlFor={`${id}-text`} className="text-xs text-muted">
        The partitions to change, as JSON. Partitions not listed keep their offsets; an <code className="font-mono">&quot;offset&quot;: null</code> resets that partition.
      </label>
      <textarea
        id={`${id}-text`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        rows={Math.min(18, Math.max(6, text.split("\n").length + 1))}
        aria-invalid={!parsed.ok}
        aria-describedby={`${id}-check`}
        className="w-full rounded-md border border-border bg-code px-3 py-2 font-mono text-xs leading-relaxed focus-visible:outline-2 focus-visible:outline-accent"
      />
      <div id={`${id}-check`} aria-live="polite" className="text-xs">
        {parsed.ok ? (
          <span className="inline-flex items-center gap-1.5 text-success">
            <StatusIcon tone="success" />
            Valid: {parsed.offsets.length} partition{parsed.offsets.length === 1 ? "" : "s"}
          </span>
        ) : (
          <ul className="flex flex-col gap-0.5 text-danger">
            {parsed.errors.slice(0, 5).map((e) => (
              <li key={e} className="inline-flex items-center gap-1.5">
                <StatusIcon tone="danger" />
                {e}
              </li>
            ))}
          </ul>
        )}
      </div>
      {error ? <ErrorState title="Connect refused the offsets" error={error} /> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button variant="primary" onClick={() => parsed.ok && onApply(parsed.offsets)} disabled={!parsed.ok} busy={busy}>
          Apply offsets
        </Button>
      </div>
    </section>
  );
}
