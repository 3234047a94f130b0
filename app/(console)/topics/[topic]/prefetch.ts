import { QueryClient, dehydrate, type DehydratedState } from "@tanstack/react-query";
import { AUTO_DECODING, DEFAULT_SCAN_FORM, scanParams, type InitialScan } from "@/components/messages/scan-form";
import { resolveKafkaCluster } from "@/components/topics/kafka-cluster";
import type { KafkaChoice } from "@/components/topics/kafka-gate";
import { clustersResponseSchema } from "@/lib/connect/clusters";
import { clustersQuery } from "@/lib/connect/queries";
import { topicQuery } from "@/lib/kafka/queries";
import { scanQuerySchema, scanSearchParams, type WireRecord } from "@/lib/kafka/schemas";
import { describeConnectClusters } from "@/server/console/cluster-info";
import { consoleConfig } from "@/server/console/config";
import { actorOfCookies } from "@/server/console/login";
import { headers } from "next/headers";
import { kafkaClients } from "@/server/kafka/clients";
import { openScan } from "@/server/kafka/message-service";
import { describeTopic } from "@/server/kafka/topic-service";

/**
 * What the topic page's server render fetches so the first paint shows records: the cluster list,
 * the viewer's default scan (newest records) and, when it is quick, the topic's description. A slow
 * or failing cluster never holds the page: past the deadline the browser fetches what is missing.
 */

const PREFETCH_DEADLINE_MS = 800;
/** Results bigger than this are left to the browser's own scan (they would double the HTML). */
const MAX_PREFETCH_BYTES = 2 * 1024 * 1024;

export interface TopicSearch {
  kafka?: string;
  cluster?: string;
  partition?: string;
  offset?: string;
}

export async function prefetchTopicPage(topic: string, search: TopicSearch): Promise<{ state: DehydratedState; initialScan?: InitialScan; kafka?: KafkaChoice }> {
  const queryClient = new QueryClient();
  const abort = new AbortController();
  let initialScan: InitialScan | undefined;
  let choice: KafkaChoice | undefined;
  const work = (async () => {
    const clusters = clustersResponseSchema.parse({
      connect: await describeConnectClusters(fetch, await actorOfCookies((await headers()).get("cookie"))),
      kafka: consoleConfig().kafkaClusters.map(({ name, bootstrapServers }) => ({ name, bootstrapServers })),
    });
    queryClient.setQueryData(clustersQuery().queryKey, clusters);
    const kafka = resolveKafkaCluster(clusters, search);
    if (!kafka.name || kafka.unknown) return;
    // The layout's own cluster queries are created before this page's hydration runs, so the page
    // gets the choice as a prop for its server render.
    choice = { name: kafka.name, connect: kafka.linked?.reachable ? kafka.linked.name : undefined, connectIsDefault: kafka.linkedIsDefault };
    const clients = kafkaClients(kafka.name);
    const cluster = kafka.name;
    // The description (consumer groups, configs) can be slow: it lands only if it beats the scan.
    void describeTopic(clients, topic)
      .then((detail) => {
        if (!abort.signal.aborted) queryClient.setQueryData(topicQuery(cluster, topic).queryKey, detail);
      })
      .catch(() => undefined);
    // A link to one record scans from that record: the browser does it.
    if (search.partition !== undefined && search.offset !== undefined) return;
    const query = scanQuerySchema.parse(Object.fromEntries(scanSearchParams(scanParams(DEFAULT_SCAN_FORM, AUTO_DECODING, []))));
    const scan = await openScan(clients, topic, query, abort.signal);
    const records: WireRecord[] = [];
    let bytes = 0;
    try {
      for await (const event of scan.events()) {
        if (event.type === "records") {
          records.push(...event.records);
          for (const r of event.records) bytes += (r.key?.data.length ?? 0) + (r.value?.data.length ?? 0);
          if (bytes > MAX_PREFETCH_BYTES) return;
        } else if (event.type === "done") {
          initialScan = { kafkaCluster: cluster, records, done: event.done };
          return;
        } else if (event.type === "error") {
          return;
        }
      }
    } finally {
      await scan.close();
    }
  })().catch(() => undefined); // the browser's own requests report any failure
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, PREFETCH_DEADLINE_MS)))]);
  clearTimeout(timer);
  abort.abort();
  return { state: dehydrate(queryClient), initialScan, kafka: choice };
}
