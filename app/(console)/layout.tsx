import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/auth/session-provider";
import { AppShell } from "@/components/shell/app-shell";
import { sessionInfo } from "@/server/console/login";

// Every console page is for a signed-in user (or the open console's anonymous admin): the session is
// read here, per request, and given to the controls.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await sessionInfo((await headers()).get("cookie"));
  if (!session) redirect("/login");
  return (
    <SessionProvider session={session}>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
