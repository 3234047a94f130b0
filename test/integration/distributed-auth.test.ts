import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { createDistributedHerder, type DistributedHerder } from "../../server/connect/distributed/distributed-herder";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { KafkaBasedLog } from "../../server/connect/distributed/kafka-based-log";
import { generateSessionKey, signatureHeaders } from "../../server/connect/rest/internal-request-signature";
import { Loggers } from "../../server/connect/runtime/loggers";
import { testConnectorPlugins } from "../../server/connect/runtime/test-plugins";
import { formatUsersFile, hashPassword } from "../../server/security/credentials";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

/**
 * Distributed workers with REST authentication on (`rest.auth.users.file`): a write sent to a
 * follower is checked there, then forwarded to the leader with the caller's Authorization header,
 * which the leader checks again. Task configs that a follower generates reach the leader through the
 * internal endpoint, signed with the session key the leader wrote to the config topic (no user
 * credentials needed); unsigned or forged requests to that endpoint are refused.
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const ADMIN = `Basic ${Buffer.from("admin-user:admin-secret").toString("base64")}`;
const VIEWER = `Basic ${Buffer.from("viewer-user:viewer-secret").toString("base64")}`;
const logs: string[] = [];
let root: string;
let broker: TestBroker;
const workers: WorkerRuntime[] = [];
/** A second cluster whose session key lives one second (inter.worker.key.ttl.ms). */
const rotating: WorkerRuntime[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-distributed-auth-"));
  const cost = { N: 1024, r: 8, p: 1 };
  writeFileSync(
    join(root, "users"),
    formatUsersFile([
      { name: "admin-user", role: "admin", hash: await hashPassword("admin-secret", cost) },
      { name: "viewer-user", role: "viewer", hash: await hashPassword("viewer-secret", cost) },
    ]),
  );
  broker = await startTestBroker();
  workers.push(...(await startCluster("auth", {}, logs)));
  await waitFor(
    async () => (await Promise.all(workers.map((w) => w.herder.health()))).every((h) => h.status === "healthy") && workers.every((w) => herder(w).workers().length === 2),
    { timeoutMs: 20_000, message: "2 healthy workers that see each other" },
  );
}, 60_000);

