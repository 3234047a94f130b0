import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLoggers } from "../connect/runtime/loggers";
import { parseWorkerConfig } from "../connect/worker-config";
import { FakeHerder } from "../connect/rest/fake-herder";
import { runStandalone, type StandaloneDeps } from "./standalone-command";
import { advertisedWorkerId, type HerderFactoryOptions, type WorkerRuntime } from "./worker-runtime";

let dir: string;
let herder: FakeHerder;
let factoryOptions: HerderFactoryOptions | undefined;
let printed: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-standalone-"));
  herder = new FakeHerder();
  factoryOptions = undefined;
  printed = [];
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const WORKER = [
  "bootstrap.servers=127.0.0.1:9092",
  "key.converter=org.apache.kafka.connect.json.JsonConverter",
  "value.converter=org.apache.kafka.connect.json.JsonConverter",
  "offset.storage.file.filename=/tmp/ferry-test.offsets",
  "listeners=http://127.0.0.1:0",
].join("\n");

function deps(stop: (runtime: WorkerRuntime) => Promise<unknown> = async () => "test", overrides: StandaloneDeps["worker"] = {}): StandaloneDeps {
  return {
    worker: {
      loggers: silentLoggers(),
      lookupClusterId: async () => "test-cluster",
      createHerder: (options) => {
        factoryOptions = options;
        return herder;
      },
      ...overrides,
    },
    stopSignal: stop,
    print: (line) => printed.push(line),
  };
}

function lastError(): string {
  const calls = vi.mocked(console.error).mock.calls;
  return String(calls[calls.length - 1]?.[0] ?? "");
}

