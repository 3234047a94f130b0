"use client";

import { Button } from "@/components/ui/button";
import { allowedActions, disallowedReason } from "@/lib/connect/actions";
import type { ConnectorStateInfo } from "@/lib/connect/schemas";
import { ActionMenu } from "./action-menu";
import type { ConnectorActions } from "./use-connector-actions";

/** The header's actions: only those the current state allows; restarts in one menu. */
export function ConnectorActionBar({ status, actions, locked }: { status: ConnectorStateInfo | undefined; actions: ConnectorActions; locked: boolean }) {
  if (!status) return null;
  const state = status.connector.state;
  const allowed = allowedActions(state);
  const failed = status.tasks.filter((t) => t.state === "FAILED").length;
  const running = actions.running?.kind;
  const disabled = locked || actions.busy;
  return (
    <>
      {allowed.has("pause") ? (
        <Button onClick={() => actions.request({ kind: "pause" })} disabled={disabled} busy={running === "pause"}>
          Pause
        </Button>
      ) : null}
      {allowed.has("resume") ? (
        <Button variant="primary" onClick={() => actions.request({ kind: "resume" })} disabled={disabled} busy={running === "resume"}>
          Resume
        </Button>
      ) : null}
      {allowed.has("stop") ? (
        <Button onClick={() => actions.request({ kind: "stop" })} disabled={disabled} busy={running === "stop"}>
          Stop
        </Button>
      ) : null}
      <ActionMenu
        label="Restart"
        disabled={disabled}
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
      <Button variant="danger" onClick={() => actions.request({ kind: "delete" })} disabled={disabled} busy={running === "delete"}>
        Delete
      </Button>
    </>
  );
}
