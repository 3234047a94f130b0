import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kafka } from "kafkajs";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { ConfigInfos, ConnectorInfo, ConnectorStateInfo, PluginInfo } from "../../lib/connect/schemas";
import { createStandaloneHerder } from "../../server/connect/herder/standalone-herder";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { testConnectorPlugins } from "../../server/connect/runtime/test-plugins";
import { Loggers } from "../../server/connect/runtime/loggers";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { readTopic } from "../harness/topic-reader";
import { waitFor } from "../harness/wait-for";

/**
 * The Connect REST API of a real worker, composed as `ferry start` composes it (startWorker: REST
 * listener, standalone herder, kafkajs clients, file offset store, JsonConverter with schemas) on
 * the embedded broker, driven over HTTP with fetch. Modelled on Kafka's integration tests
 * (reference §8): ConnectorRestartApiIntegrationTest, OffsetsApiIntegrationTest,
 * ConnectorValidationIntegrationTest, ConnectorTopicsIntegrationTest, ConnectWorkerIntegrationTest
 * #testPauseStopResume, with the FileStream connectors, plus Ferry's CountingSource test connector
 * where a Connector must fail to start.
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
/** Kafka's SMTs and predicates are not all in Ferry's plugin list yet: the tests using them skip until they are. */
const installed = new Set(createPluginRegistry().list(false).map((p) => p.class));
const FILTER = "org.apache.kafka.connect.transforms.Filter";
const TOMBSTONE = "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone";
const missingSmts = [FILTER, TOMBSTONE, "org.apache.kafka.connect.transforms.Cast$Key", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"].filter((c) => !installed.has(c));
const envelope = (s: string) => `{"schema":{"type":"string","optional":false},"payload":${JSON.stringify(s)}}`;

let broker: TestBroker;
let kafka: Kafka;
let dir: string;
let worker: WorkerRuntime;
let base: string;
/** The worker's log lines (printed when a test fails). */
const logs: string[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = broker.kafka();
  dir = mkdtempSync(join(tmpdir(), "ferry-rest-"));
  worker = await startWorker({
    workerProps: {
      "bootstrap.servers": broker.broker.bootstrapServers,
      listeners: "http://127.0.0.1:0",
      "key.converter": JSON_CONVERTER,
      "value.converter": JSON_CONVERTER,
      "key.converter.schemas.enable": "true",
      "value.converter.schemas.enable": "true",
      "offset.storage.file.filename": join(dir, "connect.offsets"),
      "offset.flush.interval.ms": "300",
      "consumer.session.timeout.ms": "10000",
    },
    loggers: new Loggers({ write: (line) => void logs.push(line) }),
    // `ferry start`'s herder, plus Ferry's test connectors (a source whose Connector fails to start
    // on purpose), as Kafka's integration tests add MonitorableSourceConnector.
    createHerder: (options) => createStandaloneHerder({ ...options, plugins: createPluginRegistry(testConnectorPlugins) }),
  });
  worker.markReady();
  base = worker.urls[0] as string;
});

afterAll(async () => {
  await worker?.stop();
  await broker?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  // Each test leaves no connector behind.
  for (const name of (await call("GET", "/connectors")).body as string[]) await call("DELETE", `/connectors/${encodeURIComponent(name)}`);
});

let logMark = 0;
function markLogs(): void {
  logMark = logs.length;
  onTestFailed(() => console.error(`--- worker log during the test:\n${logs.slice(logMark).join("\n").slice(-8000)}`));
}

// ---- HTTP ---------------------------------------------------------------------------------------

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as is, instead of JSON.stringify(body). */
  raw?: string;
}

async function call(method: string, path: string, body?: unknown, { headers = {}, raw }: CallOptions = {}): Promise<Reply> {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(base + path, {
    method,
    headers: { ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: payload,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

const error = (code: number, message: string) => ({ status: code, body: { error_code: code, message } });

async function createConnector(name: string, config: Record<string, string>, initialState?: string): Promise<ConnectorInfo> {
  const reply = await call("POST", "/connectors", { name, config, ...(initialState ? { initial_state: initialState } : {}) });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as ConnectorInfo;
}

async function status(name: string): Promise<ConnectorStateInfo | undefined> {
  const reply = await call("GET", `/connectors/${name}/status`);
  return reply.status === 200 ? (reply.body as ConnectorStateInfo) : undefined;
}

/** Waits for the connector state and the task states (in id order). */
async function waitForStatus(name: string, connector: string, tasks: string[], timeoutMs = 15_000): Promise<ConnectorStateInfo> {
  return waitFor(
    async () => {
      const s = await status(name);
      return s && s.connector.state === connector && JSON.stringify(s.tasks.map((t) => t.state)) === JSON.stringify(tasks) ? s : undefined;
    },
    { timeoutMs, intervalMs: 50, message: `${name} to be ${connector} with tasks [${tasks.join(", ")}]` },
  );
}

/** How often the worker logged that it created the connector / a task (one per (re)start). */
function starts(name: string): { connector: number; tasks: number[] } {
  const lines = logs.slice(logMark);
  const connector = lines.filter((l) => l.includes(`Creating connector ${name} of type`)).length;
  const tasks: number[] = [];
  for (const l of lines) {
    const m = new RegExp(`Creating task ${name}-(\\d+)\\b`).exec(l);
    if (m) tasks[Number(m[1])] = (tasks[Number(m[1])] ?? 0) + 1;
  }
  return { connector, tasks: [...tasks].map((n) => n ?? 0) };
}

function fileLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l !== "") : [];
}

const fiveLines = ["Line 0", "Line 1", "Line 2", "Line 3", "Line 4"];

async function produceEnvelopes(topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((v) => ({ value: envelope(v) })) });
  } finally {
    await producer.disconnect();
  }
}

// ---- tests --------------------------------------------------------------------------------------

