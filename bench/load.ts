// One worker under many connectors: REST latency and the worker's own CPU and memory. Prints ONE
// JSON object on stdout; progress goes to stderr.
//
//   npm run -s bench:load [-- --connectors N --kind datagen|filestream --requests N]
//
// A `ferry broker` and one `ferry standalone` worker, each its own process (so the worker's CPU and
// RSS, read from /proc, are its own). Connectors have one task each: Datagen (`users`, at most one
// record a second per task) or FileStreamSource on a file that grows by nothing. Latencies are
// p50/p99 of `GET /connectors?expand=status` and of `GET /connectors/<name>/status`, measured one
// request at a time; the reference is the same measurement on the same worker with one connector,
// before the others exist. CPU is % of one core over a window with no REST traffic, and over the
// latency measurement.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../test/harness/ferry-process";
import { writeStandaloneWorkerProperties } from "../test/harness/standalone-worker";
import { waitFor } from "../test/harness/wait-for";
import { cpuMs, memory, round } from "./bench-util";
import { restCall } from "../test/harness/rest-call";

const { values: args } = parseArgs({
  options: {
    connectors: { type: "string", default: "300" },
    kind: { type: "string", default: "datagen" },
    requests: { type: "string", default: "200" },
  },
});
const CONNECTORS = Number(args.connectors);
const KIND = args.kind === "filestream" ? "filestream" : "datagen";
const REQUESTS = Number(args.requests);
/** CPU measured with the connectors running and no REST traffic. */
const IDLE_WINDOW_MS = 10_000;
const log = (line: string) => process.stderr.write(`[bench:load] ${line}\n`);

interface Expanded {
  [name: string]: { status: { connector: { state: string }; tasks: { state: string }[] } };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
}

function summarise(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1] ?? NaN), requests: samples.length };
}

/** REQUESTS of each call, interleaved, one at a time; the worker's CPU over the whole run. */
async function measure(url: string, worker: FerryProcess, statusOf: () => string): Promise<{ expandStatus: Latency; connectorStatus: Latency; cpuPercent: number }> {
  const expand: number[] = [];
  const status: number[] = [];
  const cpu0 = cpuMs(worker.pid);
  const t0 = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    let start = performance.now();
    const all = await restCall(url, "GET", "/connectors?expand=status");
    expand.push(performance.now() - start);
    if (all.status !== 200) throw new Error(`GET /connectors?expand=status: ${all.status}`);
    start = performance.now();
    const one = await restCall(url, "GET", `/connectors/${statusOf()}/status`);
    status.push(performance.now() - start);
    if (one.status !== 200) throw new Error(`GET status: ${one.status} ${JSON.stringify(one.body)}`);
  }
  const cpuPercent = round(((cpuMs(worker.pid) - cpu0) / (performance.now() - t0)) * 100, 1);
  return { expandStatus: summarise(expand), connectorStatus: summarise(status), cpuPercent };
}

