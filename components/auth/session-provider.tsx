"use client";

import { createContext, useContext, type ReactNode } from "react";
import { hasRole, missingRoleMessage, type Role } from "@/lib/auth/roles";
import { setCsrfToken, type SessionInfo } from "@/lib/auth/session";

/**
 * The signed-in user, given by the console layout (server side) to every control: a control the
 * user's role does not allow is shown disabled with the role it needs, never hidden.
 */

const SessionContext = createContext<SessionInfo | null>(null);

export function SessionProvider({ session, children }: { session: SessionInfo; children: ReactNode }) {
  // Set during render, so the clients have the token before any effect or click can send a change.
  setCsrfToken(session.csrfToken);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The session; outside a provider (component tests), the open console's anonymous admin. */
export function useSession(): SessionInfo {
  return useContext(SessionContext) ?? { user: "anonymous", role: "admin", authEnabled: false, csrfToken: "" };
}

export interface Permission {
  allowed: boolean;
  /** "This action needs the admin role" when not allowed. */
  reason: string | undefined;
}

export function usePermission(needed: Role): Permission {
  const { role } = useSession();
  const allowed = hasRole(role, needed);
  return { allowed, reason: allowed ? undefined : missingRoleMessage(needed) };
}
