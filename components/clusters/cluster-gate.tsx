"use client";

import type { ReactNode } from "react";
import type { ConnectClusterInfo } from "@/lib/connect/clusters";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useConnectCluster } from "./use-connect-cluster";

/**
 * Renders `children` with the selected Connect cluster once it is known and reachable; otherwise
 * says what is wrong (none configured, unknown name, cluster down).
 */
export function ClusterGate({ children }: { children: (cluster: Extract<ConnectClusterInfo, { reachable: true }>) => ReactNode }) {
  const c = useConnectCluster();
  if (c.isPending) return <LoadingState label="Looking up Connect clusters…" />;
  if (c.error) return <Padded><ErrorState title="The console server did not answer" error={c.error} /></Padded>;
  if (c.unknown) return <Padded><ErrorState title="Unknown Connect cluster" error={`No Connect cluster is configured under that name. Known: ${c.clusters?.connect.map((x) => x.name).join(", ") || "none"}.`} /></Padded>;
  if (!c.info) {
    return (
      <Padded>
        <ErrorState
          title="No Connect cluster configured"
          error="Start the console with `ferry start` (its worker is the default cluster), or name clusters with FERRY_CONNECT_CLUSTERS or a FERRY_CONSOLE_CONFIG file."
        />
      </Padded>
    );
  }
  if (!c.info.reachable) return <Padded><ErrorState title={`Connect cluster '${c.info.name}' is unreachable`} error={c.info.error} /></Padded>;
  return <>{children(c.info)}</>;
}

function Padded({ children }: { children: ReactNode }) {
  return <div className="px-6 py-6 md:px-8">{children}</div>;
}
