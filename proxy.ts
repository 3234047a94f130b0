import { NextResponse, type NextRequest } from "next/server";
import { hasSession } from "./server/console/login";

/**
 * With authentication on, a page asked for without a valid session goes to the login page, which
 * brings the user back afterwards. API routes check the session themselves (and answer 401).
 */
export async function proxy(req: NextRequest): Promise<NextResponse> {
  const { pathname, search } = req.nextUrl;
  if (pathname === "/login" || (await hasSession(req.headers.get("cookie")))) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the API, Next's assets or the icon.
  matcher: ["/((?!api/|_next/|icon\\.svg|favicon\\.ico).*)"],
};