describe("root, listing and plugins", () => {
  it("serves GET / and /health", async () => {
    const admin = kafka.admin();
    await admin.connect();
    const { clusterId } = await admin.describeCluster().finally(() => admin.disconnect());
    const root = await call("GET", "/");
    expect(root.status).toBe(200);
    expect(root.body).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), commit: expect.any(String), kafka_cluster_id: clusterId });
    expect(await call("GET", "/health")).toMatchObject({
      status: 200,
      body: { status: "healthy", message: "Worker has completed startup and is ready to handle requests." },
    });
  });

  it("GET /connectors with expand=status&expand=info, expand=info and an unknown expand", async () => {
    markLogs();
    const file = join(dir, "expand.txt");
    writeFileSync(file, "");
    const config = { "connector.class": "FileStreamSource", file, topic: "rest-expand", "tasks.max": "1" };
    await createConnector("expand-running", config);
    await createConnector("expand-stopped", { ...config }, "STOPPED");
    await waitForStatus("expand-running", "RUNNING", ["RUNNING"]);

    expect((await call("GET", "/connectors")).body).toEqual(expect.arrayContaining(["expand-running", "expand-stopped"]));
    const both = await call("GET", "/connectors?expand=status&expand=info");
    expect(both.status).toBe(200);
    expect(both.body).toEqual({
      "expand-running": {
        status: {
          name: "expand-running",
          connector: { state: "RUNNING", worker_id: worker.workerId },
          tasks: [{ id: 0, state: "RUNNING", worker_id: worker.workerId }],
          type: "source",
        },
        info: { name: "expand-running", config: { ...config, name: "expand-running" }, tasks: [{ connector: "expand-running", task: 0 }], type: "source" },
      },
      "expand-stopped": {
        status: { name: "expand-stopped", connector: { state: "STOPPED", worker_id: worker.workerId }, tasks: [], type: "source" },
        info: { name: "expand-stopped", config: { ...config, name: "expand-stopped" }, tasks: [], type: "source" },
      },
    });
    const info = (await call("GET", "/connectors?expand=info")).body as Record<string, Record<string, unknown>>;
    expect(Object.keys(info["expand-running"] ?? {})).toEqual(["info"]);
    expect((await call("GET", "/connectors?expand=nonsense")).body).toEqual({ "expand-running": {}, "expand-stopped": {} });
    expect(worker.workerId).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("lists connector plugins, and every plugin with connectorsOnly=false in Kafka's order", async () => {
    const connectors = (await call("GET", "/connector-plugins")).body as PluginInfo[];
    // Sinks first, then sources; nothing else without connectorsOnly=false.
    const types = connectors.map((p) => p.type);
    expect(types).toEqual([...types.filter((t) => t === "sink"), ...types.filter((t) => t === "source")]);
    expect(connectors).toEqual(
      expect.arrayContaining([
        { class: "org.apache.kafka.connect.file.FileStreamSinkConnector", type: "sink", version: expect.any(String) },
        { class: "org.apache.kafka.connect.file.FileStreamSourceConnector", type: "source", version: expect.any(String) },
      ]),
    );
    expect((await call("GET", "/connector-plugins/")).body).toEqual(connectors);

    const all = (await call("GET", "/connector-plugins?connectorsOnly=false")).body as PluginInfo[];
    const order = ["sink", "source", "transformation", "predicate", "converter", "header_converter"];
    const ranks = all.map((p) => order.indexOf(p.type));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const type of order) {
      const classes = all.filter((p) => p.type === type).map((p) => p.class);
      expect(classes, `${type} plugins sorted by class`).toEqual([...classes].sort());
    }
    expect(all.slice(0, connectors.length)).toEqual(connectors);
    const has = (cls: string, type: string) => all.some((p) => p.class === cls && p.type === type);
    // A class that is both a converter and a header converter is listed once per type.
    for (const both of [JSON_CONVERTER, "org.apache.kafka.connect.storage.StringConverter", "org.apache.kafka.connect.converters.LongConverter"]) {
      expect(has(both, "converter") && has(both, "header_converter"), both).toBe(true);
    }
    expect(has("org.apache.kafka.connect.storage.SimpleHeaderConverter", "header_converter")).toBe(true);
    expect(has("org.apache.kafka.connect.storage.SimpleHeaderConverter", "converter")).toBe(false);
    expect((await call("GET", "/connector-plugins?connectorsOnly=TRUE")).body).toEqual(connectors);
  });
});

describe.skipIf(missingSmts.length > 0)(`SMTs and predicates in the plugin list [needs ${missingSmts.join(", ")}]`, () => {
  it("lists transformations (nested classes with $) and predicates between connectors and converters", async () => {
    const all = (await call("GET", "/connector-plugins?connectorsOnly=false")).body as PluginInfo[];
    const has = (cls: string, type: string) => all.some((p) => p.class === cls && p.type === type);
    expect(has("org.apache.kafka.connect.transforms.Cast$Key", "transformation")).toBe(true);
    expect(has(FILTER, "transformation")).toBe(true);
    expect(has("org.apache.kafka.connect.transforms.predicates.TopicNameMatches", "predicate")).toBe(true);
    expect(has(TOMBSTONE, "predicate")).toBe(true);
  });
});

