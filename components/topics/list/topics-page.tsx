"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { GuardedButton } from "@/components/auth/guarded-button";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { useSearchParamsState } from "@/components/ui/use-search-params-state";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { TableHead } from "@/components/ui/table-head";
import { topicsQuery } from "@/lib/kafka/queries";
import type { TopicSummary } from "@/lib/kafka/schemas";
import { formatBytes, formatCount } from "@/components/messages/format";
import { ConnectorLinks } from "../connector-links";
import { DeleteTopicDialog } from "../delete-topic-dialog";
import { KafkaGate } from "../kafka-gate";
import { topicsHref } from "../use-kafka-cluster";
import { useTopicConnectors } from "../use-topic-connectors";
import { CreateTopicDialog } from "./create-topic-dialog";

/** The topics of the chosen Kafka cluster: search and the internal-topics toggle are kept in the URL. */
export function TopicsPage() {
  return <KafkaGate>{(kafka) => <TopicsList key={kafka.name} cluster={kafka.name} connect={kafka.connect} connectIsDefault={kafka.connectIsDefault} />}</KafkaGate>;
}

function TopicsList({ cluster, connect, connectIsDefault }: { cluster: string; connect: string | undefined; connectIsDefault: boolean }) {
  const [params, updateParams] = useSearchParamsState();
  const router = useRouter();
  const search = params.get("q") ?? "";
  const showInternal = params.get("internal") === "true";
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const query = useQuery(topicsQuery(cluster));

  const setParam = (key: string, value: string | null) => updateParams({ [key]: value });

  const all = query.data?.topics;
  const names = useMemo(() => (all ?? []).map((t) => t.name), [all]);
  const connectors = useTopicConnectors(connect, names);
  const needle = search.trim().toLowerCase();
  const visible = (all ?? []).filter((t) => (showInternal || !t.internal) && (needle === "" || t.name.toLowerCase().includes(needle))).sort((a, b) => a.name.localeCompare(b.name));
  const hiddenInternal = (all ?? []).filter((t) => t.internal).length;

  return (
    <div className="flex flex-col">
      <PageHeader
        title="Topics"
        description={`Kafka cluster ${cluster}`}
        actions={
          <GuardedButton needs="admin" variant="primary" onClick={() => setCreating(true)}>
            Create topic
          </GuardedButton>
        }
      />
      <div className="flex flex-col gap-4 px-6 py-5 md:px-8">
        <div className="flex flex-wrap items-center gap-4">
          <label className="flex flex-col gap-1 text-xs text-muted">
            Search
            <input type="search" value={search} placeholder="Topic name" onChange={(e) => setParam("q", e.target.value)} className="h-9 w-72 rounded-md border border-border bg-surface px-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-accent" />
          </label>
          <label className="mt-4 inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={showInternal} onChange={(e) => setParam("internal", e.target.checked ? "true" : null)} />
            Show internal topics{hiddenInternal > 0 ? ` (${hiddenInternal})` : ""}
          </label>
          {all ? (
            <span className="mt-4 text-sm text-muted" data-testid="topic-count">
              {visible.length} of {all.length} topics
            </span>
          ) : null}
        </div>
        {connectors.error ? <p className="text-sm text-muted">Connector links unavailable: {connectors.error.message}</p> : null}
        {query.isPending ? (
          <LoadingState label="Loading topics…" />
        ) : query.isError ? (
          <ErrorState title="Could not list the topics" error={query.error} action={<Button size="sm" onClick={() => void query.refetch()}>Try again</Button>} />
        ) : all && all.length === 0 ? (
          <EmptyState title="No topics yet" action={<GuardedButton needs="admin" variant="primary" onClick={() => setCreating(true)}>Create topic</GuardedButton>}>
            Create one here, or create a source connector: it writes its records to a topic, which then shows up here.
          </EmptyState>
        ) : visible.length === 0 ? (
          <EmptyState title="No topic matches">Clear the search{hiddenInternal > 0 && !showInternal ? " or show internal topics" : ""}.</EmptyState>
        ) : (
          <TopicsTable
            topics={visible}
            sizeNote={query.data?.sizeNote}
            href={(t) => topicsHref(`/topics/${encodeURIComponent(t)}`, params)}
            links={(t) => (connect && connectors.byTopic?.get(t)) || []}
            connect={connect}
            connectIsDefault={connectIsDefault}
            onDelete={setDeleting}
          />
        )}
      </div>
      <CreateTopicDialog cluster={cluster} open={creating} onClose={() => setCreating(false)} onCreated={(name) => router.push(topicsHref(`/topics/${encodeURIComponent(name)}`, params))} />
      <DeleteTopicDialog cluster={cluster} topic={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}

function TopicsTable({
  topics,
  sizeNote,
  href,
  links,
  connect,
  connectIsDefault,
  onDelete,
}: {
  topics: TopicSummary[];
  sizeNote: string | undefined;
  href: (topic: string) => string;
  links: (topic: string) => readonly import("@/lib/kafka/topic-connectors").TopicConnectorLink[];
  connect: string | undefined;
  connectIsDefault: boolean;
  onDelete: (topic: string) => void;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <TableHead
          className="border-b border-border"
          columns={[
            "Name",
            { label: "Partitions", align: "right" },
            { label: "Replication", align: "right" },
            { label: "Messages (estimate)", align: "right", title: "End minus start offsets, summed over partitions" },
            { label: "Size", align: "right", title: sizeNote },
            "Cleanup policy",
            "Connectors",
            { label: "Actions", hidden: true },
          ]}
        />
        <tbody>
          {topics.map((t) => {
            const used = links(t.name);
            return (
              <tr key={t.name} data-testid="topic-row" className="border-b border-border/60 last:border-0 hover:bg-surface-muted">
                <td className="px-3 py-2">
                  <Link href={href(t.name)} className="font-mono text-accent underline-offset-2 hover:underline">
                    {t.name}
                  </Link>
                  {t.internal ? <span className="ml-2 rounded border border-border px-1 text-[11px] text-muted">internal</span> : null}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{t.partitions}</td>
                <td className="px-3 py-2 text-right tabular-nums">{t.replicationFactor}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(t.messages)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{t.sizeBytes === null ? <span className="text-muted" title={sizeNote}>unknown</span> : formatBytes(t.sizeBytes)}</td>
                <td className="px-3 py-2">{t.cleanupPolicy ?? <span className="text-muted">unknown</span>}</td>
                <td className="px-3 py-2">{connect && used.length > 0 ? <ConnectorLinks links={used} cluster={connect} isDefault={connectIsDefault} /> : <span className="text-muted">—</span>}</td>
                <td className="px-3 py-2 text-right">
                  <GuardedButton needs="admin" size="sm" variant="ghost" onClick={() => onDelete(t.name)} aria-label={`Delete topic ${t.name}`} className="text-danger">
                    Delete
                  </GuardedButton>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
