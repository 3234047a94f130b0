import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import { AlreadyExistsError, BadRequestError, ConnectRestError, NotFoundError } from "../api";
import { createPluginRegistry } from "../plugins/registry";
import { silentLoggers } from "../runtime/loggers";
import { CountingSourceTask, FakeClients, RecordingSinkTask, testConnectorPlugins } from "../runtime/test-plugins";
import { parseWorkerConfig } from "../worker-config";
import { createStandaloneHerder, parseSinkOffsets, type StandaloneHerder } from "./standalone-herder";

const WORKER = "10.0.0.5:8083";
let dir: string;
let clients: FakeClients;
let herder: StandaloneHerder;

function workerConfig(extra: Record<string, string> = {}) {
  return parseWorkerConfig({
    "bootstrap.servers": "localhost:1",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "offset.storage.file.filename": join(dir, "connect.offsets"),
    "offset.flush.interval.ms": "60000",
    "task.shutdown.graceful.timeout.ms": "2000",
    ...extra,
  });
}

function newHerder(extra: Record<string, string> = {}): StandaloneHerder {
  return createStandaloneHerder({
    config: workerConfig(extra),
    plugins: createPluginRegistry(testConnectorPlugins),
    clusterId: "cluster-1",
    workerId: WORKER,
    loggers: silentLoggers(),
    clients,
    commit: "abc123",
  });
}

const source = (extra: Record<string, string> = {}) => ({ "connector.class": "CountingSource", topic: "t1", records: "5", ...extra });
const sink = (extra: Record<string, string> = {}) => ({ "connector.class": "RecordingSink", topics: "t1", ...extra });

async function statusOf(name: string) {
  return herder.connectorStatus(name);
}

async function waitForTasks(name: string, state: string, count = 1) {
  return waitFor(
    async () => {
      const s = await statusOf(name);
      return s.tasks.length === count && s.tasks.every((t) => t.state === state) ? s : undefined;
    },
    { message: `${name} to have ${count} ${state} task(s)` },
  );
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "ferry-herder-"));
  clients = new FakeClients();
  CountingSourceTask.emitted.clear();
  RecordingSinkTask.received.clear();
  herder = newHerder();
  await herder.start();
});

