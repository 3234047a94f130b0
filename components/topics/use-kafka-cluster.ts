"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { clustersQuery } from "@/lib/connect/queries";
import { resolveKafkaCluster } from "./kafka-cluster";

/** The Kafka cluster the topic pages work on, chosen by the URL (see resolveKafkaCluster). */
export function useKafkaCluster() {
  const params = useSearchParams();
  const query = useQuery(clustersQuery());
  const data = query.data;
  const resolved = data ? resolveKafkaCluster(data, { kafka: params.get("kafka"), cluster: params.get("cluster") }) : undefined;
  return {
    name: resolved?.name,
    clusters: data,
    /** The Connect cluster linked to this Kafka cluster, when one is configured and reachable. */
    connect: resolved?.linked?.reachable ? resolved.linked : undefined,
    /** Whether that Connect cluster is the default one (links then need no `?cluster=`). */
    connectIsDefault: resolved?.linkedIsDefault ?? false,
    isPending: query.isPending,
    error: query.error,
    unknown: resolved?.unknown ?? false,
  };
}

/** A topic-pages link that keeps the chosen clusters (`kafka`, `cluster`) of the current URL. */
export function topicsHref(path: string, params: URLSearchParams | { get(name: string): string | null }, extra: Record<string, string> = {}): string {
  const next = new URLSearchParams();
  for (const key of ["kafka", "cluster"]) {
    const v = params.get(key);
    if (v) next.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) next.set(k, v);
  const search = next.toString();
  return search ? `${path}?${search}` : path;
}
