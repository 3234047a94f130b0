// The cost of a chain of Kafka SMTs in a FileStream pipeline: FileStreamSource → topic →
// FileStreamSink in `ferry standalone`, once with no transformation and once with five on the sink
// connector (HoistField$Value → InsertField$Value → ReplaceField$Value → MaskField$Value →
// ExtractField$Value, ending with the line itself so the sink file must equal the input), in the
// same run against the same broker, alternating A-B-B-A; the best run of each is reported. Prints
// ONE JSON object on stdout; progress goes to stderr.
//
//   npm run -s bench:transforms [-- --lines N] [-- --line-bytes B]
//
// The chain runs on the sink side. The headline ratio compares steady rates (first → last output
// byte); end-to-end rates (worker start → last byte, startup and the broker's initial rebalance
// delay included) are reported too. Caveat: at the default 300k lines the source is still producing
// when the sink starts, so the steady rate is that of the whole pipeline (bound by the source and
// broker), not of the sink's consume → transform → write loop alone; with --lines 50000 the source
// has finished before the sink joins and the steady rate is the sink draining a backlog, where the
// chain's own cost shows more.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { properties, spawnFerry, startBrokerProcess, type BrokerProcess } from "../test/harness/ferry-process";
import { cpuMs, createTopics, round, sha256, size, writeNumberedLines } from "./bench-util";

const { values: args } = parseArgs({
  options: {
    lines: { type: "string", default: "300000" },
    "line-bytes": { type: "string", default: "100" },
  },
});
const LINES = Number(args.lines);
const LINE_BYTES = Number(args["line-bytes"]);
const TOTAL_BYTES = LINES * LINE_BYTES;
const TARGET_MIN_RATIO = 0.8;
const RUN_TIMEOUT_MS = 120_000;
const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

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




type Variant = "none" | "chain";

interface Run {
  variant: Variant;
  order: number;
  ms: number;
  linesPerSec: number;
  firstOutputMs: number;
  steadyLinesPerSec: number;
  workerCpuMs: number;
  outputMatchesInput: boolean;
}

