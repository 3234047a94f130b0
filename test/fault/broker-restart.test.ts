import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { analyseSink, countLines, printSummary, restUrl, taskStates, topicRecords, writePipeline, type TaskStatus } from "../harness/fault-pipeline";
import { freePort, spawnFerry, startBrokerProcess, type BrokerProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";

/**
 * The broker dies under a running 300k-line FileStream pipeline (SIGKILL: no shutdown, no final
 * fsync) and comes back on the same port and data directory. The broker writes every acknowledged
 * produce and offset commit to the file before answering (page cache: it survives the process being
 * killed, see server/broker/log/partition-log.ts), so no acknowledged record may be lost. The
 * worker's tasks must ride it out (clients retry with backoff): none may fail, and every line must
 * reach the sink file (duplicates allowed: at-least-once).
 */

const LINES = 300_000;

let root: string;
let broker: BrokerProcess | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "ferry-fault-broker-"));
});

afterAll(async () => {
  await broker?.kill();
  rmSync(root, { recursive: true, force: true });
});

describe("broker killed and restarted under a running pipeline", () => {
  it("resumes with no loss and no failed task", async () => {
    const port = await freePort();
    const dataDir = join(root, "broker");
    broker = await startBrokerProcess(dataDir, { port });
    const p = writePipeline(root, {
      bootstrap: broker.bootstrap,
      lines: LINES,
      topic: "fault-broker",
    });
    // Refused reconnects of the source's producer, counted while the broker is down.
    let down = false;
    let refused = 0;
    const worker = spawnFerry(p.args, {
      cwd: p.dir,
      onStderr: (text) => {
        if (down) refused += text.match(/\[connector-producer-fault-source-0\] Connection error: connect ECONNREFUSED/g)?.length ?? 0;
      },
    });
    onTestFailed(() => console.error(`--- worker stderr (end):\n${worker.stderr().slice(-8000)}\n--- broker stderr (end):\n${broker?.stderr().slice(-3000)}`));
    try {
      const base = await restUrl(worker);
      const failures: TaskStatus[] = [];
      const watchFailures = async () => {
        for (const name of ["fault-source", "fault-sink"]) for (const t of await taskStates(base, name)) if (t.state === "FAILED") failures.push(t);
        return failures.length > 0;
      };

      await waitFor(() => countLines(p.output) >= 0.2 * LINES, { timeoutMs: 60_000, intervalMs: 50, message: "a fifth of the lines in the sink file" });
      const atKill = countLines(p.output);
      down = true;
      expect(await broker.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      // Down long enough for the source's producer to retry (with backoff) several times.
      await waitFor(() => refused >= 3, { timeoutMs: 30_000, message: "the source's producer to fail to reconnect three times" });
      const whileDown = countLines(p.output);
      const refusedWhileDown = refused;
      down = false;
      broker = await startBrokerProcess(dataDir, { port });

      await waitFor(
        async () => {
          if (await watchFailures()) throw new Error(`a task failed: ${JSON.stringify(failures[0])}`);
          return countLines(p.output) >= LINES && analyseSink([p.output], LINES).distinct === LINES;
        },
        { timeoutMs: 120_000, intervalMs: 500, message: `all ${LINES} lines in the sink file after the broker restart` },
      );
      expect(failures).toEqual([]);
      expect(await worker.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });

      const a = analyseSink([p.output], LINES);
      const onTopic = await topicRecords(broker.bootstrap, p.topic);
      printSummary("broker-restart", LINES, a, `sink at kill ${atKill} lines, ${whileDown} when restarted after ${refusedWhileDown} refused reconnects of the source; topic ${onTopic} records`);
      expect(a.missing).toEqual([]);
      expect(a.distinct).toBe(LINES);
      expect(a.unparsable).toBe(0);
      // First occurrences in file order: the pipeline never skipped ahead.
      expect(a.firstOccurrences.findIndex((s, i) => s !== i)).toBe(-1);
      expect(onTopic).toBeGreaterThanOrEqual(LINES);
    } finally {
      await worker.kill();
    }
  }, 240_000);
});
