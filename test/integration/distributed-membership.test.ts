import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLoggers } from "../../server/connect/runtime/loggers";
import { taskKey } from "../../server/connect/distributed/assignor";
import {
  CONNECT_PROTOCOL_TYPE,
  FERRY_PROTOCOL,
  decodeAssignment,
  encodeMetadata,
  leaderAssignments,
  type Assignment,
} from "../../server/connect/distributed/connect-protocol";
import { KafkaProtocolClient } from "../../server/connect/distributed/kafka-protocol";
import { WorkerGroupMember } from "../../server/connect/distributed/worker-group-member";
import type { AssignorState } from "../../server/connect/distributed/assignor";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { startMockCluster, type MockCluster } from "../harness/mock-cluster";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";

/**
 * Connect group membership (protocol type `connect`, the leader's incremental cooperative
 * assignment) against the embedded broker and against librdkafka's mock cluster, a broker nobody
 * here wrote. Members apply assignments as workers do: they report what they run when they rejoin,
 * rejoin at once after a revocation, and again when a scheduled delay ends.
 */

const CONFIGURED = new Map([
  ["a", 3],
  ["b", 3],
]);

class TestWorker {
  readonly member: WorkerGroupMember;
  readonly client: KafkaProtocolClient;
  assignment: Assignment | undefined;
  readonly history: Assignment[] = [];
  /** How often the membership was reported lost (the worker then stops all its work). */
  lost = 0;
  /** While set, the member waits before it joins (a worker still applying its last assignment). */
  gate: Promise<void> | undefined;
  /** What happened, in order: "metadata" each time the member built its JoinGroup metadata. */
  readonly events: string[] = [];
  #state: AssignorState | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly workerId: string,
    bootstrap: string,
    groupId: string,
    maxDelayMs: number,
    leaderSyncDelayMs: number,
  ) {
    this.client = new KafkaProtocolClient({ brokers: [bootstrap], clientId: workerId });
    this.member = new WorkerGroupMember({
      client: this.client,
      groupId,
      protocolType: CONNECT_PROTOCOL_TYPE,
      protocol: FERRY_PROTOCOL,
      sessionTimeoutMs: 3000,
      rebalanceTimeoutMs: 6000,
      heartbeatIntervalMs: 300,
      logger: silentLoggers().logger("test"),
      beforeJoin: async () => {
        if (!this.gate) return;
        this.events.push("waiting");
        await this.gate;
      },
      metadata: () => {
        this.events.push("metadata");
        return encodeMetadata({
          workerId,
          url: `http://${workerId}`,
          configOffset: "0",
          connectors: this.assignment?.connectors ?? [],
          tasks: this.assignment?.tasks ?? [],
          leaving: false,
        });
      },
      assign: async (members, _generation, leaderId) => {
        // A worker's leader reads the config topic before it assigns; here that takes no time, and
        // librdkafka's mock refuses a follower's SyncGroup that arrives after the leader's
        // (INVALID_REQUEST once the group is up), so the mock's leader takes as long as a read would.
        if (leaderSyncDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, leaderSyncDelayMs));
        const result = leaderAssignments({ members, leaderId, configured: CONFIGURED, configOffset: 0n, now: Date.now(), maxDelayMs, state: this.#state });
        this.#state = result.state;
        return result.assignments;
      },
      onAssigned: (bytes) => {
        const assignment = decodeAssignment(bytes);
        this.assignment = assignment;
        this.history.push(assignment);
        if (assignment.revokedConnectors.length + assignment.revokedTasks.length > 0) this.member.requestRejoin();
        clearTimeout(this.#timer);
        if (assignment.delayMs > 0) this.#timer = setTimeout(() => this.member.requestRejoin(), assignment.delayMs);
      },
      onRebalanceStarted: () => {},
      onLost: () => {
        this.lost += 1;
        this.assignment = undefined;
      },
    });
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.member.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    await this.member.stop();
    await this.client.disconnect().catch(() => {});
  }

  tasks(): string[] {
    return (this.assignment?.tasks ?? []).map(taskKey);
  }
}

interface Target {
  name: string;
  tool?: string;
  leaderSyncDelayMs: number;
  start(): Promise<{ bootstrap: string; stop(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: "embedded broker",
    leaderSyncDelayMs: 0,
    async start() {
      const broker: TestBroker = await startTestBroker();
      return { bootstrap: broker.broker.bootstrapServers, stop: () => broker.close() };
    },
  },
  {
    name: "librdkafka mock cluster",
    tool: "kcat",
    leaderSyncDelayMs: 500,
    async start() {
      const mock: MockCluster = await startMockCluster();
      return { bootstrap: mock.bootstrapServers, stop: async () => mock.stop() };
    },
  },
];

function membershipSuite(target: Target) {
  let cluster: { bootstrap: string; stop(): Promise<void> };
  let workers: TestWorker[] = [];
  let groupCounter = 0;

  beforeAll(async () => {
    cluster = await target.start();
  });
  afterEach(async () => {
    for (const w of workers) await w.stop();
    workers = [];
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  /** Every member's view agrees on one generation's assignment and nothing is being revoked. */
  const settled = (members: TestWorker[]) =>
    members.every((w) => w.assignment && w.assignment.revokedTasks.length === 0 && w.assignment.revokedConnectors.length === 0 && w.assignment.delayMs === 0) &&
    new Set(members.map((w) => w.member.generation)).size === 1 &&
    members.reduce((n, w) => n + w.tasks().length, 0) === 6;

  it("elects one leader, spreads the work, and gives a joining worker a fair share", async () => {
    const group = `${target.name.replace(/\W/g, "-")}-${++groupCounter}`;
    for (let i = 0; i < 3; i++) workers.push(new TestWorker(`w${i}:8083`, cluster.bootstrap, group, 1500, target.leaderSyncDelayMs));
    for (const w of workers) await w.start();
    await waitFor(() => settled(workers) && workers.every((w) => w.assignment!.workers.length === 3), { timeoutMs: 30_000, message: "3 members settled" });
    expect(workers.filter((w) => w.assignment!.leaderId === w.member.memberId)).toHaveLength(1);
    expect(workers.map((w) => w.tasks().length)).toEqual([2, 2, 2]);
    expect(workers.flatMap((w) => w.assignment!.connectors).sort()).toEqual(["a", "b"]);

    const before = new Map(workers.map((w) => [w.workerId, w.tasks()]));
    const fourth = new TestWorker("w3:8083", cluster.bootstrap, group, 1500, target.leaderSyncDelayMs);
    workers.push(fourth);
    await fourth.start();
    await waitFor(() => settled(workers) && fourth.tasks().length > 0, { timeoutMs: 30_000, message: "4 members settled" });
    expect(workers.map((w) => w.tasks().length).sort()).toEqual([1, 1, 2, 2]);
    // Incremental: the first three only gave tasks away; none got a different one.
    for (const w of workers.slice(0, 3)) for (const t of w.tasks()) expect(before.get(w.workerId)).toContain(t);
  }, 60_000);

  it("holds a departed worker's work for the scheduled delay, then reassigns it", async () => {
    const group = `${target.name.replace(/\W/g, "-")}-${++groupCounter}`;
    for (let i = 0; i < 3; i++) workers.push(new TestWorker(`w${i}:8083`, cluster.bootstrap, group, 1500, target.leaderSyncDelayMs));
    for (const w of workers) await w.start();
    await waitFor(() => settled(workers) && workers.every((w) => w.assignment!.workers.length === 3), { timeoutMs: 30_000, message: "3 members settled" });
    const gone = workers.pop()!;
    const goneTasks = gone.tasks();
    await gone.stop();
    // First the survivors hear of a delay (the work is held back), then they get the work.
    await waitFor(() => workers.some((w) => w.history.some((a) => a.delayMs > 0)), { timeoutMs: 30_000, message: "a scheduled delay" });
    await waitFor(() => settled(workers), { timeoutMs: 30_000, message: "the departed worker's tasks reassigned" });
    const survivorsTasks = workers.flatMap((w) => w.tasks());
    for (const t of goneTasks) expect(survivorsTasks).toContain(t);
    expect(workers.map((w) => w.tasks().length)).toEqual([3, 3]);
  }, 60_000);
}

for (const target of targets) {
  if (target.tool) describeWithTool(target.tool, `Connect group membership against the ${target.name}`, () => membershipSuite(target));
  else describe(`Connect group membership against the ${target.name}`, () => membershipSuite(target));
}

describe("Connect group membership: fencing", () => {
  it("reports the membership lost when the coordinator stays unreachable, and rejoins when it is back", async () => {
    const broker = await startTestBroker();
    const worker = new TestWorker("solo:8083", broker.broker.bootstrapServers, "fencing", 0, 0);
    try {
      await worker.start();
      await waitFor(() => worker.assignment?.tasks.length === 6, { timeoutMs: 20_000, message: "the only member owns all tasks" });
      await broker.broker.close();
      await waitFor(() => worker.lost > 0, { timeoutMs: 20_000, message: "the membership reported lost" });
      expect(worker.assignment).toBeUndefined();
      await broker.restart();
      await waitFor(() => worker.assignment?.tasks.length === 6, { timeoutMs: 30_000, message: "the member back with its work" });
    } finally {
      await worker.stop();
      await broker.close();
    }
  }, 90_000);
});

describe("Connect group membership: joining after the last assignment is applied", () => {
  it("builds its JoinGroup metadata only once the worker lets it join", async () => {
    const broker = await startTestBroker();
    const first = new TestWorker("first:8083", broker.broker.bootstrapServers, "gated", 0, 0);
    const second = new TestWorker("second:8083", broker.broker.bootstrapServers, "gated", 0, 0);
    try {
      await first.start();
      await waitFor(() => first.assignment?.tasks.length === 6, { timeoutMs: 20_000, message: "the first member owns all tasks" });
      let open: () => void = () => {};
      first.gate = new Promise<void>((resolve) => (open = resolve));
      // The second member's arrival makes the first rejoin; it waits at the gate.
      await second.start();
      await waitFor(() => first.events.at(-1) === "waiting", { timeoutMs: 20_000, message: "the first member waiting to rejoin" });
      first.events.push("opened");
      first.gate = undefined;
      open();
      await waitFor(() => first.tasks().length === 3 && second.tasks().length === 3, { timeoutMs: 30_000, message: "the tasks shared" });
      const waited = first.events.lastIndexOf("waiting");
      // No metadata was built between the wait and the opening of the gate.
      expect(first.events.slice(waited + 1, first.events.indexOf("opened", waited) + 1)).toEqual(["opened"]);
      expect(first.events.indexOf("metadata", waited)).toBeGreaterThan(first.events.indexOf("opened", waited));
    } finally {
      await second.stop();
      await first.stop();
      await broker.close();
    }
  }, 90_000);
});
