import { describeConnectClusters } from "@/server/console/cluster-info";
import { consoleConfig } from "@/server/console/config";

// The configured clusters, each Connect cluster with what its `GET /` says.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const connect = await describeConnectClusters();
  const kafka = consoleConfig().kafkaClusters.map(({ name, bootstrapServers }) => ({ name, bootstrapServers }));
  return Response.json({ connect, kafka });
}