describe("state changes (ConnectWorkerIntegrationTest#testPauseStopResume)", () => {
  it("pauses, resumes, stops and deletes, idempotently, with STOPPED meaning zero tasks", async () => {
    markLogs();
    const file = join(dir, "states.txt");
    writeFileSync(file, "a\n");
    const name = "states";
    await createConnector(name, { "connector.class": "FileStreamSource", file, topic: "rest-states" });
    await waitForStatus(name, "RUNNING", ["RUNNING"]);

    for (let i = 0; i < 2; i++) expect(await call("PUT", `/connectors/${name}/pause`)).toMatchObject({ status: 202, text: "" });
    await waitForStatus(name, "PAUSED", ["PAUSED"]);
    for (let i = 0; i < 2; i++) expect(await call("PUT", `/connectors/${name}/resume`)).toMatchObject({ status: 202, text: "" });
    await waitForStatus(name, "RUNNING", ["RUNNING"]);

    for (let i = 0; i < 2; i++) expect(await call("PUT", `/connectors/${name}/stop`)).toMatchObject({ status: 204, text: "" });
    await waitForStatus(name, "STOPPED", []);
    expect((await call("GET", `/connectors/${name}/tasks`)).body).toEqual([]);
    expect(((await call("GET", `/connectors/${name}`)).body as ConnectorInfo).tasks).toEqual([]);

    // Paused from stopped: PAUSED with no tasks; resumed: tasks regenerated.
    expect((await call("PUT", `/connectors/${name}/pause`)).status).toBe(202);
    await waitForStatus(name, "PAUSED", []);
    expect((await call("PUT", `/connectors/${name}/resume`)).status).toBe(202);
    await waitForStatus(name, "RUNNING", ["RUNNING"]);
    expect(((await call("GET", `/connectors/${name}/tasks`)).body as { id: unknown }[]).map((t) => t.id)).toEqual([{ connector: name, task: 0 }]);

    // Stop from paused, then delete a stopped connector.
    expect((await call("PUT", `/connectors/${name}/pause`)).status).toBe(202);
    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    await waitForStatus(name, "STOPPED", []);
    expect(await call("DELETE", `/connectors/${name}`)).toMatchObject({ status: 204, text: "" });
    expect(await call("GET", `/connectors/${name}/status`)).toMatchObject(error(404, `No status found for connector ${name}`));
    expect(await call("GET", `/connectors/${name}`)).toMatchObject(error(404, `Connector ${name} not found`));
  });

  it("PATCH /connectors/{name}/config merges (null removes a key) and answers 200", async () => {
    markLogs();
    const file = join(dir, "patch.txt");
    writeFileSync(file, "");
    await createConnector("patched", { "connector.class": "FileStreamSink", file, topics: "rest-patch", "tasks.max": "1", "batch.size": "10" });
    await waitForStatus("patched", "RUNNING", ["RUNNING"]);
    const patched = await call("PATCH", "/connectors/patched/config", { "tasks.max": "2", "batch.size": null, "consumer.override.max.poll.records": "50" });
    expect(patched.status).toBe(200);
    expect((patched.body as ConnectorInfo).config).toEqual({
      "connector.class": "FileStreamSink",
      file,
      topics: "rest-patch",
      "tasks.max": "2",
      "consumer.override.max.poll.records": "50",
      name: "patched",
    });
    await waitForStatus("patched", "RUNNING", ["RUNNING", "RUNNING"]);
    expect(((await call("GET", "/connectors/patched/tasks")).body as unknown[]).length).toBe(2);
  });

  it("honours initial_state PAUSED and STOPPED (no tasks until resumed)", async () => {
    markLogs();
    const file = join(dir, "initial.txt");
    writeFileSync(file, "");
    const config = { "connector.class": "FileStreamSource", file, topic: "rest-initial" };
    const paused = await createConnector("initially-paused", config, "PAUSED");
    expect(paused.tasks).toEqual([]);
    await waitForStatus("initially-paused", "PAUSED", []);
    const stopped = await createConnector("initially-stopped", config, "stopped");
    expect(stopped.tasks).toEqual([]);
    await waitForStatus("initially-stopped", "STOPPED", []);
    expect((await call("PUT", "/connectors/initially-paused/resume")).status).toBe(202);
    await waitForStatus("initially-paused", "RUNNING", ["RUNNING"]);
  });

  it("reports a failing task's trace: a FileStreamSink whose file is a directory", async () => {
    markLogs();
    const target = join(dir, "sink-is-a-directory");
    mkdirSync(target);
    const name = "failing-sink";
    await createConnector(name, { "connector.class": "FileStreamSink", file: target, topics: "rest-failing" });
    const s = await waitForStatus(name, "RUNNING", ["FAILED"]);
    const trace = s.tasks[0]?.trace ?? "";
    expect(trace).toMatch(new RegExp(`^org\\.apache\\.kafka\\.connect\\.errors\\.ConnectException: Couldn't find or create file '${target}' for FileStreamSinkTask\\n\\tat `));
    expect(trace).toMatch(/EISDIR/);
    expect(s.connector.trace).toBeUndefined();
    const task = await call("GET", `/connectors/${name}/tasks/0/status`);
    expect(task).toMatchObject({ status: 200, body: { id: 0, state: "FAILED", worker_id: worker.workerId, trace } });
    expect(await call("GET", `/connectors/${name}/tasks/1/status`)).toMatchObject(error(404, `No status found for task ${name}-1`));
  });

  it("reports a failing source task: a FileStreamSource reading a directory", async () => {
    markLogs();
    const target = join(dir, "source-is-a-directory");
    mkdirSync(target);
    await createConnector("failing-source", { "connector.class": "FileStreamSource", file: target, topic: "rest-failing-source" });
    const s = await waitForStatus("failing-source", "RUNNING", ["FAILED"]);
    expect(s.tasks[0]?.trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: .*\n\tat /);
    expect(s.tasks[0]?.trace).toMatch(/EISDIR|directory/i);
  });
});

