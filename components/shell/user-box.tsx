"use client";

import { useState } from "react";
import { useSession } from "@/components/auth/session-provider";
import { csrfHeaders } from "@/lib/auth/session";

/** Who is signed in and with which role, with "Log out"; with authentication off, a notice saying so. */
export function UserBox() {
  const session = useSession();
  const [leaving, setLeaving] = useState(false);
  if (!session.authEnabled) {
    return (
      <p role="note" data-testid="auth-off" className="rounded-md border border-warning/50 bg-warning-soft px-3 py-2 text-xs">
        Authentication is off: anyone who can reach this console acts as admin. Start Ferry with <code className="font-mono">--users-file</code> to require a login.
      </p>
    );
  }
  const logout = async () => {
    setLeaving(true);
    await fetch("/api/logout", { method: "POST", headers: csrfHeaders("POST") }).catch(() => undefined);
    // A full load: the server renders the next page without the session.
    window.location.assign(new URL("/login", window.location.origin));
  };
  return (
    <div className="flex items-center justify-between gap-2 rounded-md border border-border px-3 py-2 text-sm" data-testid="user-box">
      <span className="min-w-0">
        <span className="block truncate font-medium" data-testid="user-name">
          {session.user}
        </span>
        <span className="text-xs text-muted" data-testid="user-role">
          {session.role}
        </span>
      </span>
      <button type="button" onClick={() => void logout()} disabled={leaving} className="rounded px-2 py-1 text-xs text-accent hover:bg-surface-muted disabled:opacity-50">
        Log out
      </button>
    </div>
  );
}
