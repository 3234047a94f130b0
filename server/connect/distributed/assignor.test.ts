import { describe, expect, it } from "vitest";
import { assign, taskKey, type AssignorState, type MemberState, type WorkerAssignment } from "./assignor";

const member = (workerId: string, connectors: string[] = [], tasks: string[] = [], leaving = false): MemberState => ({
  memberId: `m-${workerId}`,
  workerId,
  url: `http://${workerId}`,
  connectors,
  tasks: tasks.map((t) => ({ connector: t.slice(0, t.lastIndexOf("-")), task: Number(t.slice(t.lastIndexOf("-") + 1)) })),
  leaving,
});

const tasksOf = (a: WorkerAssignment | undefined) => (a?.tasks ?? []).map(taskKey);
const configured = (entries: [string, number][]) => new Map(entries);

/** Runs rounds like the group does: members report what they kept, until nothing is revoked. */
function settle(members: MemberState[], config: Map<string, number>, state?: AssignorState, now = 0, maxDelayMs = 0) {
  let current = members;
  for (let round = 0; round < 5; round++) {
    const result = assign({ members: current, configured: config, now, maxDelayMs, state });
    state = result.state;
    const revoked = [...result.assignments.values()].some((a) => a.revokedConnectors.length + a.revokedTasks.length > 0);
    current = current.map((m) => {
      const a = result.assignments.get(m.memberId)!;
      return { ...m, connectors: a.connectors, tasks: a.tasks };
    });
    if (!revoked) return { members: current, result, state: state! };
  }
  throw new Error("did not settle");
}

describe("incremental cooperative assignor", () => {
  it("spreads connectors and tasks evenly", () => {
    const { result } = settle([member("a"), member("b"), member("c")], configured([["x", 3], ["y", 3], ["z", 0]]));
    const counts = [...result.assignments.values()].map((a) => [a.connectors.length, a.tasks.length]);
    expect(counts).toEqual([[1, 2], [1, 2], [1, 2]]);
  });

  it("gives a joining worker a fair share and moves nothing else", () => {
    const first = settle([member("a"), member("b"), member("c")], configured([["x", 6], ["y", 6]]));
    const before = new Map(first.members.map((m) => [m.workerId, m.tasks.map(taskKey)]));
    const joined = settle([...first.members, member("d")], configured([["x", 6], ["y", 6]]), first.state);
    const after = new Map(joined.members.map((m) => [m.workerId, m.tasks.map(taskKey)]));
    expect([...after.values()].map((t) => t.length).sort()).toEqual([3, 3, 3, 3]);
    // The old workers only lost tasks, never got different ones.
    for (const w of ["a", "b", "c"]) for (const t of after.get(w)!) expect(before.get(w)).toContain(t);
  });

  it("holds a departed worker's work for the delay, then hands it out", () => {
    const first = settle([member("a"), member("b")], configured([["x", 4]]), undefined, 0, 1000);
    const survivor = first.members.find((m) => m.workerId === "a")!;
    const held = assign({ members: [survivor], configured: configured([["x", 4]]), now: 100, maxDelayMs: 1000, state: first.state });
    expect(tasksOf(held.assignments.get(survivor.memberId))).toEqual(survivor.tasks.map(taskKey));
    expect(held.assignments.get(survivor.memberId)?.delayMs).toBe(1000);
    const later = assign({ members: [survivor], configured: configured([["x", 4]]), now: 1100, maxDelayMs: 1000, state: held.state });
    expect(tasksOf(later.assignments.get(survivor.memberId))).toEqual(["x-0", "x-1", "x-2", "x-3"]);
    expect(later.assignments.get(survivor.memberId)?.delayMs).toBe(0);
  });

  it("hands a leaving worker's work over at once", () => {
    const first = settle([member("a"), member("b")], configured([["x", 4]]), undefined, 0, 60_000);
    const leaving = first.members.map((m) => (m.workerId === "b" ? { ...m, leaving: true } : m));
    const round = assign({ members: leaving, configured: configured([["x", 4]]), now: 1, maxDelayMs: 60_000, state: first.state });
    expect(tasksOf(round.assignments.get("m-a"))).toHaveLength(4);
    expect(round.assignments.get("m-b")?.tasks).toEqual([]);
    // When it is gone, nothing is held back for it.
    const gone = assign({ members: [leaving[0]!.workerId === "a" ? { ...leaving[0]!, tasks: round.assignments.get("m-a")!.tasks } : leaving[1]!], configured: configured([["x", 4]]), now: 2, maxDelayMs: 60_000, state: round.state });
    expect(gone.assignments.get("m-a")?.delayMs).toBe(0);
  });

  it("revokes deleted and duplicated work", () => {
    const result = assign({ members: [member("a", ["x", "gone"], ["x-0"]), member("b", ["x"], ["x-0", "x-1"])], configured: configured([["x", 1]]), now: 0, maxDelayMs: 0, state: undefined });
    expect(result.assignments.get("m-a")?.revokedConnectors).toEqual(["gone"]);
    expect(result.assignments.get("m-b")?.revokedConnectors).toEqual(["x"]);
    expect(result.assignments.get("m-b")?.revokedTasks.map(taskKey)).toEqual(["x-0", "x-1"]);
  });
});
