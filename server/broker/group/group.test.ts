import { describe, expect, it } from "vitest";
import { ErrorCode } from "../protocol/error-codes";
import type { Clock } from "../util/clock";
import { silentLogger } from "../util/logger";
import { Group, type GroupProtocol, type JoinParams, type JoinResult } from "./group";

/** Timers run only when the test advances time, in due order. */
class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];

  now(): number {
    return this.t;
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(ms, 0), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
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

/** A promise whose outcome the test can look at without awaiting it. */
function track<T>(p: Promise<T>): { readonly done: boolean; readonly value: T } {
  let done = false;
  let value: T | undefined;
  void p.then((v) => {
    done = true;
    value = v;
  });
  return {
    get done() {
      return done;
    },
    get value() {
      if (!done) throw new Error("still parked");
      return value as T;
    },
  };
}

/** Lets resolved promises deliver their values (microtasks only; no time passes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const proto = (name: string, meta = name): GroupProtocol => ({ name, metadata: Buffer.from(meta) });

function params(over: Partial<JoinParams> = {}): JoinParams {
  return {
    memberId: "",
    groupInstanceId: null,
    clientId: "client",
    clientHost: "/127.0.0.1",
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: "consumer",
    protocols: [proto("range")],
    requireKnownMemberId: false,
    ...over,
  };
}

function setup(initialRebalanceDelayMs = 0) {
  const clock = new FakeClock();
  const persisted: { state: string; generation: number }[] = [];
  const group = new Group({
    groupId: "g",
    clock,
    logger: silentLogger,
    initialRebalanceDelayMs,
    onPersist: (g) => persisted.push({ state: g.state, generation: g.generationId }),
  });
  return { clock, group, persisted };
}

/** Joins, then syncs every member (the leader with one-byte assignments named after each member). */
async function stabilize(group: Group, joins: ReturnType<typeof track<JoinResult>>[]): Promise<JoinResult[]> {
  await settle();
  const results = joins.map((j) => j.value);
  const leader = results.find((r) => r.memberId === r.leaderId);
  if (!leader) throw new Error("no leader");
  const syncs = results.map((r) =>
    track(
      group.sync({
        memberId: r.memberId,
        generationId: r.generationId,
        groupInstanceId: null,
        assignments: r === leader ? leader.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(`a:${m.memberId}`) })) : [],
      }),
    ),
  );
  await settle();
  for (const s of syncs) expect(s.value.errorCode).toBe(ErrorCode.NONE);
  expect(group.state).toBe("Stable");
  return results;
}

