import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestBroker, type TestBroker } from "../../test/harness/broker";
import { waitFor } from "../../test/harness/wait-for";
import { silentLoggers } from "../connect/runtime/loggers";
import { runDistributed, type DistributedDeps } from "./distributed-command";
import type { WorkerRuntime } from "./worker-runtime";

let dir: string;
let broker: TestBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-distributed-cli-"));
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function workerFile(entries: Record<string, string | undefined>): string {
  const path = join(dir, "worker.properties");
  const base: Record<string, string | undefined> = {
    "bootstrap.servers": broker.broker.bootstrapServers,
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    listeners: "http://127.0.0.1:0",
    "group.id": "cli-group",
    "config.storage.topic": "cli-configs",
    "offset.storage.topic": "cli-offsets",
    "status.storage.topic": "cli-status",
    "config.storage.replication.factor": "1",
    "offset.storage.replication.factor": "1",
    "status.storage.replication.factor": "1",
    "offset.storage.partitions": "2",
    "status.storage.partitions": "2",
    "session.timeout.ms": "3000",
    "heartbeat.interval.ms": "300",
    ...entries,
  };
  writeFileSync(
    path,
    Object.entries(base)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n") + "\n",
  );
  return path;
}

function deps(stop: (runtime: WorkerRuntime) => Promise<unknown>): DistributedDeps {
  return { worker: { loggers: silentLoggers() }, stopSignal: stop, print: () => {} };
}

function lastError(): string {
  const calls = vi.mocked(console.error).mock.calls;
  return String(calls[calls.length - 1]?.[0] ?? "");
}

describe("ferry distributed", () => {
  it("prints the usage and exits 1 without a worker file", async () => {
    expect(await runDistributed([], deps(async () => "test"))).toBe(1);
    expect(lastError()).toMatch(/^Usage: ferry distributed worker.properties/);
  });

  it("requires group.id and the three storage topics (exit 2, Kafka's message)", async () => {
    expect(await runDistributed([workerFile({ "group.id": undefined })], deps(async () => "test"))).toBe(2);
    expect(lastError()).toMatch(/Missing required configuration "group.id" which has no default value/);
    expect(await runDistributed([workerFile({ "status.storage.topic": undefined })], deps(async () => "test"))).toBe(2);
    expect(lastError()).toMatch(/"status.storage.topic"/);
  });

  it("refuses an existing internal topic that is not compacted (exit 3)", async () => {
    const admin = broker.kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "plain-status", numPartitions: 1, configEntries: [{ name: "cleanup.policy", value: "delete" }] }] });
    await admin.disconnect();
    expect(await runDistributed([workerFile({ "status.storage.topic": "plain-status" })], deps(async () => "test"))).toBe(3);
    expect(lastError()).toMatch(/Topic 'plain-status' supplied via the 'status.storage.topic' property is required to have 'cleanup.policy=compact'/);
  });

  it("starts, becomes healthy as the group's only worker, and stops cleanly", async () => {
    let health = "";
    const code = await runDistributed(
      [workerFile({})],
      deps(async (runtime) => {
        await waitFor(async () => (await runtime.herder.health()).status === "healthy", { timeoutMs: 15_000, message: "a healthy worker" });
        const res = await fetch(`${runtime.urls[0]}/connectors`);
        health = `${res.status} ${await res.text()}`;
        return "test";
      }),
    );
    expect(code).toBe(0);
    expect(health).toBe("200 []");
  });
});
