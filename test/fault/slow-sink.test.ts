import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { analyseSink, countLines, printSummary, rest, restUrl, rssKiB, topicRecords, writePipeline } from "../harness/fault-pipeline";
import { spawnFerry, startBrokerProcess, type BrokerProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";

/**
 * A sink slowed to 100 records/s (a test plugin that throttles while a control file exists) behind
 * a fast FileStream source: the source puts the whole file on the topic long before the sink gets
 * far, and the worker must not buffer what the sink has not taken. The worker's RSS, sampled while
 * throttled, stays under RSS_BOUND_MIB; once the throttle is lifted every line arrives.
 *
 * The bound: a worker at rest is ~200 MiB here (Node + tsx-compiled sources); the 300k lines are
 * 30 MB of text, and far more as SinkRecords and kafkajs messages, so a worker that fetched ahead
 * of put() without limit, or queued the source's records without limit, would pass it.
 */

const LINES = 300_000;
const RSS_BOUND_MIB = 400;
/** Lines the throttled sink must have written while sampled (~10 s at 100 records/s). */
const THROTTLED_LINES = 800;
const FIXTURE = fileURLToPath(new URL("../fixtures/plugins/fault-plugins", import.meta.url));

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-fault-slow-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

describe("slow sink behind a fast source", () => {
  it("keeps the worker's memory bounded while throttled, then delivers every line", async () => {
    const plugins = join(root, "plugins");
    mkdirSync(plugins);
    cpSync(FIXTURE, join(plugins, "fault-plugins"), { recursive: true });
    const control = join(root, "throttle");
    writeFileSync(control, "");
    const p = writePipeline(root, { bootstrap: broker.bootstrap, lines: LINES, topic: "fault-slow", extraWorker: { "plugin.path": plugins } });
    // The sink is the throttled test plugin instead of FileStreamSink.
    writeFileSync(
      join(p.dir, "sink.properties"),
      [`name=slow-sink`, `connector.class=com.example.fault.ThrottledFileSinkConnector`, `tasks.max=1`, `topics=${p.topic}`, `file=${p.output}`, `control.file=${control}`, `throttled.records.per.second=100`].join("\n") + "\n",
    );
    const worker = spawnFerry(p.args, { cwd: p.dir });
    onTestFailed(() => console.error(`--- worker stderr (end):\n${worker.stderr().slice(-8000)}`));
    try {
      const base = await restUrl(worker);
      await waitFor(() => countLines(p.output) >= 100, { timeoutMs: 60_000, intervalMs: 50, message: "the throttled sink to write its first lines" });

      const samples: number[] = [];
      const startLines = countLines(p.output);
      const sample = () => {
        const kib = rssKiB(worker.pid);
        if (kib !== undefined) samples.push(kib);
      };
      const sampler = setInterval(sample, 100);
      let onTopic = 0;
      try {
        // The source is done (every line on the topic) and the sink went on, slowly, for a while.
        await waitFor(
          async () => {
            if (onTopic < LINES) onTopic = await topicRecords(broker.bootstrap, p.topic);
            return onTopic >= LINES && countLines(p.output) - startLines >= THROTTLED_LINES;
          },
          { timeoutMs: 90_000, intervalMs: 250, message: "the source to finish and the throttled sink to write some more" },
        );
      } finally {
        clearInterval(sampler);
      }
      sample();
      const throttledLines = countLines(p.output);
      const maxMiB = Math.round(Math.max(...samples) / 1024);
      const firstMiB = Math.round((samples[0] ?? 0) / 1024);
      // The sink was really behind: most of the topic was not yet put.
      expect(throttledLines).toBeLessThan(LINES / 4);
      expect(samples.length).toBeGreaterThan(10);

      rmSync(control);
      await waitFor(() => countLines(p.output) >= LINES && analyseSink([p.output], LINES).distinct === LINES, {
        timeoutMs: 90_000,
        intervalMs: 250,
        message: `all ${LINES} lines in the sink file once the throttle is lifted`,
      });
      const statuses = (await rest(base, "GET", "/connectors?expand=status")).body as Record<string, { status: { tasks: { state: string }[] } }>;
      expect(Object.values(statuses).flatMap((s) => s.status.tasks.map((t) => t.state))).toEqual(["RUNNING", "RUNNING"]);
      expect(await worker.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });

      const a = analyseSink([p.output], LINES);
      printSummary(
        "slow-sink",
        LINES,
        a,
        `throttled at 100 records/s: ${throttledLines} lines put while the source finished; worker RSS ${firstMiB} → max ${maxMiB} MiB over ${samples.length} samples (bound ${RSS_BOUND_MIB} MiB)`,
      );
      expect(maxMiB, `worker RSS peaked at ${maxMiB} MiB`).toBeLessThan(RSS_BOUND_MIB);
      expect(a.missing).toEqual([]);
      expect(a.distinct).toBe(LINES);
      expect(a.duplicates).toBe(0);
    } finally {
      await worker.kill();
    }
  }, 200_000);
});
