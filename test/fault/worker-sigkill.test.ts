import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { analyseSink, countLines, printSummary, restUrl, topicRecords, writePipeline } from "../harness/fault-pipeline";
import { spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";

/**
 * `ferry standalone` is SIGKILLed twice under a 300k-line FileStream pipeline (no shutdown hooks,
 * no final offset flush or commit) and started again each time with the same files. Every line must
 * reach the sink file; records after the last committed offsets come again and are counted as
 * duplicates.
 */

const LINES = 300_000;

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-fault-kill-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

describe("worker SIGKILLed twice during a pipeline", () => {
  it("delivers every line at least once after two restarts", async () => {
    const p = writePipeline(root, { bootstrap: broker.bootstrap, lines: LINES, topic: "fault-kill" });
    const start = async (): Promise<FerryProcess> => {
      const worker = spawnFerry(p.args, { cwd: p.dir });
      onTestFinished(async () => void (await worker.kill()));
      onTestFailed(() => console.error(`--- ${worker.title} (pid ${worker.pid}) stderr (end):\n${worker.stderr().slice(-6000)}`));
      await restUrl(worker);
      return worker;
    };

    const kills: number[] = [];
    let worker = await start();
    for (const fraction of [0.25, 0.6]) {
      // Mid-pipeline, and past what the previous run had written (the restarted one made progress).
      await waitFor(() => countLines(p.output) >= fraction * LINES, { timeoutMs: 60_000, intervalMs: 20, message: `${fraction * 100}% of the lines in the sink file` });
      expect(await worker.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      kills.push(countLines(p.output));
      worker = await start();
    }
    expect(kills.every((n) => n < LINES)).toBe(true);

    await waitFor(() => countLines(p.output) >= LINES && analyseSink([p.output], LINES).distinct === LINES, {
      timeoutMs: 90_000,
      intervalMs: 250,
      message: `all ${LINES} lines in the sink file after the second restart`,
    });
    expect(await worker.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });

    const a = analyseSink([p.output], LINES);
    const onTopic = await topicRecords(broker.bootstrap, p.topic);
    printSummary("worker-sigkill", LINES, a, `SIGKILLs at sink ${kills.join(" and ")} lines; topic ${onTopic} records (${onTopic - LINES} sent again by the source)`);
    expect(a.missing).toEqual([]);
    expect(a.distinct).toBe(LINES);
    // A kill mid-write may tear at most one line per kill.
    expect(a.unparsable).toBeLessThanOrEqual(kills.length);
    expect(a.firstOccurrences.findIndex((s, i) => s !== i)).toBe(-1);
    expect(onTopic).toBeGreaterThanOrEqual(LINES);
  }, 200_000);
});
