import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../protocol/error-codes";
import type { Clock } from "../util/clock";
import { silentLogger } from "../util/logger";
import { GROUP_CLEANUP_INTERVAL_MS, GroupCoordinator, MAX_OFFSET_METADATA_LENGTH, type CommitParams } from "./coordinator";
import type { JoinParams } from "./group";

/** Timers run only when the test advances time. */
class FakeClock implements Clock {
  private t = 1_000_000;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = target;
  }
  get pendingTimers(): number {
    return this.timers.length;
  }
}

let dataDir: string;
let clock: FakeClock;
const topics = new Map([
  ["orders", 3],
  ["audit", 1],
]);

function open(): GroupCoordinator {
  return new GroupCoordinator({
    dataDir,
    self: () => ({ nodeId: 1, host: "localhost", port: 9092 }),
    clock,
    logger: silentLogger,
    initialRebalanceDelayMs: 0,
    partitionExists: (t, p) => p >= 0 && p < (topics.get(t) ?? 0),
  });
}

const join = (over: Partial<JoinParams> = {}): JoinParams => ({
  memberId: "",
  groupInstanceId: null,
  clientId: "c",
  clientHost: "/127.0.0.1",
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 10_000,
  protocolType: "consumer",
  protocols: [{ name: "range", metadata: Buffer.from("m") }],
  requireKnownMemberId: false,
  ...over,
});

const commit = (groupId: string, over: Partial<CommitParams> = {}): CommitParams => ({
  groupId,
  memberId: "",
  generationId: -1,
  topics: [{ topic: "orders", partitions: [{ partition: 0, offset: 42, leaderEpoch: -1, metadata: "meta" }] }],
  ...over,
});

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ferry-coordinator-"));
  clock = new FakeClock();
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A one-member group taken to Stable. */
async function stableMember(c: GroupCoordinator, groupId: string, over: Partial<JoinParams> = {}) {
  const j = await c.join(groupId, join(over));
  const s = await c.sync(groupId, { memberId: j.memberId, generationId: j.generationId, groupInstanceId: null, assignments: [] });
  expect(s.errorCode).toBe(ErrorCode.NONE);
  return j;
}

