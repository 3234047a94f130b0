"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { clusterHref } from "@/components/clusters/use-connect-cluster";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Tabs } from "@/components/ui/tabs";
import { connectorInfoQuery, connectorTopicsQuery } from "@/lib/connect/queries";
import { ConfigurationTab } from "./configuration-tab";
import { ConnectorActionBar } from "./connector-actions";
import { ConnectorNotFound } from "./connector-not-found";
import { DlqLink } from "./dlq-link";
import { FailureNotices } from "./failure-notices";
import { OffsetsTab } from "./offsets-tab";
import { isNotFound, retryUnlessNotFound } from "./query-retry";
import { SummaryStrip } from "./summary-strip";
import { useDetailTab, type DetailTab } from "./tab-param";
import { TasksTab } from "./tasks-tab";
import { TopicsTab } from "./topics-tab";
import { TraceDialog, type TraceSubject } from "./trace-dialog";
import { useConnectorActions } from "./use-connector-actions";
import { useConnectorLive } from "./use-connector-live";

const TAB_LABELS: Record<DetailTab, string> = { tasks: "Tasks", configuration: "Configuration", topics: "Topics", offsets: "Offsets" };

/** The connector page: header with actions, summary, failures, and the Tasks/Configuration/Topics/Offsets tabs. */
export function ConnectorDetail({ cluster, isDefault, name }: { cluster: string; isDefault: boolean; name: string }) {
  const [deleted, setDeleted] = useState(false);
  const [trace, setTrace] = useState<TraceSubject | null>(null);
  const [tab, setTab] = useDetailTab();
  const href = (path: string) => clusterHref(path, cluster, isDefault);
  const listHref = href("/connectors");
  const topicHref = (topic: string) => href(`/topics/${encodeURIComponent(topic)}`);

  const info = useQuery({ ...connectorInfoQuery(cluster, name), enabled: !deleted, retry: retryUnlessNotFound });
  const topics = useQuery({ ...connectorTopicsQuery(cluster, name), enabled: !deleted && info.isSuccess, retry: retryUnlessNotFound });
  const live = useConnectorLive(cluster, name, !deleted && info.isSuccess);
  const status = live.status.data;
  const actions = useConnectorActions({
    cluster,
    name,
    taskCount: status?.tasks.length ?? 0,
    listHref,
    beginSettle: live.beginSettle,
    onDeleted: () => setDeleted(true),
  });

  const breadcrumb = (
    <nav aria-label="Breadcrumb">
      <ol className="flex items-center gap-1.5">
        <li>
          <Link href={listHref} className="text-accent underline-offset-2 hover:underline">
            Connectors
          </Link>
        </li>
        <li aria-hidden="true">/</li>
        <li aria-current="page" className="truncate">
          {name}
        </li>
      </ol>
    </nav>
  );

  if (deleted) return <LoadingState label={`Deleted ${name}; back to the list…`} />;
  if (isNotFound(info.error)) return <ConnectorNotFound name={name} cluster={cluster} listHref={listHref} />;

  const locked = live.waiting !== null;
  return (
    <div className="flex flex-col">
      <PageHeader title={name} breadcrumb={breadcrumb} actions={<ConnectorActionBar status={status} actions={actions} locked={locked} />} />
      {info.isPending ? (
        <LoadingState label={`Loading ${name}…`} />
      ) : info.isError ? (
        <div className="px-6 py-6 md:px-8">
          <ErrorState title={`Could not load ${name}`} error={info.error} action={<Button size="sm" onClick={() => void info.refetch()}>Try again</Button>} />
        </div>
      ) : (
        <>
          <div className="flex flex-col gap-3 px-6 pt-5 md:px-8">
            <SummaryStrip
              info={info.data}
              status={status}
              statusError={live.status.isError ? (isNotFound(live.status.error) ? "no status yet" : live.status.error.message) : undefined}
              waiting={live.waiting}
              topics={topics.data ? { list: [...(topics.data[name]?.topics ?? [])].sort() } : topics.isError ? { error: topics.error.message } : undefined}
              topicHref={topicHref}
            />
            <DlqLink info={info.data} topicHref={topicHref} />
            {status ? <FailureNotices status={status} onShowTrace={setTrace} onShowTasks={() => setTab("tasks")} /> : null}
          </div>
          <div className="mt-4">
            <Tabs label="Connector views" value={tab} onChange={setTab} tabs={(Object.keys(TAB_LABELS) as DetailTab[]).map((id) => ({ id, label: TAB_LABELS[id] }))}>
              {tab === "tasks" ? (
                status ? (
                  <TasksTab status={status} actions={actions} locked={locked} onShowTrace={setTrace} />
                ) : live.status.isError && !isNotFound(live.status.error) ? (
                  <ErrorState title="Could not load the status" error={live.status.error} />
                ) : (
                  <LoadingState label="Waiting for the connector's status…" />
                )
              ) : null}
              {tab === "configuration" ? <ConfigurationTab cluster={cluster} name={name} config={info.data.config} /> : null}
              {tab === "topics" ? <TopicsTab cluster={cluster} name={name} topicHref={topicHref} /> : null}
              {tab === "offsets" ? (
                <OffsetsTab cluster={cluster} name={name} state={status?.connector.state ?? "UNASSIGNED"} type={status?.type ?? info.data.type} actions={actions} locked={locked} />
              ) : null}
            </Tabs>
          </div>
        </>
      )}
      {actions.dialog}
      <TraceDialog subject={trace} onClose={() => setTrace(null)} />
    </div>
  );
}
