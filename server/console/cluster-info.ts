import { FERRY_VERSION_HEADER } from "../../lib/ferry-version";
import type { ConnectClusterInfo } from "../../lib/connect/clusters";
import { serverInfoSchema } from "../../lib/connect/schemas";
import { consoleConfig, type ConnectCluster } from "./config";
import { callConnect } from "./connect-proxy";
import type { SessionUser } from "./session";

/** `GET /` of each Connect cluster: version, Kafka cluster id, and whether it is Ferry. */
export async function describeConnectClusters(fetchImpl: typeof fetch = fetch, actor?: SessionUser): Promise<ConnectClusterInfo[]> {
  return Promise.all(consoleConfig().connectClusters.map((c) => describeConnectCluster(c, fetchImpl, actor)));
}

export async function describeConnectCluster(cluster: ConnectCluster, fetchImpl: typeof fetch = fetch, actor?: SessionUser): Promise<ConnectClusterInfo> {
  const base = { name: cluster.name, url: cluster.url, kafkaCluster: cluster.kafkaCluster ?? null };
  const res = await callConnect(cluster, { method: "GET", path: [], headers: new Headers({ accept: "application/json" }), actor }, fetchImpl);
  const body: unknown = await res.json().catch(() => null);
  const info = serverInfoSchema.safeParse(body);
  if (!res.ok || !info.success) {
    const message = (body as { message?: unknown } | null)?.message;
    return { ...base, reachable: false, error: typeof message === "string" ? message : `GET / answered HTTP ${res.status}` };
  }
  const ferryVersion = res.headers.get(FERRY_VERSION_HEADER);
  return {
    ...base,
    reachable: true,
    version: info.data.version,
    kafkaClusterId: info.data.kafka_cluster_id,
    ferry: ferryVersion ? { version: ferryVersion } : null,
  };
}