describe("ferry standalone: usage and startup errors", () => {
  it("no arguments or --help print the usage and exit 1", async () => {
    expect(await runStandalone([], deps())).toBe(1);
    expect(lastError()).toMatch(/^Usage: ferry standalone worker.properties/);
    expect(await runStandalone(["w.properties", "--help"], deps())).toBe(1);
  });

  it("an unreadable worker file is exit 2", async () => {
    expect(await runStandalone([join(dir, "missing.properties")], deps())).toBe(2);
    expect(lastError()).toMatch(/Could not read worker properties/);
  });

  it("an invalid worker config is exit 2 with Kafka's message", async () => {
    const worker = file("w.properties", "bootstrap.servers=x:1\noffset.storage.file.filename=/tmp/o\n");
    expect(await runStandalone([worker], deps())).toBe(2);
    // Kafka says `Missing required configuration "key.converter" which has no default value.`;
    // the wording is parseWorkerConfig's (worker-config.ts).
    expect(lastError()).toMatch(/^Stopping due to error: .*key\.converter/);
  });

  it("the empty worker file argument means no properties (and so a config error)", async () => {
    expect(await runStandalone([""], deps())).toBe(2);
  });

  it("standalone requires offset.storage.file.filename", async () => {
    const worker = file("w.properties", WORKER.replace(/offset\.storage\.file\.filename=.*\n/, ""));
    expect(await runStandalone([worker], deps())).toBe(2);
    expect(lastError()).toMatch(/"offset.storage.file.filename" which has no default value/);
  });

  it("an unreachable Kafka is exit 2", async () => {
    const worker = file("w.properties", WORKER);
    const code = await runStandalone([worker], deps(undefined, { lookupClusterId: () => Promise.reject(new Error("Failed to connect to and describe Kafka cluster")) }));
    expect(code).toBe(2);
    expect(lastError()).toMatch(/Failed to connect to and describe Kafka cluster/);
  });

  it("a REST port in use is exit 2", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const worker = file("w.properties", WORKER.replace("http://127.0.0.1:0", `http://127.0.0.1:${port}`));
      expect(await runStandalone([worker], deps())).toBe(2);
      expect(lastError()).toMatch(/address already in use/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("a herder that fails to start is exit 3", async () => {
    vi.spyOn(herder, "start").mockRejectedValue(new Error("cannot read offsets"));
    const worker = file("w.properties", WORKER);
    expect(await runStandalone([worker], deps())).toBe(3);
    expect(lastError()).toBe("Stopping due to error: Failed to start Connect: cannot read offsets");
  });
});

describe("ferry standalone: running", () => {
  it("composes the worker, creates the connectors of all three formats, serves REST, stops cleanly", async () => {
    const worker = file("w.properties", WORKER);
    const flat = file("a.json", JSON.stringify({ name: "a", "connector.class": "FileStreamSource", topic: "t" }));
    const request = file("b.json", JSON.stringify({ name: "b", config: { "connector.class": "FileStreamSink" }, initial_state: "PAUSED" }));
    const props = file("c.properties", "name=c\nconnector.class=FileStreamSource\n");
    const put = vi.spyOn(herder, "putConnectorConfig");
    const stop = vi.spyOn(herder, "stop");
    let url = "";

    const code = await runStandalone(
      [worker, flat, request, props],
      deps(async (runtime) => {
        url = runtime.urls[0] as string;
        expect(await (await fetch(`${url}/connectors`)).json()).toEqual(["a", "b", "c"]);
        expect((await fetch(`${url}/health`)).status).toBe(200);
        expect(await (await fetch(`${url}/connectors/b/status`)).json()).toMatchObject({ connector: { state: "PAUSED" } });
        return "SIGTERM";
      }),
    );

    expect(code).toBe(0);
    expect(herder.started).toBe(true);
    expect(factoryOptions).toMatchObject({ clusterId: "test-cluster", workerId: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(factoryOptions?.config.values["key.converter"]).toBe("org.apache.kafka.connect.json.JsonConverter");
    expect(put.mock.calls.map((c) => [c[0], c[2]])).toEqual([
      ["a", { allowReplace: true, initialState: undefined }],
      ["b", { allowReplace: true, initialState: "PAUSED" }],
      ["c", { allowReplace: true, initialState: undefined }],
    ]);
    expect(printed).toEqual([`Ferry worker REST API listening on ${url}`]);
    expect(stop).toHaveBeenCalledTimes(1);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it("updates a connector that already exists", async () => {
    await herder.putConnectorConfig("a", { "connector.class": "FileStreamSource", topic: "old" }, { allowReplace: false });
    const worker = file("w.properties", WORKER);
    const flat = file("a.json", JSON.stringify({ name: "a", "connector.class": "FileStreamSource", topic: "new" }));
    expect(await runStandalone([worker, flat], deps())).toBe(0);
    expect((await herder.connectorConfig("a")).topic).toBe("new");
  });

  it("a connector file without name stops the worker with exit 3", async () => {
    const worker = file("w.properties", WORKER);
    const bad = file("bad.properties", "connector.class=FileStreamSource\n");
    const stop = vi.spyOn(herder, "stop");
    expect(await runStandalone([worker, bad], deps())).toBe(3);
    expect(stop).toHaveBeenCalled();
  });

  it("a connector the herder rejects stops the worker with exit 3", async () => {
    const worker = file("w.properties", WORKER);
    const noClass = file("x.json", JSON.stringify({ name: "x" }));
    expect(await runStandalone([worker, noClass], deps())).toBe(3);
    expect(herder.stopped).toBe(true);
  });

  it("a herder stuck in stop does not keep the REST port forever", async () => {
    vi.spyOn(herder, "stop").mockReturnValue(new Promise(() => {}));
    const worker = file("w.properties", WORKER);
    let url = "";
    const code = await runStandalone([worker], deps(async (runtime) => (url = runtime.urls[0] as string), { stopTimeoutMs: 50 }));
    expect(code).toBe(0);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it("GET /health says starting while command-line connectors are created", async () => {
    const worker = file("w.properties", WORKER);
    const flat = file("a.json", JSON.stringify({ name: "a", "connector.class": "FileStreamSource" }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const putStarted = new Promise<void>((resolve) => (entered = resolve));
    const real = herder.putConnectorConfig.bind(herder);
    vi.spyOn(herder, "putConnectorConfig").mockImplementation(async (...args) => {
      entered();
      await gate;
      return real(...args);
    });
    let url = "";
    vi.spyOn(herder, "start").mockImplementation(async () => {});
    const run = runStandalone([worker, flat], deps(async (runtime) => (url = runtime.urls[0] as string)));
    await putStarted;
    const port = factoryOptions?.workerId.split(":")[1];
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "starting", message: "Worker is still starting up." });
    release();
    expect(await run).toBe(0);
    expect(url).toContain(`:${port}`);
  });
});

describe("advertisedWorkerId", () => {
  const config = (extra: Record<string, string> = {}) => parseWorkerConfig({ "key.converter": "a", "value.converter": "b", ...extra });
  const machine = () => "worker-7";

  it("uses the listener host and bound port", () => {
    expect(advertisedWorkerId(config(), [{ url: "", host: "127.0.0.1", port: 8083 }], machine)).toBe("127.0.0.1:8083");
  });

  it("uses the machine's host name for an all-interfaces listener", () => {
    expect(advertisedWorkerId(config(), [{ url: "", host: "", port: 18083 }], machine)).toBe("worker-7:18083");
    expect(advertisedWorkerId(config(), [{ url: "", host: "0.0.0.0", port: 1 }], machine)).toBe("worker-7:1");
  });

  it("prefers rest.advertised.host.name and rest.advertised.port", () => {
    const c = config({ "rest.advertised.host.name": "connect.example.com", "rest.advertised.port": "443" });
    expect(advertisedWorkerId(c, [{ url: "", host: "", port: 8083 }], machine)).toBe("connect.example.com:443");
  });

  it("brackets IPv6 hosts", () => {
    expect(advertisedWorkerId(config(), [{ url: "", host: "::1", port: 8083 }], machine)).toBe("[::1]:8083");
  });
});