describe("ConnectorRestartApiIntegrationTest", () => {
  it("answers 404 for an unknown connector, whatever the flags", async () => {
    expect(await call("POST", "/connectors/nope/restart")).toMatchObject({ status: 404, body: { error_code: 404 } });
    for (const query of ["includeTasks=true", "onlyFailed=true", "includeTasks=true&onlyFailed=true", "includeTasks=false&onlyFailed=false"]) {
      const reply = await call("POST", `/connectors/nope/restart?${query}`);
      expect(reply.status, query).toBe(404);
      expect((reply.body as { error_code: number }).error_code).toBe(404);
    }
    expect(await call("POST", "/connectors/nope/tasks/0/restart")).toMatchObject({ status: 404, body: { error_code: 404 } });
  });

  it("restarts a running connector and its tasks by the KIP-745 rules", async () => {
    markLogs();
    const name = "restart-running";
    await createConnector(name, { "connector.class": "FileStreamSink", "tasks.max": "2", file: join(dir, "restart-running.txt"), topics: "rest-restart" });
    await waitForStatus(name, "RUNNING", ["RUNNING", "RUNNING"]);
    expect(starts(name)).toEqual({ connector: 1, tasks: [1, 1] });
    const running = { name, connector: { state: "RUNNING", worker_id: worker.workerId }, type: "sink" };
    const task = (id: number, state: string) => ({ id, state, worker_id: worker.workerId });

    // Legacy form: the connector only, 204 without a body.
    expect(await call("POST", `/connectors/${name}/restart`)).toMatchObject({ status: 204, text: "" });
    await waitForStatus(name, "RUNNING", ["RUNNING", "RUNNING"]);
    expect(starts(name)).toEqual({ connector: 2, tasks: [1, 1] });

    // onlyFailed with nothing failed: 202, a plan without RESTARTING, nothing restarted.
    for (const query of ["onlyFailed=true", "includeTasks=true&onlyFailed=true"]) {
      const noop = await call("POST", `/connectors/${name}/restart?${query}`);
      expect(noop.status, query).toBe(202);
      expect(noop.body, query).toEqual({ ...running, tasks: [task(0, "RUNNING"), task(1, "RUNNING")] });
    }
    expect(starts(name)).toEqual({ connector: 2, tasks: [1, 1] });

    // includeTasks: everything restarts once; the plan shows it RESTARTING.
    const all = await call("POST", `/connectors/${name}/restart?includeTasks=true`);
    expect(all.status).toBe(202);
    expect(all.headers.get("content-type")).toMatch(/^application\/json/);
    expect(all.body).toEqual({ ...running, connector: { state: "RESTARTING", worker_id: worker.workerId }, tasks: [task(0, "RESTARTING"), task(1, "RESTARTING")] });
    await waitForStatus(name, "RUNNING", ["RUNNING", "RUNNING"]);
    expect(starts(name)).toEqual({ connector: 3, tasks: [2, 2] });

    // Java's Boolean.valueOf: anything but "true" is false → the legacy form.
    expect((await call("POST", `/connectors/${name}/restart?includeTasks=yes&onlyFailed=1`)).status).toBe(204);
    await waitForStatus(name, "RUNNING", ["RUNNING", "RUNNING"]);
    expect(starts(name)).toEqual({ connector: 4, tasks: [2, 2] });
  });

  it("restarts a FAILED connector (its start throws) by the KIP-745 rules; a failed connector can be stopped and deleted", async () => {
    markLogs();
    const name = "failed-connector";
    // Standalone: the create request fails (Connector.start threw) but the connector stays, FAILED.
    const created = await call("PUT", `/connectors/${name}/config`, { "connector.class": "CountingSource", topic: "rest-failed-connector", fail: "connector-start" });
    expect(created.status, created.text).toBe(500);
    expect(created.body).toEqual({ error_code: 500, message: `Failed to transition connector ${name} to state STARTED` });
    const failed = await waitForStatus(name, "FAILED", []);
    expect(failed.connector.trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Connector failed to start on purpose\n\tat /);
    expect(starts(name).connector).toBe(1);

    // testFailedConnectorRestartOnlyConnector / ...OnlyFailedConnectorAndTasks: restarted once each time.
    // The legacy form answers after the start, as Kafka's StandaloneHerder#restartConnector chains
    // the start callback: the start failing again is the request's 500.
    expect(await call("POST", `/connectors/${name}/restart`)).toMatchObject(error(500, `Failed to transition connector ${name} to state STARTED`));
    expect(starts(name).connector).toBe(2);
    for (const [query, expected] of [["onlyFailed=true", 3], ["includeTasks=true&onlyFailed=true", 4], ["includeTasks=true", 5]] as const) {
      const plan = await call("POST", `/connectors/${name}/restart?${query}`);
      expect(plan.status, query).toBe(202);
      expect(plan.body, query).toMatchObject({ name, connector: { state: "RESTARTING" }, tasks: [], type: "source" });
      await waitFor(() => starts(name).connector === expected, { message: `restart for ${query}` });
      await waitForStatus(name, "FAILED", []);
    }

    // testStoppedState: FAILED → STOPPED; resume starts it again (and it fails again); delete.
    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    await waitForStatus(name, "STOPPED", []);
    expect((await call("PUT", `/connectors/${name}/resume`)).status).toBe(202);
    await waitForStatus(name, "FAILED", []);
    expect((await call("DELETE", `/connectors/${name}`)).status).toBe(204);
    expect((await call("GET", `/connectors/${name}/status`)).status).toBe(404);
  });

  it("restarts only the failed task with includeTasks&onlyFailed, and a fixed task through /tasks/0/restart", async () => {
    markLogs();
    const name = "restart-failed";
    const target = join(dir, "restart-failed-target");
    mkdirSync(target);
    await createConnector(name, { "connector.class": "FileStreamSink", file: target, topics: "rest-restart-failed" });
    await waitForStatus(name, "RUNNING", ["FAILED"]);
    expect(starts(name)).toEqual({ connector: 1, tasks: [1] });

    // testFailedTasksRestartOnlyConnector: the legacy form leaves the failed task alone.
    expect((await call("POST", `/connectors/${name}/restart`)).status).toBe(204);
    await waitForStatus(name, "RUNNING", ["FAILED"]);
    expect(starts(name)).toEqual({ connector: 2, tasks: [1] });

    // testFailedTasksRestartWithoutIncludeTasksNoop
    const noop = await call("POST", `/connectors/${name}/restart?onlyFailed=true`);
    expect(noop.status).toBe(202);
    expect(noop.body).toMatchObject({ connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "FAILED", trace: expect.stringContaining("Couldn't find or create file") }] });
    expect(starts(name)).toEqual({ connector: 2, tasks: [1] });

    // testFailedTasksRestartOnlyTasks: only the failed task, shown RESTARTING.
    const plan = await call("POST", `/connectors/${name}/restart?includeTasks=true&onlyFailed=true`);
    expect(plan.status).toBe(202);
    expect(plan.body).toEqual({
      name,
      connector: { state: "RUNNING", worker_id: worker.workerId },
      // AbstractHerder#buildRestartPlan keeps the task's last trace.
      tasks: [{ id: 0, state: "RESTARTING", worker_id: worker.workerId, trace: expect.stringContaining("Couldn't find or create file") }],
      type: "sink",
    });
    // The directory is still there: it fails again.
    await waitFor(() => starts(name).tasks[0] === 2, { message: "the task to be started again" });
    await waitForStatus(name, "RUNNING", ["FAILED"]);
    expect(starts(name).connector).toBe(2);

    // testRestartFailedTask: fix the cause, restart the task → RUNNING and consuming.
    rmdirSync(target);
    expect(await call("POST", `/connectors/${name}/tasks/0/restart`)).toMatchObject({ status: 204, text: "" });
    await waitForStatus(name, "RUNNING", ["RUNNING"]);
    await produceEnvelopes("rest-restart-failed", ["after the fix"]);
    await waitFor(() => fileLines(target).includes("after the fix"), { message: "the restarted task to write" });
    expect(await call("POST", `/connectors/${name}/tasks/7/restart`)).toMatchObject({ status: 404, body: { error_code: 404 } });
  });
});

