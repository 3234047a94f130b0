import type { ConnectorState } from "./schemas";

/** What the connector page and the list's row menu may offer for a connector in `state`. */
export type ConnectorAction =
  | "pause"
  | "resume"
  | "stop"
  | "restart"
  | "restart-tasks"
  | "restart-failed"
  | "restart-task"
  | "alter-offsets"
  | "reset-offsets"
  | "delete";

export function allowedActions(state: ConnectorState): Set<ConnectorAction> {
  const allowed = new Set<ConnectorAction>(["restart", "delete"]);
  if (state === "RUNNING" || state === "FAILED" || state === "UNASSIGNED" || state === "RESTARTING") {
    allowed.add("pause");
    allowed.add("stop");
  }
  if (state === "PAUSED") {
    allowed.add("resume");
    allowed.add("stop");
  }
  if (state === "STOPPED") {
    allowed.add("resume");
    // Kafka Connect accepts offset changes only for a STOPPED connector (KIP-875).
    allowed.add("alter-offsets");
    allowed.add("reset-offsets");
  } else {
    // A stopped connector has no tasks to restart.
    allowed.add("restart-tasks");
    allowed.add("restart-failed");
    allowed.add("restart-task");
  }
  return allowed;
}

/** Why an action is not offered now (shown as the disabled control's explanation). */
export function disallowedReason(action: ConnectorAction, state: ConnectorState): string | undefined {
  if (allowedActions(state).has(action)) return undefined;
  switch (action) {
    case "reset-offsets":
    case "alter-offsets":
      return `Stop the connector first: offsets can be changed only while it is STOPPED (it is ${state}).`;
    case "resume":
      return "Only a paused or stopped connector can be resumed.";
    case "restart-tasks":
    case "restart-failed":
    case "restart-task":
      return "A stopped connector has no tasks: resume it to start them.";
    default:
      return `Not available while the connector is ${state}.`;
  }
}
