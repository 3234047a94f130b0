import { checkAccess } from "@/server/console/access";
import { describeConnectClusters } from "@/server/console/cluster-info";
import { consoleConfig } from "@/server/console/config";

// The configured clusters, each Connect cluster with what its `GET /` says.
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const access = await checkAccess(req, "viewer");
  if (!access.ok) return access.response;
  const connect = await describeConnectClusters(fetch, access.actor);
  const kafka = consoleConfig().kafkaClusters.map(({ name, bootstrapServers }) => ({ name, bootstrapServers }));
  return Response.json({ connect, kafka });
}