describe("OffsetsApiIntegrationTest", () => {
  const notStopped = (name: string) =>
    error(
      400,
      `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
    );

  it("answers 404 for the offsets of an unknown connector", async () => {
    expect(await call("GET", "/connectors/nope/offsets")).toMatchObject(error(404, "Connector nope not found"));
    const body = { offsets: [{ partition: { filename: "x" }, offset: { position: 1 } }] };
    expect(await call("PATCH", "/connectors/nope/offsets", body)).toMatchObject({ status: 404, body: { error_code: 404 } });
    expect(await call("DELETE", "/connectors/nope/offsets")).toMatchObject({ status: 404, body: { error_code: 404 } });
  });

  it("FileStreamSource: GET offsets, alter refused unless STOPPED, stop → alter → resume re-reads from there, reset re-reads all", async () => {
    markLogs();
    const name = "offsets-source";
    const topic = "rest-offsets-source";
    const file = join(dir, "offsets-source.txt");
    writeFileSync(file, fiveLines.join("\n") + "\n");
    await createConnector(name, { "connector.class": "FileStreamSource", file, topic });
    await waitFor(async () => (await readTopic(broker.broker.bootstrapServers, topic)).length === 5, { message: "5 records" });
    const position = (p: number) => ({ offsets: [{ partition: { filename: file }, offset: { position: p } }] });
    await waitFor(async () => JSON.stringify((await call("GET", `/connectors/${name}/offsets`)).body) === JSON.stringify(position(35)), {
      message: "offsets at position 35",
    });

    const alter = position(28);
    expect(await call("PATCH", `/connectors/${name}/offsets`, alter)).toMatchObject(notStopped(name));
    expect(await call("DELETE", `/connectors/${name}/offsets`)).toMatchObject(notStopped(name));
    // PAUSED is not enough.
    expect((await call("PUT", `/connectors/${name}/pause`)).status).toBe(202);
    await waitForStatus(name, "PAUSED", ["PAUSED"]);
    expect(await call("PATCH", `/connectors/${name}/offsets`, alter)).toMatchObject(notStopped(name));

    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    await waitForStatus(name, "STOPPED", []);
    // Malformed bodies.
    expect(await call("PATCH", `/connectors/${name}/offsets`, {})).toMatchObject(error(400, "Partitions / offsets need to be provided for an alter offsets request"));
    expect(await call("PATCH", `/connectors/${name}/offsets`, { offsets: [] })).toMatchObject(error(400, "Partitions / offsets need to be provided for an alter offsets request"));
    const noPosition = await call("PATCH", `/connectors/${name}/offsets`, { offsets: [{ partition: { filename: file }, offset: { line: 3 } }] });
    expect(noPosition.status).toBe(500);
    expect(noPosition.body).toEqual({ error_code: 500, message: "Offset objects should either be null or contain the key 'position'" });
    const negative = await call("PATCH", `/connectors/${name}/offsets`, position(-1));
    expect(negative.body).toEqual({ error_code: 500, message: "The value for the 'position' key in the offset should be a non-negative value" });
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual(position(35));

    // Alter to the start of "Line 4" and resume: the last line is read again.
    expect(await call("PATCH", `/connectors/${name}/offsets`, alter)).toMatchObject({
      status: 200,
      body: { message: "The offsets for this connector have been altered successfully" },
    });
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual(position(28));
    expect((await call("PUT", `/connectors/${name}/resume`)).status).toBe(202);
    await waitFor(async () => (await readTopic(broker.broker.bootstrapServers, topic)).length === 6, { message: "6 records" });
    expect(await readTopic(broker.broker.bootstrapServers, topic)).toEqual([...fiveLines, "Line 4"].map(envelope));
    await waitFor(async () => JSON.stringify((await call("GET", `/connectors/${name}/offsets`)).body) === JSON.stringify(position(35)), { message: "back at 35" });

    // Reset: stop, DELETE (twice: idempotent), resume → the whole file again.
    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    for (let i = 0; i < 2; i++) {
      expect(await call("DELETE", `/connectors/${name}/offsets`)).toMatchObject({
        status: 200,
        body: { message: "The offsets for this connector have been reset successfully" },
      });
    }
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });
    expect((await call("PUT", `/connectors/${name}/resume`)).status).toBe(202);
    await waitFor(async () => (await readTopic(broker.broker.bootstrapServers, topic)).length === 11, { message: "11 records" });
    expect(await readTopic(broker.broker.bootstrapServers, topic)).toEqual([...fiveLines, "Line 4", ...fiveLines].map(envelope));
  });

  it("source whose alterOffsets returns false: the framework-managed success messages", async () => {
    markLogs();
    const name = "offsets-framework";
    await createConnector(name, { "connector.class": "CountingSource", topic: "rest-offsets-framework", records: "3" });
    const at = (p: number) => ({ offsets: [{ partition: { source: name }, offset: { position: p } }] });
    await waitFor(async () => JSON.stringify((await call("GET", `/connectors/${name}/offsets`)).body) === JSON.stringify(at(3)), { message: "position 3" });
    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    expect(await call("PATCH", `/connectors/${name}/offsets`, at(1))).toMatchObject({
      status: 200,
      body: {
        message:
          "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.",
      },
    });
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual(at(1));
    expect(await call("DELETE", `/connectors/${name}/offsets`)).toMatchObject({
      status: 200,
      body: {
        message:
          "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.",
      },
    });
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });
  });

  it("FileStreamSink: GET offsets = the group's, alter refused while running, stop → rewind one → one duplicate, reset → all again", async () => {
    markLogs();
    const name = "offsets-sink";
    const topic = "rest-offsets-sink";
    const file = join(dir, "offsets-sink.txt");
    await produceEnvelopes(topic, fiveLines);
    await createConnector(name, { "connector.class": "FileStreamSink", file, topics: topic });
    await waitFor(() => fileLines(file).length === 5, { message: "5 lines in the sink file" });
    const at = (o: number) => ({ offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: o } }] });
    await waitFor(async () => JSON.stringify((await call("GET", `/connectors/${name}/offsets`)).body) === JSON.stringify(at(5)), { message: "committed offset 5" });

    expect(await call("PATCH", `/connectors/${name}/offsets`, at(4))).toMatchObject(notStopped(name));
    expect(await call("DELETE", `/connectors/${name}/offsets`)).toMatchObject(notStopped(name));
    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    await waitForStatus(name, "STOPPED", []);

    // SinkUtils#parseSinkConnectorOffsets messages.
    const bad = async (offsets: unknown[], message: string) =>
      expect(await call("PATCH", `/connectors/${name}/offsets`, { offsets }), message).toMatchObject(error(400, message));
    await bad([{ partition: { kafka_topic: topic }, offset: { kafka_offset: 1 } }], "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");
    await bad([{ offset: { kafka_offset: 1 } }], "The partition for a sink connector offset cannot be null or missing");
    await bad(
      [{ partition: { kafka_topic: topic, kafka_partition: "zero" }, offset: { kafka_offset: 1 } }],
      "Failed to parse the following Kafka partition value in the provided offsets: 'zero'. Partition values for sink connectors need to be integers.",
    );
    await bad([{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { position: 1 } }], "The offset for a sink connector should either be null or contain the key 'kafka_offset'");
    await bad(
      [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: "4.5" } }],
      "Failed to parse the following Kafka offset value in the provided offsets: '4.5'. Offset values for sink connectors need to be integers.",
    );

    // Numeric strings are accepted.
    expect(await call("PATCH", `/connectors/${name}/offsets`, { offsets: [{ partition: { kafka_topic: topic, kafka_partition: "0" }, offset: { kafka_offset: "4" } }] })).toMatchObject({
      status: 200,
      body: { message: "The offsets for this connector have been altered successfully" },
    });
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual(at(4));
    expect((await call("PUT", `/connectors/${name}/resume`)).status).toBe(202);
    await waitFor(() => fileLines(file).length === 6, { message: "one line written again" });
    expect(fileLines(file)).toEqual([...fiveLines, "Line 4"]);
    await waitFor(async () => JSON.stringify((await call("GET", `/connectors/${name}/offsets`)).body) === JSON.stringify(at(5)), { message: "committed offset 5 again" });

    expect((await call("PUT", `/connectors/${name}/stop`)).status).toBe(204);
    for (let i = 0; i < 2; i++) {
      expect(await call("DELETE", `/connectors/${name}/offsets`)).toMatchObject({
        status: 200,
        body: { message: "The offsets for this connector have been reset successfully" },
      });
    }
    expect((await call("GET", `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });
    expect((await call("PUT", `/connectors/${name}/resume`)).status).toBe(202);
    await waitFor(() => fileLines(file).length === 11, { message: "the topic written again from the start" });
    expect(fileLines(file)).toEqual([...fiveLines, "Line 4", ...fiveLines]);
  });
});

