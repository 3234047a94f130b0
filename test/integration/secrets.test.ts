import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { ConfigInfos, ConnectorStateInfo, TaskInfo } from "../../lib/connect/schemas";
import {
  CONNECT_VERSION,
  ConfigDef,
  ConnectError,
  SourceConnector,
  SourceTask,
  type ConfigMap,
  type SourceRecord,
  type TaskClass,
} from "../../server/connect/api";
import { createStandaloneHerder } from "../../server/connect/herder/standalone-herder";
import type { ConnectorPlugin } from "../../server/connect/plugins/types";
import { createPluginRegistry } from "../../server/connect/plugins/registry";
import { Loggers, type Logger } from "../../server/connect/runtime/loggers";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

/**
 * Secrets through a real worker (startWorker on the embedded broker, REST over HTTP) with the file,
 * directory and environment config providers: placeholders are stored and returned as written,
 * connectors and tasks receive the resolved values, and no response, log line or status trace
 * shows a value that came from a provider or was given in a PASSWORD key.
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const HTTP_SINK = "ferry.connect.http.HttpSinkConnector";

// Distinct, greppable values; none is a substring of anything else the worker prints.
const FILE_SECRET = "file-secret-Qx7Vb2pL9";
const DIR_SECRET = "dir-secret-Hn4Ks8Wd3";
const ENV_SECRET = "env-secret-Zt6Rc1Ym5";
const BAD_TOLERANCE = "tolerance-secret-Jp3Fu8Ae2";
const BAD_URL = "url-secret-Lm9Gy4Tq7";
const PLAIN_PASSWORD = "plain-password-Vw2Nb6Xs1";
const PROVIDER_SECRETS = [FILE_SECRET, DIR_SECRET, ENV_SECRET, BAD_TOLERANCE, BAD_URL];
const ALL_SECRETS = [...PROVIDER_SECRETS, PLAIN_PASSWORD];
const ENV_TOKEN = "FERRY_SECRETS_TEST_TOKEN";
const ENV_URL = "FERRY_SECRETS_TEST_URL";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The Loggers every line goes to; the test connector logs through it as runtime code does. */
const logs: string[] = [];
const loggers = new Loggers({ write: (line) => void logs.push(line) });

/** What the test tasks received: connector → key → sha256 of the value. */
const received = new Map<string, Record<string, string>>();

const SECRET_ECHO_DEF = new ConfigDef()
  .define({ name: "secret.password", type: "PASSWORD", defaultValue: null, importance: "HIGH", documentation: "A password from a provider." })
  .define({ name: "plain.password", type: "PASSWORD", defaultValue: null, importance: "HIGH", documentation: "A password given as is." })
  .define({ name: "api.token", type: "STRING", defaultValue: null, importance: "HIGH", documentation: "A token from a directory provider." })
  .define({ name: "env.token", type: "STRING", defaultValue: null, importance: "HIGH", documentation: "A token from the environment." })
  .define({ name: "fail", type: "STRING", defaultValue: "none", importance: "LOW", documentation: "none | connector | task." });

class SecretEchoTask extends SourceTask {
  static readonly className = "test.SecretEchoTask";
  #log: Logger | undefined;

  version(): string {
    return CONNECT_VERSION;
  }

  start(props: ConfigMap): void {
    const name = props["name"] ?? "?";
    this.#log = loggers.logger("test.SecretEchoTask", `${name}|task-0`);
    this.#log.info(`Task starting with config ${JSON.stringify(props)}`);
    const hashes: Record<string, string> = {};
    for (const key of ["secret.password", "plain.password", "api.token", "env.token", "task.copy"]) {
      const value = props[key];
      if (value !== undefined) hashes[key] = sha256(value);
    }
    received.set(name, hashes);
    if (props["fail"] === "task") {
      throw new ConnectError(`Login refused for ${props["secret.password"]} / ${props["plain.password"]}`, {
        cause: new Error(`token ${props["api.token"]} and ${props["env.token"]} rejected`),
      });
    }
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    // Nothing to produce: wait a little (or until stopped) so the loop does not spin.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 100);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return null;
  }

