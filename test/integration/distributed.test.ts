import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from "vitest";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { CONNECT_PROTOCOL_TYPE, FERRY_PROTOCOL, encodeMetadata } from "../../server/connect/distributed/connect-protocol";
import {
  CONFLICT_MESSAGE,
  createDistributedHerder,
  NO_LEADER_MESSAGE,
  REBALANCE_EXPECTED_MESSAGE,
  STALE_CONFIG_MESSAGE,
  type DistributedHerder,
} from "../../server/connect/distributed/distributed-herder";
import type { FerryWorkers } from "../../lib/connect/schemas";
import { KafkaProtocolClient } from "../../server/connect/distributed/kafka-protocol";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { Loggers } from "../../server/connect/runtime/loggers";
import { testConnectorPlugins } from "../../server/connect/runtime/test-plugins";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { inProcessWorkerProps } from "../harness/distributed-worker";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

/**
 * Distributed mode with several workers in one process against the embedded broker: connectors
 * created on any worker are served by every worker, tasks spread evenly, writes sent to followers
 * are forwarded to the leader, a joining worker takes a fair share, and a worker that shuts down
 * cleanly hands its work over at once (long before scheduled.rebalance.max.delay.ms).
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const logs: string[] = [];
let broker: TestBroker;
const workers: WorkerRuntime[] = [];

function workerProps(overrides: Record<string, string> = {}): Record<string, string> {
  return { ...inProcessWorkerProps(broker.broker.bootstrapServers, { groupId: "ferry-it", topicPrefix: "it", converter: JSON_CONVERTER }), ...overrides };
}

async function addWorker(overrides: Record<string, string> = {}): Promise<WorkerRuntime> {
  const index = workers.length;
  const runtime = await startWorker({
    workerProps: workerProps(overrides),
    requiredKeys: ["group.id"],
    loggers: new Loggers({ write: (line) => void logs.push(`[w${index}] ${line}`) }),
    createHerder: (options) => createDistributedHerder({ ...options, plugins: createPluginRegistry(testConnectorPlugins) }),
  });
  runtime.markReady();
  workers.push(runtime);
  return runtime;
}

const herder = (w: WorkerRuntime) => w.herder as DistributedHerder;
const url = (w: WorkerRuntime) => w.urls[0] as string;

const call = (w: WorkerRuntime, method: string, path: string, body?: unknown): Promise<RestReply> => restCall(url(w), method, path, body);

interface StatusBody {
  connector: { state: string; worker_id: string };
  tasks: { id: number; state: string; worker_id: string }[];
}

async function status(w: WorkerRuntime, name: string): Promise<StatusBody | undefined> {
  const res = await call(w, "GET", `/connectors/${name}/status`);
  return res.status === 200 ? (res.body as StatusBody) : undefined;
}

/** Running tasks per worker id, over the given connectors, as one worker sees them. */
async function taskSpread(w: WorkerRuntime, names: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const name of names) {
    for (const t of (await status(w, name))?.tasks ?? []) if (t.state === "RUNNING") out.set(t.worker_id, (out.get(t.worker_id) ?? 0) + 1);
  }
  return out;
}

const source = (name: string, tasks: number) => ({
  name,
  config: { "connector.class": "test.CountingSourceConnector", "tasks.max": String(tasks), "tasks.generated": String(tasks), records: "0", topic: "it-data" },
});

beforeAll(async () => {
  broker = await startTestBroker();
  for (let i = 0; i < 3; i++) await addWorker();
  await waitFor(
    async () =>
      (await Promise.all(workers.map((w) => w.herder.health()))).every((h) => h.status === "healthy") &&
      workers.every((w) => herder(w).workers().length === 3),
    { timeoutMs: 20_000, message: "3 healthy workers that see each other" },
  );
}, 60_000);

afterAll(async () => {
  if (process.env["FERRY_DEBUG_LOGS"]) console.log(logs.filter((l) => /Assignment|Generation|revoked|Forward|WARN|ERROR/.test(l)).join("\n"));
  for (const w of workers) await w.stop();
  await broker?.close();
}, 60_000);