describe("ConnectorValidationIntegrationTest: error_count of PUT /connector-plugins/FileStreamSink/config/validate", () => {
  const validate = async (plugin: string, config: Record<string, string>) => {
    const reply = await call("PUT", `/connector-plugins/${plugin}/config/validate`, config);
    expect(reply.status, reply.text).toBe(200);
    return reply.body as ConfigInfos;
  };
  const errorsOf = (infos: ConfigInfos) =>
    infos.configs.flatMap((c) => (c.value && c.value.errors.length > 0 ? [`${c.value.name}: ${c.value.errors.join(" | ")}`] : []));
  const sink = { "connector.class": "FileStreamSink", name: "validated", file: "/tmp/validated.txt" };
  const source = { "connector.class": "FileStreamSource", name: "validated", topic: "t" };

  const cases: { what: string; config: Record<string, string>; errors: number; needs?: string[] }[] = [
    { what: "a valid sink", config: { ...sink, topics: "t" }, errors: 0 },
    { what: "neither topics nor topics.regex", config: { ...sink }, errors: 2 },
    { what: "both topics and topics.regex", config: { ...sink, topics: "t", "topics.regex": "t.*" }, errors: 2 },
    { what: "the DLQ topic among topics", config: { ...sink, topics: "t,dlq", "errors.deadletterqueue.topic.name": "dlq" }, errors: 1 },
    { what: "the DLQ topic matching topics.regex", config: { ...sink, "topics.regex": "d.*", "errors.deadletterqueue.topic.name": "dlq" }, errors: 1 },
    { what: "a duplicate transform alias", config: { ...sink, topics: "t", transforms: "t, t", "transforms.t.type": FILTER }, errors: 1, needs: [FILTER] },
    // Validation of transforms.* / predicates.* comes with the transforms (connector-config.ts#enrichConnectorConfigDef).
    { what: "a transform without a class", config: { ...sink, topics: "t", transforms: "t" }, errors: 1, needs: [FILTER] },
    { what: "a transform class that is not a transformation", config: { ...sink, topics: "t", transforms: "t", "transforms.t.type": "org.apache.kafka.connect.file.FileStreamSinkConnector" }, errors: 1, needs: [FILTER] },
    { what: "negate without a predicate", config: { ...sink, topics: "t", transforms: "t", "transforms.t.type": FILTER, "transforms.t.negate": "true" }, errors: 1, needs: [FILTER] },
    { what: "a duplicate predicate alias", config: { ...sink, topics: "t", predicates: "p, p", "predicates.p.type": TOMBSTONE }, errors: 1, needs: [TOMBSTONE] },
    { what: "a predicate without a class", config: { ...sink, topics: "t", predicates: "p" }, errors: 1, needs: [TOMBSTONE] },
    { what: "a predicate class that is not a predicate", config: { ...sink, topics: "t", predicates: "p", "predicates.p.type": JSON_CONVERTER }, errors: 1, needs: [TOMBSTONE] },
    { what: "a missing key.converter class", config: { ...sink, topics: "t", "key.converter": "com.example.NoSuchConverter" }, errors: 1 },
    { what: "a key.converter that is not a converter", config: { ...sink, topics: "t", "key.converter": "org.apache.kafka.connect.storage.SimpleHeaderConverter" }, errors: 1 },
    { what: "a missing value.converter class", config: { ...sink, topics: "t", "value.converter": "com.example.NoSuchConverter" }, errors: 1 },
    { what: "a value.converter that is a connector", config: { ...sink, topics: "t", "value.converter": "org.apache.kafka.connect.file.FileStreamSinkConnector" }, errors: 1 },
    { what: "a missing header.converter class", config: { ...sink, topics: "t", "header.converter": "com.example.NoSuchConverter" }, errors: 1 },
    { what: "a header.converter that is not one", config: { ...sink, topics: "t", "header.converter": "org.apache.kafka.connect.file.FileStreamSourceConnector" }, errors: 1 },
    { what: "a misconfigured converter (its own ConfigDef)", config: { ...sink, topics: "t", "value.converter": JSON_CONVERTER, "value.converter.schemas.enable": "maybe" }, errors: 1 },
    { what: "a number converter as header converter (it is one)", config: { ...sink, topics: "t", "header.converter": "org.apache.kafka.connect.converters.LongConverter" }, errors: 0 },
  ];
  for (const { what, config, errors, needs = [] } of cases) {
    const missing = needs.filter((c) => !installed.has(c));
    it.skipIf(missing.length > 0)(`sink: ${what} → ${errors}${missing.length > 0 ? ` [needs ${missing.join(", ")}]` : ""}`, async () => {
      const infos = await validate("FileStreamSink", config);
      expect(infos.error_count, errorsOf(infos).join("\n")).toBe(errors);
      // ConfigInfos.name is connector.class as given.
      expect(infos.name).toBe("FileStreamSink");
    });
  }

  it("source: duplicate topic.creation.groups → 1, a valid source → 0", async () => {
    const valid = await validate("FileStreamSource", source);
    expect(valid.error_count, errorsOf(valid).join("\n")).toBe(0);
    const creation = {
      ...source,
      "topic.creation.default.replication.factor": "1",
      "topic.creation.default.partitions": "1",
      "topic.creation.groups": "g, g",
      "topic.creation.g.include": "t.*",
    };
    const infos = await validate("FileStreamSource", creation);
    expect(infos.error_count, errorsOf(infos).join("\n")).toBe(1);
  });

  it("refuses a connector.class that does not match the plugin in the path (400)", async () => {
    expect(await call("PUT", "/connector-plugins/FileStreamSink/config/validate", { ...source })).toMatchObject(
      error(400, "Included connector type FileStreamSource does not match request type FileStreamSink"),
    );
    // Aliases with and without the Connector suffix match each other.
    expect((await call("PUT", "/connector-plugins/FileStreamSinkConnector/config/validate", { ...sink, topics: "t" })).status).toBe(200);
    // The class in the body must end with the plugin in the path.
    const fqcn = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    expect((await call("PUT", "/connector-plugins/FileStreamSink/config/validate", { ...sink, "connector.class": fqcn, topics: "t" })).status).toBe(200);
    expect(await call("PUT", `/connector-plugins/${fqcn}/config/validate`, { ...sink, topics: "t" })).toMatchObject(
      error(400, `Included connector type FileStreamSink does not match request type ${fqcn}`),
    );
  });
});

