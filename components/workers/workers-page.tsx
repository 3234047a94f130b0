"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { ClusterGate } from "@/components/clusters/cluster-gate";
import { clusterHref, useConnectCluster } from "@/components/clusters/use-connect-cluster";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { StatusIcon } from "@/components/ui/status-icon";
import { TableHead } from "@/components/ui/table-head";
import { workersQuery } from "@/lib/connect/queries";
import { tasksByConnector, type ClusterWorker, type ClusterWorkers } from "@/lib/connect/workers";

/** Workers change with rebalances: refresh while the page is open. */
const REFRESH_MS = 5_000;

/** The workers of the selected Connect cluster: leader, and the connectors and tasks each runs. */
export function WorkersPage() {
  const { name, isDefault } = useConnectCluster();
  const href = (h: string) => clusterHref(h, name, isDefault);
  return (
    <>
      <PageHeader title="Workers" description="The workers of the Connect cluster and the connectors and tasks each one runs." />
      <div className="flex flex-col gap-5 px-6 py-5 md:px-8">
        <ClusterGate>{(cluster) => <WorkersView cluster={cluster.name} ferry={cluster.ferry !== null} href={href} />}</ClusterGate>
      </div>
    </>
  );
}

function WorkersView({ cluster, ferry, href }: { cluster: string; ferry: boolean; href: (h: string) => string }) {
  const query = useQuery(workersQuery(cluster, ferry, REFRESH_MS));
  if (query.isPending) return <LoadingState label="Looking up workers…" />;
  if (query.error) return <ErrorState title="The workers could not be listed" error={query.error} />;
  return <WorkersTable view={query.data} href={href} />;
}

function WorkersTable({ view, href }: { view: ClusterWorkers; href: (h: string) => string }) {
  const tasks = view.workers.reduce((n, w) => n + w.tasks.length, 0);
  return (
    <div className="flex flex-col gap-3" data-ready="true">
      <p className="text-sm text-muted" data-testid="workers-summary">
        {view.workers.length} {view.workers.length === 1 ? "worker" : "workers"}, {tasks} {tasks === 1 ? "task" : "tasks"}.{" "}
        {view.source === "ferry"
          ? `As worker ${view.reportedBy ?? "?"} saw the cluster after its last rebalance.`
          : "Kafka Connect does not list its workers: these are the workers named by the connectors' and tasks' statuses, so a worker that runs nothing is not shown and the leader is unknown."}
      </p>
      {view.workers.length === 0 ? (
        <EmptyState title="No workers seen yet">
          {view.source === "ferry"
            ? "The worker has not completed its first rebalance yet; the list appears once the group has formed."
            : "No connector or task runs yet, so no status names a worker."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Workers</caption>
            <TableHead columns={["Worker", "Role", "Connectors", "Tasks"]} />
            <tbody className="divide-y divide-border bg-surface">
              {view.workers.map((w) => (
                <WorkerRow key={w.id} worker={w} href={href} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function WorkerRow({ worker, href }: { worker: ClusterWorker; href: (h: string) => string }) {
  const connectorLink = (name: string, label: string = name) => (
    <Link className="font-mono text-xs text-accent hover:underline" href={href(`/connectors/${encodeURIComponent(name)}`)}>
      {label}
    </Link>
  );
  return (
    <tr data-worker={worker.id} className="align-top">
      <td className="px-3 py-2 font-mono text-xs">{worker.id}</td>
      <td className="px-3 py-2" data-col="role">
        {worker.leader === true ? (
          <span data-testid="leader-badge" className="inline-flex items-center gap-1.5 text-xs font-semibold tracking-wide text-accent">
            <StatusIcon tone="info" shape="check" />
            Leader
          </span>
        ) : worker.leader === false ? (
          <span className="text-xs text-muted">Member</span>
        ) : (
          <span className="text-xs text-muted" title="Kafka Connect does not say which worker leads">—</span>
        )}
      </td>
      <CountCell column="connectors" countId="connector-count" count={worker.connectors.length} gap="gap-x-2">
        {worker.connectors.map((c) => (
          <span key={c}>{connectorLink(c)}</span>
        ))}
      </CountCell>
      <CountCell column="tasks" countId="task-count" count={worker.tasks.length} gap="gap-x-3">
        {tasksByConnector(worker.tasks).map(([connector, ids]) => (
          <span key={connector} data-tasks-of={connector}>
            {connectorLink(connector)}
            <span className="font-mono text-xs text-muted">
              {" "}
              #{ids.join(", #")}
            </span>
          </span>
        ))}
      </CountCell>
    </tr>
  );
}

/** A table cell with a count and the items it counts. */
function CountCell({ column, countId, count, gap, children }: { column: string; countId: string; count: number; gap: string; children: ReactNode }) {
  return (
    <td className="px-3 py-2" data-col={column}>
      <span className="mr-2 font-semibold tabular-nums" data-testid={countId}>
        {count}
      </span>
      <span className={`inline-flex flex-wrap ${gap} gap-y-1`}>{children}</span>
    </td>
  );
}
