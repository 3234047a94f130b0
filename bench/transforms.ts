// The cost of a chain of five Kafka SMTs on a sink task, isolated from everything else: a topic is
// filled once (untimed); then a sink connector consumes it from the beginning — consume → convert
// (StringConverter) → transforms → put() into a no-op sink that only counts and checks the records —
// once with no transformation and once with the chain, in the same run and process against the same
// broker, alternating A-B-B-A (four times by default, `--rounds`) after one untimed warm-up run of each,
// with a full garbage collection (untimed) before every run. Prints ONE JSON object on
// stdout; progress goes to stderr.
//
//   npm run -s bench:transforms [-- --records N] [-- --value-bytes B] [-- --only none|chain] [-- --rounds R]
//
// The chain (HoistField$Value → InsertField$Value → ReplaceField$Value → MaskField$Value →
// ExtractField$Value) ends with the value it started with, so the sink checks that both variants put
// exactly the records of the topic (count, sequence numbers, characters).
//
// The broker is its own process (`ferry broker`); the worker (a standalone herder) runs in this
// process, so its CPU time is this process's. A run is timed from the end of the first put() to
// the put() of the last record: the group join and the first fetch are not in it. The headline
// ratio compares the mean rate of the runs of each variant (A-B-B-A cancels a linear drift of
// the machine's speed); the best run of each is reported too.
//
// Profiling: `node --cpu-prof --cpu-prof-dir=DIR bin/run-ts.mjs bench/transforms.ts --only chain`
// writes a .cpuprofile of the whole run (the worker is in this process).
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CONNECT_VERSION, ConfigDef, SinkConnector, SinkTask, type ConfigMap, type SinkRecord, type TaskClass } from "../server/connect/api";
import { createStandaloneHerder } from "../server/connect/herder/standalone-herder";
import { createPluginRegistry } from "../server/connect/plugins/registry";
import type { ConnectorPlugin } from "../server/connect/plugins/types";
import { silentLoggers } from "../server/connect/runtime/loggers";
import { parseWorkerConfig } from "../server/connect/worker-config";
import { startBrokerProcess, type BrokerProcess } from "../test/harness/ferry-process";
import { createTopics, fillTopic, memory, round } from "./bench-util";

const { values: args } = parseArgs({
  options: {
    // A million: each timed run then lasts seconds, long enough to measure on a shared machine.
    records: { type: "string", default: "1000000" },
    "value-bytes": { type: "string", default: "100" },
    // Only one variant, no A-B-B-A: for profiling iterations, not for the reported ratio.
    only: { type: "string" },
    // How many times the A-B-B-A sequence runs: more rounds, less noise from a shared machine. Four
    // (eight runs of each variant) take about two minutes.
    rounds: { type: "string", default: "4" },
  },
});
const RECORDS = Number(args.records);
const VALUE_BYTES = Number(args["value-bytes"]);
const ONLY = args.only === "none" || args.only === "chain" ? args.only : undefined;
const ROUNDS = Math.max(1, Number(args.rounds) || 1);
/** "The chain costs under 20% of throughput". */
const TARGET_MIN_RATIO = 0.8;
const RUN_TIMEOUT_MS = 180_000;
const TOPIC = "bench-transforms-input";
const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
const NO_OP_SINK = "bench.NoOpSinkConnector";

const CHAIN: Record<string, string> = {
  transforms: "hoist,insert,replace,mask,extract",
  "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Value",
  "transforms.hoist.field": "line",
  "transforms.insert.type": "org.apache.kafka.connect.transforms.InsertField$Value",
  "transforms.insert.static.field": "origin",
  "transforms.insert.static.value": "ferry",
  "transforms.insert.topic.field": "topic",
  "transforms.replace.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
  "transforms.replace.renames": "line:text",
  "transforms.replace.exclude": "topic",
  "transforms.mask.type": "org.apache.kafka.connect.transforms.MaskField$Value",
  "transforms.mask.fields": "origin",
  "transforms.extract.type": "org.apache.kafka.connect.transforms.ExtractField$Value",
  "transforms.extract.field": "text",
};

const log = (msg: string) => process.stderr.write(`[bench:transforms] ${msg}\n`);
const cleanups: (() => void | Promise<void>)[] = [];

// ---- the no-op sink ------------------------------------------------------------------------------

/** What one run's sink saw: counts, checks, and when the timed part started and ended. */
class Probe {
  count = 0;
  /** Sum of the 9-digit sequence numbers the values start with: n(n−1)/2 when each record came once. */
  sequenceSum = 0;
  characters = 0;
  wrongType = 0;
  /** After the first put() returned: performance.now() and process.cpuUsage(). */
  startedAt = 0;
  startCpu: NodeJS.CpuUsage | null = null;
  countAtStart = 0;
  finishedAt = 0;
  cpuMicros = 0;
  /** Garbage collection pauses of this process over the timed part. */
  gcMs = 0;
  readonly done: Promise<void>;
  #finish: () => void = () => {};

