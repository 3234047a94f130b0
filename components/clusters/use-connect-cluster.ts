"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import type { ConnectClusterInfo } from "@/lib/connect/clusters";
import { clustersQuery } from "@/lib/connect/queries";

/**
 * The Connect cluster a page works on: `?cluster=<name>` in the URL, else the first configured one
 * (the bundled worker under `ferry start`). Pages that call this sit under a <Suspense> boundary.
 */
export function useConnectCluster() {
  const params = useSearchParams();
  const query = useQuery(clustersQuery());
  const requested = params.get("cluster");
  const defaultName = query.data?.connect[0]?.name;
  const name = requested ?? defaultName;
  const info: ConnectClusterInfo | undefined = query.data?.connect.find((c) => c.name === name);
  return {
    /** undefined while the cluster list loads. */
    name: query.data ? name : undefined,
    info,
    isDefault: name === defaultName,
    clusters: query.data,
    isPending: query.isPending,
    error: query.error,
    /** A `?cluster=` that names no configured cluster. */
    unknown: requested !== null && query.data !== undefined && info === undefined,
  };
}

/** `href` on the same cluster: adds `cluster=` unless it is the default one. */
export function clusterHref(href: string, cluster: string | undefined, isDefault: boolean): string {
  if (!cluster || isDefault) return href;
  return `${href}${href.includes("?") ? "&" : "?"}cluster=${encodeURIComponent(cluster)}`;
}
