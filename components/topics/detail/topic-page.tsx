"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { MessageViewer } from "@/components/messages/message-viewer";
import type { InitialScan } from "@/components/messages/scan-form";
import { formatCount } from "@/components/messages/format";
import { GuardedButton } from "@/components/auth/guarded-button";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Tabs } from "@/components/ui/tabs";
import { KafkaApiError } from "@/lib/kafka/client";
import { topicQuery } from "@/lib/kafka/queries";
import { ConnectorLinks } from "../connector-links";
import { DeleteTopicDialog } from "../delete-topic-dialog";
import { KafkaGate, type KafkaChoice } from "../kafka-gate";
import { topicsHref } from "../use-kafka-cluster";
import { useTopicConnectors } from "../use-topic-connectors";
import { ConfigsTab } from "./configs-tab";
import { ConsumersTab } from "./consumers-tab";
import { PartitionsTab } from "./partitions-tab";
import { TOPIC_TABS, useTopicTab, type TopicTab } from "./topic-tab-param";

const TAB_LABELS: Record<TopicTab, string> = { messages: "Messages", partitions: "Partitions", configuration: "Configuration", consumers: "Consumer groups", connectors: "Connectors" };

const notFound = (err: unknown) => err instanceof KafkaApiError && err.status === 404;

export function TopicPage({ topic, initialScan, prefetched }: { topic: string; initialScan?: InitialScan; prefetched?: KafkaChoice }) {
  return (
    <KafkaGate prefetched={prefetched}>
      {(kafka) => <TopicDetailView key={`${kafka.name}/${topic}`} cluster={kafka.name} topic={topic} connect={kafka.connect} connectIsDefault={kafka.connectIsDefault} initialScan={initialScan} />}
    </KafkaGate>
  );
}

function TopicDetailView({
  cluster,
  topic,
  connect,
  connectIsDefault,
  initialScan,
}: {
  cluster: string;
  topic: string;
  connect: string | undefined;
  connectIsDefault: boolean;
  initialScan?: InitialScan;
}) {
  const params = useSearchParams();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [tab, setTab] = useTopicTab();
  const [deleting, setDeleting] = useState(false);
  // Refreshed now and then: offsets and lag move while the page is open.
  const query = useQuery({ ...topicQuery(cluster, topic), retry: (n, err) => !notFound(err) && n < 2, refetchInterval: 10_000 });
  const topics = useMemo(() => [topic], [topic]);
  const connectors = useTopicConnectors(connect, topics);
  const links = connectors.byTopic?.get(topic) ?? [];
  const listHref = topicsHref("/topics", params);

  const breadcrumb = (
    <nav aria-label="Breadcrumb">
      <ol className="flex items-center gap-1.5">
        <li>
          <Link href={listHref} className="text-accent underline-offset-2 hover:underline">
            Topics
          </Link>
        </li>
        <li aria-hidden="true">/</li>
        <li aria-current="page" className="truncate">
          {topic}
        </li>
      </ol>
    </nav>
  );

  if (notFound(query.error)) {
    return (
      <div className="flex flex-col">
        <PageHeader title={topic} breadcrumb={breadcrumb} />
        <div className="px-6 py-6 md:px-8">
          <EmptyState title="No such topic" action={<Link href={listHref} className="text-accent underline">Back to the topics</Link>}>
            Kafka cluster {cluster} has no topic named <span className="font-mono">{topic}</span>. It may have been deleted, or it is created when a connector first writes to it.
          </EmptyState>
        </div>
      </div>
    );
  }

  const detail = query.data;
  const cleanup = detail?.configs?.find((c) => c.name === "cleanup.policy")?.value;
  return (
    <div className="flex flex-col">
      <PageHeader
        title={<span className="font-mono">{topic}</span>}
        breadcrumb={breadcrumb}
        actions={
          <GuardedButton needs="admin" variant="danger" onClick={() => setDeleting(true)}>
            Delete topic
          </GuardedButton>
        }
      />
      <div className="px-6 pt-5 md:px-8">
        {query.isPending ? (
          <LoadingState label={`Loading ${topic}…`} />
        ) : query.isError ? (
          <ErrorState title={`Could not load ${topic}`} error={query.error} action={<Button size="sm" onClick={() => void query.refetch()}>Try again</Button>} />
        ) : (
          <>
            <dl className="flex flex-wrap gap-x-10 gap-y-3 rounded-lg border border-border bg-surface px-4 py-3 text-sm">
              <Item label="Partitions">{detail?.partitions.length}</Item>
              <Item label="Replication">{detail?.replicationFactor}</Item>
              <Item label="Messages (estimate)">{formatCount(detail?.messages ?? 0)}</Item>
              <Item label="Cleanup policy">{cleanup ?? "unknown"}</Item>
              <Item label="Connectors">
                {connect === undefined ? <span className="text-muted">no linked Connect cluster</span> : links.length > 0 ? <ConnectorLinks links={links} cluster={connect} isDefault={connectIsDefault} /> : <span className="text-muted">none</span>}
              </Item>
            </dl>
            {detail?.notes.map((n) => (
              <p key={n} className="mt-2 text-xs text-muted">
                {n}
              </p>
            ))}
          </>
        )}
      </div>
      <div className="mt-4">
        <Tabs label="Topic views" value={tab} onChange={setTab} tabs={TOPIC_TABS.map((id) => ({ id, label: TAB_LABELS[id] }))}>
          {/* The viewer starts with the page (not after the describe) and stays mounted behind other tabs, so a running scan or tail is not lost. */}
          <div hidden={tab !== "messages"}>
            <MessageViewer cluster={cluster} topic={topic} partitions={detail?.partitions.length ?? 0} initialScan={initialScan} onProduced={() => void queryClient.invalidateQueries({ queryKey: topicQuery(cluster, topic).queryKey })} />
          </div>
          {tab !== "messages" && !detail ? (query.isError ? <ErrorState title={`Could not load ${topic}`} error={query.error} /> : <LoadingState />) : null}
          {tab === "partitions" && detail ? <PartitionsTab partitions={detail.partitions} /> : null}
          {tab === "configuration" && detail ? <ConfigsTab configs={detail.configs} /> : null}
          {tab === "consumers" && detail ? <ConsumersTab groups={detail.consumerGroups} /> : null}
          {tab === "connectors" ? (
            connect === undefined ? (
              <EmptyState title="No linked Connect cluster">No configured Connect cluster writes to Kafka cluster {cluster}.</EmptyState>
            ) : connectors.isPending ? (
              <LoadingState label="Loading connectors…" />
            ) : connectors.error ? (
              <ErrorState title="Could not list the connectors" error={connectors.error} />
            ) : links.length === 0 ? (
              <EmptyState title="No connector uses this topic">A source connector&apos;s topic, a sink&apos;s topics or topics.regex, or a sink&apos;s dead letter queue links it here.</EmptyState>
            ) : (
              <ConnectorLinks links={links} cluster={connect} isDefault={connectIsDefault} />
            )
          ) : null}
        </Tabs>
      </div>
      <DeleteTopicDialog cluster={cluster} topic={deleting ? topic : null} onClose={() => setDeleting(false)} onDeleted={() => router.push(listHref)} />
    </div>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex max-w-[28rem] min-w-0 flex-col gap-1">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
