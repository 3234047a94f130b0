import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { rest, restUrl, taskStates } from "../harness/fault-pipeline";
import { spawnFerry, startBrokerProcess, type BrokerProcess } from "../harness/ferry-process";
import { writeStandaloneWorkerProperties } from "../harness/standalone-worker";
import { waitFor } from "../harness/wait-for";

/**
 * A task whose stop() never returns (a test plugin): deleting its connector, and stopping the
 * worker, complete once `task.shutdown.graceful.timeout.ms` has passed; the task is abandoned and
 * the worker logs Kafka's "Graceful stop of task <id> failed.".
 */

const FIXTURE = fileURLToPath(new URL("../fixtures/plugins/fault-plugins", import.meta.url));
const HANGING = "com.example.fault.HangingStopSourceConnector";

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-fault-hang-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

describe("a task that hangs in stop()", () => {
  it("is abandoned after the graceful timeout, on connector delete and on worker shutdown, and reported", async () => {
    const plugins = join(root, "plugins");
    mkdirSync(plugins);
    cpSync(FIXTURE, join(plugins, "fault-plugins"), { recursive: true });
    const dir = join(root, "worker");
    mkdirSync(dir);
    writeStandaloneWorkerProperties(dir, broker.bootstrap, {
      "plugin.path": plugins,
      "task.shutdown.graceful.timeout.ms": "1500",
      "connector.file.allowed.paths": root,
    });
    const worker = spawnFerry(["standalone", "worker.properties"], { cwd: dir });
    onTestFailed(() => console.error(`--- worker stderr (end):\n${worker.stderr().slice(-8000)}`));
    try {
      const base = await restUrl(worker);
      const create = async (name: string) => {
        expect((await rest(base, "POST", "/connectors", { name, config: { "connector.class": HANGING, "tasks.max": "1" } })).status).toBe(201);
        await waitFor(async () => (await taskStates(base, name)).some((t) => t.state === "RUNNING"), { timeoutMs: 20_000, message: `${name}'s task to run` });
      };

      await create("hang-delete");
      // The delete answers although the task never finishes stopping.
      expect((await rest(base, "DELETE", "/connectors/hang-delete")).status).toBe(204);
      expect(worker.stderr()).toContain("Graceful stop of task hang-delete-0 failed.");
      expect((await rest(base, "GET", "/connectors")).body).toEqual([]);

      // Restarting a hanging task: the old instance is abandoned, a new one runs.
      await create("hang-restart");
      expect((await rest(base, "POST", "/connectors/hang-restart/tasks/0/restart")).status).toBe(204);
      expect(worker.stderr()).toContain("Graceful stop of task hang-restart-0 failed.");
      await waitFor(async () => (await taskStates(base, "hang-restart")).some((t) => t.state === "RUNNING"), { timeoutMs: 20_000, message: "the restarted task to run" });

      // Worker shutdown is not held up by the task either: a clean exit, the abandonment logged.
      const logged = worker.stderr().length;
      const exit = await worker.stop("SIGTERM", 20_000);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(worker.stderr().slice(logged)).toContain("Graceful stop of task hang-restart-0 failed.");
      console.log(`[fault:hanging-stop] abandoned after task.shutdown.graceful.timeout.ms=1500 on delete, restart and shutdown; worker exit ${JSON.stringify(exit)}`);
    } finally {
      await worker.kill();
    }
  }, 90_000);
});
