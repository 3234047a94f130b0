import { describe, expect, it } from "vitest";
import { ASSIGNMENT_CONFIG_MISMATCH, ASSIGNMENT_OK, decodeAssignment, encodeMetadata, leaderAssignments } from "./connect-protocol";

const member = (memberId: string, configOffset: string) => ({
  memberId,
  metadata: encodeMetadata({ workerId: `${memberId}:8083`, url: `http://${memberId}:8083`, configOffset, connectors: [], tasks: [], leaving: false }),
});

const round = (configOffset: bigint, offsets: Record<string, string>) =>
  leaderAssignments({
    members: Object.entries(offsets).map(([id, offset]) => member(id, offset)),
    leaderId: "w1",
    configured: new Map([["a", 2]]),
    configOffset,
    now: 0,
    maxDelayMs: 1000,
    state: undefined,
  });

describe("the leader's round and config-topic offsets", () => {
  it("assigns when the leader has read at least as much of the config topic as every member", () => {
    const result = round(7n, { w1: "7", w2: "5" });
    expect(result.configMismatch).toBe(false);
    const assignments = [...result.assignments.values()].map(decodeAssignment);
    expect(assignments.every((a) => a.error === ASSIGNMENT_OK && a.configOffset === "7")).toBe(true);
    expect(assignments.flatMap((a) => a.tasks)).toHaveLength(2);
    expect(result.workers.map((w) => [w.workerId, w.leader])).toEqual([
      ["w1:8083", true],
      ["w2:8083", false],
    ]);
  });

  it("answers CONFIG_MISMATCH, with no work, when a member has read further than the leader", () => {
    const result = round(5n, { w1: "5", w2: "7" });
    expect(result.configMismatch).toBe(true);
    expect(result.workers).toEqual([]);
    const assignments = [...result.assignments.values()].map(decodeAssignment);
    expect(assignments).toHaveLength(2);
    for (const a of assignments) {
      expect(a).toMatchObject({ error: ASSIGNMENT_CONFIG_MISMATCH, leaderId: "w1", leaderUrl: "http://w1:8083", connectors: [], tasks: [] });
    }
  });
});
