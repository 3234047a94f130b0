import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { CONNECT_PROTOCOL_TYPE, FERRY_PROTOCOL, encodeMetadata } from "../../server/connect/distributed/connect-protocol";
import { createDistributedHerder, NO_LEADER_MESSAGE, type DistributedHerder } from "../../server/connect/distributed/distributed-herder";
import { KafkaProtocolClient } from "../../server/connect/distributed/kafka-protocol";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { Loggers } from "../../server/connect/runtime/loggers";
import { testConnectorPlugins } from "../../server/connect/runtime/test-plugins";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

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
  return {
    "bootstrap.servers": broker.broker.bootstrapServers,
    listeners: "http://127.0.0.1:0",
    "key.converter": JSON_CONVERTER,
    "value.converter": JSON_CONVERTER,
    "group.id": "ferry-it",
    "config.storage.topic": "it-configs",
    "offset.storage.topic": "it-offsets",
    "status.storage.topic": "it-status",
    "config.storage.replication.factor": "1",
    "offset.storage.replication.factor": "1",
    "status.storage.replication.factor": "1",
    "offset.storage.partitions": "3",
    "status.storage.partitions": "2",
    "offset.flush.interval.ms": "500",
    "session.timeout.ms": "4000",
    "heartbeat.interval.ms": "300",
    "rebalance.timeout.ms": "8000",
    // Long: a clean shutdown must hand work over without waiting for it.
    "scheduled.rebalance.max.delay.ms": "60000",
    ...overrides,
  };
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

async function call(w: WorkerRuntime, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url(w)}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

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
    const patched = await call(followers[1]!, "PATCH", "/connectors/a/config", { extra: "1" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "a", config: { extra: "1", name: "a" } });
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
});
