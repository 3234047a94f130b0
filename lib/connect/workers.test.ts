import { describe, expect, it } from "vitest";
import { tasksByConnector, workersFromFerry, workersFromStatuses } from "./workers";

describe("cluster workers", () => {
  it("takes a Ferry cluster's own list, the leader first", () => {
    const view = workersFromFerry({
      mode: "distributed",
      worker_id: "10.0.0.6:8083",
      generation: 4,
      workers: [
        { id: "10.0.0.7:8083", url: "http://10.0.0.7:8083", leader: false, connectors: ["b"], tasks: [{ connector: "b", task: 1 }, { connector: "a", task: 0 }] },
        { id: "10.0.0.5:8083", url: "http://10.0.0.5:8083", leader: true, connectors: [], tasks: [] },
        { id: "10.0.0.6:8083", url: "http://10.0.0.6:8083", leader: false, connectors: ["a"], tasks: [{ connector: "b", task: 0 }] },
      ],
    });
    expect(view.source).toBe("ferry");
    expect(view.reportedBy).toBe("10.0.0.6:8083");
    expect(view.workers.map((w) => [w.id, w.leader])).toEqual([
      ["10.0.0.5:8083", true],
      ["10.0.0.6:8083", false],
      ["10.0.0.7:8083", false],
    ]);
    expect(view.workers[2]?.tasks).toEqual([{ connector: "a", task: 0 }, { connector: "b", task: 1 }]);
  });

  it("derives the workers of an Apache Kafka Connect cluster from the statuses' worker_id", () => {
    const view = workersFromStatuses({
      a: {
        status: {
          name: "a",
          type: "source",
          connector: { state: "RUNNING", worker_id: "w1:8083" },
          tasks: [
            { id: 0, state: "RUNNING", worker_id: "w2:8083" },
            { id: 1, state: "FAILED", worker_id: "w1:8083", trace: "boom" },
            { id: 2, state: "UNASSIGNED", worker_id: "gone:8083" },
          ],
        },
      },
      b: { status: { name: "b", type: "sink", connector: { state: "PAUSED", worker_id: "w2:8083" }, tasks: [{ id: 0, state: "PAUSED", worker_id: "w2:8083" }] } },
      // No status (just created): names no worker.
      c: {},
    });
    expect(view).toEqual({
      source: "statuses",
      reportedBy: null,
      workers: [
        { id: "w1:8083", leader: null, connectors: ["a"], tasks: [{ connector: "a", task: 1 }] },
        { id: "w2:8083", leader: null, connectors: ["b"], tasks: [{ connector: "a", task: 0 }, { connector: "b", task: 0 }] },
      ],
    });
  });

  it("groups a worker's tasks by connector", () => {
    expect(tasksByConnector([{ connector: "b", task: 1 }, { connector: "a", task: 2 }, { connector: "a", task: 0 }])).toEqual([
      ["a", [0, 2]],
      ["b", [1]],
    ]);
  });
});