afterEach(async () => {
  await herder.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("standalone herder: create, read, replace, delete", () => {
  it("creates a connector, starts it with its tasks and answers its info", async () => {
    const { created, info } = await herder.putConnectorConfig("src", source(), { allowReplace: false });
    expect(created).toBe(true);
    expect(info).toEqual({
      name: "src",
      config: { ...source(), name: "src" },
      tasks: [{ connector: "src", task: 0 }],
      type: "source",
    });
    expect(await herder.connectors()).toEqual(["src"]);
    expect(await herder.connectorConfig("src")).toEqual({ ...source(), name: "src" });
    const status = await waitForTasks("src", "RUNNING");
    expect(status).toEqual({
      name: "src",
      connector: { state: "RUNNING", worker_id: WORKER },
      tasks: [{ id: 0, state: "RUNNING", worker_id: WORKER }],
      type: "source",
    });
    expect(await herder.taskStatus("src", 0)).toEqual({ id: 0, state: "RUNNING", worker_id: WORKER });
  });

  it("adds task.class to task configs and copies topics for sinks", async () => {
    await herder.putConnectorConfig("snk", sink({ "tasks.max": "2" }), { allowReplace: false });
    const tasks = await herder.taskConfigs("snk");
    expect(tasks.map((t) => t.id)).toEqual([
      { connector: "snk", task: 0 },
      { connector: "snk", task: 1 },
    ]);
    expect(tasks[0]?.config).toMatchObject({ "task.class": "test.RecordingSinkTask", topics: "t1" });
    // Each sink task has its own consumer in group connect-<name>.
    await waitForTasks("snk", "RUNNING", 2);
    expect(clients.configs.get("connector-consumer-snk-1")).toMatchObject({ "group.id": "connect-snk", "enable.auto.commit": "false", "auto.offset.reset": "earliest" });
  });

  it("rejects invalid configs with Kafka's 400 message", async () => {
    const err = await herder.putConnectorConfig("bad", { "connector.class": "CountingSource", "tasks.max": "0" }, { allowReplace: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toBe(
      "Connector configuration is invalid and contains the following 1 error(s):\n" +
        "Invalid value 0 for configuration tasks.max: Value must be at least 1\n" +
        "You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
    );
    await expect(herder.connectorInfo("bad")).rejects.toThrow(NotFoundError);
  });

  it("refuses a name that differs from config.name, and an existing name without replace", async () => {
    await expect(herder.putConnectorConfig("a", { ...source(), name: "b" }, { allowReplace: false })).rejects.toThrow(
      "Connector name configuration (b) doesn't match connector name in the URL (a)",
    );
    await herder.putConnectorConfig("a", source(), { allowReplace: false });
    await expect(herder.putConnectorConfig("a", source(), { allowReplace: false })).rejects.toThrow(new AlreadyExistsError("Connector a already exists"));
    const replaced = await herder.putConnectorConfig("a", source({ records: "7" }), { allowReplace: true });
    expect(replaced.created).toBe(false);
    expect(replaced.info.config["records"]).toBe("7");
  });

  it("patches a config: null removes a key, others overwrite or add", async () => {
    await herder.putConnectorConfig("p", source({ extra: "x" }), { allowReplace: false });
    const info = await herder.patchConnectorConfig("p", { records: "9", extra: null, added: "y" });
    expect(info.config).toEqual({ "connector.class": "CountingSource", topic: "t1", records: "9", name: "p", added: "y" });
    await expect(herder.patchConnectorConfig("nope", {})).rejects.toThrow("Connector nope not found");
  });

  it("deletes a connector: config, statuses and topics are gone", async () => {
    await herder.putConnectorConfig("d", source(), { allowReplace: false });
    await waitForTasks("d", "RUNNING");
    await herder.deleteConnector("d");
    await expect(herder.connectorStatus("d")).rejects.toThrow("No status found for connector d");
    await expect(herder.taskStatus("d", 0)).rejects.toThrow("No status found for task d-0");
    expect(await herder.connectorActiveTopics("d")).toEqual([]);
    await expect(herder.deleteConnector("d")).rejects.toThrow("Connector d not found");
  });

  it("creates paused and stopped connectors without tasks", async () => {
    const paused = await herder.putConnectorConfig("ps", source(), { allowReplace: false, initialState: "PAUSED" });
    expect(paused.info.tasks).toEqual([]);
    expect((await statusOf("ps")).connector.state).toBe("PAUSED");
    await herder.putConnectorConfig("st", source(), { allowReplace: false, initialState: "STOPPED" });
    expect((await statusOf("st")).connector.state).toBe("STOPPED");
    await herder.resumeConnector("st");
    await waitForTasks("st", "RUNNING");
    expect((await statusOf("st")).connector.state).toBe("RUNNING");
  });
});

describe("standalone herder: target states and restarts", () => {
  it("pauses, resumes and stops; stop removes the tasks", async () => {
    await herder.putConnectorConfig("c", source(), { allowReplace: false });
    await waitForTasks("c", "RUNNING");
    await herder.pauseConnector("c");
    expect((await statusOf("c")).connector.state).toBe("PAUSED");
    await waitForTasks("c", "PAUSED");
    await herder.resumeConnector("c");
    await waitForTasks("c", "RUNNING");
    await herder.stopConnector("c");
    expect(await statusOf("c")).toMatchObject({ connector: { state: "STOPPED" }, tasks: [] });
    expect(await herder.taskConfigs("c")).toEqual([]);
    expect((await herder.connectorInfo("c")).tasks).toEqual([]);
    // Pausing a stopped connector: PAUSED with no tasks; resuming regenerates them.
    await herder.pauseConnector("c");
    expect(await statusOf("c")).toMatchObject({ connector: { state: "PAUSED" }, tasks: [] });
    await herder.resumeConnector("c");
    await waitForTasks("c", "RUNNING");
  });

  it("answers 404 for unknown connectors where Kafka's standalone says 500", async () => {
    await expect(herder.pauseConnector("x")).rejects.toThrow(new NotFoundError("Unknown connector x"));
    await expect(herder.resumeConnector("x")).rejects.toThrow(new NotFoundError("Unknown connector x"));
    await expect(herder.stopConnector("x")).rejects.toThrow(new NotFoundError("Unknown connector x"));
    await expect(herder.restartConnector("x")).rejects.toThrow(new NotFoundError("Connector x not found"));
    await expect(herder.restartTask("x", 0)).rejects.toThrow(new NotFoundError("Connector x not found"));
    await expect(herder.restartConnectorAndTasks({ connector: "x", includeTasks: true, onlyFailed: false })).rejects.toThrow(
      new NotFoundError("Unknown connector: x"),
    );
    await herder.putConnectorConfig("y", source(), { allowReplace: false });
    await expect(herder.restartTask("y", 3)).rejects.toThrow(new NotFoundError("Task y-3 not found"));
  });

  it("reports a failing task with its trace and restarts it", async () => {
    await herder.putConnectorConfig("f", source({ fail: "poll" }), { allowReplace: false });
    const status = await waitForTasks("f", "FAILED");
    const trace = status.tasks[0]?.trace ?? "";
    expect(trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Poll failed on purpose\n\tat /);
    expect(trace).toContain("Caused by: TypeError: inner failure");
    expect(status.connector.state).toBe("RUNNING");

    const plan = await herder.restartConnectorAndTasks({ connector: "f", includeTasks: true, onlyFailed: true });
    expect(plan.connector.state).toBe("RUNNING");
    expect(plan.tasks).toEqual([{ id: 0, state: "RESTARTING", worker_id: WORKER, trace }]);
    await waitForTasks("f", "FAILED");

    await herder.restartTask("f", 0);
    await waitForTasks("f", "FAILED");
  });

  it("builds a no-op plan when nothing qualifies and restarts the connector alone (legacy form)", async () => {
    await herder.putConnectorConfig("r", source(), { allowReplace: false });
    await waitForTasks("r", "RUNNING");
    const noop = await herder.restartConnectorAndTasks({ connector: "r", includeTasks: true, onlyFailed: true });
    expect(noop.connector.state).toBe("RUNNING");
    expect(noop.tasks.map((t) => t.state)).toEqual(["RUNNING"]);
    const all = await herder.restartConnectorAndTasks({ connector: "r", includeTasks: true, onlyFailed: false });
    expect(all.connector.state).toBe("RESTARTING");
    expect(all.tasks.map((t) => t.state)).toEqual(["RESTARTING"]);
    await waitForTasks("r", "RUNNING");
    await herder.restartConnector("r");
    expect((await statusOf("r")).connector.state).toBe("RUNNING");
  });

  it("keeps a connector whose start() throws registered as FAILED (500 for the request)", async () => {
    await expect(herder.putConnectorConfig("cf", source({ fail: "connector-start" }), { allowReplace: false })).rejects.toThrow(
      "Failed to transition connector cf to state STARTED",
    );
    const status = await statusOf("cf");
    expect(status.connector.state).toBe("FAILED");
    expect(status.connector.trace).toContain("Connector failed to start on purpose");
    // FAILED refuses pause, but STOP turns it into STOPPED.
    await herder.pauseConnector("cf");
    expect((await statusOf("cf")).connector.state).toBe("FAILED");
    await herder.stopConnector("cf");
    expect((await statusOf("cf")).connector.state).toBe("STOPPED");
  });

  it("fails a task whose start() throws", async () => {
    await herder.putConnectorConfig("ts", source({ fail: "start" }), { allowReplace: false });
    const status = await waitForTasks("ts", "FAILED");
    expect(status.tasks[0]?.trace).toContain("Task failed to start on purpose");
    expect(status.tasks[0]?.trace).toContain("Caused by: Error: the root cause");
  });
});

describe("standalone herder: topics and offsets", () => {
  it("tracks the topics a source task produced to, and resets them", async () => {
    await herder.putConnectorConfig("s", source(), { allowReplace: false });
    await waitFor(async () => (await herder.connectorActiveTopics("s")).length === 1, { message: "topic t1 tracked" });
    expect(await herder.connectorActiveTopics("s")).toEqual(["t1"]);
    await herder.resetConnectorActiveTopics("s");
    expect(await herder.connectorActiveTopics("s")).toEqual([]);
  });

  it("answers 403 when topic tracking is disabled", async () => {
    await herder.stop();
    herder = newHerder({ "topic.tracking.enable": "false" });
    await herder.start();
    await expect(herder.connectorActiveTopics("s")).rejects.toThrow(new ConnectRestError(403, "Topic tracking is disabled."));
    await herder.stop();
    herder = newHerder({ "topic.tracking.allow.reset": "false" });
    await herder.start();
    await expect(herder.resetConnectorActiveTopics("s")).rejects.toThrow("Topic tracking reset is disabled.");
  });

  it("reads, alters and resets source offsets only when stopped", async () => {
    await herder.putConnectorConfig("o", source(), { allowReplace: false });
    await waitForTasks("o", "RUNNING");
    await waitFor(() => clients.producers.get("connector-producer-o-0")?.values().length === 5, { message: "5 records sent" });
    await expect(herder.alterConnectorOffsets("o", [{ partition: { source: "o" }, offset: { position: 1 } }])).rejects.toThrow(
      "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/o/stop' endpoint",
    );
    await herder.pauseConnector("o");
    await expect(herder.resetConnectorOffsets("o")).rejects.toThrow(BadRequestError);
    await herder.stopConnector("o");
    // Stopping flushed the acknowledged records' offsets.
    expect(await herder.connectorOffsets("o")).toEqual({ offsets: [{ partition: { source: "o" }, offset: { position: 5 } }] });
    expect(await herder.alterConnectorOffsets("o", [{ partition: { source: "o" }, offset: { position: 2 } }])).toBe(
      "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.",
    );
    expect(await herder.connectorOffsets("o")).toEqual({ offsets: [{ partition: { source: "o" }, offset: { position: 2 } }] });
    await expect(herder.alterConnectorOffsets("o", [{ partition: { source: "o" }, offset: { pos: 2 } }])).rejects.toThrow(
      "Offset objects should either be null or contain the key 'position'",
    );
    await expect(herder.alterConnectorOffsets("o", [])).rejects.toThrow("Partitions / offsets need to be provided for an alter offsets request");
    expect(await herder.resetConnectorOffsets("o")).toBe(
      "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.",
    );
    expect(await herder.connectorOffsets("o")).toEqual({ offsets: [] });
    await expect(herder.connectorOffsets("zz")).rejects.toThrow("Connector zz not found");
  });

  it("reads and alters sink offsets through the consumer group", async () => {
    clients.fakeAdmin.topics = ["t1", "other"];
    await herder.putConnectorConfig("k", sink(), { allowReplace: false, initialState: "STOPPED" });
    clients.fakeAdmin.groupOffsets.set("connect-k", new Map([["t1:0", 10], ["t1:1", 20]]));
    expect(await herder.connectorOffsets("k")).toEqual({
      offsets: [
        { partition: { kafka_topic: "t1", kafka_partition: 0 }, offset: { kafka_offset: 10 } },
        { partition: { kafka_topic: "t1", kafka_partition: 1 }, offset: { kafka_offset: 20 } },
      ],
    });
    await herder.alterConnectorOffsets("k", [
      { partition: { kafka_topic: "t1", kafka_partition: "0" }, offset: { kafka_offset: "5" } },
      { partition: { kafka_topic: "t1", kafka_partition: 1 }, offset: null },
    ]);
    expect([...(clients.fakeAdmin.groupOffsets.get("connect-k") ?? [])]).toEqual([["t1:0", 5]]);
    clients.fakeAdmin.activeGroups.add("connect-k");
    await expect(herder.resetConnectorOffsets("k")).rejects.toThrow(/^Failed to reset consumer group offsets for connector k either because its tasks haven't stopped completely yet/);
    clients.fakeAdmin.activeGroups.clear();
    expect(await herder.resetConnectorOffsets("k")).toMatch(/^The Connect framework-managed offsets for this connector have been reset successfully/);
    expect(clients.fakeAdmin.groupOffsets.has("connect-k")).toBe(false);
  });

  it("checks the sink offset format with Kafka's messages", () => {
    const bad = (partition: Record<string, unknown> | null, offset: Record<string, unknown> | null = { kafka_offset: 1 }) => () => parseSinkOffsets([{ partition, offset }]);
    expect(bad(null)).toThrow("The partition for a sink connector offset cannot be null or missing");
    expect(bad({ kafka_topic: "t" })).toThrow("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");
    expect(bad({ kafka_topic: null, kafka_partition: 1 })).toThrow("Kafka topic names must be valid strings and may not be null");
    expect(bad({ kafka_topic: "t", kafka_partition: null })).toThrow("Kafka partitions must be valid numbers and may not be null");
    expect(bad({ kafka_topic: "t", kafka_partition: "a" })).toThrow(
      "Failed to parse the following Kafka partition value in the provided offsets: 'a'. Partition values for sink connectors need to be integers.",
    );
    expect(bad({ kafka_topic: "t", kafka_partition: 1 }, { other: 1 })).toThrow("The offset for a sink connector should either be null or contain the key 'kafka_offset'");
    expect(bad({ kafka_topic: "t", kafka_partition: 1 }, { kafka_offset: 1.5 })).toThrow(
      "Failed to parse the following Kafka offset value in the provided offsets: '1.5'. Offset values for sink connectors need to be integers.",
    );
  });
});

describe("standalone herder: worker", () => {
  it("answers server info, health and loggers", async () => {
    expect(herder.serverInfo()).toEqual({ version: "3.9.0", commit: "abc123", kafka_cluster_id: "cluster-1" });
    expect(await herder.health()).toEqual({ status: "healthy", message: "Worker has completed startup and is ready to handle requests." });
    const fresh = newHerder();
    expect(await fresh.health()).toEqual({ status: "starting", message: "Worker is still starting up." });
    expect(herder.setWorkerLoggerLevel("org.apache.kafka.connect.runtime.standalone", "DEBUG")).toEqual(["org.apache.kafka.connect.runtime.standalone.StandaloneHerder", "org.apache.kafka.connect.runtime.standalone"].sort());
    expect(herder.loggerLevel("org.apache.kafka.connect.runtime.standalone.StandaloneHerder").level).toBe("DEBUG");
    expect(herder.loggers()["root"]).toEqual({ level: "INFO", last_modified: null });
  });

  it("lists plugins and validates configs through the registry", async () => {
    expect(herder.plugins(true).map((p) => p.class)).toContain("test.CountingSourceConnector");
    expect(herder.pluginConfig("CountingSource").map((k) => k.name)).toContain("records");
    const infos = await herder.validateConnectorConfig({ "connector.class": "CountingSource", name: "v", "tasks.max": "x" });
    expect(infos.error_count).toBeGreaterThan(0);
    expect(infos.configs.find((c) => c.definition?.name === "tasks.max")?.value?.errors).toContain("Invalid value x for configuration tasks.max: Not a number of type INT");
  });

  it("restarts persisted connectors, in their target state, after a worker restart", async () => {
    await herder.putConnectorConfig("keep", source(), { allowReplace: false });
    await herder.putConnectorConfig("paused", sink(), { allowReplace: false, initialState: "PAUSED" });
    await waitForTasks("keep", "RUNNING");
    await waitFor(() => clients.producers.get("connector-producer-keep-0")?.values().length === 5, { message: "5 records sent" });
    await herder.stop();

    herder = newHerder();
    await herder.start();
    expect((await herder.connectors()).sort()).toEqual(["keep", "paused"]);
    await waitForTasks("keep", "RUNNING");
    expect((await statusOf("paused")).connector.state).toBe("PAUSED");
    // The source resumed from its flushed offset: nothing emitted twice.
    expect(CountingSourceTask.emitted.get("keep")).toEqual(["value-0", "value-1", "value-2", "value-3", "value-4"]);
  });
});
