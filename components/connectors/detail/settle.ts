import type { ConnectorStateInfo } from "@/lib/connect/schemas";

/**
 * What "settled" means after each state-changing action: the status the page polls for before it
 * goes back to its normal refresh. A restart has no single target state: it settles once nothing
 * is RESTARTING or UNASSIGNED any more (a task that fails again settles as FAILED).
 */
export type SettleGoal =
  | { kind: "pause" | "resume" | "stop" | "restart" | "restart-tasks" | "restart-failed" }
  | { kind: "restart-task"; task: number };

const TRANSITIONAL = new Set(["RESTARTING", "UNASSIGNED"]);

/** The word the page shows while waiting ("Waiting for PAUSED…"). */
export function settleTarget(goal: SettleGoal): string {
  switch (goal.kind) {
    case "pause":
      return "PAUSED";
    case "resume":
      return "RUNNING";
    case "stop":
      return "STOPPED";
    case "restart-task":
      return `task ${goal.task} to settle`;
    default:
      return "the restart to settle";
  }
}

export function isSettled(goal: SettleGoal, status: Pick<ConnectorStateInfo, "connector" | "tasks">): boolean {
  const connector = status.connector.state;
  const tasks = status.tasks;
  switch (goal.kind) {
    case "pause":
      return connector === "PAUSED" && tasks.every((t) => t.state === "PAUSED" || t.state === "FAILED");
    case "resume":
      // A resumed stopped connector first runs with no tasks, then gets them back.
      return connector === "FAILED" || (connector === "RUNNING" && tasks.length > 0 && tasks.every((t) => t.state === "RUNNING" || t.state === "FAILED"));
    case "stop":
      return connector === "STOPPED" && tasks.length === 0;
    case "restart-task": {
      const task = tasks.find((t) => t.id === goal.task);
      return task !== undefined && !TRANSITIONAL.has(task.state);
    }
    default:
      return !TRANSITIONAL.has(connector) && tasks.every((t) => !TRANSITIONAL.has(t.state));
  }
}
