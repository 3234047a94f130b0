import type { ConnectorState } from "./schemas";

/** What the connector page and the list's row menu may offer for a connector in `state`. */
export type ConnectorAction = "pause" | "resume" | "stop" | "restart" | "restart-tasks" | "restart-failed" | "reset-offsets" | "delete";

export function allowedActions(state: ConnectorState): Set<ConnectorAction> {
  const allowed = new Set<ConnectorAction>(["restart", "restart-tasks", "restart-failed", "delete"]);
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
    allowed.add("reset-offsets");
  }
  return allowed;
}

/** Why an action is not offered now (shown as the disabled control's explanation). */
export function disallowedReason(action: ConnectorAction, state: ConnectorState): string | undefined {
  if (allowedActions(state).has(action)) return undefined;
  switch (action) {
    case "reset-offsets":
      return "Offsets can be changed only while the connector is STOPPED: stop it first.";
    case "resume":
      return "Only a paused or stopped connector can be resumed.";
    default:
      return `Not available while the connector is ${state}.`;
  }
}