describe("Group state machine", () => {
  it("a single member joins, leads, syncs and heartbeats", async () => {
    const { group, persisted } = setup();
    expect(group.state).toBe("Empty");
    const join = track(group.join(params({ protocols: [proto("range", "meta-a")] })));
    await settle();
    expect(join.value.errorCode).toBe(ErrorCode.NONE);
    expect(join.value.generationId).toBe(1);
    expect(join.value.leaderId).toBe(join.value.memberId);
    expect(join.value.protocolName).toBe("range");
    expect(join.value.memberId).toMatch(/^client-/);
    expect(join.value.members).toEqual([{ memberId: join.value.memberId, groupInstanceId: null, metadata: Buffer.from("meta-a") }]);
    expect(group.state).toBe("CompletingRebalance");

    const sync = await group.sync({
      memberId: join.value.memberId,
      generationId: 1,
      groupInstanceId: null,
      assignments: [{ memberId: join.value.memberId, assignment: Buffer.from("all") }],
    });
    expect(sync).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from("all") });
    expect(group.state).toBe("Stable");
    expect(persisted).toEqual([{ state: "Stable", generation: 1 }]);
    expect(group.heartbeat(join.value.memberId, 1)).toBe(ErrorCode.NONE);

    const summary = group.summary();
    expect(summary.state).toBe("Stable");
    expect(summary.protocolType).toBe("consumer");
    expect(summary.protocol).toBe("range");
    expect(summary.members[0]).toMatchObject({ clientId: "client", clientHost: "/127.0.0.1", metadata: Buffer.from("meta-a"), assignment: Buffer.from("all") });
  });

  it("three members joining within the initial delay form one generation; followers' syncs park until the leader's", async () => {
    const { clock, group } = setup(100);
    const a = track(group.join(params({ clientId: "a" })));
    clock.advance(50);
    const b = track(group.join(params({ clientId: "b" })));
    clock.advance(40);
    const c = track(group.join(params({ clientId: "c" })));
    await settle();
    expect(group.state).toBe("PreparingRebalance");
    // The first delay ends at 100 but members arrived meanwhile: it is extended by another 100.
    clock.advance(10);
    await settle();
    expect(a.done).toBe(false);
    clock.advance(100);
    await settle();
    expect(a.done && b.done && c.done).toBe(true);

    const leader = a.value;
    expect(leader.generationId).toBe(1);
    expect(leader.leaderId).toBe(leader.memberId);
    expect(leader.members.map((m) => m.memberId)).toEqual([a.value.memberId, b.value.memberId, c.value.memberId]);
    expect(b.value.members).toEqual([]);
    expect(b.value.leaderId).toBe(leader.memberId);
    expect(group.state).toBe("CompletingRebalance");

    const syncB = track(group.sync({ memberId: b.value.memberId, generationId: 1, groupInstanceId: null, assignments: [] }));
    const syncC = track(group.sync({ memberId: c.value.memberId, generationId: 1, groupInstanceId: null, assignments: [] }));
    await settle();
    expect(syncB.done || syncC.done).toBe(false);

    const syncA = track(
      group.sync({
        memberId: leader.memberId,
        generationId: 1,
        groupInstanceId: null,
        // c is left out: it gets an empty assignment.
        assignments: [
          { memberId: a.value.memberId, assignment: Buffer.from("A") },
          { memberId: b.value.memberId, assignment: Buffer.from("B") },
        ],
      }),
    );
    await settle();
    expect(syncA.value.assignment.toString()).toBe("A");
    expect(syncB.value.assignment.toString()).toBe("B");
    expect(syncC.value).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.alloc(0) });
    expect(group.state).toBe("Stable");

    // A late SyncGroup in Stable gets the stored assignment at once.
    const again = await group.sync({ memberId: b.value.memberId, generationId: 1, groupInstanceId: null, assignments: [] });
    expect(again.assignment.toString()).toBe("B");
  });

  it("a new member makes everyone rejoin; heartbeats answer REBALANCE_IN_PROGRESS meanwhile", async () => {
    const { group } = setup();
    const [a] = await stabilize(group, [track(group.join(params({ clientId: "a" })))]);
    if (!a) throw new Error("unreachable");

    const b = track(group.join(params({ clientId: "b" })));
    await settle();
    expect(group.state).toBe("PreparingRebalance");
    expect(b.done).toBe(false);
    expect(group.heartbeat(a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    // SyncGroup of the old generation is refused while preparing.
    expect((await group.sync({ memberId: a.memberId, generationId: 1, groupInstanceId: null, assignments: [] })).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    // Members of the current generation may still commit what they processed before rejoining.
    expect(group.validateCommit(a.memberId, 1)).toBe(ErrorCode.NONE);

    const aAgain = track(group.join(params({ clientId: "a", memberId: a.memberId })));
    await settle();
    expect(aAgain.value.generationId).toBe(2);
    expect(aAgain.value.members).toHaveLength(2);
    expect(b.value.generationId).toBe(2);
    expect(b.value.leaderId).toBe(a.memberId);
    expect(group.state).toBe("CompletingRebalance");
    // Between JoinGroup and SyncGroup a heartbeat is fine, a commit is not.
    expect(group.heartbeat(b.value.memberId, 2)).toBe(ErrorCode.NONE);
    expect(group.validateCommit(b.value.memberId, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it("a member leaving triggers a rebalance; the last one leaving empties the group", async () => {
    const { group, persisted } = setup();
    const [a, b] = await stabilize(group, await joinedTogether(group, ["a", "b"]));
    if (!a || !b) throw new Error("unreachable");
    const gen = a.generationId;
    expect(group.leave([{ memberId: b.memberId, groupInstanceId: null }])).toEqual([ErrorCode.NONE]);
    expect(group.state).toBe("PreparingRebalance");
    expect(group.heartbeat(a.memberId, gen)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aAgain = track(group.join(params({ memberId: a.memberId })));
    await settle();
    expect(aAgain.value.generationId).toBe(gen + 1);
    expect(aAgain.value.members.map((m) => m.memberId)).toEqual([a.memberId]);

    expect(group.leave([{ memberId: "nobody", groupInstanceId: null }])).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(group.leave([{ memberId: a.memberId, groupInstanceId: null }])).toEqual([ErrorCode.NONE]);
    expect(group.state).toBe("Empty");
    expect(group.generationId).toBe(gen + 2);
    expect(persisted.at(-1)).toEqual({ state: "Empty", generation: gen + 2 });
    expect(group.heartbeat(a.memberId, gen + 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("a member without heartbeats expires after its session timeout", async () => {
    const { clock, group } = setup();
    const [a, b] = await stabilize(group, await joinedTogether(group, ["a", "b"], { sessionTimeoutMs: 1000 }));
    if (!a || !b) throw new Error("unreachable");
    const gen = a.generationId;
    clock.advance(600);
    expect(group.heartbeat(a.memberId, gen)).toBe(ErrorCode.NONE);
    expect(group.heartbeat(b.memberId, gen)).toBe(ErrorCode.NONE);
    clock.advance(600);
    expect(group.heartbeat(a.memberId, gen)).toBe(ErrorCode.NONE);
    clock.advance(399);
    expect(group.has(b.memberId)).toBe(true);
    // b's last heartbeat was at 600: it expires at 1600.
    clock.advance(1);
    expect(group.has(b.memberId)).toBe(false);
    expect(group.state).toBe("PreparingRebalance");
    const aAgain = track(group.join(params({ memberId: a.memberId, sessionTimeoutMs: 1000 })));
    await settle();
    expect(aAgain.value.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it("the rebalance timeout evicts a member that keeps heartbeating but never rejoins", async () => {
    const { clock, group } = setup();
    const [a, b] = await stabilize(group, await joinedTogether(group, ["a", "b"], { rebalanceTimeoutMs: 5000, sessionTimeoutMs: 3000 }));
    if (!a || !b) throw new Error("unreachable");
    const gen = a.generationId;
    const c = track(group.join(params({ clientId: "c", rebalanceTimeoutMs: 5000, sessionTimeoutMs: 3000 })));
    const aAgain = track(group.join(params({ memberId: a.memberId, rebalanceTimeoutMs: 5000, sessionTimeoutMs: 3000 })));
    for (let t = 0; t < 4; t++) {
      clock.advance(1000);
      expect(group.heartbeat(b.memberId, gen)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    }
    await settle();
    expect(c.done).toBe(false);
    clock.advance(1000);
    await settle();
    expect(c.value.generationId).toBe(gen + 1);
    expect(aAgain.value.members.map((m) => m.memberId)).toEqual([a.memberId, c.value.memberId]);
    expect(group.heartbeat(b.memberId, gen)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("parked members outlive their session timeout while the group rebalances", async () => {
    const { clock, group } = setup();
    const [a, b] = await stabilize(group, await joinedTogether(group, ["a", "b"], { rebalanceTimeoutMs: 10_000, sessionTimeoutMs: 1000 }));
    if (!a || !b) throw new Error("unreachable");
    const aAgain = track(group.join(params({ memberId: a.memberId, rebalanceTimeoutMs: 10_000, sessionTimeoutMs: 1000 })));
    // b stays silent and expires; a is parked and survives although its session is only 1 s.
    clock.advance(1500);
    await settle();
    expect(aAgain.value.errorCode).toBe(ErrorCode.NONE);
    expect(aAgain.value.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it("a parked join whose connection closes stops blocking the rebalance once its session runs out", async () => {
    const { clock, group } = setup();
    const timeouts = { rebalanceTimeoutMs: 60_000, sessionTimeoutMs: 2000 };
    const [a, b, c] = await stabilize(group, await joinedTogether(group, ["a", "b", "c"], timeouts));
    if (!a || !b || !c) throw new Error("unreachable");
    const conn = new AbortController();
    // The leader's rejoin starts the rebalance; b rejoins on a connection that then closes.
    const aAgain = track(group.join(params({ memberId: a.memberId, ...timeouts })));
    const bAgain = track(group.join(params({ memberId: b.memberId, signal: conn.signal, ...timeouts })));
    clock.advance(500);
    conn.abort();
    await settle();
    expect(bAgain.done).toBe(true);
    clock.advance(100);
    const cAgain = track(group.join(params({ memberId: c.memberId, ...timeouts })));
    await settle();
    expect(aAgain.done || cAgain.done).toBe(false);
    // b's session timer restarted at its rejoin (t=0) and fires at 2000, long before the 60 s rebalance timeout.
    clock.advance(1399);
    await settle();
    expect(aAgain.done).toBe(false);
    clock.advance(1);
    await settle();
    expect(aAgain.value.errorCode).toBe(ErrorCode.NONE);
    expect(aAgain.value.members.map((m) => m.memberId)).toEqual([a.memberId, c.memberId]);
    expect(cAgain.value.generationId).toBe(aAgain.value.generationId);
    expect(group.has(b.memberId)).toBe(false);
  });

  it("a member that joined but never syncs is removed after the rebalance timeout", async () => {
    const { clock, group } = setup();
    const joins = await joinedTogether(group, ["a", "b"], { rebalanceTimeoutMs: 4000, sessionTimeoutMs: 60_000 });
    await settle();
    const a = joins[0]?.value;
    const b = joins[1]?.value;
    if (!a || !b) throw new Error("unreachable");
    const syncA = await group.sync({ memberId: a.memberId, generationId: a.generationId, groupInstanceId: null, assignments: [] });
    expect(syncA.errorCode).toBe(ErrorCode.NONE);
    expect(group.state).toBe("Stable");
    clock.advance(4000);
    expect(group.has(b.memberId)).toBe(false);
    expect(group.state).toBe("PreparingRebalance");
  });

  it("a join during CompletingRebalance answers parked syncs with REBALANCE_IN_PROGRESS", async () => {
    const { group } = setup();
    const joins = await joinedTogether(group, ["a", "b"]);
    await settle();
    const b = joins[1]?.value;
    if (!b) throw new Error("unreachable");
    const syncB = track(group.sync({ memberId: b.memberId, generationId: b.generationId, groupInstanceId: null, assignments: [] }));
    await settle();
    expect(syncB.done).toBe(false);
    void group.join(params({ clientId: "c" }));
    await settle();
    expect(syncB.value.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(group.state).toBe("PreparingRebalance");
  });

  it("refuses stale generations and unknown members", async () => {
    const { group } = setup();
    const [a] = await stabilize(group, [track(group.join(params()))]);
    if (!a) throw new Error("unreachable");
    expect(group.heartbeat(a.memberId, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(group.heartbeat("stranger", 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await group.sync({ memberId: a.memberId, generationId: 7, groupInstanceId: null, assignments: [] })).errorCode).toBe(
      ErrorCode.ILLEGAL_GENERATION,
    );
    expect((await group.sync({ memberId: "stranger", generationId: 1, groupInstanceId: null, assignments: [] })).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect(group.validateCommit(a.memberId, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(group.validateCommit("stranger", 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // A commit without membership is refused while the group has members...
    expect(group.validateCommit("", -1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await group.join(params({ memberId: "stranger" }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    group.leave([{ memberId: a.memberId, groupInstanceId: null }]);
    // ...and allowed once it is empty.
    expect(group.validateCommit("", -1)).toBe(ErrorCode.NONE);
  });

  it("JoinGroup v4+: a new member gets MEMBER_ID_REQUIRED with its id, then joins with it", async () => {
    const { clock, group } = setup();
    const first = await group.join(params({ requireKnownMemberId: true }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^client-/);
    expect(group.size).toBe(0);
    const second = await group.join(params({ requireKnownMemberId: true, memberId: first.memberId }));
    expect(second.errorCode).toBe(ErrorCode.NONE);
    expect(second.memberId).toBe(first.memberId);
    expect(second.leaderId).toBe(first.memberId);

    // An id handed out but never used expires with the session timeout.
    const ghost = await group.join(params({ requireKnownMemberId: true, sessionTimeoutMs: 500 }));
    clock.advance(500);
    expect((await group.join(params({ memberId: ghost.memberId }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("checks protocol type and common protocols, and picks the protocol with the most votes", async () => {
    const { clock, group } = setup(100);
    const a = track(group.join(params({ clientId: "a", protocols: [proto("range"), proto("roundrobin")] })));
    const b = track(group.join(params({ clientId: "b", protocols: [proto("roundrobin"), proto("range")] })));
    const c = track(group.join(params({ clientId: "c", protocols: [proto("sticky"), proto("roundrobin"), proto("range")] })));
    expect((await group.join(params({ protocolType: "connect", protocols: [proto("range")] }))).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect((await group.join(params({ protocols: [proto("sticky")] }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    clock.advance(300);
    await settle();
    expect(a.value.protocolName).toBe("roundrobin");
    expect(c.value.protocolName).toBe("roundrobin");
    // The leader sees each member's metadata for the chosen protocol.
    expect(a.value.members.map((m) => m.metadata.toString())).toEqual(["roundrobin", "roundrobin", "roundrobin"]);
    expect(b.value.generationId).toBe(1);
  });

  it("an opaque protocol type (Kafka Connect's \"connect\") works like \"consumer\"", async () => {
    const { group } = setup();
    const joins = await joinedTogether(group, ["w1", "w2"], { protocolType: "connect", protocols: [proto("sessioned", "s"), proto("default", "d")] });
    const [w1] = await stabilize(group, joins);
    expect(w1?.protocolName).toBe("sessioned");
    expect(group.summary().protocolType).toBe("connect");
  });

  it("a follower rejoining a Stable group with the same metadata gets the current generation; the leader forces a rebalance", async () => {
    const { group } = setup();
    const [a, b] = await stabilize(group, await joinedTogether(group, ["a", "b"]));
    if (!a || !b) throw new Error("unreachable");
    const bSame = await group.join(params({ memberId: b.memberId }));
    expect(bSame).toMatchObject({ errorCode: ErrorCode.NONE, generationId: a.generationId, leaderId: a.memberId, members: [] });
    expect(group.state).toBe("Stable");
    void group.join(params({ memberId: a.memberId }));
    expect(group.state).toBe("PreparingRebalance");
  });

  it("shutdown answers parked requests and leaves no timers behind", async () => {
    const { clock, group } = setup(1000);
    const a = track(group.join(params()));
    void group.join(params({ requireKnownMemberId: true }));
    await settle();
    expect(clock.pendingTimers).toBeGreaterThan(0);
    group.shutdown(ErrorCode.NOT_COORDINATOR);
    await settle();
    expect(a.value.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(clock.pendingTimers).toBe(0);
    expect(group.state).toBe("Dead");
  });
});

/** Starts a group whose first rebalance includes every named member (joins while the initial delay runs). */
async function joinedTogether(
  group: Group,
  clientIds: string[],
  over: Partial<JoinParams> = {},
): Promise<ReturnType<typeof track<JoinResult>>[]> {
  // With no initial delay the first member completes alone; rejoin the rest into one generation.
  const [first, ...rest] = clientIds;
  if (first === undefined) return [];
  const firstJoin = track(group.join(params({ clientId: first, ...over })));
  await settle();
  if (rest.length === 0) return [firstJoin];
  const others = rest.map((clientId) => track(group.join(params({ clientId, ...over }))));
  await settle();
  const leaderAgain = track(group.join(params({ clientId: first, memberId: firstJoin.value.memberId, ...over })));
  await settle();
  return [leaderAgain, ...others];
}