describe("ConnectorTopicsIntegrationTest", () => {
  it("tracks the topics a source produced to and a sink consumed from; reset and delete clear them", async () => {
    markLogs();
    expect(await call("GET", "/connectors/not-yet/topics")).toMatchObject({ status: 200, body: { "not-yet": { topics: [] } } });
    const file = join(dir, "topics-source.txt");
    writeFileSync(file, "one\ntwo\n");
    await createConnector("topics-source", { "connector.class": "FileStreamSource", file, topic: "rest-topics-a" });
    await createConnector("topics-sink", { "connector.class": "FileStreamSink", file: join(dir, "topics-sink.txt"), topics: "rest-topics-a,rest-topics-b" });
    await waitFor(async () => (await call("GET", "/connectors/topics-source/topics")).text === JSON.stringify({ "topics-source": { topics: ["rest-topics-a"] } }), {
      message: "the source's topic tracked",
    });
    // The sink consumed only from the topic that has records.
    await waitFor(async () => (await call("GET", "/connectors/topics-sink/topics")).text === JSON.stringify({ "topics-sink": { topics: ["rest-topics-a"] } }), {
      message: "the sink's topic tracked",
    });
    await produceEnvelopes("rest-topics-b", ["b"]);
    await waitFor(
      async () => (await call("GET", "/connectors/topics-sink/topics")).text === JSON.stringify({ "topics-sink": { topics: ["rest-topics-a", "rest-topics-b"] } }),
      { message: "the sink's second topic tracked" },
    );

    expect(await call("PUT", "/connectors/topics-source/topics/reset")).toMatchObject({ status: 202, text: "" });
    expect((await call("GET", "/connectors/topics-source/topics")).body).toEqual({ "topics-source": { topics: [] } });
    expect((await call("DELETE", "/connectors/topics-sink")).status).toBe(204);
    expect((await call("GET", "/connectors/topics-sink/topics")).body).toEqual({ "topics-sink": { topics: [] } });
    expect((await call("PUT", "/connectors/never-existed/topics/reset")).status).toBe(202);
  });
});