async function runOnce(dir: string, bootstrap: string, input: string, inputHash: string, variant: Variant, order: number): Promise<Run> {
  const work = join(dir, `run-${order}-${variant}`);
  mkdirSync(work);
  const output = join(work, "sink.txt");
  const topic = `bench-transforms-${order}-${variant}`;
  await createTopics(bootstrap, [topic]);
  writeFileSync(
    join(work, "worker.properties"),
    properties({
      "bootstrap.servers": bootstrap,
      listeners: "http://127.0.0.1:0",
      "key.converter": STRING_CONVERTER,
      "value.converter": STRING_CONVERTER,
      "offset.storage.file.filename": join(work, "connect.offsets"),
      "offset.flush.interval.ms": "10000",
    }),
  );
  writeFileSync(join(work, "source.properties"), properties({ name: "bench-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: input, topic }));
  writeFileSync(
    join(work, "sink.properties"),
    properties({ name: "bench-sink", "connector.class": "FileStreamSink", "tasks.max": "1", file: output, topics: topic, ...(variant === "chain" ? CHAIN : {}) }),
  );
  const started = performance.now();
  const worker = spawnFerry(["standalone", "worker.properties", "source.properties", "sink.properties"], { cwd: work });
  cleanups.push(() => void worker.kill());
  await worker.waitForStdout(/REST API listening on/, 60_000);
  let firstMs = 0;
  let lastMs = 0;
  let lastSize = -1;
  let lastProgress = performance.now();
  for (;;) {
    const now = performance.now();
    const bytes = size(output);
    if (bytes > 0 && firstMs === 0) firstMs = now - started;
    if (bytes >= TOTAL_BYTES) {
      lastMs = now - started;
      break;
    }
    if (bytes !== lastSize) {
      lastSize = bytes;
      lastProgress = now;
    }
    const exit = worker.exit();
    if (exit) throw new Error(`the worker exited (${JSON.stringify(exit)}) at ${bytes} of ${TOTAL_BYTES} bytes: ${worker.stderr().slice(-2000)}`);
    if (now - started > RUN_TIMEOUT_MS || now - lastProgress > 30_000) throw new Error(`${output} stuck at ${bytes} of ${TOTAL_BYTES} bytes: ${worker.stderr().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const cpu = cpuMs(worker.pid);
  const exit = await worker.stop("SIGTERM", 30_000);
  if (exit.code !== 0) log(`  the worker exited with ${JSON.stringify(exit)}`);
  const matches = size(output) === TOTAL_BYTES && (await sha256(output)) === inputHash;
  rmSync(work, { recursive: true, force: true });
  return {
    variant,
    order,
    ms: Math.round(lastMs),
    linesPerSec: Math.round(LINES / (lastMs / 1000)),
    firstOutputMs: Math.round(firstMs),
    steadyLinesPerSec: Math.round(LINES / (Math.max(lastMs - firstMs, 1) / 1000)),
    workerCpuMs: cpu,
    outputMatchesInput: matches,
  };
}

async function main(): Promise<void> {
  const begun = performance.now();
  const loadAtStart = loadavg().map((l) => round(l));
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-transforms-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, "input.txt");
  log(`writing ${LINES} lines of ${LINE_BYTES} bytes`);
  writeNumberedLines(input, LINES, LINE_BYTES);
  const inputHash = await sha256(input);

  log("starting the embedded broker (ferry broker)");
  const broker: BrokerProcess = await startBrokerProcess(join(dir, "broker"));
  cleanups.push(() => void broker.kill());

  // An untimed warm-up run (broker JIT, tsx compile cache), then A-B-B-A.
  log("warm-up run (not reported)");
  await runOnce(dir, broker.bootstrap, input, inputHash, "chain", 0);
  const runs: Run[] = [];
  const order: Variant[] = ["none", "chain", "chain", "none"];
  for (const [i, variant] of order.entries()) {
    log(`run ${i + 1}/${order.length}: ${variant === "none" ? "no transformation" : "5-SMT chain on the sink"}`);
    const run = await runOnce(dir, broker.bootstrap, input, inputHash, variant, i + 1);
    log(`  ${run.steadyLinesPerSec} lines/s steady, ${run.linesPerSec} lines/s end to end (${run.ms} ms)`);
    runs.push(run);
  }
  await broker.stop("SIGTERM", 15_000);

  const best = (variant: Variant) => runs.filter((r) => r.variant === variant).reduce((a, b) => (b.steadyLinesPerSec > a.steadyLinesPerSec ? b : a));
  const none = best("none");
  const chain = best("chain");
  const ratio = round(chain.steadyLinesPerSec / none.steadyLinesPerSec);
  const out = {
    benchmark: "transforms",
    lines: LINES,
    lineBytes: LINE_BYTES,
    converter: `${STRING_CONVERTER} (key and value)`,
    chain: "sink-side transforms=hoist,insert,replace,mask,extract: HoistField$Value(field=line) → InsertField$Value(static.field=origin, static.value=ferry, topic.field=topic) → ReplaceField$Value(renames=line:text, exclude=topic) → MaskField$Value(fields=origin) → ExtractField$Value(field=text)",
    note:
      "FileStreamSource → one-partition topic → FileStreamSink in `ferry standalone`, one embedded broker process; output sha256-checked against the input; " +
      "runs in order none, chain, chain, none after one untimed warm-up; best of each by steady rate (first → last output byte); end-to-end includes worker startup and the group join.",
    recordsPerSec: { none: none.steadyLinesPerSec, chain: chain.steadyLinesPerSec },
    endToEndRecordsPerSec: { none: none.linesPerSec, chain: chain.linesPerSec },
    ratio,
    endToEndRatio: round(chain.linesPerSec / none.linesPerSec),
    target: { minRatio: TARGET_MIN_RATIO, met: ratio >= TARGET_MIN_RATIO },
    allOutputsMatchInput: runs.every((r) => r.outputMatchesInput),
    runs,
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
