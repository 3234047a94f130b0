import { describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import { CONNECT_VERSION, SourceTask, type SourceRecord, type TaskClass } from "../api";
import { createPluginRegistry } from "../plugins/registry";
import type { ConnectorPlugin } from "../plugins/types";
import { MemoryOffsetStore } from "../storage/memory-offset-store";
import { parseWorkerConfig } from "../worker-config";
import { FakeClock } from "./clock";
import { silentLoggers } from "./loggers";
import type { StatusListener } from "./status";
import { CountingSourceConnector, FakeClients, testConnectorPlugins } from "./test-plugins";
import { Worker } from "./worker";

/** A task that never returns from poll() and ignores the abort signal. */
class StuckTask extends SourceTask {
  static readonly className = "test.StuckTask";
  version() {
    return CONNECT_VERSION;
  }
  start() {}
  stop() {}
  poll(): Promise<SourceRecord[] | null> {
    return new Promise(() => {});
  }
}
class StuckConnector extends CountingSourceConnector {
  override taskClass(): TaskClass<SourceTask> {
    return StuckTask;
  }
}
const stuckPlugin: ConnectorPlugin = { className: "test.StuckConnector", types: ["source"], version: CONNECT_VERSION, create: () => new StuckConnector() };

class Recorder implements StatusListener {
  readonly tasks: string[] = [];
  onConnectorStatus(): void {}
  onTaskStatus(id: { task: number }, state: string): void {
    this.tasks.push(`${id.task}:${state}`);
  }
  onTopicActive(): void {}
}

function setup(extra: Record<string, string> = {}) {
  const clock = new FakeClock();
  const clients = new FakeClients();
  const listener = new Recorder();
  const worker = new Worker({
    workerId: "w:1",
    config: parseWorkerConfig({
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter.schemas.enable": "false",
      "task.shutdown.graceful.timeout.ms": "3000",
      "producer.linger.ms": "7",
      ...extra,
    }),
    plugins: createPluginRegistry([...testConnectorPlugins, stuckPlugin]),
    offsetStore: new MemoryOffsetStore(),
    listener,
    loggers: silentLoggers(),
    clock,
    clients,
  });
  return { clock, clients, listener, worker };
}

describe("worker", () => {
  it("abandons a task that does not stop within task.shutdown.graceful.timeout.ms", async () => {
    const { clock, listener, worker } = setup();
    const id = { connector: "stuck", task: 0 };
    expect(worker.startTask(id, { "connector.class": "Stuck", name: "stuck" }, {}, "STARTED")).toBe(true);
    await waitFor(() => listener.tasks.includes("0:RUNNING"), { message: "task running" });
    const stopping = worker.stopAndAwaitTasks([id]);
    await waitFor(() => clock.pending > 0, { message: "deadline scheduled" });
    clock.advance(2999);
    clock.advance(1);
    expect(await stopping).toEqual([id]);
    expect(worker.hasTask(id)).toBe(false);
    // A cancelled task reports nothing more.
    expect(listener.tasks).toEqual(["0:RUNNING"]);
  });

  it("uses the connector's converters when it names them, else the worker's (with their prefixed settings)", async () => {
    const { clients, worker } = setup();
    worker.startTask({ connector: "w", task: 0 }, { "connector.class": "CountingSource", name: "w" }, { name: "w", records: "1" }, "STARTED");
    worker.startTask(
      { connector: "c", task: 0 },
      { "connector.class": "CountingSource", name: "c", "value.converter": "org.apache.kafka.connect.storage.StringConverter" },
      { name: "c", records: "1" },
      "STARTED",
    );
    await waitFor(() => clients.producers.get("connector-producer-w-0")?.values().length === 1 && clients.producers.get("connector-producer-c-0")?.values().length === 1, {
      message: "one record each",
    });
    expect(clients.producers.get("connector-producer-w-0")?.values()).toEqual(['"value-0"']);
    expect(clients.producers.get("connector-producer-c-0")?.values()).toEqual(["value-0"]);
    await worker.stop();
  });

  it("builds client configs: defaults, worker producer.*/consumer.*, then connector overrides", async () => {
    const { clients, worker } = setup({ "consumer.max.poll.records": "50" });
    worker.startTask({ connector: "p", task: 1 }, { "connector.class": "CountingSource", name: "p", "producer.override.linger.ms": "9" }, { name: "p", records: "0" }, "STARTED");
    worker.startTask(
      { connector: "s", task: 0 },
      { "connector.class": "RecordingSink", name: "s", "topics.regex": "rt-.*", "consumer.override.group.id": "custom" },
      { name: "s" },
      "STARTED",
    );
    expect(clients.configs.get("connector-producer-p-1")).toMatchObject({
      acks: "all",
      "linger.ms": "9",
      "max.in.flight.requests.per.connection": "1",
      "delivery.timeout.ms": "2147483647",
    });
    expect(clients.configs.get("connector-consumer-s-0")).toMatchObject({ "group.id": "custom", "max.poll.records": "50", "enable.auto.commit": "false" });
    await waitFor(() => (clients.consumers.get("connector-consumer-s-0")?.subscribed.length ?? 0) > 0, { message: "subscribed" });
    const [regex] = clients.consumers.get("connector-consumer-s-0")?.subscribed ?? [];
    expect(regex).toBeInstanceOf(RegExp);
    expect((regex as RegExp).test("rt-a")).toBe(true);
    expect((regex as RegExp).test("xrt-a")).toBe(false);
    await worker.stop();
  });

  it("adds task.class and, for sinks, the topics to task configs; enforces tasks.max", async () => {
    const { worker } = setup();
    await worker.startConnector("s", { "connector.class": "RecordingSink", name: "s", topics: "a,b", "tasks.max": "2" }, "STARTED", () => {});
    expect(await worker.connectorTaskConfigs("s", { "connector.class": "RecordingSink", name: "s", topics: "a,b", "tasks.max": "2" })).toEqual([
      { "connector.class": "RecordingSink", name: "s", topics: "a,b", "tasks.max": "2", "task.class": "test.RecordingSinkTask" },
      { "connector.class": "RecordingSink", name: "s", topics: "a,b", "tasks.max": "2", "task.class": "test.RecordingSinkTask" },
    ]);
    const many = { "connector.class": "CountingSource", name: "many", "tasks.generated": "3", "tasks.max": "2" };
    await worker.startConnector("many", many, "STARTED", () => {});
    await expect(worker.connectorTaskConfigs("many", many)).rejects.toThrow(
      "The connector many has generated 3 tasks, which is greater than 2, the maximum number of tasks it is configured to create.",
    );
    await expect(worker.connectorTaskConfigs("many", { ...many, "tasks.max.enforce": "false" })).resolves.toHaveLength(3);
    await worker.stop();
  });
});
