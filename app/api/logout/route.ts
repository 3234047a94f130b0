import { logout } from "@/server/console/login";

// POST: ends the session (clears its cookie).
export const dynamic = "force-dynamic";

export const POST = logout;
