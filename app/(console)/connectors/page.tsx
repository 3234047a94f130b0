import { HydrationBoundary, QueryClient, dehydrate, type DehydratedState } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ConnectorsListPage, type PrefetchedCluster } from "@/components/connectors/list/connectors-list-page";
import { expandedConnectorsSchema } from "@/lib/connect/client";
import { clustersResponseSchema } from "@/lib/connect/clusters";
import { clustersQuery, connectorsQuery } from "@/lib/connect/queries";
import { describeConnectClusters } from "@/server/console/cluster-info";
import { consoleConfig, findConnectCluster } from "@/server/console/config";
import { callConnect } from "@/server/console/connect-proxy";
import { maskConnectBody } from "@/server/console/connect-secrets";
import { actorOfCookies } from "@/server/console/login";
import { headers } from "next/headers";

export const metadata: Metadata = { title: "Connectors" };
// Rendered per request with the list fetched on the server: the first paint already shows it.
export const dynamic = "force-dynamic";

/** A slow cluster must not hold the page: past this, the browser fetches what is missing. */
const PREFETCH_DEADLINE_MS = 1000;

export default async function ConnectorsPage({ searchParams }: { searchParams: Promise<{ cluster?: string | string[] }> }) {
  const { cluster } = await searchParams;
  const actor = await actorOfCookies((await headers()).get("cookie"));
  const { state, prefetched } = await prefetchList(typeof cluster === "string" ? cluster : undefined, actor);
  return (
    // No <Suspense> here: rendered per request, useSearchParams does not suspend, and a boundary would
    // stream the list as a late chunk that React reveals with a delay (its reveal throttle).
    <HydrationBoundary state={state}>
      <ConnectorsListPage prefetched={prefetched} />
    </HydrationBoundary>
  );
}

/** The cluster list (as GET /api/clusters answers it) and the shown cluster's connectors (as the proxy does). */
async function prefetchList(requested: string | undefined, actor: Awaited<ReturnType<typeof actorOfCookies>>): Promise<{ state: DehydratedState; prefetched?: PrefetchedCluster }> {
  const queryClient = new QueryClient();
  let prefetched: PrefetchedCluster | undefined;
  const work = (async () => {
    const clusters = clustersResponseSchema.parse({
      connect: await describeConnectClusters(fetch, actor),
      kafka: consoleConfig().kafkaClusters.map(({ name, bootstrapServers }) => ({ name, bootstrapServers })),
    });
    queryClient.setQueryData(clustersQuery().queryKey, clusters);
    const defaultName = clusters.connect[0]?.name;
    const info = clusters.connect.find((c) => c.name === (requested ?? defaultName));
    const cluster = info?.reachable ? findConnectCluster(info.name) : undefined;
    if (!info?.reachable || !cluster) return;
    // Configs are masked as the proxy masks them: a secret never reaches the page's HTML.
    const search = "?expand=status&expand=info";
    const res = await callConnect(cluster, { method: "GET", path: ["connectors"], search, actor });
    const parsed = res.ok ? expandedConnectorsSchema.safeParse(await maskConnectBody({ cluster, actor }, "GET", ["connectors"], search, await res.json())) : undefined;
    if (!parsed?.success) return;
    queryClient.setQueryData(connectorsQuery(cluster.name).queryKey, parsed.data);
    prefetched = { info, isDefault: info.name === defaultName };
  })().catch(() => undefined); // the browser's own requests report any failure
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, PREFETCH_DEADLINE_MS)))]);
  clearTimeout(timer);
  return { state: dehydrate(queryClient), prefetched };
}
