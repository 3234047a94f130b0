"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { connectorsQuery } from "@/lib/connect/queries";
import { connectorsByTopic, type ConnectorConfigLike } from "@/lib/kafka/topic-connectors";

/** The connectors of the linked Connect cluster that use each of `topics` (one batched request). */
export function useTopicConnectors(connectCluster: string | undefined, topics: readonly string[]) {
  const query = useQuery({ ...connectorsQuery(connectCluster ?? ""), enabled: connectCluster !== undefined });
  const byTopic = useMemo(() => {
    if (!query.data) return undefined;
    const connectors: ConnectorConfigLike[] = [];
    for (const [name, entry] of Object.entries(query.data)) {
      if (entry.info) connectors.push({ name, type: entry.info.type, config: entry.info.config });
    }
    return connectorsByTopic(connectors, topics);
  }, [query.data, topics]);
  return { byTopic, error: query.error, isPending: connectCluster !== undefined && query.isPending };
}
