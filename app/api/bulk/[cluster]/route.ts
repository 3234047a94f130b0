import { connectActionName, connectRequestRole, hasRole, missingRoleMessage } from "@/lib/auth/roles";
import { checkAccess } from "@/server/console/access";
import { bulkCall, bulkRequestSchema, runBulkAction } from "@/server/console/bulk-actions";
import { findConnectCluster } from "@/server/console/config";
import { auditConsoleAction } from "@/server/console/console-audit";
import { unknownCluster } from "@/server/console/connect-proxy";

// One action on many connectors, answered with each connector's outcome. The role the action needs
// is checked once for all; each connector's outcome is one audit entry.
export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ cluster: string }> }): Promise<Response> {
  const { cluster: name } = await params;
  const access = await checkAccess(req, "viewer");
  const parsed = bulkRequestSchema.safeParse(await req.json().catch(() => undefined));
  const audit = (res: Response, action = "connectors.bulk", target?: string) =>
    auditConsoleAction(req, access.ok ? access.actor : access.who, { action, cluster: name, ...(target ? { target } : {}) }, res);
  if (!access.ok) {
    await audit(access.response);
    return access.response;
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json({ error_code: 400, message: issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid body" }, { status: 400 });
  }
  const call = bulkCall(parsed.data.action, "");
  const needed = connectRequestRole(call.method, call.path);
  const action = connectActionName(call.method, call.path);
  if (!hasRole(access.actor.role, needed)) {
    const refused = Response.json({ error_code: 403, message: missingRoleMessage(needed) }, { status: 403 });
    await audit(refused, action);
    return refused;
  }
  const cluster = findConnectCluster(name);
  if (!cluster) return unknownCluster(name);
  const results = await runBulkAction(cluster, parsed.data.action, parsed.data.connectors, fetch, access.actor);
  for (const r of results) {
    await audit(new Response(r.ok ? null : JSON.stringify({ message: r.message }), { status: r.status }), action, r.name);
  }
  return Response.json({ action: parsed.data.action, results });
}