describe("distributed mode with three workers", () => {
  it("serves connectors from every worker, spreads tasks, forwards writes, rebalances on join and clean leave", async () => {
    onTestFailed(() => console.error(logs.slice(-150).join("\n")));
    const leader = workers.find((w) => herder(w).isLeader());
    expect(leader).toBeDefined();
    const followers = workers.filter((w) => w !== leader);
    expect(followers).toHaveLength(2);
    // Every worker knows the cluster: three workers, one leader.
    expect(herder(followers[0]!).workers().map((w) => w.leader).filter(Boolean)).toHaveLength(1);
    expect(herder(followers[0]!).workers().map((w) => w.workerId).sort()).toEqual(workers.map((w) => w.workerId).sort());

    // Created on a follower: forwarded to the leader.
    const created = await call(followers[0]!, "POST", "/connectors", source("a", 3));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "a", tasks: [], type: "source" });
    expect((await call(followers[1]!, "PUT", "/connectors/b/config", source("b", 3).config)).status).toBe(201);
    expect((await call(followers[1]!, "POST", "/connectors", source("a", 1))).status).toBe(409);
    // Two hops at most: a request already forwarded twice (forward=false) that reaches a worker
    // that is not the leader answers 409; one forwarded once (forward=true) goes on to the leader.
    expect(await call(followers[0]!, "DELETE", "/connectors/b?forward=false")).toEqual({ status: 409, body: { error_code: 409, message: CONFLICT_MESSAGE } });
    expect((await call(followers[0]!, "PUT", "/connectors/c/config?forward=true", source("c", 1).config)).status).toBe(201);
    expect((await call(followers[1]!, "DELETE", "/connectors/c?forward=true")).status).toBe(204);
    // A sink whose consumer group would be the workers' own group is refused (DistributedHerder#validateSinkConnectorGroupId).
    const clash = await call(followers[0]!, "POST", "/connectors", {
      name: "clash",
      config: { "connector.class": "test.RecordingSinkConnector", topics: "it-data", "consumer.override.group.id": "ferry-it" },
    });
    expect(clash.status).toBe(400);
    expect((clash.body as { message: string }).message).toContain("Consumer group ferry-it conflicts with Connect worker group ferry-it");

    for (const w of workers) {
      await waitFor(async () => ((await call(w, "GET", "/connectors")).body as string[]).sort().join() === "a,b", { message: `connectors on ${w.workerId}` });
    }
    await waitFor(
      async () => {
        const spread = await taskSpread(workers[0]!, ["a", "b"]);
        return spread.size === 3 && [...spread.values()].every((n) => n === 2);
      },
      { timeoutMs: 20_000, message: "6 tasks running, 2 on each worker" },
    );
    // Every worker lists the same workers, one leader, and the tasks each runs (GET /ferry/workers).
    const runsListed = (w: FerryWorkers["workers"][number]) => {
      const runs = workers.find((x) => x.workerId === w.id);
      const running = (runs ? herder(runs).worker.taskIds() : []).map((t) => `${t.connector}-${t.task}`).sort();
      return JSON.stringify(running) === JSON.stringify(w.tasks.map((t) => `${t.connector}-${t.task}`).sort());
    };
    await waitFor(
      async () => {
        const views = await Promise.all(workers.map(async (w) => (await call(w, "GET", "/ferry/workers")).body as FerryWorkers));
        const first = views[0]!.workers;
        return (
          new Set(views.map((v) => JSON.stringify(v.workers))).size === 1 &&
          views.every((v, i) => v.mode === "distributed" && v.worker_id === workers[i]!.workerId) &&
          first.flatMap((w) => w.connectors).sort().join() === "a,b" &&
          first.every((w) => w.tasks.length === 2 && runsListed(w))
        );
      },
      { message: "the same workers and assignments listed by every worker" },
    );
    const listed = ((await call(followers[1]!, "GET", "/ferry/workers")).body as FerryWorkers).workers;
    expect(listed.map((w) => w.id).sort()).toEqual(workers.map((w) => w.workerId).sort());
    expect(listed.filter((w) => w.leader).map((w) => w.id)).toEqual([leader!.workerId]);
    expect(listed.every((w) => w.url?.startsWith("http://"))).toBe(true);

    // Task configs generated by a follower that runs a connector are written by the leader (internal POST /connectors/{name}/tasks).
    // (Log lines are prefixed with the worker's index in `workers`.)
    const leaderPrefix = `[w${workers.indexOf(leader!)}]`;
    expect(logs.some((l) => !l.startsWith(leaderPrefix) && /Sending 3 task config\(s\) of connector [ab] to the leader/.test(l))).toBe(true);
    expect((await call(leader!, "GET", "/connectors/a/tasks")).body).toHaveLength(3);

    // Every worker answers the same status.
    await waitFor(async () => new Set((await Promise.all(workers.map((w) => status(w, "a")))).map((s) => JSON.stringify(s))).size === 1, {
      message: "the same status of a on every worker",
    });

    // A fourth worker takes a fair share; the others keep most of theirs, without restarting them.
    const before = await taskSpread(workers[0]!, ["a", "b"]);
    const running = new Map(workers.flatMap((w) => herder(w).worker.taskIds().map((id) => [`${w.workerId}/${id.connector}-${id.task}`, herder(w).worker.task(id)] as const)));
    const fourth = await addWorker();
    await waitFor(
      async () => {
        const spread = await taskSpread(workers[0]!, ["a", "b"]);
        const counts = [...spread.values()];
        return spread.size === 4 && counts.reduce((x, y) => x + y, 0) === 6 && Math.max(...counts) - Math.min(...counts) <= 1;
      },
      { timeoutMs: 20_000, message: "6 tasks over 4 workers" },
    );
    expect(before.size).toBe(3);
    let kept = 0;
    for (const w of workers.slice(0, 3)) {
      for (const id of herder(w).worker.taskIds()) {
        const previous = running.get(`${w.workerId}/${id.connector}-${id.task}`);
        expect(previous).toBeDefined();
        // The same task object: it kept running through the rebalance.
        expect(herder(w).worker.task(id)).toBe(previous);
        kept++;
      }
    }
    expect(kept).toBeGreaterThanOrEqual(4);

    // Pause and resume from a follower (written by any worker).
    expect((await call(followers[0]!, "PUT", "/connectors/a/pause")).status).toBe(202);
    await waitFor(async () => (await status(leader!, "a"))?.tasks.every((t) => t.state === "PAUSED") && (await status(leader!, "a"))?.connector.state === "PAUSED", {
      message: "connector a paused",
    });
    expect((await call(followers[1]!, "PUT", "/connectors/a/resume")).status).toBe(202);
    await waitFor(async () => (await status(leader!, "a"))?.tasks.filter((t) => t.state === "RUNNING").length === 3, { message: "connector a resumed" });

    // Restart with flags: the leader answers with the plan, the owners restart.
    await waitFor(async () => (await status(leader!, "b"))?.tasks.filter((t) => t.state === "RUNNING").length === 3, { message: "b's tasks seen by the leader" });
    const plan = await call(followers[0]!, "POST", "/connectors/b/restart?includeTasks=true&onlyFailed=false");
    expect(plan.status).toBe(202);
    expect(plan.body).toMatchObject({ name: "b", connector: { state: "RESTARTING" } });
    expect((plan.body as StatusBody).tasks.map((t) => t.state)).toEqual(["RESTARTING", "RESTARTING", "RESTARTING"]);
    await waitFor(
      async () => {
        const s = await status(leader!, "b");
        return s?.connector.state === "RUNNING" && s.tasks.length === 3 && s.tasks.every((t) => t.state === "RUNNING");
      },
      { message: "connector b restarted" },
    );

    // Stop (forwarded to the leader): no tasks; resume regenerates them. PATCH changes the config.
    expect((await call(followers[1]!, "PUT", "/connectors/a/stop")).status).toBe(204);
    await waitFor(async () => (await status(followers[0]!, "a"))?.connector.state === "STOPPED" && (await status(followers[0]!, "a"))?.tasks.length === 0, {
      message: "connector a stopped without tasks",
    });
    await waitFor(async () => JSON.stringify((await call(followers[0]!, "GET", "/connectors/a/tasks")).body) === "[]", { message: "no task configs for a" });
    expect((await call(followers[0]!, "PUT", "/connectors/a/resume")).status).toBe(202);
    // A PATCH is forwarded as a PATCH: the leader merges it into the newest config.
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      const target = new URL(input instanceof Request ? input.url : String(input));
      // Only config writes: task configs may be on their way to the leader at the same time.
      if (target.searchParams.has("forward") && target.pathname.endsWith("/config")) sent.push(`${init?.method ?? "GET"} ${target.pathname} ${String(init?.body ?? "")}`);
      return realFetch(input, init);
    });
    let patched: { status: number; body: unknown };
    try {
      patched = await call(followers[1]!, "PATCH", "/connectors/a/config", { extra: "1" });
    } finally {
      spy.mockRestore();
    }
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "a", config: { extra: "1", name: "a", "connector.class": "test.CountingSourceConnector" } });
    expect(sent).toEqual([`PATCH /connectors/a/config ${JSON.stringify({ extra: "1" })}`]);
    await waitFor(async () => (await status(leader!, "a"))?.tasks.filter((t) => t.state === "RUNNING").length === 3, { message: "connector a running again" });

    // A task restart sent to any worker reaches the worker that runs it.
    expect((await call(followers[0]!, "POST", "/connectors/b/tasks/2/restart")).status).toBe(204);
    expect((await call(followers[0]!, "POST", "/connectors/b/tasks/9/restart")).status).toBe(404);

    // A clean shutdown hands the work over without waiting for the 60 s delay.
    const leaving = followers[1]!;
    await leaving.stop();
    workers.splice(workers.indexOf(leaving), 1);
    await waitFor(
      async () => {
        const spread = await taskSpread(fourth, ["a", "b"]);
        return !spread.has(leaving.workerId) && [...spread.values()].reduce((x, y) => x + y, 0) === 6;
      },
      { timeoutMs: 15_000, message: "the departed worker's tasks running elsewhere" },
    );

    // Delete through a follower: gone everywhere, statuses included.
    expect((await call(followers[0]!, "DELETE", "/connectors/a")).status).toBe(204);
    await waitFor(async () => (await call(fourth, "GET", "/connectors/a/status")).status === 404, { message: "status of a deleted" });
    await waitFor(async () => JSON.stringify((await call(fourth, "GET", "/connectors")).body) === '["b"]', { message: "only b left" });
  }, 90_000);

  it("answers 409 to writes while a rebalance keeps the worker without a leader, and serves reads", async () => {
    onTestFailed(() => console.error(logs.slice(-100).join("\n")));
    // A member that leads the group and never completes the round: a new worker's JoinGroup
    // waits for it to rejoin, so the new worker has no leader until it leaves.
    const client = new KafkaProtocolClient({ brokers: [broker.broker.bootstrapServers], clientId: "stuck-leader" });
    await client.connect();
    const coordinator = await client.coordinator("ferry-it-stuck");
    const stuck = await coordinator.join({
      memberId: "",
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 30_000,
      protocolType: CONNECT_PROTOCOL_TYPE,
      protocols: [{ name: FERRY_PROTOCOL, metadata: encodeMetadata({ workerId: "stuck:1", url: "http://127.0.0.1:1", configOffset: "0", connectors: [], tasks: [], leaving: false }) }],
    });
    const worker = await addWorker({ "group.id": "ferry-it-stuck", "config.storage.topic": "stuck-configs", "offset.storage.topic": "stuck-offsets", "status.storage.topic": "stuck-status" });
    try {
      expect((await call(worker, "GET", "/connectors")).body).toEqual([]);
      expect(await call(worker, "POST", "/connectors", source("c", 1))).toEqual({ status: 409, body: { error_code: 409, message: NO_LEADER_MESSAGE } });
      expect((await call(worker, "DELETE", "/connectors/c")).status).toBe(409);
      expect((await worker.herder.health()).status).toBe("starting");
    } finally {
      await coordinator.leave(stuck.memberId);
      await client.disconnect();
    }
    // The round completes without the departed member: writes work.
    await waitFor(async () => (await call(worker, "POST", "/connectors", source("c", 1))).status === 201, { timeoutMs: 20_000, message: "the create accepted" });
  }, 60_000);

  it("answers 409 (stale configuration) to writes and 500 to reads while the rebalance a config change asked for cannot complete", async () => {
    onTestFailed(() => console.error(logs.slice(-100).join("\n")));
    const group = "connect-it-stale";
    const worker = await addWorker({
      "group.id": group,
      "config.storage.topic": "stale-configs",
      "offset.storage.topic": "stale-offsets",
      "status.storage.topic": "stale-status",
      "worker.sync.timeout.ms": "300",
    });
    await waitFor(async () => (await worker.herder.health()).status === "healthy" && herder(worker).isLeader(), { timeoutMs: 20_000, message: "the worker leads its group" });
    // A second member joins and syncs, then goes silent without leaving: the next rebalance
    // waits for it to rejoin (up to its 30 s rebalance timeout).
    const client = new KafkaProtocolClient({ brokers: [broker.broker.bootstrapServers], clientId: "silent-member" });
    await client.connect();
    const coordinator = await client.coordinator(group);
    const joined = await coordinator.join({
      memberId: "",
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 30_000,
      protocolType: CONNECT_PROTOCOL_TYPE,
      protocols: [{ name: FERRY_PROTOCOL, metadata: encodeMetadata({ workerId: "silent:1", url: "http://127.0.0.1:1", configOffset: "0", connectors: [], tasks: [], leaving: false }) }],
    });
    await coordinator.sync({ generationId: joined.generationId, memberId: joined.memberId, assignments: [] });
    try {
      await waitFor(() => herder(worker).workers().length === 2, { timeoutMs: 20_000, message: "two members in the group" });
      // A new connector needs a rebalance, which cannot complete while the silent member holds it up.
      expect((await call(worker, "POST", "/connectors", source("s1", 1))).status).toBe(201);
      await waitFor(async () => JSON.stringify((await call(worker, "GET", "/connectors")).body) === '["s1"]', { message: "s1 read back" });
      expect(await call(worker, "POST", "/connectors", source("s2", 1))).toEqual({ status: 409, body: { error_code: 409, message: STALE_CONFIG_MESSAGE } });
      expect(await call(worker, "GET", "/connectors/s1")).toEqual({ status: 500, body: { error_code: 500, message: REBALANCE_EXPECTED_MESSAGE } });
      // Reads the reference answers from the local view still work.
      expect((await call(worker, "GET", "/connectors")).status).toBe(200);
      // Kafka's check for sinks named so that connect-<name> is the workers' group.
      const clash = await call(worker, "PUT", "/connector-plugins/test.RecordingSinkConnector/config/validate", {
        "connector.class": "test.RecordingSinkConnector",
        name: "it-stale",
        topics: "t",
      });
      expect(clash.status).toBe(200);
      expect(JSON.stringify(clash.body)).toContain(`Consumer group for sink connector named it-stale conflicts with Connect worker group ${group}`);
    } finally {
      await coordinator.leave(joined.memberId);
      await client.disconnect();
    }
    await waitFor(async () => (await call(worker, "POST", "/connectors", source("s2", 1))).status === 201, { timeoutMs: 20_000, message: "writes accepted after the rebalance" });
    expect((await call(worker, "GET", "/connectors/s1")).status).toBe(200);
  }, 60_000);
});

