import { chmodSync, chownSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { UNPRIVILEGED, analyseSink, chownTree, countLines, groupOffsets, printSummary, rest, restUrl, taskStates, writePipeline } from "../harness/fault-pipeline";
import { spawnFerry, startBrokerProcess, type BrokerProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";

/**
 * A FileStream sink whose directory becomes read-only mid-way: the sink file is rotated away while
 * the connector is paused, so on resume the task must create it again in a directory it cannot
 * write. The task fails with a readable error (EACCES and the path) in its status trace, and no
 * offset past the failure is committed: every record below the group's committed offset is in the
 * sink files. Once the directory is writable again, a task restart through REST delivers every line.
 *
 * Root ignores file permissions, so a root test process runs the worker as an unprivileged user.
 */

const LINES = 150_000;
const SINK = "ro-sink";

let root: string;
let broker: BrokerProcess;
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-fault-ro-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  if (existsSync(join(root, "out"))) chmodSync(join(root, "out"), 0o755);
  rmSync(root, { recursive: true, force: true });
});

describe("sink directory made read-only mid-way, then fixed", () => {
  it("fails the sink task with EACCES, commits nothing past it, and delivers every line after the fix", async () => {
    const p = writePipeline(root, { bootstrap: broker.bootstrap, lines: LINES, topic: "fault-ro", sinkName: SINK });
    const outDir = join(root, "out");
    const rotated = `${p.output}.1`;
    if (asRoot) {
      chownTree(p.dir, UNPRIVILEGED);
      chownSync(outDir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
      chmodSync(root, 0o755);
    }
    const worker = spawnFerry(p.args, { cwd: p.dir, env: { ...process.env, HOME: p.dir }, ...(asRoot ? UNPRIVILEGED : {}) });
    onTestFailed(() => console.error(`--- worker stderr (end):\n${worker.stderr().slice(-8000)}`));
    try {
      const base = await restUrl(worker);
      await waitFor(() => countLines(p.output) >= 0.2 * LINES, { timeoutMs: 60_000, intervalMs: 20, message: "a fifth of the lines in the sink file" });

      // Rotate the sink file while the connector is paused, then take the directory's write permission away.
      expect((await rest(base, "PUT", `/connectors/${SINK}/pause`)).status).toBe(202);
      await waitFor(async () => (await taskStates(base, SINK)).map((t) => t.state).join() === "PAUSED", { timeoutMs: 20_000, message: "the sink task to be PAUSED" });
      renameSync(p.output, rotated);
      chmodSync(outDir, 0o555);
      expect((await rest(base, "PUT", `/connectors/${SINK}/resume`)).status).toBe(202);

      const failed = await waitFor(async () => (await taskStates(base, SINK)).find((t) => t.state === "FAILED"), {
        timeoutMs: 30_000,
        message: "the sink task to fail on the read-only directory",
      });
      expect(failed.trace).toContain("EACCES");
      expect(failed.trace).toContain(p.output);
      expect(existsSync(p.output)).toBe(false);

      // Nothing committed past what is in the sink files: every record below the committed offset is there.
      const committed = (await groupOffsets(broker.bootstrap, `connect-${SINK}`, p.topic)).get(0) ?? -1;
      const atFailure = analyseSink([rotated], LINES);
      expect(committed).toBeGreaterThan(0);
      const firstMissing = atFailure.missing[0] ?? LINES;
      expect(committed, `committed offset ${committed}, first line missing from the sink file ${firstMissing}`).toBeLessThanOrEqual(firstMissing);

      // Fixed: writable again, the task restarted through REST, and it goes on from the committed offset.
      chmodSync(outDir, 0o755);
      expect((await rest(base, "POST", `/connectors/${SINK}/tasks/0/restart`)).status).toBe(204);
      await waitFor(() => countLines(rotated) + countLines(p.output) >= LINES && analyseSink([rotated, p.output], LINES).distinct === LINES, {
        timeoutMs: 90_000,
        intervalMs: 250,
        message: `all ${LINES} lines in the sink files after the fix`,
      });
      expect((await taskStates(base, SINK)).map((t) => t.state)).toEqual(["RUNNING"]);
      expect(await worker.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });

      const a = analyseSink([rotated, p.output], LINES);
      printSummary(
        "readonly-sink",
        LINES,
        a,
        `${asRoot ? `worker as uid ${UNPRIVILEGED.uid}; ` : ""}failed with "${failed.trace?.split("\n").find((l) => l.includes("EACCES"))?.trim()}"; committed offset at failure ${committed}, ${atFailure.distinct} lines written`,
      );
      expect(a.missing).toEqual([]);
      expect(a.distinct).toBe(LINES);
      expect(a.unparsable).toBe(0);
    } finally {
      await worker.kill();
    }
  }, 200_000);
});
