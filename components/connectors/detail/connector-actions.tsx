"use client";

import { GuardedButton } from "@/components/auth/guarded-button";
import { MissingRole } from "@/components/auth/role-gate";
import { usePermission } from "@/components/auth/session-provider";
import { allowedActions, disallowedReason } from "@/lib/connect/actions";
import type { ConnectorStateInfo } from "@/lib/connect/schemas";
import { ActionMenu } from "./action-menu";
import type { ConnectorActions } from "./use-connector-actions";

/** The header's actions: only those the current state allows; restarts in one menu. */
export function ConnectorActionBar({ status, actions, locked }: { status: ConnectorStateInfo | undefined; actions: ConnectorActions; locked: boolean }) {
  const operate = usePermission("operator");
  if (!status) return null;
  const state = status.connector.state;
  const allowed = allowedActions(state);
  const failed = status.tasks.filter((t) => t.state === "FAILED").length;
  const running = actions.running?.kind;
  const disabled = locked || actions.busy;
  return (
    <>
      {allowed.has("pause") ? (
        <GuardedButton needs="operator" onClick={() => actions.request({ kind: "pause" })} disabled={disabled} busy={running === "pause"}>
          Pause
        </GuardedButton>
      ) : null}
      {allowed.has("resume") ? (
        <GuardedButton needs="operator" variant="primary" onClick={() => actions.request({ kind: "resume" })} disabled={disabled} busy={running === "resume"}>
          Resume
        </GuardedButton>
      ) : null}
      {allowed.has("stop") ? (
        <GuardedButton needs="operator" onClick={() => actions.request({ kind: "stop" })} disabled={disabled} busy={running === "stop"}>
          Stop
        </GuardedButton>
      ) : null}
      <ActionMenu
        label="Restart"
        disabled={disabled || !operate.allowed}
        title={operate.reason}
        items={[
          { id: "restart", label: "Restart connector", onSelect: () => actions.request({ kind: "restart" }) },
          {
            id: "restart-tasks",
            label: "Restart connector and all tasks…",
            onSelect: () => actions.request({ kind: "restart-tasks" }),
            disabledReason: disallowedReason("restart-tasks", state),
          },
          {
            id: "restart-failed",
            label: "Restart failed tasks",
            onSelect: () => actions.request({ kind: "restart-failed" }),
            disabledReason: disallowedReason("restart-failed", state) ?? (failed === 0 && state !== "FAILED" ? "No task has failed." : undefined),
          },
        ]}
      />
      <GuardedButton needs="admin" variant="danger" onClick={() => actions.request({ kind: "delete" })} disabled={disabled} busy={running === "delete"}>
        Delete
      </GuardedButton>
      {operate.allowed ? <MissingRole needed="admin" /> : <MissingRole needed="operator" />}
    </>
  );
}
