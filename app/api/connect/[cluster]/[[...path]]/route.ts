import { connectActionName, connectRequestRole } from "@/lib/auth/roles";
import { checkAccess, isMutation } from "@/server/console/access";
import { findConnectCluster } from "@/server/console/config";
import { auditConsoleAction } from "@/server/console/console-audit";
import { callConnect, unknownCluster } from "@/server/console/connect-proxy";
import { maskConnectBody, MaskedSecretError, restoreSecretsInBody } from "@/server/console/connect-secrets";

// The Connect REST API of one configured cluster, proxied for the browser: the user's role is
// checked first, secrets are masked on the way out and kept (never overwritten by the mask) on the
// way in, and every change is recorded in the audit log.
export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ cluster: string; path?: string[] }>;
}

/** A validation only reads; it is checked like a change (CSRF, role) but not recorded. */
function isAudited(method: string, path: readonly string[]): boolean {
  return isMutation(method) && !(path[0] === "connector-plugins" && path.at(-1) === "validate");
}

function target(path: readonly string[]): string | undefined {
  const [first, name, sub, task] = path;
  if (first !== "connectors" || name === undefined) return undefined;
  return sub === "tasks" && task !== undefined ? `${name}/${task}` : name;
}

async function proxy(req: Request, { params }: Context): Promise<Response> {
  const { cluster: name, path = [] } = await params;
  const access = await checkAccess(req, connectRequestRole(req.method, path));
  let response: Response;
  if (!access.ok) response = access.response;
  else {
    const cluster = findConnectCluster(name);
    if (!cluster) return unknownCluster(name);
    response = await forward(req, path, { cluster, actor: access.actor });
  }
  if (isAudited(req.method, path)) {
    let bodyName: string | undefined;
    if (path[0] === "connectors" && path.length === 1 && req.method === "POST") bodyName = await nameOf(req);
    await auditConsoleAction(req, access.ok ? access.actor : access.who, { action: connectActionName(req.method, path), target: target(path) ?? bodyName, cluster: name }, response);
  }
  return response;
}

async function nameOf(req: Request): Promise<string | undefined> {
  try {
    const body = (await req.clone().json()) as { name?: unknown };
    return typeof body.name === "string" ? body.name : undefined;
  } catch {
    return undefined;
  }
}

async function forward(req: Request, path: string[], ctx: Parameters<typeof maskConnectBody>[0]): Promise<Response> {
  const search = new URL(req.url).search;
  const raw = req.method === "GET" || req.method === "HEAD" ? undefined : await req.clone().arrayBuffer();
  let body: BodyInit | undefined = raw;
  if (raw !== undefined && raw.byteLength > 0) {
    try {
      const restored = await restoreSecretsInBody(ctx, req.method, path, JSON.parse(new TextDecoder().decode(raw)));
      if (restored !== undefined) body = JSON.stringify(restored);
    } catch (err) {
      if (err instanceof MaskedSecretError) return Response.json({ error_code: 400, message: err.message }, { status: 400 });
      // Not JSON: the cluster answers it.
    }
  }
  const res = await callConnect(ctx.cluster, { method: req.method, path, search, headers: req.headers, body, actor: ctx.actor });
  if (!(res.headers.get("content-type") ?? "").includes("json") || res.status === 204) return res;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new Response(text, { status: res.status, headers: res.headers });
  }
  const masked = res.ok ? await maskConnectBody(ctx, req.method, path, search, parsed) : undefined;
  return new Response(masked === undefined ? text : JSON.stringify(masked), { status: res.status, headers: res.headers });
}

export { proxy as GET, proxy as POST, proxy as PUT, proxy as PATCH, proxy as DELETE };
