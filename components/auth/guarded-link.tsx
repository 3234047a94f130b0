"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";
import { LockIcon } from "./role-gate";
import { usePermission } from "./session-provider";

/** A link to a page for a role (e.g. "Create connector"): for others, shown disabled with the role it needs. */
export function GuardedLink({ needs, href, className, children }: { needs: Role; href: string; className: string; children: ReactNode }) {
  const { allowed, reason } = usePermission(needs);
  if (allowed) {
    return (
      <Link href={href} className={className}>
        {children}
      </Link>
    );
  }
  return (
    <span role="link" aria-disabled="true" title={reason} data-missing-role={needs} className={`${className} cursor-not-allowed gap-1.5 opacity-50`}>
      <LockIcon />
      {children}
    </span>
  );
}
