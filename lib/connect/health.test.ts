import { describe, expect, it } from "vitest";
import { connectorHealth, taskCounts, type ConnectorHealth } from "./health";
import type { ConnectorState } from "./schemas";

function status(connector: ConnectorState, tasks: ConnectorState[]) {
  return {
    connector: { state: connector, worker_id: "w:8083" },
    tasks: tasks.map((state, id) => ({ id, state, worker_id: "w:8083" })),
  };
}

// connector state, task states → health
const TABLE: [ConnectorState, ConnectorState[], ConnectorHealth][] = [
  ["RUNNING", ["RUNNING", "RUNNING"], "HEALTHY"],
  ["RUNNING", [], "HEALTHY"],
  ["RUNNING", ["RUNNING", "FAILED"], "DEGRADED"],
  ["RUNNING", ["FAILED"], "UNHEALTHY"],
  ["RUNNING", ["FAILED", "FAILED"], "UNHEALTHY"],
  ["FAILED", [], "UNHEALTHY"],
  ["FAILED", ["RUNNING"], "UNHEALTHY"],
  ["PAUSED", ["PAUSED"], "PAUSED"],
  ["PAUSED", ["PAUSED", "FAILED"], "DEGRADED"],
  ["STOPPED", [], "STOPPED"],
  ["RESTARTING", ["RUNNING"], "RESTARTING"],
  ["RUNNING", ["RESTARTING", "FAILED"], "RESTARTING"],
  ["UNASSIGNED", ["UNASSIGNED"], "UNASSIGNED"],
  ["RUNNING", ["RUNNING", "UNASSIGNED"], "UNASSIGNED"],
];

describe("connectorHealth", () => {
  for (const [connector, tasks, health] of TABLE) {
    it(`${connector} with tasks [${tasks.join(", ")}] → ${health}`, () => {
      expect(connectorHealth(status(connector, tasks))).toBe(health);
    });
  }
});

describe("taskCounts", () => {
  it("counts running and failed tasks of the total", () => {
    expect(taskCounts(status("RUNNING", ["RUNNING", "FAILED", "PAUSED", "RUNNING"]))).toEqual({ total: 4, running: 2, failed: 1 });
    expect(taskCounts(status("STOPPED", []))).toEqual({ total: 0, running: 0, failed: 0 });
  });
});
