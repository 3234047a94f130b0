"use client";

import type { Role } from "@/lib/auth/roles";
import { usePermission } from "./session-provider";

/** The missing role, shown next to a disabled control (the control's tooltip says it too). */
export function MissingRole({ needed, className = "" }: { needed: Role; className?: string }) {
  const { allowed, reason } = usePermission(needed);
  if (allowed) return null;
  return (
    <span className={`inline-flex items-center gap-1 text-xs text-muted ${className}`} data-testid="missing-role">
      <LockIcon />
      {reason}
    </span>
  );
}

export function LockIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 shrink-0">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
