import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { createDistributedHerder, type DistributedHerder } from "../../server/connect/distributed/distributed-herder";
import { Loggers } from "../../server/connect/runtime/loggers";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { inProcessWorkerProps } from "../harness/distributed-worker";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

/**
 * A restart of every worker of a distributed cluster (three workers in one process against the
 * embedded broker). Everything a cluster knows lives in its topics, so three fresh workers on the
 * same group and internal topics bring back every connector in its target state, the FileStream
 * source resumes from its committed offset (offsets topic) and the FileStream sink from its
 * consumer group. With a clean stop Kafka Connect commits what was delivered before the tasks stop,
 * so no line is read or written twice.
 */

const LINES = 300_000;
const EXTRA = 5_000;
const LINE_PATTERN = /^R(\d{8})$/;
const line = (i: number) => `R${String(i).padStart(8, "0")}`;
const TOPIC = "restart-lines";
const SINK_GROUP = "connect-lines-sink";

const logs: string[] = [];
let root: string;
let broker: TestBroker;
let workers: WorkerRuntime[] = [];
let started = 0;

function workerProps(): Record<string, string> {
  return {
    ...inProcessWorkerProps(broker.broker.bootstrapServers, { groupId: "ferry-restart", topicPrefix: "restart", converter: "org.apache.kafka.connect.storage.StringConverter" }),
    "connector.file.allowed.paths": root,
  };
}

async function startCluster(): Promise<WorkerRuntime[]> {
  const cluster: WorkerRuntime[] = [];
  for (let i = 0; i < 3; i++) {
    const index = started++;
    const runtime = await startWorker({
      workerProps: workerProps(),
      requiredKeys: ["group.id"],
      loggers: new Loggers({ write: (l) => void logs.push(`[w${index}] ${l}`) }),
      createHerder: (options) => createDistributedHerder(options),
      env: {},
    });
    runtime.markReady();
    cluster.push(runtime);
  }
  await waitFor(
    async () =>
      (await Promise.all(cluster.map((w) => w.herder.health()))).every((h) => h.status === "healthy") &&
      cluster.every((w) => (w.herder as DistributedHerder).workers().length === 3),
    { timeoutMs: 30_000, message: "3 healthy workers that see each other" },
  );
  return cluster;
}

const call = (w: WorkerRuntime, method: string, path: string, body?: unknown): Promise<RestReply> => restCall(w.urls[0] as string, method, path, body);

interface StatusBody {
  connector: { state: string };
  tasks: { id: number; state: string }[];
}

async function states(w: WorkerRuntime, name: string): Promise<string | undefined> {
  const res = await call(w, "GET", `/connectors/${name}/status`);
  if (res.status !== 200) return undefined;
  const body = res.body as StatusBody;
  return [body.connector.state, ...body.tasks.map((t) => t.state)].join(",");
}

function analyse(path: string): { lines: number; distinct: number; duplicates: number; torn: number } {
  const seen = new Set<number>();
  let lines = 0;
  let duplicates = 0;
  let torn = 0;
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  for (const raw of text.split("\n")) {
    if (raw === "") continue;
    lines++;
    const m = LINE_PATTERN.exec(raw);
    if (!m) torn++;
    else if (seen.has(Number(m[1]))) duplicates++;
    else seen.add(Number(m[1]));
  }
  return { lines, distinct: seen.size, duplicates, torn };
}