afterAll(async () => {
  for (const w of [...workers, ...rotating]) await w.stop();
  await broker?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

const herder = (w: WorkerRuntime) => w.herder as DistributedHerder;

/** Two workers of group `ferry-<prefix>` on topics `<prefix>-*`, REST authentication on. */
async function startCluster(prefix: string, overrides: Record<string, string>, sink: string[]): Promise<WorkerRuntime[]> {
  const cluster: WorkerRuntime[] = [];
  for (let index = 0; index < 2; index++) {
    const runtime = await startWorker({
      workerProps: {
        "bootstrap.servers": broker.broker.bootstrapServers,
        listeners: "http://127.0.0.1:0",
        "key.converter": JSON_CONVERTER,
        "value.converter": JSON_CONVERTER,
        "group.id": `ferry-${prefix}`,
        "config.storage.topic": `${prefix}-configs`,
        "offset.storage.topic": `${prefix}-offsets`,
        "status.storage.topic": `${prefix}-status`,
        "config.storage.replication.factor": "1",
        "offset.storage.replication.factor": "1",
        "status.storage.replication.factor": "1",
        "offset.storage.partitions": "2",
        "status.storage.partitions": "2",
        "session.timeout.ms": "4000",
        "heartbeat.interval.ms": "300",
        "scheduled.rebalance.max.delay.ms": "60000",
        "rest.auth.users.file": join(root, "users"),
        ...overrides,
      },
      requiredKeys: ["group.id"],
      loggers: new Loggers({ write: (line) => void sink.push(`[w${index}] ${line}`) }),
      createHerder: (options) => createDistributedHerder({ ...options, plugins: createPluginRegistry(testConnectorPlugins) }),
      env: {},
    });
    runtime.markReady();
    cluster.push(runtime);
  }
  return cluster;
}

async function call(
  w: WorkerRuntime,
  method: string,
  path: string,
  authorization?: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (authorization) headers["authorization"] = authorization;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${w.urls[0]}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const source = (name: string) => ({
  name,
  config: { "connector.class": "test.CountingSourceConnector", "tasks.max": "2", "tasks.generated": "2", records: "0", topic: "auth-data" },
});

describe("distributed mode with REST authentication", () => {
  it("forwards a follower's writes with the caller's credentials, and runs every connector's tasks", async () => {
    onTestFailed(() => console.error(logs.slice(-120).join("\n")));
    const follower = workers.find((w) => !herder(w).isLeader())!;
    expect(follower).toBeDefined();

    expect((await call(follower, "POST", "/connectors", undefined, source("p"))).status).toBe(401);
    expect((await call(follower, "POST", "/connectors", VIEWER, source("p"))).status).toBe(403);
    // Accepted by the leader only because the follower passed the admin's Authorization on.
    expect((await call(follower, "POST", "/connectors", ADMIN, source("p"))).status).toBe(201);
    expect((await call(follower, "PUT", "/connectors/q/config", ADMIN, source("q").config)).status).toBe(201);
    expect((await call(follower, "DELETE", "/connectors/p", VIEWER)).status).toBe(403);

    // One connector per worker; both get their task configs written and their tasks running.
    await waitFor(
      async () => {
        for (const name of ["p", "q"]) {
          const res = await call(follower, "GET", `/connectors/${name}/status`, VIEWER);
          const status = res.body as { tasks?: { state: string }[] };
          if (res.status !== 200 || status.tasks?.length !== 2 || !status.tasks.every((t) => t.state === "RUNNING")) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, message: "the tasks of p and q running" },
    );
    const listed = (await call(follower, "GET", "/ferry/workers", VIEWER)).body as { workers: { id: string; connectors: string[] }[] };
    expect(listed.workers.map((w) => w.connectors.length)).toEqual([1, 1]);
    // The follower's task configs went to the leader, signed; none was refused.
    const followerPrefix = `[w${workers.indexOf(follower)}]`;
    const leaderPrefix = `[w${workers.findIndex((w) => herder(w).isLeader())}]`;
    const followerConnector = listed.workers.find((w) => w.id === follower.workerId)?.connectors[0];
    expect(logs.some((l) => l.startsWith(followerPrefix) && l.includes(`Sending 2 task config(s) of connector ${followerConnector} to the leader`))).toBe(true);
    expect(logs.filter((l) => /refused the task configs|writing them from this worker/.test(l))).toEqual([]);
    expect(logs.some((l) => l.startsWith(leaderPrefix) && l.includes("Writing the cluster's first session key"))).toBe(true);
    expect(logs.some((l) => l.startsWith(followerPrefix) && l.includes("Read a session key (HmacSHA256"))).toBe(true);

    // Kafka's session-key record in the config topic.
    const keys = await sessionKeyRecords("auth-configs");
    expect(keys.length).toBeGreaterThanOrEqual(1);
    const record = JSON.parse(keys[0]!) as { key: string; algorithm: string; "creation-timestamp": number };
    expect(Object.keys(record).sort()).toEqual(["algorithm", "creation-timestamp", "key"]);
    expect(Buffer.from(record.key, "base64")).toHaveLength(32);
    expect(record.algorithm).toBe("HmacSHA256");
    expect(typeof record["creation-timestamp"]).toBe("number");
  }, 60_000);

  it("refuses unsigned and forged requests to the internal endpoint on every worker", async () => {
    onTestFailed(() => console.error(logs.slice(-80).join("\n")));
    const forgedBody = [{ "task.class": "test.CountingSourceTask", topic: "stolen", records: "0", "task.id": "0" }];
    const before = await call(workers[0]!, "GET", "/connectors/p/tasks", ADMIN);
    expect(before.status).toBe(200);
    const forgedKey = generateSessionKey("HmacSHA256", undefined, Date.now());
    for (const w of workers) {
      // No signature, no credentials: refused by authentication.
      expect((await call(w, "POST", "/connectors/p/tasks", undefined, forgedBody)).status).toBe(401);
      // Even an admin's request needs a signature (Kafka's message).
      expect(await call(w, "POST", "/connectors/p/tasks", ADMIN, forgedBody)).toMatchObject({ status: 400, body: { message: "Internal request missing required signature" } });
      // Signed with a key that is not the cluster's.
      const forged = signatureHeaders(forgedKey.key, JSON.stringify(forgedBody), "HmacSHA256");
      expect(await call(w, "POST", "/connectors/p/tasks", undefined, forgedBody, forged)).toMatchObject({
        status: 403,
        body: { message: "Internal request contained invalid signature." },
      });
      expect((await call(w, "POST", "/connectors/p/tasks", VIEWER, forgedBody, forged)).status).toBe(403);
    }
    expect((await call(workers[0]!, "GET", "/connectors/p/tasks", ADMIN)).body).toEqual(before.body);
  }, 60_000);
});

describe("session key renewal", () => {
  it("has the leader write a new key when the old one expires; task configs keep flowing, old keys are refused", async () => {
    const rotationLogs: string[] = [];
    onTestFailed(() => console.error(rotationLogs.slice(-120).join("\n")));
    rotating.push(...(await startCluster("rotation", { "inter.worker.key.ttl.ms": "1000" }, rotationLogs)));
    await waitFor(
      async () => (await Promise.all(rotating.map((w) => w.herder.health()))).every((h) => h.status === "healthy") && rotating.every((w) => herder(w).workers().length === 2),
      { timeoutMs: 20_000, message: "2 healthy workers that see each other" },
    );
    const withTasks = (name: string, tasks: number) => ({ ...source(name).config, topic: "rotation-data", "tasks.max": String(tasks), "tasks.generated": String(tasks) });
    expect((await call(rotating[0]!, "PUT", "/connectors/r1/config", ADMIN, withTasks("r1", 2))).status).toBe(201);
    expect((await call(rotating[1]!, "PUT", "/connectors/r2/config", ADMIN, withTasks("r2", 2))).status).toBe(201);
    const running = (tasks: number) => async () => {
      for (const name of ["r1", "r2"]) {
        const res = await call(rotating[0]!, "GET", `/connectors/${name}/status`, VIEWER);
        const status = res.body as { tasks?: { state: string }[] };
        if (res.status !== 200 || status.tasks?.length !== tasks || !status.tasks.every((t) => t.state === "RUNNING")) return false;
      }
      return true;
    };
    await waitFor(running(2), { timeoutMs: 30_000, message: "2 running tasks each for r1 and r2" });

    // Keys are renewed as they expire, and the follower reads each one.
    await waitFor(async () => (await sessionKeyRecords("rotation-configs")).length >= 3, { timeoutMs: 20_000, intervalMs: 200, message: "3 session keys written" });
    const keys = (await sessionKeyRecords("rotation-configs")).map((v) => JSON.parse(v) as { key: string; "creation-timestamp": number });
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    expect(keys.map((k) => k["creation-timestamp"])).toEqual([...keys.map((k) => k["creation-timestamp"])].sort((a, b) => a - b));
    const followerIndex = rotating.findIndex((w) => !herder(w).isLeader());
    expect(rotationLogs.filter((l) => l.startsWith(`[w${followerIndex}]`) && l.includes("Read a session key")).length).toBeGreaterThanOrEqual(3);

    // A request signed with the first (expired, replaced) key is refused.
    const body = [{ "task.class": "test.CountingSourceTask" }];
    const stale = signatureHeaders(Buffer.from(keys[0]!.key, "base64"), JSON.stringify(body), "HmacSHA256");
    for (const w of rotating) expect((await call(w, "POST", "/connectors/r1/tasks", undefined, body, stale)).status).toBe(403);

    // Reconfigured after several renewals: both connectors' new task configs reach the leader.
    expect((await call(rotating[1]!, "PUT", "/connectors/r1/config", ADMIN, withTasks("r1", 3))).status).toBe(200);
    expect((await call(rotating[0]!, "PUT", "/connectors/r2/config", ADMIN, withTasks("r2", 3))).status).toBe(200);
    await waitFor(running(3), { timeoutMs: 30_000, message: "3 running tasks each for r1 and r2" });
  }, 90_000);
});

/** The values of the `session-key` records of a config topic, oldest first. */
async function sessionKeyRecords(topic: string): Promise<string[]> {
  const values: string[] = [];
  const log = new KafkaBasedLog({
    topic,
    bootstrapServers: [broker.broker.bootstrapServers],
    clientId: "auth-test-reader",
    logger: new Loggers({ write: () => {} }).logger("reader"),
    consume: (record) => {
      if (record.key?.toString("utf8") === "session-key" && record.value) values.push(record.value.toString("utf8"));
    },
  });
  await log.start();
  try {
    await log.readToEnd();
  } finally {
    await log.stop();
  }
  return values;
}
