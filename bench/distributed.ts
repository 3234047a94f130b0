// Distributed mode: how long a 3-worker `ferry distributed` cluster takes to start 300 connectors,
// and how long the work of a worker killed with SIGKILL takes to run elsewhere. Prints ONE JSON
// object on stdout; progress goes to stderr.
//
//   npm run -s bench:distributed [-- --connectors N]
//
// The broker and the three workers are separate processes (`ferry broker`, `ferry distributed`).
// Connectors are FileStreamSource connectors (one task each) on empty files, created through one
// worker's REST API (so most creates are forwarded to the leader), 8 at a time; the start time runs
// from the first create to every connector and task reported RUNNING. Failover: the worker running
// the most tasks is SIGKILLed; the time runs from the kill to every one of its connectors and tasks
// RUNNING on another worker. Kafka's model bounds it by session.timeout.ms +
// scheduled.rebalance.max.delay.ms (the work is held for a worker that might come back) plus the
// restart itself; the target is that bound + 5 s.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { clusterProps, spawnDistributedWorker } from "../test/harness/distributed-worker";
import { startBrokerProcess, type BrokerProcess, type FerryProcess } from "../test/harness/ferry-process";
import { waitFor } from "../test/harness/wait-for";
import { memory, round } from "./bench-util";
import { restCall } from "../test/harness/rest-call";

const { values: args } = parseArgs({ options: { connectors: { type: "string", default: "300" } } });
const CONNECTORS = Number(args.connectors);
const SESSION_TIMEOUT_MS = 6000;
const HEARTBEAT_MS = 1000;
const DELAY_MS = 3000;
const log = (line: string) => process.stderr.write(`[bench:distributed] ${line}\n`);

interface Worker {
  process: FerryProcess;
  url: string;
  workerId: string;
}

interface Expanded {
  [name: string]: { status: { connector: { state: string; worker_id: string }; tasks: { id: number; state: string; worker_id: string }[] } };
}

async function startWorker(root: string, broker: BrokerProcess, index: number): Promise<Worker> {
  const { process, url, workerId } = await spawnDistributedWorker(
    join(root, `worker-${index}`),
    broker.bootstrap,
    {
      ...clusterProps("bench", "bench"),
      "session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "heartbeat.interval.ms": String(HEARTBEAT_MS),
      "rebalance.timeout.ms": "20000",
      "scheduled.rebalance.max.delay.ms": String(DELAY_MS),
      "offset.flush.interval.ms": "5000",
      // The connectors' files live beside the workers' directories.
      "connector.file.allowed.paths": root,
    },
    { timeoutMs: 60_000 },
  );
  return { process, url, workerId };
}

async function expanded(w: Worker): Promise<Expanded> {
  return (await restCall(w.url, "GET", "/connectors?expand=status")).body as Expanded;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "ferry-bench-distributed-"));
  let broker: BrokerProcess | undefined;
  const workers: Worker[] = [];
  try {
    broker = await startBrokerProcess(join(root, "broker"));
    for (let i = 0; i < 3; i++) workers.push(await startWorker(root, broker, i));
    await waitFor(async () => (await Promise.all(workers.map((w) => restCall(w.url, "GET", "/health").catch(() => undefined)))).every((r) => r?.status === 200), {
      timeoutMs: 60_000,
      message: "3 healthy workers",
    });
    log(`3 workers up; creating ${CONNECTORS} connectors`);

    const entry = workers[0]!;
    const names = Array.from({ length: CONNECTORS }, (_, i) => `source-${String(i).padStart(4, "0")}`);
    const startedAt = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < names.length) {
          const name = names[next++]!;
          const file = join(root, `${name}.txt`);
          writeFileSync(file, "");
          for (;;) {
            const res = await restCall(entry.url, "PUT", `/connectors/${name}/config`, { "connector.class": "FileStreamSource", "tasks.max": "1", file, topic: "bench-lines" });
            if (res.status === 201 || res.status === 200) break;
            if (res.status !== 409) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
      }),
    );
    const createdMs = performance.now() - startedAt;
    await waitFor(
      async () => {
        const all = Object.values(await expanded(entry));
        return all.length === CONNECTORS && all.every((c) => c.status.connector.state === "RUNNING" && c.status.tasks.length === 1 && c.status.tasks[0]!.state === "RUNNING");
      },
      { timeoutMs: 600_000, intervalMs: 250, message: `${CONNECTORS} connectors and tasks RUNNING` },
    );
    const startMs = performance.now() - startedAt;
    log(`${CONNECTORS} connectors running after ${Math.round(startMs)} ms (creates took ${Math.round(createdMs)} ms)`);

    // Failover: kill the worker with the most tasks.
    const before = await expanded(entry);
    const perWorker = new Map<string, number>();
    for (const c of Object.values(before)) for (const t of c.status.tasks) perWorker.set(t.worker_id, (perWorker.get(t.worker_id) ?? 0) + 1);
    const victimId = [...perWorker].sort((a, b) => b[1] - a[1])[0]![0];
    const victim = workers.find((w) => w.workerId === victimId)!;
    const observer = workers.find((w) => w !== victim)!;
    const moved = Object.entries(before).filter(([, c]) => c.status.connector.worker_id === victimId || c.status.tasks.some((t) => t.worker_id === victimId));
    const victimTasks = perWorker.get(victimId) ?? 0;
    const victimConnectors = Object.values(before).filter((c) => c.status.connector.worker_id === victimId).length;
    log(`SIGKILL ${victimId} (${victimConnectors} connectors, ${victimTasks} tasks)`);
    const killedAt = performance.now();
    await victim.process.kill();
    await waitFor(
      async () => {
        const now = await expanded(observer);
        return moved.every(([name]) => {
          const s = now[name]?.status;
          return s && s.connector.state === "RUNNING" && s.connector.worker_id !== victimId && s.tasks.every((t) => t.state === "RUNNING" && t.worker_id !== victimId);
        });
      },
      { timeoutMs: 120_000, intervalMs: 100, message: "the killed worker's work running elsewhere" },
    );
    const failoverMs = performance.now() - killedAt;
    const targetMs = SESSION_TIMEOUT_MS + DELAY_MS + 5000;
    log(`failover in ${Math.round(failoverMs)} ms (target ${targetMs} ms)`);

    const survivors = workers.filter((w) => w !== victim);
    const result = {
      benchmark: "distributed",
      workers: 3,
      connectors: CONNECTORS,
      startConnectors: { ms: Math.round(startMs), createRequestsMs: Math.round(createdMs), connectorsPerSecond: round((CONNECTORS * 1000) / startMs, 1) },
      failover: {
        ms: Math.round(failoverMs),
        targetMs,
        withinTarget: failoverMs <= targetMs,
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: HEARTBEAT_MS,
        scheduledRebalanceMaxDelayMs: DELAY_MS,
        movedConnectors: victimConnectors,
        movedTasks: victimTasks,
        // What Kafka's protocol itself imposes; the rest is detection, rebalance and restart.
        protocolBoundMs: SESSION_TIMEOUT_MS + DELAY_MS,
      },
      workerMemoryMiB: survivors.map((w) => memory(w.process.pid).rssMiB),
      machine: { cpus: cpus().length, loadavg: loadavg().map((x) => round(x)) },
    };
    for (const w of survivors) await w.process.stop("SIGTERM", 30_000);
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    for (const w of workers) await w.process.kill();
    await broker?.stop("SIGTERM", 10_000);
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
