import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { pageCsrfToken, sessionInfo } from "@/server/console/login";
import { usersFilePath } from "@/server/console/session";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

/** Only a path on this console: never another site (an open redirect). */
function safeNext(value: string | string[] | undefined): string {
  const next = typeof value === "string" ? value : "/";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") && !next.startsWith("/login") ? next : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNext((await searchParams).next);
  const cookie = (await headers()).get("cookie");
  // Nothing to log in to (authentication off), or already signed in.
  if (usersFilePath() === undefined || (await sessionInfo(cookie))) redirect(next);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <LoginForm next={next} csrfToken={pageCsrfToken(cookie)} />
    </main>
  );
}