function connectorConfig(root: string, name: string): Record<string, string> {
  if (KIND === "datagen") return { "connector.class": "Datagen", "tasks.max": "1", "kafka.topic": "load-datagen", quickstart: "users", "max.interval": "1000" };
  const file = join(root, "files", `${name}.txt`);
  writeFileSync(file, "");
  return { "connector.class": "FileStreamSource", "tasks.max": "1", file, topic: "load-lines" };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "ferry-bench-load-"));
  let broker: BrokerProcess | undefined;
  let worker: FerryProcess | undefined;
  try {
    broker = await startBrokerProcess(join(root, "broker"));
    const dir = join(root, "worker");
    mkdirSync(dir);
    mkdirSync(join(root, "files"));
    writeStandaloneWorkerProperties(dir, broker.bootstrap, {
      "key.converter.schemas.enable": "false",
      "value.converter.schemas.enable": "false",
      "offset.flush.interval.ms": "10000",
      "connector.file.allowed.paths": root,
    });
    const w = spawnFerry(["standalone", "worker.properties"], { cwd: dir });
    worker = w;
    const url = (await w.waitForStdout(/REST API listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1]!;
    const names = Array.from({ length: CONNECTORS }, (_, i) => `load-${String(i).padStart(4, "0")}`);
    const allRunning = async (count: number) => {
      const all = Object.values((await restCall(url, "GET", "/connectors?expand=status")).body as Expanded);
      return all.length === count && all.every((c) => c.status.connector.state === "RUNNING" && c.status.tasks.length === 1 && c.status.tasks[0]!.state === "RUNNING");
    };

    // Reference: the same worker with one connector.
    const first = names[0]!;
    const created = await restCall(url, "PUT", `/connectors/${first}/config`, connectorConfig(root, first));
    if (created.status !== 201) throw new Error(`create ${first}: ${created.status} ${JSON.stringify(created.body)}`);
    await waitFor(() => allRunning(1), { timeoutMs: 60_000, intervalMs: 100, message: "the first connector RUNNING" });
    log(`reference: ${REQUESTS} × 2 requests with 1 connector`);
    const reference = await measure(url, w, () => first);
    const referenceMemory = memory(w.pid);

    log(`creating ${CONNECTORS - 1} more ${KIND} connectors`);
    const createStart = performance.now();
    let next = 1;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < names.length) {
          const name = names[next++]!;
          const res = await restCall(url, "PUT", `/connectors/${name}/config`, connectorConfig(root, name));
          if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }),
    );
    await waitFor(() => allRunning(CONNECTORS), { timeoutMs: 600_000, intervalMs: 500, message: `${CONNECTORS} connectors and tasks RUNNING` });
    const startMs = performance.now() - createStart;
    log(`${CONNECTORS} connectors running after ${Math.round(startMs)} ms`);

    const cpu0 = cpuMs(w.pid);
    const idleStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const idleCpuPercent = round(((cpuMs(w.pid) - cpu0) / (performance.now() - idleStart)) * 100, 1);
    log(`worker CPU with ${CONNECTORS} connectors, no REST traffic: ${idleCpuPercent}% of a core`);

    log(`under load: ${REQUESTS} × 2 requests`);
    let i = 0;
    const loaded = await measure(url, w, () => names[i++ % names.length]!);
    const loadedMemory = memory(w.pid);
    const stillRunning = await allRunning(CONNECTORS);

    const result = {
      benchmark: "load",
      connectors: CONNECTORS,
      tasksPerConnector: 1,
      kind: KIND === "datagen" ? "Datagen (users, max.interval=1000)" : "FileStreamSource (empty files)",
      startConnectorsMs: Math.round(startMs),
      underLoad: {
        expandStatus: loaded.expandStatus,
        connectorStatus: loaded.connectorStatus,
        workerCpuPercentDuringRequests: loaded.cpuPercent,
        workerCpuPercentNoRequests: idleCpuPercent,
        cpuWindowMs: IDLE_WINDOW_MS,
        workerRssMiB: loadedMemory.rssMiB,
        workerPeakRssMiB: loadedMemory.peakRssMiB,
        allRunningAfter: stillRunning,
      },
      reference: {
        connectors: 1,
        expandStatus: reference.expandStatus,
        connectorStatus: reference.connectorStatus,
        workerCpuPercentDuringRequests: reference.cpuPercent,
        workerRssMiB: referenceMemory.rssMiB,
      },
      ratios: {
        expandStatusP50: round(loaded.expandStatus.p50Ms / reference.expandStatus.p50Ms, 1),
        connectorStatusP50: round(loaded.connectorStatus.p50Ms / reference.connectorStatus.p50Ms, 1),
      },
      machine: { cpus: cpus().length, loadavg: loadavg().map((x) => round(x)) },
    };
    await w.stop("SIGTERM", 60_000);
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    await worker?.kill();
    await broker?.stop("SIGTERM", 10_000);
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
