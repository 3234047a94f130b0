import type { ConnectorStateInfo } from "./schemas";

/**
 * One word for how a connector is doing, derived from its Connect state and its tasks' states (the
 * list's health column and the connector page's summary use it).
 */
export type ConnectorHealth = "HEALTHY" | "DEGRADED" | "UNHEALTHY" | "PAUSED" | "STOPPED" | "RESTARTING" | "UNASSIGNED";

export function connectorHealth(status: Pick<ConnectorStateInfo, "connector" | "tasks">): ConnectorHealth {
  const state = status.connector.state;
  if (state === "FAILED") return "UNHEALTHY";
  if (state === "STOPPED") return "STOPPED";
  if (state === "RESTARTING" || status.tasks.some((t) => t.state === "RESTARTING")) return "RESTARTING";
  if (state === "UNASSIGNED") return "UNASSIGNED";
  const failed = status.tasks.filter((t) => t.state === "FAILED").length;
  if (failed > 0) return failed === status.tasks.length ? "UNHEALTHY" : "DEGRADED";
  if (state === "PAUSED") return "PAUSED";
  if (status.tasks.some((t) => t.state === "UNASSIGNED")) return "UNASSIGNED";
  return "HEALTHY";
}

export interface TaskCounts {
  total: number;
  running: number;
  failed: number;
}

export function taskCounts(status: Pick<ConnectorStateInfo, "tasks">): TaskCounts {
  let running = 0;
  let failed = 0;
  for (const t of status.tasks) {
    if (t.state === "RUNNING") running++;
    else if (t.state === "FAILED") failed++;
  }
  return { total: status.tasks.length, running, failed };
}
