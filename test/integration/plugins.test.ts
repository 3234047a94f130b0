import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { freePort, properties, spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { readTopic } from "../harness/topic-reader";
import { waitFor } from "../harness/wait-for";

/**
 * Custom connectors end to end, every part its own process as a user runs them: `ferry plugin new`
 * scaffolds a package (its own `npm test` and `npm run typecheck` pass as written), a `ferry
 * standalone` worker loads it from `plugin.path`, lists it, validates configs for it and runs it;
 * and a plugin folder holding broken plugins next to a good one: the worker starts, reports each
 * broken one with its path and reason, and runs the good one.
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const COUNTDOWN_FIXTURE = fileURLToPath(new URL("../fixtures/plugins/countdown-source", import.meta.url));

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-plugins-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (no shell), output collected. */
function run(command: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function startWorker(cwd: string, pluginPath: string): Promise<{ worker: FerryProcess; rest: string }> {
  const port = await freePort();
  writeFileSync(
    join(cwd, "worker.properties"),
    properties({
      "bootstrap.servers": broker.bootstrap,
      listeners: `http://127.0.0.1:${port}`,
      "key.converter": JSON_CONVERTER,
      "value.converter": JSON_CONVERTER,
      "offset.storage.file.filename": join(cwd, "connect.offsets"),
      "offset.flush.interval.ms": "1000",
      "plugin.path": pluginPath,
    }),
  );
  const worker = spawnFerry(["standalone", "worker.properties"], { cwd });
  onTestFinished(async () => void (await worker.kill()));
  onTestFailed(() => console.error(`--- ${worker.title} stderr (end):\n${worker.stderr().slice(-6000)}`));
  await worker.waitForStdout(/REST API listening on http:\/\/127\.0\.0\.1:\d+/, 30_000);
  return { worker, rest: `http://127.0.0.1:${port}` };
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

interface ConfigInfos {
  name: string;
  error_count: number;
  configs: { value: { name: string; errors: string[] } }[];
}

const errorsOf = (infos: ConfigInfos) => infos.configs.filter((c) => c.value.errors.length > 0).map((c) => [c.value.name, c.value.errors]);
const payloads = (values: string[]) => values.map((v) => (JSON.parse(v) as { payload: unknown }).payload);

describe("ferry plugin new → plugin.path → REST", () => {
  it("scaffolds a source plugin whose own test and type check pass, and a worker loads, validates, creates and runs it", async () => {
    const cwd = join(root, "scaffold");
    const plugins = join(cwd, "plugins");
    mkdirSync(plugins, { recursive: true });
    const pkg = join(plugins, "weather-source");

    const scaffold = await run(process.execPath, [join(fileURLToPath(new URL("../../bin/ferry.mjs", import.meta.url))), "plugin", "new", "weather-source", "--source", "--dir", pkg], cwd);
    expect(scaffold.code, scaffold.stderr).toBe(0);
    expect(scaffold.stdout).toContain("src/connector.ts");

    // Out of the box, with nothing installed in the package: its test and its type check pass.
    const test = await run("npm", ["test", "--silent"], pkg);
    expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0);
    expect(test.stdout).toMatch(/# pass 3/);
    const typecheck = await run("npm", ["run", "typecheck", "--silent"], pkg);
    expect(typecheck.code, `${typecheck.stdout}\n${typecheck.stderr}`).toBe(0);

    // plugin.path names the folder holding plugin packages, as in Kafka.
    const { rest } = await startWorker(cwd, plugins);
    const CLASS = "com.example.weather.WeatherSourceConnector";
    const listed = (await call("GET", `${rest}/connector-plugins`)).body as { class: string; type: string; version: string }[];
    expect(listed).toContainEqual({ class: CLASS, type: "source", version: "0.1.0" });

    // Validation: one config with an error, one without; by alias and by class name.
    const invalid = await call("PUT", `${rest}/connector-plugins/WeatherSource/config/validate`, { name: "w", "connector.class": "WeatherSource", "max.records": "-5" });
    expect(invalid.status).toBe(200);
    expect((invalid.body as ConfigInfos).error_count).toBe(2);
    expect(errorsOf(invalid.body as ConfigInfos)).toEqual([
      ["topic", ['Missing required configuration "topic" which has no default value.']],
      ["max.records", ["Invalid value -5 for configuration max.records: Value must be at least 0"]],
    ]);
    const valid = await call("PUT", `${rest}/connector-plugins/${CLASS}/config/validate`, { name: "w", "connector.class": CLASS, topic: "weather", "max.records": "4" });
    expect(valid.body).toMatchObject({ name: CLASS, error_count: 0 });
    const definition = (await call("GET", `${rest}/connector-plugins/WeatherSource/config`)).body as { name: string; group: string | null }[];
    expect(definition.find((d) => d.name === "topic")).toMatchObject({ group: "Output", display_name: "Topic", required: true });

    const created = await call("POST", `${rest}/connectors`, {
      name: "weather",
      config: { "connector.class": "WeatherSource", topic: "weather", "max.records": "4", "poll.interval.ms": "10" },
    });
    expect(created.status).toBe(201);
    const values = await waitFor(async () => {
      const v = await readTopic(broker.bootstrap, "weather", "kafkajs");
      return v.length >= 4 ? v : undefined;
    }, { timeoutMs: 20_000, intervalMs: 200, message: "4 records on weather" });
    expect(payloads(values)).toEqual(["hello 0", "hello 1", "hello 2", "hello 3"]);
    const status = (await call("GET", `${rest}/connectors/weather/status`)).body as { connector: { state: string }; tasks: { state: string }[] };
    expect(status.connector.state).toBe("RUNNING");
    expect(status.tasks.map((t) => t.state)).toEqual(["RUNNING"]);
  }, 180_000);

  it("scaffolds a sink plugin whose own test passes", async () => {
    const pkg = join(root, "sink-scaffold", "audit-sink");
    const scaffold = await run(process.execPath, [fileURLToPath(new URL("../../bin/ferry.mjs", import.meta.url)), "plugin", "new", "audit-sink", "--sink", "--dir", pkg], root);
    expect(scaffold.code, scaffold.stderr).toBe(0);
    const test = await run("npm", ["test", "--silent"], pkg);
    expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0);
    expect(test.stdout).toMatch(/# pass 3/);
  }, 120_000);
});

describe("broken plugins next to a good one", () => {
  it("starts, reports each broken plugin with its path and reason, and runs the good one", async () => {
    const cwd = join(root, "broken");
    const plugins = join(cwd, "plugins");
    mkdirSync(plugins, { recursive: true });
    cpSync(COUNTDOWN_FIXTURE, join(plugins, "countdown-source"), { recursive: true });
    // Broken in every way a plugin can be: syntax, a throwing module, a missing dependency, no
    // export, a wrong shape, a class that is already installed, a package pointing nowhere.
    const broken: Record<string, string> = {
      "bad-syntax.mjs": "export default {\n",
      "throws.mjs": 'throw new Error("cannot start: no licence key");\n',
      "no-export.mjs": "export const answer = 42;\n",
      "wrong-kind.mjs": 'export default { className: "com.example.NotAConnector", types: ["source"], version: "1.0", create: () => ({}) };\n',
      "bad-import.mjs":
        'import { FileStreamSourceConnector } from "ferry/connect-does-not-exist";\nexport default FileStreamSourceConnector;\n',
      "clash.mjs":
        'import { SourceConnector } from "ferry/connect";\nclass C extends SourceConnector {}\nexport default { className: "org.apache.kafka.connect.file.FileStreamSourceConnector", types: ["source"], version: "9", create: () => new C() };\n',
    };
    for (const [name, text] of Object.entries(broken)) writeFileSync(join(plugins, name), text);
    mkdirSync(join(plugins, "missing-dep"));
    writeFileSync(join(plugins, "missing-dep", "package.json"), JSON.stringify({ name: "missing-dep", type: "module", main: "index.mjs" }));
    writeFileSync(join(plugins, "missing-dep", "index.mjs"), 'import pad from "left-pad-that-is-not-installed";\nexport default pad;\n');
    mkdirSync(join(plugins, "no-entry"));
    writeFileSync(join(plugins, "no-entry", "package.json"), JSON.stringify({ name: "no-entry", main: "dist/index.js" }));

    const { worker, rest } = await startWorker(cwd, `${plugins},${join(cwd, "does-not-exist")}`);

    // Each failure is logged with the path and the reason.
    const log = worker.stderr();
    const failed = (path: string, reason: RegExp) => expect(log).toMatch(new RegExp(`Failed to load plugin from ${escape(path)}: ${reason.source}`));
    failed(join(plugins, "bad-syntax.mjs"), /.*(Unexpected end of input|SyntaxError)/);
    failed(join(plugins, "throws.mjs"), /cannot start: no licence key/);
    failed(join(plugins, "no-export.mjs"), /the module exports no plugin/);
    failed(join(plugins, "wrong-kind.mjs"), /com\.example\.NotAConnector: declared as a source connector but create\(\) returned an object/);
    failed(join(plugins, "bad-import.mjs"), /Cannot find package 'ferry' imported from/);
    failed(join(plugins, "clash.mjs"), /org\.apache\.kafka\.connect\.file\.FileStreamSourceConnector is already provided by Ferry's built-in plugins/);
    failed(join(plugins, "missing-dep"), /.*left-pad-that-is-not-installed/);
    failed(join(plugins, "no-entry"), /package\.json names dist\/index\.js as its entry point, which does not exist/);
    failed(join(cwd, "does-not-exist"), /plugin\.path entry does not exist/);
    expect(log).toMatch(/Added plugin 'com\.example\.countdown\.CountdownSourceConnector'/);

    // The REST API lists the good plugin (Kafka's shapes, nothing extra) and the built-ins, unchanged.
    const listed = (await call("GET", `${rest}/connector-plugins`)).body as { class: string; type: string; version: string }[];
    expect(listed).toContainEqual({ class: "com.example.countdown.CountdownSourceConnector", type: "source", version: "2.1.0" });
    expect(listed).toContainEqual({ class: "org.apache.kafka.connect.file.FileStreamSourceConnector", type: "source", version: "3.9.0" });
    expect(listed.map((p) => p.class)).not.toContain("com.example.NotAConnector");

    // The good one runs.
    const created = await call("POST", `${rest}/connectors`, { name: "countdown", config: { "connector.class": "CountdownSource", topic: "countdown", from: "3" } });
    expect(created.status).toBe(201);
    const values = await waitFor(async () => {
      const v = await readTopic(broker.bootstrap, "countdown", "kafkajs");
      return v.length >= 3 ? v : undefined;
    }, { timeoutMs: 20_000, intervalMs: 200, message: "3 records on countdown" });
    expect(payloads(values)).toEqual(["T-3", "T-2", "T-1"]);
    // The built-in FileStreamSource is still Kafka's, not the clashing plugin's.
    const file = await call("PUT", `${rest}/connector-plugins/FileStreamSource/config/validate`, { name: "f", "connector.class": "FileStreamSource", topic: "t" });
    expect(file.body).toMatchObject({ error_count: 0 });

    // `ferry plugin list` shows the same report without a worker.
    const list = await run(process.execPath, [fileURLToPath(new URL("../../bin/ferry.mjs", import.meta.url)), "plugin", "list", plugins], cwd);
    expect(list.code).toBe(1);
    expect(list.stdout).toContain(`source\tcom.example.countdown.CountdownSourceConnector\t2.1.0\t${join(plugins, "countdown-source")}`);
    expect(list.stdout.split("\n").filter((l) => l.startsWith("FAILED\t"))).toHaveLength(8);
  }, 120_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
