"use client";

import { GuardedLink } from "@/components/auth/guarded-link";
import type { ConnectClusterInfo } from "@/lib/connect/clusters";
import { ClusterGate } from "@/components/clusters/cluster-gate";
import { clusterHref, useConnectCluster } from "@/components/clusters/use-connect-cluster";
import { PageHeader } from "@/components/ui/page-header";
import { ConnectorsList } from "./connectors-list";
import { PRIMARY_LINK } from "./no-connectors";

/** The cluster the server rendered the list for (its connectors are in the hydrated query cache). */
export interface PrefetchedCluster {
  info: Extract<ConnectClusterInfo, { reachable: true }>;
  isDefault: boolean;
}

export function ConnectorsListPage({ prefetched }: { prefetched?: PrefetchedCluster }) {
  const c = useConnectCluster();
  // While the cluster list is still loading (server render, first paint), the server's answer stands in.
  const info = c.info ?? (c.isPending ? prefetched?.info : undefined);
  const isDefault = c.info ? c.isDefault : (prefetched?.isDefault ?? c.isDefault);
  const name = info?.name ?? c.name;
  const many = (c.clusters?.connect.length ?? 0) > 1;
  return (
    <>
      <PageHeader
        title="Connectors"
        description={many && name ? `On the Connect cluster ${name}` : "Sources and sinks running on this Connect cluster"}
        actions={
          <GuardedLink needs="admin" href={clusterHref("/connectors/new", name, isDefault)} className={PRIMARY_LINK}>
            Create connector
          </GuardedLink>
        }
      />
      <div className="px-6 py-5 md:px-8">
        {info?.reachable ? (
          <ConnectorsList key={info.name} cluster={info.name} isDefault={isDefault} restUrl={info.url} />
        ) : (
          // Loading, unknown or unreachable cluster: the gate says which.
          <ClusterGate>{(gated) => <ConnectorsList key={gated.name} cluster={gated.name} isDefault={c.isDefault} restUrl={gated.url} />}</ClusterGate>
        )}
      </div>
    </>
  );
}
