"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { GuardedButton } from "@/components/auth/guarded-button";
import { MissingRole } from "@/components/auth/role-gate";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { connectClient } from "@/lib/connect/client";
import { connectorTopicsQuery } from "@/lib/connect/queries";
import { retryUnlessNotFound } from "./query-retry";

/** The topics Connect recorded as used by the connector (KIP-558), and resetting that record. */
export function TopicsTab({ cluster, name, topicHref }: { cluster: string; name: string; topicHref: (topic: string) => string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({ ...connectorTopicsQuery(cluster, name), retry: retryUnlessNotFound });
  const reset = useMutation({
    mutationFn: () => connectClient(cluster).resetTopics(name),
    onSuccess: () => {
      setConfirming(false);
      toast.show({ tone: "success", title: `Reset the active topics of ${name}`, detail: "Topics reappear as the tasks produce to or consume from them." });
      void queryClient.invalidateQueries({ queryKey: connectorTopicsQuery(cluster, name).queryKey });
    },
    onError: (error) => {
      setConfirming(false);
      toast.show({ tone: "danger", title: `Could not reset the active topics of ${name}`, detail: error instanceof Error ? error.message : String(error) });
    },
  });

  if (query.isPending) return <LoadingState label="Loading active topics…" />;
  if (query.isError) return <ErrorState title="Could not load the active topics" error={query.error} action={<Button size="sm" onClick={() => void query.refetch()}>Try again</Button>} />;
  const topics = [...(query.data[name]?.topics ?? [])].sort();
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-2xl text-sm text-muted">
          Topics the connector&apos;s tasks produced to or consumed from since the record was last reset. Resetting starts a fresh record; it does not touch the topics.
        </p>
        <div className="flex flex-col items-end gap-1">
          <GuardedButton needs="admin" variant="danger" onClick={() => setConfirming(true)} disabled={reset.isPending}>
            Reset active topics
          </GuardedButton>
          <MissingRole needed="admin" />
        </div>
      </div>
      {topics.length === 0 ? (
        <EmptyState title="No active topics recorded">A topic shows up here once a source task produced to it or a sink task consumed from it.</EmptyState>
      ) : (
        <ul aria-label="Active topics" className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface">
          {topics.map((t) => (
            <li key={t} className="px-4 py-2">
              <Link href={topicHref(t)} className="font-mono text-sm text-accent underline-offset-2 hover:underline">
                {t}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={confirming}
        title="Reset active topics"
        confirmLabel="Reset"
        danger
        busy={reset.isPending}
        onConfirm={() => reset.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Forget the {topics.length} recorded active topic{topics.length === 1 ? "" : "s"} of <strong className="font-semibold break-all">{name}</strong>? The topics and their data are not changed.
        </p>
      </ConfirmDialog>
    </div>
  );
}
