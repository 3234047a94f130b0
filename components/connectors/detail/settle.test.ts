import { describe, expect, it } from "vitest";
import type { ConnectorState } from "@/lib/connect/schemas";
import { isSettled, settleTarget, type SettleGoal } from "./settle";

function status(connector: ConnectorState, tasks: ConnectorState[]) {
  return { connector: { state: connector, worker_id: "w" }, tasks: tasks.map((state, id) => ({ id, state, worker_id: "w" })) };
}

const CASES: [SettleGoal, ConnectorState, ConnectorState[], boolean][] = [
  [{ kind: "pause" }, "PAUSED", ["PAUSED"], true],
  [{ kind: "pause" }, "PAUSED", ["RUNNING"], false],
  [{ kind: "pause" }, "RUNNING", ["PAUSED"], false],
  [{ kind: "resume" }, "RUNNING", ["RUNNING"], true],
  [{ kind: "resume" }, "RUNNING", ["FAILED"], true],
  [{ kind: "resume" }, "RUNNING", [], false],
  [{ kind: "resume" }, "PAUSED", ["PAUSED"], false],
  [{ kind: "resume" }, "FAILED", [], true],
  [{ kind: "stop" }, "STOPPED", [], true],
  [{ kind: "stop" }, "STOPPED", ["RUNNING"], false],
  [{ kind: "restart" }, "RESTARTING", ["RUNNING"], false],
  [{ kind: "restart-tasks" }, "RUNNING", ["RESTARTING"], false],
  [{ kind: "restart-tasks" }, "RUNNING", ["RUNNING", "FAILED"], true],
  [{ kind: "restart-failed" }, "RUNNING", ["UNASSIGNED"], false],
  [{ kind: "restart-task", task: 1 }, "RUNNING", ["RESTARTING", "FAILED"], true],
  [{ kind: "restart-task", task: 0 }, "RUNNING", ["RESTARTING", "FAILED"], false],
  [{ kind: "restart-task", task: 5 }, "RUNNING", ["RUNNING"], false],
];

describe("isSettled", () => {
  for (const [goal, connector, tasks, expected] of CASES) {
    it(`${JSON.stringify(goal)} with ${connector} [${tasks.join(", ")}] → ${expected}`, () => {
      expect(isSettled(goal, status(connector, tasks))).toBe(expected);
    });
  }
});

describe("settleTarget", () => {
  it("names the awaited state", () => {
    expect(settleTarget({ kind: "pause" })).toBe("PAUSED");
    expect(settleTarget({ kind: "resume" })).toBe("RUNNING");
    expect(settleTarget({ kind: "stop" })).toBe("STOPPED");
    expect(settleTarget({ kind: "restart-task", task: 2 })).toBe("task 2 to settle");
  });
});
