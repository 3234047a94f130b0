"use client";

import type { Role } from "@/lib/auth/roles";
import { Button, type ButtonProps } from "@/components/ui/button";
import { LockIcon } from "./role-gate";
import { usePermission } from "./session-provider";

/**
 * A button for an action that needs a role: for a user without it the button stays in place,
 * disabled, with a lock and the missing role as its tooltip and accessible description.
 */
export function GuardedButton({ needs, children, title, disabled, ...rest }: ButtonProps & { needs: Role }) {
  const { allowed, reason } = usePermission(needs);
  if (allowed) {
    return (
      <Button title={title} disabled={disabled} {...rest}>
        {children}
      </Button>
    );
  }
  return (
    <Button {...rest} disabled title={reason} aria-description={reason} data-missing-role={needs}>
      <LockIcon />
      {children}
    </Button>
  );
}
