import { findConnectCluster } from "@/server/console/config";
import { callConnect, unknownCluster } from "@/server/console/connect-proxy";

// The Connect REST API of one configured cluster, proxied for the browser.
export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ cluster: string; path?: string[] }>;
}

async function proxy(req: Request, { params }: Context): Promise<Response> {
  const { cluster: name, path = [] } = await params;
  const cluster = findConnectCluster(name);
  if (!cluster) return unknownCluster(name);
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
  return callConnect(cluster, { method: req.method, path, search: new URL(req.url).search, headers: req.headers, body });
}

export { proxy as GET, proxy as POST, proxy as PUT, proxy as PATCH, proxy as DELETE };
