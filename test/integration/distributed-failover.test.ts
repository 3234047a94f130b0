import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { clusterProps, spawnDistributedWorker } from "../harness/distributed-worker";
import { startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

/**
 * `ferry distributed` as separate processes: a 500k-line FileStreamSource → topic → FileStreamSink
 * pipeline across three workers. The worker running the source task is killed with SIGKILL in the
 * middle; after the session timeout and `scheduled.rebalance.max.delay.ms` its work runs elsewhere,
 * and every line reaches the sink file (duplicates allowed, counted). Then every worker is stopped
 * and started again: both connectors resume from their committed offsets (the source from the
 * offsets topic, the sink from its consumer group), so new lines arrive without re-reading the file.
 */

const LINES = 500_000;
const LINE_PATTERN = /^L(\d{9})x{20}$/;
const line = (i: number) => `L${String(i).padStart(9, "0")}${"x".repeat(20)}`;
const LINE_BYTES = line(0).length + 1;

let root: string;
let broker: BrokerProcess;
const processes: FerryProcess[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-distributed-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  for (const p of processes) await p.kill();
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

interface Worker {
  index: number;
  port: number;
  process: FerryProcess;
  url: string;
  workerId: string;
}

async function startWorker(index: number, port?: number): Promise<Worker> {
  const worker = await spawnDistributedWorker(
    join(root, `worker-${index}`),
    broker.bootstrap,
    {
      ...clusterProps("failover", "failover"),
      "connector.file.allowed.paths": root,
      "offset.storage.partitions": "3",
      "status.storage.partitions": "2",
      "offset.flush.interval.ms": "1000",
      "session.timeout.ms": "4000",
      "heartbeat.interval.ms": "500",
      "rebalance.timeout.ms": "10000",
      "scheduled.rebalance.max.delay.ms": "2000",
      "consumer.session.timeout.ms": "6000",
      "consumer.heartbeat.interval.ms": "1000",
    },
    { port },
  );
  processes.push(worker.process);
  return { index, ...worker };
}

const call = (w: Worker, method: string, path: string, body?: unknown): Promise<RestReply> => restCall(w.url, method, path, body);

interface StatusBody {
  connector: { state: string; worker_id: string };
  tasks: { id: number; state: string; worker_id: string }[];
}

async function taskOwner(w: Worker, name: string): Promise<string | undefined> {
  const res = await call(w, "GET", `/connectors/${name}/status`).catch(() => undefined);
  const task = res?.status === 200 ? (res.body as StatusBody).tasks[0] : undefined;
  return task?.state === "RUNNING" ? task.worker_id : undefined;
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function analyse(path: string): { distinct: number; duplicates: number; torn: number; max: number } {
  const seen = new Set<number>();
  let duplicates = 0;
  let torn = 0;
  let max = -1;
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    if (raw === "") continue;
    const m = LINE_PATTERN.exec(raw);
    if (!m) {
      torn++;
      continue;
    }
    const n = Number(m[1]);
    if (seen.has(n)) duplicates++;
    else seen.add(n);
    if (n > max) max = n;
  }
  return { distinct: seen.size, duplicates, torn, max };
}

async function healthy(w: Worker): Promise<boolean> {
  const res = await call(w, "GET", "/health").catch(() => undefined);
  return res?.status === 200;
}

describe("distributed failover (separate processes)", () => {
  it("reassigns a SIGKILLed worker's tasks after the delay, loses no line, and resumes from offsets after a full restart", async () => {
    const input = join(root, "input.txt");
    const output = join(root, "output.txt");
    const parts: string[] = [];
    for (let i = 0; i < LINES; i++) parts.push(line(i));
    writeFileSync(input, parts.join("\n") + "\n");

    let workers = [await startWorker(0), await startWorker(1), await startWorker(2)];
    onTestFailed(() => {
      for (const w of workers) console.error(`--- worker ${w.index} (${w.workerId}) stderr (end):\n${w.process.stderr().slice(-5000)}`);
    });
    await waitFor(async () => (await Promise.all(workers.map(healthy))).every(Boolean), { timeoutMs: 30_000, message: "3 healthy workers" });

    const sourceConfig = { "connector.class": "FileStreamSource", "tasks.max": "1", file: input, topic: "failover-lines" };
    const sinkConfig = { "connector.class": "FileStreamSink", "tasks.max": "1", file: output, topics: "failover-lines" };
    expect((await call(workers[1]!, "PUT", "/connectors/lines-source/config", sourceConfig)).status).toBe(201);
    expect((await call(workers[2]!, "PUT", "/connectors/lines-sink/config", sinkConfig)).status).toBe(201);

    // Mid-pipeline: the source has committed offsets and part of the file reached the sink.
    await waitFor(
      async () => {
        const offsets = (await call(workers[0]!, "GET", "/connectors/lines-source/offsets")).body as { offsets: { offset: { position?: number } }[] };
        return (offsets.offsets[0]?.offset.position ?? 0) > 0 && fileSize(output) >= 0.2 * LINES * LINE_BYTES;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: "committed source offsets and a fifth of the lines in the sink" },
    );
    const owner = await waitFor(() => taskOwner(workers[0]!, "lines-source"), { message: "the source task's worker" });
    const victim = workers.find((w) => w.workerId === owner)!;
    expect(victim).toBeDefined();
    const killedAt = fileSize(output) / LINE_BYTES;
    await victim.process.kill();
    const survivors = workers.filter((w) => w !== victim);

    // After the session timeout and the scheduled delay, the task runs on a survivor.
    await waitFor(async () => {
      const now = await taskOwner(survivors[0]!, "lines-source");
      return now !== undefined && now !== victim.workerId;
    }, { timeoutMs: 40_000, intervalMs: 100, message: "the source task running on another worker" });
    // Every survivor sees the same new owner.
    await waitFor(async () => survivors.map((w) => w.workerId).includes((await taskOwner(survivors[1]!, "lines-source")) ?? ""), {
      message: "the new owner seen from the other survivor",
    });

    await waitFor(() => fileSize(output) >= LINES * LINE_BYTES && analyse(output).distinct >= LINES, {
      timeoutMs: 120_000,
      intervalMs: 500,
      message: `all ${LINES} lines in the sink file`,
    });
    const afterFailover = analyse(output);
    console.log(
      `[distributed-failover] SIGKILL at ~${Math.round(killedAt)} sink lines; sink has ${afterFailover.distinct} distinct lines + ${afterFailover.duplicates} duplicates (${afterFailover.torn} torn)`,
    );
    expect(afterFailover.distinct).toBe(LINES);

    // Full restart: every worker stopped, more lines appended, every worker started again.
    for (const w of survivors) expect(await w.process.stop("SIGTERM", 30_000)).toEqual({ code: 0, signal: null });
    const extra: string[] = [];
    for (let i = LINES; i < LINES + 1000; i++) extra.push(line(i));
    appendFileSync(input, extra.join("\n") + "\n");
    const sizeBeforeRestart = fileSize(output);
    workers = [await startWorker(3, survivors[0]!.port), await startWorker(4, survivors[1]!.port), await startWorker(5, victim.port)];
    await waitFor(async () => (await Promise.all(workers.map(healthy))).every(Boolean), { timeoutMs: 30_000, message: "3 healthy workers after the restart" });
    await waitFor(() => analyse(output).distinct >= LINES + 1000, { timeoutMs: 60_000, intervalMs: 500, message: "the appended lines in the sink file" });
    // Resumed from offsets: far less than the whole file was written again.
    const appendedBytes = fileSize(output) - sizeBeforeRestart;
    expect(appendedBytes).toBeLessThan(0.2 * LINES * LINE_BYTES);
    for (const w of workers) expect(await w.process.stop("SIGTERM", 30_000)).toEqual({ code: 0, signal: null });
  }, 300_000);
});
