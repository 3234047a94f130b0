import type { ClustersResponse, ConnectClusterInfo } from "@/lib/connect/clusters";

/**
 * Which Kafka cluster the topic pages show, from the URL: `?kafka=<name>`, else the Kafka cluster
 * of the selected Connect cluster (`?cluster=`, default the first), else the first configured one;
 * and the Connect cluster whose connectors use those topics. Pure: the page's server render and
 * the browser agree on it.
 */
export function resolveKafkaCluster(clusters: ClustersResponse, search: { kafka?: string | null; cluster?: string | null }) {
  const connect = clusters.connect.find((c) => c.name === (search.cluster ?? clusters.connect[0]?.name));
  const name = search.kafka ?? connect?.kafkaCluster ?? clusters.kafka[0]?.name;
  const linked: ConnectClusterInfo | undefined = connect?.kafkaCluster === name ? connect : clusters.connect.find((c) => c.kafkaCluster === name);
  return {
    name,
    linked,
    linkedIsDefault: linked !== undefined && linked.name === clusters.connect[0]?.name,
    unknown: name !== undefined && !clusters.kafka.some((k) => k.name === name),
  };
}
