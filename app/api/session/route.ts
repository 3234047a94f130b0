import { sessionInfo } from "@/server/console/login";

// Who is signed in, whether authentication is on, and the CSRF token the page sends with changes.
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const info = await sessionInfo(req.headers.get("cookie"));
  if (!info) return Response.json({ error_code: 401, message: "Log in to use the Ferry console" }, { status: 401, headers: { "cache-control": "no-store" } });
  return Response.json(info, { headers: { "cache-control": "no-store" } });
}
