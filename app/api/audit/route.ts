import { consoleActionRole } from "@/lib/auth/roles";
import { checkAccess } from "@/server/console/access";
import { consoleAuditLog } from "@/server/console/console-audit";

// GET ?limit=N: the newest audit entries first (console and REST), for operators and admins.
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const access = await checkAccess(req, consoleActionRole("audit.read"));
  if (!access.ok) return access.response;
  const limit = Number(new URL(req.url).searchParams.get("limit") ?? "500");
  const log = consoleAuditLog();
  const entries = log ? await log.read({ limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 5000) : 500 }) : [];
  return Response.json({ entries, enabled: log !== undefined }, { headers: { "cache-control": "no-store" } });
}
