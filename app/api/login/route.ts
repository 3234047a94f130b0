import { login } from "@/server/console/login";

// POST {user, password}: checks them against the users file and starts a session (a signed cookie).
export const dynamic = "force-dynamic";

export const POST = login;