describe("errors are Connect error bodies, never a crash", () => {
  it("answers 404, 409, 400, 415, 406, 405 and 500 with {error_code, message}", async () => {
    markLogs();
    const file = join(dir, "errors.txt");
    writeFileSync(file, "");
    const config = { "connector.class": "FileStreamSource", file, topic: "rest-errors" };

    expect(await call("GET", "/connectors/nope")).toMatchObject(error(404, "Connector nope not found"));
    expect(await call("GET", "/connectors/nope/config")).toMatchObject(error(404, "Connector nope not found"));
    expect(await call("GET", "/connectors/nope/status")).toMatchObject(error(404, "No status found for connector nope"));
    expect(await call("GET", "/connectors/nope/tasks")).toMatchObject(error(404, "Connector nope not found"));
    expect(await call("GET", "/connectors/nope/tasks/0/status")).toMatchObject(error(404, "No status found for task nope-0"));
    expect(await call("DELETE", "/connectors/nope")).toMatchObject(error(404, "Connector nope not found"));
    expect(await call("PUT", "/connectors/nope/pause")).toMatchObject(error(404, "Unknown connector nope"));
    expect(await call("PUT", "/connectors/nope/resume")).toMatchObject(error(404, "Unknown connector nope"));
    // Kafka's standalone answers 500 here (a known quirk); Ferry answers 404.
    expect(await call("PUT", "/connectors/nope/stop")).toMatchObject(error(404, "Unknown connector nope"));
    expect(await call("PATCH", "/connectors/nope/config", { "tasks.max": "2" })).toMatchObject(error(404, "Connector nope not found"));
    expect(await call("GET", "/connectors/nope/tasks/zero/status")).toMatchObject(error(404, "HTTP 404 Not Found"));

    // Create: 201 + Location; again: 409; PUT config: 200 update, 201 create.
    const created = await call("POST", "/connectors", { name: "errors", config });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${base}/connectors/errors`);
    expect(await call("POST", "/connectors", { name: "errors", config })).toMatchObject(error(409, "Connector errors already exists"));
    expect((await call("PUT", "/connectors/errors/config", config)).status).toBe(200);
    const put = await call("PUT", "/connectors/errors-2/config", config);
    expect(put.status).toBe(201);
    expect(put.headers.get("location")).toBe(`${base}/connectors/errors-2`);

    // 400s: name mismatch, invalid config (the multi-line message), missing class.
    expect(await call("POST", "/connectors", { name: "a", config: { ...config, name: "b" } })).toMatchObject(
      error(400, "Connector name configuration (b) doesn't match connector name in the URL (a)"),
    );
    expect(await call("PUT", "/connectors/a/config", { ...config, name: "b" })).toMatchObject(
      error(400, "Connector name configuration (b) doesn't match connector name in the URL (a)"),
    );
    const invalid = await call("POST", "/connectors", { name: "invalid-sink", config: { "connector.class": "FileStreamSink" } });
    expect(invalid.status).toBe(400);
    const message = (invalid.body as { message: string }).message;
    expect(message.split("\n")[0]).toBe("Connector configuration is invalid and contains the following 2 error(s):");
    expect(message.split("\n").at(-1)).toBe("You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`");
    const noClass = await call("POST", "/connectors", { name: "no-class", config: { topic: "x" } });
    expect(noClass.status).toBe(400);
    expect((noClass.body as { message: string }).message).toMatch(/contains no connector type$/);
    const emptyName = await call("POST", "/connectors", { name: "  ", config });
    expect(emptyName.status).toBe(400);
    expect((emptyName.body as { message: string }).message).toContain("String may not be empty");
    // Unknown class: Kafka's 500 with the list of available connectors.
    const unknown = await call("POST", "/connectors", { name: "unknown-class", config: { "connector.class": "com.example.Nope" } });
    expect(unknown.status).toBe(500);
    expect((unknown.body as { message: string }).message).toMatch(
      /^Failed to find any class that implements Connector and which name matches com\.example\.Nope, available connectors are: .*FileStreamSinkConnector/,
    );

    // Request bodies: malformed JSON and wrong shapes are the client's fault (Ferry: 400; Kafka: 500).
    const badJson = await call("POST", "/connectors", undefined, { raw: '{"name": "x", "config": {' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ error_code: 400, message: expect.stringMatching(/^Request body is not valid JSON/) });
    const unknownField = await call("POST", "/connectors", { name: "x", config, colour: "blue" });
    expect(unknownField).toMatchObject({ status: 400, body: { error_code: 400, message: expect.stringContaining("colour") } });
    expect(await call("POST", "/connectors", { name: "x" })).toMatchObject({ status: 400, body: { error_code: 400 } });
    expect(await call("PUT", "/connectors/x/config", ["not", "a", "map"])).toMatchObject({ status: 400, body: { error_code: 400 } });

    // Media types, unknown paths and methods: Jersey's messages.
    expect(await call("POST", "/connectors", undefined, { raw: JSON.stringify({ name: "x", config }), headers: { "content-type": "text/plain" } })).toMatchObject(
      error(415, "HTTP 415 Unsupported Media Type"),
    );
    expect(await call("GET", "/connectors", undefined, { headers: { accept: "text/html" } })).toMatchObject(error(406, "HTTP 406 Not Acceptable"));
    expect(await call("GET", "/no/such/path")).toMatchObject(error(404, "HTTP 404 Not Found"));
    expect(await call("GET", "/connectors/errors/no-such-resource")).toMatchObject(error(404, "HTTP 404 Not Found"));
    const wrongMethod = await call("DELETE", "/connector-plugins");
    expect(wrongMethod).toMatchObject(error(405, "HTTP 405 Method Not Allowed"));
    expect(await call("POST", "/connectors/errors/pause")).toMatchObject(error(405, "HTTP 405 Method Not Allowed"));

    // The worker is fine after all that.
    expect((await call("GET", "/")).status).toBe(200);
    expect((await call("GET", "/connectors")).body).toEqual(expect.arrayContaining(["errors", "errors-2"]));
  });
});