async function topicRecords(): Promise<number> {
  const admin = broker.kafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(TOPIC);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

async function sinkGroupCommitted(): Promise<number> {
  const admin = broker.kafka().admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: SINK_GROUP, topics: [TOPIC] });
    return (topic?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-distributed-restart-"));
  broker = await startTestBroker();
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.stop();
  await broker?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe("a restart of every distributed worker", () => {
  it("brings every connector back in its target state and resumes the source and the sink from their offsets", async () => {
    onTestFailed(() => console.error(logs.filter((l) => /WARN|ERROR|Assignment|Generation/.test(l)).slice(-150).join("\n")));
    const input = join(root, "input.txt");
    const output = join(root, "output.txt");
    const idleInput = join(root, "idle.txt");
    writeFileSync(input, Array.from({ length: LINES }, (_, i) => line(i)).join("\n") + "\n");
    writeFileSync(idleInput, "idle\n");

    workers = await startCluster();
    const [w0, w1, w2] = workers as [WorkerRuntime, WorkerRuntime, WorkerRuntime];
    const idle = (topic: string) => ({ "connector.class": "FileStreamSource", "tasks.max": "1", file: idleInput, topic });
    expect((await call(w2, "POST", "/connectors", { name: "paused-source", config: idle("restart-paused") })).status).toBe(201);
    expect((await call(w0, "POST", "/connectors", { name: "stopped-source", config: idle("restart-stopped") })).status).toBe(201);
    for (const name of ["paused-source", "stopped-source"]) {
      await waitFor(async () => (await states(w1, name)) === "RUNNING,RUNNING", { timeoutMs: 20_000, message: `${name} running` });
    }
    expect((await call(w2, "PUT", "/connectors/paused-source/pause")).status).toBe(202);
    expect((await call(w2, "PUT", "/connectors/stopped-source/stop")).status).toBe(204);
    // The pipeline last, so that the stop below comes while its data flows.
    expect((await call(w0, "PUT", "/connectors/lines-source/config", { "connector.class": "FileStreamSource", "tasks.max": "1", file: input, topic: TOPIC })).status).toBe(201);
    expect((await call(w1, "PUT", "/connectors/lines-sink/config", { "connector.class": "FileStreamSink", "tasks.max": "1", file: output, topics: TOPIC })).status).toBe(201);

    const expected = { "lines-source": "RUNNING,RUNNING", "lines-sink": "RUNNING,RUNNING", "paused-source": "PAUSED,PAUSED", "stopped-source": "STOPPED" };
    let seen: Record<string, string | undefined> = {};
    onTestFailed(() => console.error(`connector states last seen: ${JSON.stringify(seen)}`));
    const allInState = async (w: WorkerRuntime) => {
      seen = {};
      for (const name of Object.keys(expected)) seen[name] = await states(w, name);
      return Object.entries(expected).every(([name, state]) => seen[name] === state);
    };
    // Part of the data has flowed: some lines are in the sink file.
    await waitFor(() => analyse(output).lines >= 1_000, { timeoutMs: 60_000, intervalMs: 50, message: "the first lines in the sink file" });
    await waitFor(() => allInState(w2), { timeoutMs: 30_000, message: `every connector in its state ${JSON.stringify(expected)}` });

    // Clean stop of every worker.
    for (const w of workers) await w.stop();
    workers = [];
    const atStop = analyse(output);
    expect(atStop.lines).toBeGreaterThan(0);
    const producedAtStop = await topicRecords();
    const sinkCommitted = await sinkGroupCommitted();
    console.log(`[distributed-restart] at the stop: ${producedAtStop} lines produced, ${atStop.lines} in the sink file, ${sinkCommitted} committed by the sink group`);
    expect(atStop.duplicates).toBe(0);
    expect(atStop.torn).toBe(0);
    // The sink committed exactly what it had written (its offsets follow its flushes).
    expect(sinkCommitted).toBe(atStop.lines);

    // More lines while the cluster is down, then three fresh workers.
    appendFileSync(input, Array.from({ length: EXTRA }, (_, i) => line(LINES + i)).join("\n") + "\n");
    workers = await startCluster();
    await waitFor(() => allInState(workers[0]!), { timeoutMs: 30_000, message: "every connector back in its state" });
    await waitFor(() => analyse(output).distinct >= LINES + EXTRA, { timeoutMs: 120_000, intervalMs: 200, message: `all ${LINES + EXTRA} lines in the sink file` });

    const after = analyse(output);
    console.log(`[distributed-restart] after the restart: ${after.distinct} distinct lines, ${after.duplicates} duplicates, ${await topicRecords()} records in ${TOPIC}`);
    // The source resumed from its committed offset: no line was produced twice.
    expect(await topicRecords()).toBe(LINES + EXTRA);
    // The sink resumed from its group's offsets: no line was written twice.
    expect(after.duplicates).toBe(0);
    expect(after.torn).toBe(0);
    expect(after.lines).toBe(LINES + EXTRA);
    // Still in their target states once the pipeline is done.
    expect(await allInState(workers[1]!)).toBe(true);
    // The paused and the stopped connector read their one line once, before the restart, not again.
    expect(await topicRecordsOf("restart-paused")).toBe(1);
    expect(await topicRecordsOf("restart-stopped")).toBe(1);
  }, 240_000);
});

async function topicRecordsOf(topic: string): Promise<number> {
  const admin = broker.kafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