  stop(): void {}
}

class SecretEchoConnector extends SourceConnector {
  static readonly className = "test.SecretEchoConnector";
  #props: ConfigMap = {};

  version(): string {
    return CONNECT_VERSION;
  }
  config(): ConfigDef {
    return SECRET_ECHO_DEF;
  }
  start(props: ConfigMap): void {
    this.#props = { ...props };
    loggers.logger("test.SecretEchoConnector", `${props["name"] ?? "?"}|worker`).info(`Connector starting with config ${JSON.stringify(props)}`);
    if (props["fail"] === "connector") throw new ConnectError(`Cannot reach the vault with ${props["secret.password"]} and ${props["env.token"]}`);
  }
  taskClass(): TaskClass<SourceTask> {
    return SecretEchoTask as unknown as TaskClass<SourceTask>;
  }
  taskConfigs(): ConfigMap[] {
    // The secret is also copied under a key of the task's own.
    return [{ ...this.#props, "task.copy": this.#props["secret.password"] ?? "" }];
  }
  stop(): void {}
}

const secretEchoPlugin: ConnectorPlugin = {
  className: SecretEchoConnector.className,
  types: ["source"],
  version: CONNECT_VERSION,
  create: () => new SecretEchoConnector(),
};

let broker: TestBroker;
let dir: string;
let secretsFile: string;
let secretsDir: string;
let worker: WorkerRuntime;
let base: string;

/** Every response body the worker sent, with what was asked. */
interface Captured {
  request: string;
  status: number;
  text: string;
  /** A config as stored (it may hold PASSWORD values the user gave as is, never provider values). */
  echoesConfig: boolean;
}
const responses: Captured[] = [];

async function call(method: string, path: string, body?: unknown, echoesConfig = false): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  responses.push({ request: `${method} ${path}`, status: response.status, text, echoesConfig });
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown), text };
}

async function connectorStatus(name: string): Promise<ConnectorStateInfo | undefined> {
  const reply = await call("GET", `/connectors/${name}/status`);
  return reply.status === 200 ? (reply.body as ConnectorStateInfo) : undefined;
}

const placeholders = () => ({
  "secret.password": `\${file:${secretsFile}:db.password}`,
  "api.token": `\${dir:${secretsDir}:api-token}`,
  "env.token": `\${env:${ENV_TOKEN}}`,
});

function echoConfig(name: string, fail: string): Record<string, string> {
  return { name, "connector.class": SecretEchoConnector.className, "tasks.max": "1", "plain.password": PLAIN_PASSWORD, fail, ...placeholders() };
}

/** Whatever reached the process's stdout/stderr while the worker ran (lines written past the Loggers). */
const rawOutput: string[] = [];
const originalWrites = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };

function captureStream(stream: NodeJS.WriteStream, original: typeof process.stdout.write): void {
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    rawOutput.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
}

beforeAll(async () => {
  captureStream(process.stdout, originalWrites.stdout);
  captureStream(process.stderr, originalWrites.stderr);
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), "ferry-secrets-"));
  const allowed = join(dir, "allowed");
  mkdirSync(allowed);
  secretsFile = join(allowed, "db.properties");
  writeFileSync(secretsFile, `db.password=${FILE_SECRET}\nbad.tolerance=${BAD_TOLERANCE}\n`);
  secretsDir = join(allowed, "tokens");
  mkdirSync(secretsDir);
  writeFileSync(join(secretsDir, "api-token"), DIR_SECRET);
  process.env[ENV_TOKEN] = ENV_SECRET;
  process.env[ENV_URL] = BAD_URL;
  worker = await startWorker({
    workerProps: {
      "bootstrap.servers": broker.broker.bootstrapServers,
      listeners: "http://127.0.0.1:0",
      "key.converter": JSON_CONVERTER,
      "value.converter": JSON_CONVERTER,
      "offset.storage.file.filename": join(dir, "connect.offsets"),
      "config.providers": "file,dir,env",
      "config.providers.file.class": "org.apache.kafka.common.config.provider.FileConfigProvider",
      "config.providers.file.param.allowed.paths": allowed,
      "config.providers.dir.class": "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
      "config.providers.dir.param.allowed.paths": allowed,
      "config.providers.env.class": "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
      "config.providers.env.param.allowlist.pattern": "^FERRY_SECRETS_TEST_",
    },
    loggers,
    createHerder: (options) => createStandaloneHerder({ ...options, plugins: createPluginRegistry([secretEchoPlugin]) }),
  });
  worker.markReady();
  base = worker.urls[0] as string;
});