describe("fencing", () => {
  it("stops the tasks of a worker that can no longer reach the group coordinator", async () => {
    onTestFailed(() => console.error(logs.slice(-100).join("\n")));
    const own = await startTestBroker();
    const runtime = await startWorker({
      workerProps: workerProps({ "bootstrap.servers": own.broker.bootstrapServers, "group.id": "ferry-fencing", "session.timeout.ms": "3000" }),
      requiredKeys: ["group.id"],
      loggers: new Loggers({ write: (line) => void logs.push(`[fencing] ${line}`) }),
      createHerder: (options) => createDistributedHerder({ ...options, plugins: createPluginRegistry(testConnectorPlugins) }),
    });
    runtime.markReady();
    const fenced = herder(runtime);
    try {
      await waitFor(async () => (await runtime.herder.health()).status === "healthy", { timeoutMs: 20_000, message: "the worker healthy" });
      expect((await call(runtime, "POST", "/connectors", source("f", 2))).status).toBe(201);
      await waitFor(() => fenced.worker.taskIds().length === 2, { timeoutMs: 20_000, message: "two tasks running" });
      await own.broker.close();
      // Without heartbeats, the worker gives up its membership and stops everything it ran.
      await waitFor(() => fenced.worker.taskIds().length === 0 && fenced.worker.connectorNames().length === 0, {
        timeoutMs: 20_000,
        message: "the tasks stopped",
      });
      expect(fenced.workers()).toEqual([]);
      expect(logs.some((l) => l.startsWith("[fencing]") && l.includes("Stopping all connectors and tasks"))).toBe(true);
      // Back in the group, it runs its work again.
      await own.restart();
      await waitFor(() => fenced.worker.taskIds().length === 2, { timeoutMs: 30_000, message: "the tasks running again" });
    } finally {
      await runtime.stop();
      await own.close();
    }
  }, 90_000);
});