describe("GroupCoordinator offsets", () => {
  it("stores simple commits for a group without members and fetches them back", () => {
    const c = open();
    expect(c.commitOffsets(commit("simple"))).toEqual([{ topic: "orders", partitions: [{ partition: 0, errorCode: ErrorCode.NONE }] }]);
    expect(c.fetchOffsets("simple", [{ topic: "orders", partitions: [0, 1] }])).toEqual([
      {
        topic: "orders",
        partitions: [
          { partition: 0, offset: 42, leaderEpoch: -1, metadata: "meta", commitTimestamp: clock.now() },
          { partition: 1, offset: -1, leaderEpoch: -1, metadata: "", commitTimestamp: -1 },
        ],
      },
    ]);
    // topics = null: everything the group committed.
    expect(c.fetchOffsets("simple", null).map((t) => t.topic)).toEqual(["orders"]);
    expect(c.fetchOffsets("nobody", null)).toEqual([]);
    expect(c.listGroups()).toEqual([{ groupId: "simple", protocolType: "" }]);
    c.close();
  });

  it("answers per partition: unknown partitions and oversized metadata", () => {
    const c = open();
    const res = c.commitOffsets(
      commit("g", {
        topics: [
          {
            topic: "orders",
            partitions: [
              { partition: 1, offset: 1, leaderEpoch: 5, metadata: null },
              { partition: 9, offset: 1, leaderEpoch: -1, metadata: null },
              { partition: 2, offset: 1, leaderEpoch: -1, metadata: "x".repeat(MAX_OFFSET_METADATA_LENGTH + 1) },
            ],
          },
          { topic: "missing", partitions: [{ partition: 0, offset: 1, leaderEpoch: -1, metadata: null }] },
        ],
      }),
    );
    expect(res).toEqual([
      {
        topic: "orders",
        partitions: [
          { partition: 1, errorCode: ErrorCode.NONE },
          { partition: 9, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
          { partition: 2, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE },
        ],
      },
      { topic: "missing", partitions: [{ partition: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
    ]);
    const [fetched] = c.fetchOffsets("g", [{ topic: "orders", partitions: [1] }]);
    expect(fetched?.partitions[0]).toMatchObject({ offset: 1, leaderEpoch: 5, metadata: "" });
    c.close();
  });

  it("checks membership for group commits", async () => {
    const c = open();
    // Commits with a generation for a group the broker does not know are stale.
    expect(c.commitOffsets(commit("g", { generationId: 3, memberId: "m" }))[0]?.partitions[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const m = await stableMember(c, "g");
    const code = (p: Partial<CommitParams>) => c.commitOffsets(commit("g", p))[0]?.partitions[0]?.errorCode;
    expect(code({ memberId: m.memberId, generationId: m.generationId })).toBe(ErrorCode.NONE);
    expect(code({ memberId: m.memberId, generationId: m.generationId + 1 })).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(code({ memberId: "who", generationId: m.generationId })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // A simple commit is refused while the group has active members.
    expect(code({})).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // A new member joining moves the group to CompletingRebalance once everyone rejoined.
    const other = c.join("g", join({ clientId: "other" }));
    const again = await c.join("g", join({ memberId: m.memberId }));
    await other;
    expect(code({ memberId: m.memberId, generationId: again.generationId })).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    c.close();
  });

  it("keeps committed offsets and group metadata across a restart; members rejoin", async () => {
    const first = open();
    const m = await stableMember(first, "g");
    expect(first.commitOffsets(commit("g", { memberId: m.memberId, generationId: m.generationId }))[0]?.partitions[0]?.errorCode).toBe(
      ErrorCode.NONE,
    );
    first.close();

    const second = open();
    expect(second.fetchOffsets("g", [{ topic: "orders", partitions: [0] }])[0]?.partitions[0]?.offset).toBe(42);
    expect(second.describeGroup("g")).toMatchObject({ state: "Empty", protocolType: "consumer", members: [] });
    expect(second.listGroups()).toEqual([{ groupId: "g", protocolType: "consumer" }]);
    // The old member is gone; its next heartbeat tells it to rejoin, and the generation moves on.
    expect(second.heartbeat("g", m.memberId, m.generationId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const j = await second.join("g", join());
    expect(j.generationId).toBe(m.generationId + 1);
    second.close();
  });

  it("deletes only empty groups, with their offsets", async () => {
    const c = open();
    expect(c.deleteGroup("nope")).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    const m = await stableMember(c, "busy");
    expect(c.deleteGroup("busy")).toBe(ErrorCode.NON_EMPTY_GROUP);
    c.commitOffsets(commit("idle"));
    expect(c.deleteGroup("idle")).toBe(ErrorCode.NONE);
    expect(c.describeGroup("idle").state).toBe("Dead");
    expect(c.fetchOffsets("idle", null)).toEqual([]);
    expect(c.deleteGroup("idle")).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    c.leave("busy", [{ memberId: m.memberId, groupInstanceId: null }]);
    expect(c.describeGroup("busy").state).toBe("Empty");
    expect(c.deleteGroup("busy")).toBe(ErrorCode.NONE);
    c.close();

    const again = open();
    expect(again.listGroups()).toEqual([]);
    again.close();
  });

  it("drops a deleted topic's offsets", () => {
    const c = open();
    c.commitOffsets(
      commit("g", {
        topics: [
          { topic: "orders", partitions: [{ partition: 0, offset: 1, leaderEpoch: -1, metadata: null }] },
          { topic: "audit", partitions: [{ partition: 0, offset: 2, leaderEpoch: -1, metadata: null }] },
        ],
      }),
    );
    c.onTopicDeleted("orders");
    expect(c.fetchOffsets("g", null).map((t) => t.topic)).toEqual(["audit"]);
    c.close();
    const again = open();
    expect(again.fetchOffsets("g", null).map((t) => t.topic)).toEqual(["audit"]);
    again.close();
  });

  it("describes members with metadata and assignment once Stable", async () => {
    const c = open();
    const j = await c.join("g", join({ clientId: "app" }));
    expect(c.describeGroup("g")).toMatchObject({ state: "CompletingRebalance", protocol: "", members: [{ memberId: j.memberId, metadata: Buffer.alloc(0) }] });
    await c.sync("g", { memberId: j.memberId, generationId: j.generationId, groupInstanceId: null, assignments: [{ memberId: j.memberId, assignment: Buffer.from("as") }] });
    expect(c.describeGroup("g")).toEqual({
      groupId: "g",
      state: "Stable",
      protocolType: "consumer",
      protocol: "range",
      members: [{ memberId: j.memberId, groupInstanceId: null, clientId: "app", clientHost: "/127.0.0.1", metadata: Buffer.from("m"), assignment: Buffer.from("as") }],
    });
    expect(c.describeGroup("unknown")).toEqual({ groupId: "unknown", state: "Dead", protocolType: "", protocol: "", members: [] });
    c.close();
  });

  it("periodically drops empty groups that hold no offsets", async () => {
    const c = open();
    const m = await stableMember(c, "transient");
    c.leave("transient", [{ memberId: m.memberId, groupInstanceId: null }]);
    c.commitOffsets(commit("kept"));
    // An active member (a session longer than the cleanup interval) keeps its group.
    await stableMember(c, "busy", { sessionTimeoutMs: 2 * GROUP_CLEANUP_INTERVAL_MS });
    clock.advance(GROUP_CLEANUP_INTERVAL_MS);
    expect(c.listGroups().map((g) => g.groupId).sort()).toEqual(["busy", "kept"]);
    c.close();
    // The removal was persisted; "busy" comes back Empty (members do not survive) until the next pass.
    const again = open();
    expect(again.listGroups().map((g) => g.groupId).sort()).toEqual(["busy", "kept"]);
    clock.advance(GROUP_CLEANUP_INTERVAL_MS);
    expect(again.listGroups().map((g) => g.groupId)).toEqual(["kept"]);
    again.close();
  });

  it("close() answers parked joins and cancels every timer", async () => {
    const c = open();
    const m = await stableMember(c, "g");
    const parked = c.join("g", join({ clientId: "late" }));
    expect(clock.pendingTimers).toBeGreaterThan(0);
    c.close();
    expect((await parked).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(clock.pendingTimers).toBe(0);
    expect(c.heartbeat("g", m.memberId, m.generationId)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await c.join("g", join())).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
