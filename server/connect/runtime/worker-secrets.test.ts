import { describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import { CONNECT_VERSION, ConfigDef, ConnectError, type ConfigMap } from "../api";
import { ConfigTransformer } from "../config-providers/config-transformer";
import type { ConfigProvider } from "../config-providers/config-provider";
import { createPluginRegistry } from "../plugins/registry";
import type { ConnectorPlugin } from "../plugins/types";
import { MemoryOffsetStore } from "../storage/memory-offset-store";
import { parseWorkerConfig } from "../worker-config";
import { FakeClock } from "./clock";
import { Loggers } from "./loggers";
import { errorTrace, type StatusListener } from "./status";
import { CountingSourceConnector, FakeClients, testConnectorPlugins } from "./test-plugins";
import { Worker } from "./worker";

const SECRET = "vault-secret-8Kq2Lz";
const TOKEN = "vault-token-3Jw9Px";

/** A provider `vault` that knows two keys. */
const vault: ConfigProvider = {
  configure: () => undefined,
  close: () => undefined,
  get: (_path, keys) => new Map([...keys].flatMap((k): [string, string][] => (k === "secret" ? [[k, SECRET]] : k === "token" ? [[k, TOKEN]] : []))),
};

/** CountingSource with a PASSWORD key; its start() fails with the resolved values when asked to. */
class SecretSourceConnector extends CountingSourceConnector {
  static started: ConfigMap | null = null;
  override config(): ConfigDef {
    return new ConfigDef(super.config()).define({ name: "db.password", type: "PASSWORD", defaultValue: null, importance: "HIGH" });
  }
  override start(props: ConfigMap): void {
    SecretSourceConnector.started = { ...props };
    if (props["fail"] === "connector-start") throw new ConnectError(`no login with ${props["db.password"]} (${props["token"]})`);
    super.start(props);
  }
}
const secretPlugin: ConnectorPlugin = { className: "test.SecretSourceConnector", types: ["source"], version: CONNECT_VERSION, create: () => new SecretSourceConnector() };

class Traces implements StatusListener {
  readonly traces: string[] = [];
  readonly states: string[] = [];
  onConnectorStatus(_c: string, state: string, error?: unknown): void {
    this.states.push(`connector:${state}`);
    if (error !== undefined) this.traces.push(errorTrace(error));
  }
  onTaskStatus(id: { task: number }, state: string, error?: unknown): void {
    this.states.push(`${id.task}:${state}`);
    if (error !== undefined) this.traces.push(errorTrace(error));
  }
  onTopicActive(): void {}
}

function setup() {
  const lines: string[] = [];
  const clients = new FakeClients();
  const listener = new Traces();
  const worker = new Worker({
    workerId: "w:1",
    config: parseWorkerConfig({
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    }),
    plugins: createPluginRegistry([...testConnectorPlugins, secretPlugin]),
    offsetStore: new MemoryOffsetStore(),
    listener,
    loggers: new Loggers({ write: (line) => lines.push(line) }),
    clock: new FakeClock(),
    clients,
    configTransformer: new ConfigTransformer(new Map([["vault", vault]])),
  });
  return { worker, listener, lines, clients };
}

const raw = {
  name: "s",
  "connector.class": "test.SecretSourceConnector",
  "db.password": "${vault:secret}",
  token: "prefix-${vault:token}",
  "tasks.max": "1",
};

describe("worker and secrets", () => {
  it("starts connectors with resolved values and hands back task configs with placeholders", async () => {
    const { worker, lines } = setup();
    await worker.startConnector("s", raw, "STARTED", () => undefined);
    expect(SecretSourceConnector.started).toMatchObject({ "db.password": SECRET, token: `prefix-${TOKEN}` });
    const tasks = await worker.connectorTaskConfigs("s", raw);
    expect(tasks).toEqual([{ ...raw, "task.class": "test.CountingSourceTask" }]);
    expect(lines.some((l) => l.includes("ConnectorConfig values:") && l.includes("db.password = [hidden]") && l.includes("token = prefix-${vault:token}"))).toBe(true);
    await worker.stop();
  });

  it("masks resolved and PASSWORD values in status traces and log lines", async () => {
    const { worker, listener, lines } = setup();
    await expect(worker.startConnector("s", { ...raw, fail: "connector-start" }, "STARTED", () => undefined)).rejects.toThrow();
    expect(listener.states).toContain("connector:FAILED");
    const trace = listener.traces.join("\n");
    expect(trace).toContain("no login with [hidden] (prefix-[hidden])");
    const all = [...listener.traces, ...lines].join("\n");
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(TOKEN);
    // A PASSWORD value given as is is masked too.
    await worker.stop();
    const plain = setup();
    await expect(plain.worker.startConnector("p", { ...raw, name: "p", "db.password": "given-as-is-pw", fail: "connector-start" }, "STARTED", () => undefined)).rejects.toThrow();
    expect(plain.listener.traces.join("\n")).toContain("no login with [hidden]");
    expect([...plain.listener.traces, ...plain.lines].join("\n")).not.toContain("given-as-is-pw");
    await plain.worker.stop();
  });

  it("resolves the connector and task configs when the task starts", async () => {
    const { worker, listener, clients } = setup();
    const id = { connector: "s", task: 0 };
    const connectorConfig = { ...raw, "producer.override.sasl.jaas.config": "${vault:secret}" };
    const taskConfig = { ...raw, "task.class": "test.CountingSourceTask", records: "1", topic: "${vault:token}" };
    expect(worker.startTask(id, connectorConfig, taskConfig, "STARTED")).toBe(true);
    await waitFor(() => listener.states.includes("0:RUNNING"), { message: "task running" });
    // The producer got the override resolved; the task wrote to the topic its resolved config names.
    expect(clients.configs.get("connector-producer-s-0")?.["sasl.jaas.config"]).toBe(SECRET);
    const producer = clients.producers.get("connector-producer-s-0");
    await waitFor(() => producer?.sent.flat().some((t) => t.topic === TOKEN), { message: "record sent to the resolved topic" });
    await worker.stop();
  });
});

describe("worker's own secrets", () => {
  it("masks the worker's client passwords in log lines", () => {
    const lines: string[] = [];
    const loggers = new Loggers({ write: (line) => lines.push(line) });
    new Worker({
      workerId: "w:1",
      config: parseWorkerConfig({
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "sasl.jaas.config": "org.example.Login required password=\"worker-pw-1\";",
        "producer.ssl.key.password": "producer-key-pw",
      }),
      plugins: createPluginRegistry(),
      offsetStore: new MemoryOffsetStore(),
      listener: new Traces(),
      loggers,
      clients: new FakeClients(),
    });
    loggers.logger("x").info('connecting with org.example.Login required password="worker-pw-1"; and producer-key-pw');
    expect(lines[0]).toContain("connecting with [hidden] and [hidden]");
  });
});
