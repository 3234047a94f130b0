import { queryOptions } from "@tanstack/react-query";
import { connectClient, fetchClusters } from "./client";
import { workersFromFerry, workersFromStatuses } from "./workers";

/**
 * TanStack Query option factories: one place for each query's key and fetcher, so pages, prefetches
 * and invalidations agree. Keys start with ["connect", cluster] to invalidate a cluster at once.
 */
export const connectKeys = {
  all: (cluster: string) => ["connect", cluster] as const,
  connectors: (cluster: string) => ["connect", cluster, "connectors"] as const,
  connector: (cluster: string, name: string) => ["connect", cluster, "connector", name] as const,
  plugins: (cluster: string) => ["connect", cluster, "plugins"] as const,
  workers: (cluster: string) => ["connect", cluster, "workers"] as const,
};

export const clustersQuery = () => queryOptions({ queryKey: ["clusters"], queryFn: () => fetchClusters(), staleTime: 60_000 });

/** The connectors list: one batched expanded request per refresh. */
export const connectorsQuery = (cluster: string, refetchInterval: number | false = false) =>
  queryOptions({
    queryKey: connectKeys.connectors(cluster),
    queryFn: () => connectClient(cluster).listConnectors(),
    refetchInterval,
    staleTime: 2_000,
  });

export const connectorStatusQuery = (cluster: string, name: string, refetchInterval: number | false = false) =>
  queryOptions({
    queryKey: [...connectKeys.connector(cluster, name), "status"],
    queryFn: () => connectClient(cluster).connectorStatus(name),
    refetchInterval,
    staleTime: 1_000,
  });

export const connectorInfoQuery = (cluster: string, name: string) =>
  queryOptions({ queryKey: [...connectKeys.connector(cluster, name), "info"], queryFn: () => connectClient(cluster).connectorInfo(name) });

export const connectorTopicsQuery = (cluster: string, name: string) =>
  queryOptions({ queryKey: [...connectKeys.connector(cluster, name), "topics"], queryFn: () => connectClient(cluster).connectorTopics(name) });

export const connectorOffsetsQuery = (cluster: string, name: string) =>
  queryOptions({ queryKey: [...connectKeys.connector(cluster, name), "offsets"], queryFn: () => connectClient(cluster).connectorOffsets(name), staleTime: 0 });

export const pluginsQuery = (cluster: string, connectorsOnly = true) =>
  queryOptions({
    queryKey: [...connectKeys.plugins(cluster), connectorsOnly ? "connectors" : "all"],
    queryFn: () => connectClient(cluster).plugins(connectorsOnly),
    staleTime: 5 * 60_000,
  });

export const pluginConfigQuery = (cluster: string, plugin: string) =>
  queryOptions({
    queryKey: [...connectKeys.plugins(cluster), "config", plugin],
    queryFn: () => connectClient(cluster).pluginConfig(plugin),
    staleTime: 5 * 60_000,
  });

/** The cluster's workers: from Ferry's own endpoint, or derived from the statuses of any other cluster. */
export const workersQuery = (cluster: string, ferry: boolean, refetchInterval: number | false = false) =>
  queryOptions({
    queryKey: [...connectKeys.workers(cluster), ferry ? "ferry" : "statuses"],
    queryFn: async () => {
      const client = connectClient(cluster);
      return ferry ? workersFromFerry(await client.ferryWorkers()) : workersFromStatuses(await client.listConnectors());
    },
    refetchInterval,
    staleTime: 2_000,
  });
