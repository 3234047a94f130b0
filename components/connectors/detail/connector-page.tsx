"use client";

import { ClusterGate } from "@/components/clusters/cluster-gate";
import { useConnectCluster } from "@/components/clusters/use-connect-cluster";
import { ConnectorDetail } from "./connector-detail";

/** The connector page on the cluster chosen by `?cluster=`. */
export function ConnectorPage({ name }: { name: string }) {
  const { isDefault } = useConnectCluster();
  return <ClusterGate>{(cluster) => <ConnectorDetail key={`${cluster.name}/${name}`} cluster={cluster.name} isDefault={isDefault} name={name} />}</ClusterGate>;
}
