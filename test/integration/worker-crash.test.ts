import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { LINE_BYTES, analyseSink, countLines, fileSize, topicRecords, writePipeline } from "../harness/fault-pipeline";
import { spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";

/**
 * At-least-once across a crash: `ferry standalone` runs FileStreamSource → topic → FileStreamSink
 * over 200k lines, is SIGKILLed mid-pipeline (no shutdown hooks, no final offset flush or commit),
 * and is started again with the same files. Every line must reach the sink file; duplicates are
 * allowed (records after the last committed offsets are read again) and counted; per source, the
 * first occurrences must be in file order.
 */

const LINES = 200_000;
const SOURCE = "A";

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-crash-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

/** The committed FileStreamSource position in the offsets file, 0 before the first flush. */
function committedPosition(offsetsFile: string): number {
  if (!existsSync(offsetsFile)) return 0;
  const { offsets } = JSON.parse(readFileSync(offsetsFile, "utf8")) as { offsets: [string, string | null][] };
  const value = offsets[0]?.[1];
  return value ? Number((JSON.parse(value) as { position: number }).position) : 0;
}

describe("worker crash (SIGKILL) in the middle of a FileStream pipeline", () => {
  it("delivers every line at least once, in order per source, after a restart", async () => {
    const { dir, input, output, offsetsFile, topic, args } = writePipeline(root, { bootstrap: broker.bootstrap, lines: LINES, topic: "crash-pipeline", sourceName: "crash-source", sinkName: "crash-sink" });
    expect(fileSize(input)).toBe(LINES * LINE_BYTES);

    const start = async (): Promise<FerryProcess> => {
      const worker = spawnFerry(args, { cwd: dir });
      onTestFinished(async () => void (await worker.kill()));
      onTestFailed(() => console.error(`--- ${worker.title} (pid ${worker.pid}) stderr (end):\n${worker.stderr().slice(-6000)}`));
      await worker.waitForStdout(/REST API listening on/, 30_000);
      return worker;
    };

    const t0 = performance.now();
    const first = await start();
    // Mid-pipeline: the source has committed offsets at least once and the sink has written part
    // of the file, but not all of it.
    await waitFor(() => committedPosition(offsetsFile) > 0 && fileSize(output) >= 0.25 * LINES * LINE_BYTES, {
      timeoutMs: 45_000,
      intervalMs: 20,
      message: "the source to commit offsets and a quarter of the lines to reach the sink file",
    });
    const killedAt = { sinkLines: countLines(output), sourceCommittedLines: committedPosition(offsetsFile) / LINE_BYTES };
    expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    const afterKill = { sinkLines: countLines(output), sourceCommittedLines: committedPosition(offsetsFile) / LINE_BYTES };
    expect(afterKill.sinkLines).toBeLessThan(LINES);

    const second = await start();
    await waitFor(
      () => {
        if (fileSize(output) < LINES * LINE_BYTES) return false;
        return analyseSink([output], LINES, SOURCE).distinct >= LINES;
      },
      { timeoutMs: 60_000, intervalMs: 250, message: `all ${LINES} lines in the sink file after the restart` },
    );
    const elapsedMs = Math.round(performance.now() - t0);
    // Let the restarted worker shut down cleanly before looking at the final state of the files.
    expect(await second.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });

    const result = analyseSink([output], LINES, SOURCE);
    const onTopic = await topicRecords(broker.bootstrap, topic);
    console.log(
      `[worker-crash] ${LINES} lines, SIGKILL at sink ${afterKill.sinkLines} lines / source committed ${killedAt.sourceCommittedLines} lines; ` +
        `sink file ${result.lines} lines = ${LINES} distinct + ${result.duplicates} duplicates (${result.torn} torn lines, ${result.unparsable} unparsable)` +
        `${result.duplicateSample.length ? `, e.g. ${result.duplicateSample.map((seq) => `${SOURCE}-${String(seq).padStart(9, "0")}`).join(", ")}` : ""}; ` +
        `topic ${onTopic} records (${onTopic - LINES} re-sent by the source); ${elapsedMs} ms`,
    );

    const seqs = result.firstOccurrences;
    // Only records of this source, numbered below LINES.
    expect(result.foreign).toBe(0);
    expect(seqs.length).toBe(LINES);
    // No line missing and first occurrences in file order: exactly 0, 1, …, LINES-1.
    const outOfOrder = seqs.findIndex((s, i) => s !== i);
    expect(outOfOrder, `first occurrence #${outOfOrder} is line ${seqs[outOfOrder]}`).toBe(-1);
    expect(result.lines).toBe(LINES + result.duplicates + result.unparsable);
    expect(onTopic).toBeGreaterThanOrEqual(LINES);
  }, 110_000);
});