  constructor(readonly expected: number) {
    this.done = new Promise((resolve) => (this.#finish = resolve));
  }

  put(records: SinkRecord[]): void {
    for (const record of records) {
      const value = record.value;
      if (typeof value !== "string") {
        this.wrongType++;
        continue;
      }
      this.sequenceSum += Number(value.slice(0, 9));
      this.characters += value.length;
    }
    this.count += records.length;
    if (this.startCpu === null) {
      this.startedAt = performance.now();
      this.startCpu = process.cpuUsage();
      this.countAtStart = this.count;
    } else if (this.count >= this.expected && this.finishedAt === 0) {
      this.finishedAt = performance.now();
      this.cpuMicros = ((c) => c.user + c.system)(process.cpuUsage(this.startCpu));
      this.#finish();
    }
  }
}

let probe: Probe | null = null;

// A full collection before each run (untimed), so that no run pays for the garbage of the one
// before it (its herder, consumer and fetched batches): each variant starts from the same clean heap.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

// GC pauses land in the run being timed: the share of a run's time the collector took.
new PerformanceObserver((list) => {
  const timing = probe !== null && probe.startCpu !== null && probe.finishedAt === 0 ? probe : null;
  if (timing) for (const entry of list.getEntries()) timing.gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

class NoOpSinkTask extends SinkTask {
  static readonly className = "bench.NoOpSinkTask";
  version(): string {
    return CONNECT_VERSION;
  }
  start(): void {}
  put(records: SinkRecord[]): void {
    probe?.put(records);
  }
  stop(): void {}
}

class NoOpSinkConnector extends SinkConnector {
  #props: ConfigMap = {};
  version(): string {
    return CONNECT_VERSION;
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  start(props: ConfigMap): void {
    this.#props = props;
  }
  taskClass(): TaskClass<SinkTask> {
    return NoOpSinkTask;
  }
  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }
  stop(): void {}
}

const noOpSinkPlugin: ConnectorPlugin = { className: NO_OP_SINK, types: ["sink"], version: CONNECT_VERSION, create: () => new NoOpSinkConnector() };

// ---- one run -------------------------------------------------------------------------------------

type Variant = "none" | "chain";

interface Run {
  variant: Variant;
  order: number;
  /** Records put after the first put() returned, per second of wall time until the last record. */
  recordsPerSec: number;
  timedRecords: number;
  ms: number;
  /** CPU time of this process (worker + kafkajs consumer) over the timed part, per 1000 records. */
  cpuMsPer1000Records: number;
  /** Garbage collection pauses over the timed part, per 1000 records. */
  gcMsPer1000Records: number;
  /** Worker start → the first put() returned (group join, first fetch): not timed. */
  firstPutMs: number;
  recordsMatchTopic: boolean;
}

async function runOnce(dir: string, bootstrap: string, variant: Variant, order: number): Promise<Run> {
  const work = mkdtempSync(join(dir, `run-${order}-${variant}-`));
  collectGarbage();
  const herder = createStandaloneHerder({
    config: parseWorkerConfig({
      "bootstrap.servers": bootstrap,
      "key.converter": STRING_CONVERTER,
      "value.converter": STRING_CONVERTER,
      "offset.storage.file.filename": join(work, "connect.offsets"),
      "offset.flush.interval.ms": "10000",
    }),
    plugins: createPluginRegistry([noOpSinkPlugin]),
    workerId: "bench:0",
    loggers: silentLoggers(),
  });
  const run = new Probe(RECORDS);
  probe = run;
  const begun = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let watching = true;
  try {
    await herder.start();
    // A new connector name is a new consumer group: it reads the topic from the beginning.
    const name = `bench-sink-${order}-${variant}`;
    await herder.putConnectorConfig(name, { "connector.class": NO_OP_SINK, "tasks.max": "1", topics: TOPIC, ...(variant === "chain" ? CHAIN : {}) }, { allowReplace: false });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`run ${order} (${variant}) put ${run.count} of ${RECORDS} records in ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
    });
    const failed = (async () => {
      while (watching) {
        await new Promise((r) => setTimeout(r, 500));
        const task = watching ? (await herder.connectorStatus(name)).tasks[0] : undefined;
        if (task?.state === "FAILED") throw new Error(`the sink task failed: ${task.trace ?? ""}`);
      }
    })();
    failed.catch(() => {});
    await Promise.race([run.done, timeout, failed]);
  } finally {
    watching = false;
    clearTimeout(timer);
    probe = null;
    await herder.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const timedRecords = run.count - run.countAtStart;
  const ms = run.finishedAt - run.startedAt;
  const n = RECORDS;
  return {
    variant,
    order,
    recordsPerSec: Math.round(timedRecords / (ms / 1000)),
    timedRecords,
    ms: Math.round(ms),
    cpuMsPer1000Records: round(run.cpuMicros / 1000 / (timedRecords / 1000), 3),
    gcMsPer1000Records: round(run.gcMs / (timedRecords / 1000), 3),
    firstPutMs: Math.round(run.startedAt - begun),
    recordsMatchTopic: run.count === n && run.wrongType === 0 && run.sequenceSum === (n * (n - 1)) / 2 && run.characters === n * VALUE_BYTES,
  };
}

// ---- main ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const begun = performance.now();
  const loadAtStart = loadavg().map((l) => round(l));
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-transforms-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  log("starting the embedded broker (ferry broker)");
  // No initial rebalance delay: each run's new consumer group starts at once instead of after 3 s,
  // so more runs fit in the same time.
  const broker: BrokerProcess = await startBrokerProcess(join(dir, "broker"), { initialRebalanceDelayMs: 0 });
  cleanups.push(() => void broker.kill());
  await createTopics(broker.bootstrap, [TOPIC]);
  log(`filling ${TOPIC} with ${RECORDS} records of ${VALUE_BYTES} bytes (not timed)`);
  await fillTopic(broker.bootstrap, TOPIC, RECORDS, VALUE_BYTES);

  const variants: Variant[] = ONLY ? [ONLY] : ["none", "chain"];
  for (const variant of variants) {
    log(`warm-up run, ${variant} (not reported)`);
    await runOnce(dir, broker.bootstrap, variant, 0);
  }
  const order: Variant[] = Array.from({ length: ROUNDS }, (): Variant[] => (ONLY ? [ONLY, ONLY] : ["none", "chain", "chain", "none"])).flat();
  const runs: Run[] = [];
  for (const [i, variant] of order.entries()) {
    log(`run ${i + 1}/${order.length}: ${variant === "none" ? "no transformation" : "5-SMT chain"}`);
    const run = await runOnce(dir, broker.bootstrap, variant, i + 1);
    log(`  ${run.recordsPerSec} records/s, ${run.cpuMsPer1000Records} CPU ms (${run.gcMsPer1000Records} GC ms) per 1000 records`);
    runs.push(run);
  }
  const brokerMemory = memory(broker.pid);
  await broker.stop("SIGTERM", 15_000);

  const of = (variant: Variant) => runs.filter((r) => r.variant === variant);
  const mean = (variant: Variant, pick: (r: Run) => number) => {
    const rs = of(variant);
    return rs.length === 0 ? null : rs.reduce((sum, r) => sum + pick(r), 0) / rs.length;
  };
  const best = (variant: Variant) => (of(variant).length === 0 ? null : Math.max(...of(variant).map((r) => r.recordsPerSec)));
  const none = mean("none", (r) => r.recordsPerSec);
  const chain = mean("chain", (r) => r.recordsPerSec);
  const ratio = none !== null && chain !== null ? round(chain / none, 3) : null;
  const bestNone = best("none");
  const bestChain = best("chain");
  const cpuNone = mean("none", (r) => r.cpuMsPer1000Records);
  const cpuChain = mean("chain", (r) => r.cpuMsPer1000Records);
  const out = {
    benchmark: "transforms",
    pipeline: "sink task: consume (kafkajs) → StringConverter → transforms → put() into a no-op sink, one partition, records read from a topic filled before timing",
    records: RECORDS,
    valueBytes: VALUE_BYTES,
    chain:
      "transforms=hoist,insert,replace,mask,extract: HoistField$Value(field=line) → InsertField$Value(static.field=origin, static.value=ferry, topic.field=topic) → ReplaceField$Value(renames=line:text, exclude=topic) → MaskField$Value(fields=origin) → ExtractField$Value(field=text)",
    recordsPerSec: { none: none === null ? null : Math.round(none), chain: chain === null ? null : Math.round(chain) },
    ratio,
    bestRecordsPerSec: { none: bestNone, chain: bestChain },
    bestRatio: bestNone !== null && bestChain !== null ? round(bestChain / bestNone, 3) : null,
    cpuMsPer1000Records: { none: cpuNone === null ? null : round(cpuNone, 3), chain: cpuChain === null ? null : round(cpuChain, 3) },
    gcMsPer1000Records: {
      none: ((v) => (v === null ? null : round(v, 3)))(mean("none", (r) => r.gcMsPer1000Records)),
      chain: ((v) => (v === null ? null : round(v, 3)))(mean("chain", (r) => r.gcMsPer1000Records)),
    },
    target: { description: "chain costs under 20% of throughput", minRatio: TARGET_MIN_RATIO, pass: ratio !== null && ratio >= TARGET_MIN_RATIO },
    allRecordsMatchTopic: runs.every((r) => r.recordsMatchTopic),
    note:
      `one untimed warm-up run per variant, then none, chain, chain, none (${ROUNDS} time(s)); a full garbage collection (untimed) before every run; ` +
      "each run is a fresh standalone herder in this process and a new consumer group reading the whole topic; " +
      "timed from the end of the first put() to the put() of the last record; recordsPerSec and ratio are means of the runs of each variant.",
    rounds: ROUNDS,
    runs,
    memory: { benchProcess: memory(process.pid), broker: brokerMemory },
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", loadAverageAtStart: loadAtStart },
    durationMs: Math.round(performance.now() - begun),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

try {
  await main();
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c();
}
