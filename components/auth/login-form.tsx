"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { StatusIcon } from "@/components/ui/status-icon";
import { CSRF_HEADER } from "@/lib/auth/session";

const INPUT = "h-9 w-full rounded-md border border-border bg-surface px-3 text-sm focus-visible:outline-2 focus-visible:outline-accent";

/** The login form: on success the browser loads the page the user asked for (with the new session). */
export function LoginForm({ next, csrfToken }: { next: string; csrfToken: string }) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/login", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", [CSRF_HEADER]: csrfToken },
        body: JSON.stringify({ user, password }),
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
      setError(typeof body?.message === "string" ? body.message : `Login failed (HTTP ${res.status})`);
      setPassword("");
    } catch (err) {
      setError(`The console server did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    setBusy(false);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title" className="flex w-full max-w-sm flex-col gap-4 rounded-lg border border-border bg-surface p-6 shadow-sm">
      <div>
        <h1 id="login-title" className="text-xl font-semibold tracking-tight">
          Log in to Ferry
        </h1>
        <p className="mt-1 text-sm text-muted">Use the name and password from this Ferry&apos;s users file.</p>
      </div>
      <label className="flex flex-col gap-1 text-sm font-medium">
        User name
        <input className={INPUT} name="user" autoComplete="username" required autoFocus value={user} onChange={(e) => setUser(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Password
        <input className={INPUT} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error ? (
        <p role="alert" className="flex items-center gap-2 text-sm text-danger" data-testid="login-error">
          <StatusIcon tone="danger" shape="cross" />
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" busy={busy}>
        Log in
      </Button>
    </form>
  );
}
