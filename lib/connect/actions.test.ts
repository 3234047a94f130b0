import { describe, expect, it } from "vitest";
import { allowedActions, disallowedReason, type ConnectorAction } from "./actions";
import type { ConnectorState } from "./schemas";

const ALL: ConnectorAction[] = ["pause", "resume", "stop", "restart", "restart-tasks", "restart-failed", "restart-task", "alter-offsets", "reset-offsets", "delete"];

// The expected action set per Connect state: pause/stop while it runs, resume when paused or
// stopped, offsets only when stopped, task restarts whenever there are tasks.
const TABLE: Record<ConnectorState, ConnectorAction[]> = {
  RUNNING: ["pause", "stop", "restart", "restart-tasks", "restart-failed", "restart-task", "delete"],
  FAILED: ["pause", "stop", "restart", "restart-tasks", "restart-failed", "restart-task", "delete"],
  UNASSIGNED: ["pause", "stop", "restart", "restart-tasks", "restart-failed", "restart-task", "delete"],
  RESTARTING: ["pause", "stop", "restart", "restart-tasks", "restart-failed", "restart-task", "delete"],
  PAUSED: ["resume", "stop", "restart", "restart-tasks", "restart-failed", "restart-task", "delete"],
  STOPPED: ["resume", "restart", "alter-offsets", "reset-offsets", "delete"],
};

describe("allowedActions", () => {
  for (const [state, expected] of Object.entries(TABLE) as [ConnectorState, ConnectorAction[]][]) {
    it(`${state}: ${expected.join(", ")}`, () => {
      expect([...allowedActions(state)].sort()).toEqual([...expected].sort());
    });
  }
});

describe("disallowedReason", () => {
  it("is undefined exactly for the allowed actions", () => {
    for (const state of Object.keys(TABLE) as ConnectorState[]) {
      for (const action of ALL) {
        const reason = disallowedReason(action, state);
        if (allowedActions(state).has(action)) expect(reason, `${action} in ${state}`).toBeUndefined();
        else expect(reason, `${action} in ${state}`).toMatch(/\S/);
      }
    }
  });

  it("tells to stop the connector first for offsets", () => {
    expect(disallowedReason("reset-offsets", "RUNNING")).toBe("Stop the connector first: offsets can be changed only while it is STOPPED (it is RUNNING).");
    expect(disallowedReason("alter-offsets", "PAUSED")).toMatch(/^Stop the connector first/);
  });

  it("explains resume and task restarts", () => {
    expect(disallowedReason("resume", "RUNNING")).toBe("Only a paused or stopped connector can be resumed.");
    expect(disallowedReason("restart-task", "STOPPED")).toMatch(/no tasks/);
    expect(disallowedReason("pause", "STOPPED")).toBe("Not available while the connector is STOPPED.");
  });
});