afterAll(async () => {
  await worker?.stop();
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
  await broker?.close();
  delete process.env[ENV_TOKEN];
  delete process.env[ENV_URL];
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("secrets", () => {
  it("a connector gets resolved values while REST shows the placeholders", async () => {
    onTestFailed(() => console.log(logs.join("\n")));
    const config = echoConfig("echo", "none");
    const created = await call("POST", "/connectors", { name: "echo", config }, true);
    expect(created.status, created.text).toBe(201);
    expect((created.body as { config: Record<string, string> }).config).toEqual(config);

    await waitFor(async () => (await connectorStatus("echo"))?.tasks[0]?.state === "RUNNING", { message: "echo task RUNNING" });
    // The task received what the placeholders stand for, and the copy the connector made.
    expect(received.get("echo")).toEqual({
      "secret.password": sha256(FILE_SECRET),
      "plain.password": sha256(PLAIN_PASSWORD),
      "api.token": sha256(DIR_SECRET),
      "env.token": sha256(ENV_SECRET),
      "task.copy": sha256(FILE_SECRET),
    });

    expect((await call("GET", "/connectors/echo/config", undefined, true)).body).toEqual(config);
    const info = (await call("GET", "/connectors/echo", undefined, true)).body as { config: Record<string, string> };
    expect(info.config).toEqual(config);
    const tasks = (await call("GET", "/connectors/echo/tasks", undefined, true)).body as TaskInfo[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.config).toMatchObject({ ...placeholders(), "task.copy": placeholders()["secret.password"] });
    const expanded = (await call("GET", "/connectors?expand=info&expand=status", undefined, true)).body as Record<string, { info: { config: unknown } }>;
    expect(expanded["echo"]?.info.config).toEqual(config);

    // A restart resolves again and keeps the placeholders stored.
    received.delete("echo");
    const restart = await call("POST", "/connectors/echo/restart?includeTasks=true");
    expect(restart.status, restart.text).toBe(202);
    await waitFor(() => received.get("echo")?.["secret.password"] === sha256(FILE_SECRET), { message: "echo task restarted" });
    expect((await call("GET", "/connectors/echo/config", undefined, true)).body).toEqual(config);

    // The connector and task logged their configs: the lines exist, the secrets in them are masked.
    const logged = logs.filter((l) => l.includes("starting with config"));
    expect(logged.length).toBeGreaterThanOrEqual(2);
    for (const line of logged) expect(line).toContain("[hidden]");
    expect(logs.some((l) => l.includes("TaskConfig values:") && l.includes("plain.password = [hidden]"))).toBe(true);
  });

  it("failure traces of a connector and a task are masked", async () => {
    onTestFailed(() => console.log(logs.join("\n")));
    expect((await call("POST", "/connectors", { name: "task-fails", config: echoConfig("task-fails", "task") }, true)).status).toBe(201);
    const taskFailed = await waitFor(async () => {
      const s = await connectorStatus("task-fails");
      return s?.tasks[0]?.state === "FAILED" ? s : undefined;
    }, { message: "task FAILED" });
    const taskTrace = taskFailed.tasks[0]?.trace ?? "";
    expect(taskTrace).toContain("Login refused for [hidden] / [hidden]");
    expect(taskTrace).toContain("Caused by: Error: token [hidden] and [hidden] rejected");
    expect(received.get("task-fails")?.["secret.password"]).toBe(sha256(FILE_SECRET));

    const connectorFails = await call("POST", "/connectors", { name: "connector-fails", config: echoConfig("connector-fails", "connector") }, true);
    expect([201, 500]).toContain(connectorFails.status);
    const connectorFailed = await waitFor(async () => {
      const s = await connectorStatus("connector-fails");
      return s?.connector.state === "FAILED" ? s : undefined;
    }, { message: "connector FAILED" });
    expect(connectorFailed.connector.trace).toContain("Cannot reach the vault with [hidden] and [hidden]");

    const plan = await call("POST", "/connectors/connector-fails/restart?includeTasks=true&onlyFailed=true");
    expect(plan.status, plan.text).toBe(202);
    await waitFor(async () => (await connectorStatus("connector-fails"))?.connector.state === "FAILED", { message: "FAILED again" });
    await call("GET", "/connectors/task-fails/tasks/0/status");
    await call("GET", "/connectors?expand=status");
  });

  it("validation sees resolved values and answers with placeholders and masked messages", async () => {
    const config = {
      "connector.class": HTTP_SINK,
      name: "http",
      topics: "orders",
      "http.api.url": `\${env:${ENV_URL}}`,
      "auth.type": "BASIC",
      "connection.user": "ferry",
      "connection.password": PLAIN_PASSWORD,
      "bearer.token": `\${file:${secretsFile}:db.password}`,
      "errors.tolerance": `\${file:${secretsFile}:bad.tolerance}`,
    };
    const reply = await call("PUT", `/connector-plugins/${HTTP_SINK}/config/validate`, config);
    expect(reply.status, reply.text).toBe(200);
    const infos = reply.body as ConfigInfos;
    const value = (name: string) => infos.configs.find((c) => c.value?.name === name)?.value;
    // Validation ran on the resolved values: both resolved values are invalid.
    expect(value("errors.tolerance")?.errors.join(" ")).toContain("[hidden]");
    expect(value("errors.tolerance")?.value).toBe(config["errors.tolerance"]);
    expect(value("http.api.url")?.errors.length).toBeGreaterThan(0);
    expect(value("http.api.url")?.value).toBe(config["http.api.url"]);
    expect(value("bearer.token")?.value).toBe(config["bearer.token"]);
    expect(value("connection.password")?.value).toBe("[hidden]");
    expect(infos.error_count).toBeGreaterThanOrEqual(2);

    // The same errors refuse a create, with the secrets masked in the message.
    const refused = await call("PUT", "/connectors/http/config", config);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("[hidden]");

    // Fixed by valid values (still from providers): created, stored as written.
    const valid = { ...config, "http.api.url": "http://127.0.0.1:9/never", "errors.tolerance": "none" };
    const created = await call("PUT", "/connectors/http/config", valid, true);
    expect(created.status, created.text).toBe(201);
    expect((await call("GET", "/connectors/http/config", undefined, true)).body).toEqual(valid);
    // What REST masks for readers who may not see secrets.
    expect([...((await worker.herder.secretKeys?.("http")) ?? [])].sort()).toEqual(["bearer.token", "connection.password"]);
  });

  it("no response, log line or trace shows a secret", () => {
    expect(responses.length).toBeGreaterThan(15);
    expect(logs.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const r of responses) {
      // Stored configs echo what the user wrote: a PASSWORD value given as is, never a provider value.
      for (const secret of r.echoesConfig ? PROVIDER_SECRETS : ALL_SECRETS) {
        if (r.text.includes(secret)) leaks.push(`${r.request} (${r.status}) shows ${secret}`);
      }
    }
    for (const line of logs) for (const secret of ALL_SECRETS) if (line.includes(secret)) leaks.push(`log line shows ${secret}: ${line.slice(0, 200)}`);
    for (const text of rawOutput) for (const secret of ALL_SECRETS) if (text.includes(secret)) leaks.push(`process output shows ${secret}`);
    expect(leaks).toEqual([]);
  });
});
