import { bulkRequestSchema, runBulkAction } from "@/server/console/bulk-actions";
import { findConnectCluster } from "@/server/console/config";
import { unknownCluster } from "@/server/console/connect-proxy";

// One action on many connectors, answered with each connector's outcome.
export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ cluster: string }> }): Promise<Response> {
  const { cluster: name } = await params;
  const cluster = findConnectCluster(name);
  if (!cluster) return unknownCluster(name);
  const parsed = bulkRequestSchema.safeParse(await req.json().catch(() => undefined));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json({ error_code: 400, message: issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid body" }, { status: 400 });
  }
  const results = await runBulkAction(cluster, parsed.data.action, parsed.data.connectors);
  return Response.json({ action: parsed.data.action, results });
}
