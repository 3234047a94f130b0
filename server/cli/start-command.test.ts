import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeHerder } from "../connect/rest/fake-herder";
import type { ConsoleServerOptions } from "../console/console-server";
import { silentLoggers } from "../connect/runtime/loggers";
import { runStart, startWorkerProps } from "./start-command";
import type { HerderFactoryOptions } from "./worker-runtime";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-start-"));
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe("startWorkerProps", () => {
  it("is Kafka's standalone example with JSON converters and state under the data dir", () => {
    expect(startWorkerProps({ bootstrapServers: "127.0.0.1:9092", dataDir: "/d", rest: { host: "127.0.0.1", port: 8083 } })).toEqual({
      "bootstrap.servers": "127.0.0.1:9092",
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "key.converter.schemas.enable": "true",
      "value.converter.schemas.enable": "true",
      "offset.storage.file.filename": "/d/connect.offsets",
      "config.storage.file.filename": "/d/connect-configs.json",
      "offset.flush.interval.ms": "10000",
      listeners: "http://127.0.0.1:8083",
    });
    expect(startWorkerProps({ bootstrapServers: "b:1", dataDir: "/d", rest: { host: "::1", port: 1 } }).listeners).toBe("http://[::1]:1");
    expect(startWorkerProps({ bootstrapServers: "b:1", dataDir: "/d", rest: { host: "h", port: 1 }, pluginPath: "/p1,/p2" })["plugin.path"]).toBe("/p1,/p2");
  });
});

describe("ferry start", () => {
  it("starts the embedded broker, a worker on it and the console for both; stops all three", async () => {
    const herder = new FakeHerder();
    const consoleCalls: { options: ConsoleServerOptions; closed: boolean }[] = [];
    let options: HerderFactoryOptions | undefined;
    const printed: string[] = [];
    let clusterId = "";
    const code = await runStart(["--data-dir", dir, "--broker-listen", "127.0.0.1:0", "--rest-listen", "127.0.0.1:0", "--console-listen", "127.0.0.1:0"], {
      startConsole: async (o) => {
        const call = { options: o, closed: false };
        consoleCalls.push(call);
        return { url: "http://127.0.0.1:39999", close: async () => void (call.closed = true) };
      },
      worker: {
        loggers: silentLoggers(),
        createHerder: (o) => {
          options = o;
          return herder;
        },
      },
      print: (line) => printed.push(line),
      stopSignal: async ({ broker, worker }) => {
        clusterId = broker?.clusterId ?? "";
        const res = await fetch(`${worker.urls[0]}/health`);
        expect(res.status).toBe(200);
        return "SIGINT";
      },
    });
    expect(code).toBe(0);
    expect(options?.clusterId).toBe(clusterId);
    expect(options?.config.values["offset.storage.file.filename"]).toBe(join(dir, "connect.offsets"));
    expect(options?.config.originals["value.converter.schemas.enable"]).toBe("true");
    expect(printed[0]).toMatch(/^Ferry embedded broker listening on 127\.0\.0\.1:\d+ \(data in .*broker\)$/);
    expect(printed.some((l) => /^Ferry worker REST API listening on http:\/\/127\.0\.0\.1:\d+$/.test(l))).toBe(true);
    expect(printed).toContain("Ferry console listening on http://127.0.0.1:39999");
    expect(consoleCalls).toHaveLength(1);
    expect(consoleCalls[0]?.options).toMatchObject({ host: "127.0.0.1", port: 0, bootstrapServers: `127.0.0.1:${/:(\d+) /.exec(printed[0] ?? "")?.[1]}` });
    expect(consoleCalls[0]?.options.connectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(consoleCalls[0]?.closed).toBe(true);
    expect(herder.stopped).toBe(true);
  });

  it("--bootstrap-servers skips the embedded broker; an unreachable Kafka is exit 2", async () => {
    const printed: string[] = [];
    const code = await runStart(["--data-dir", dir, "--bootstrap-servers", "127.0.0.1:1", "--rest-listen", "127.0.0.1:0", "--console-listen", "none"], {
      worker: { loggers: silentLoggers(), lookupClusterId: () => Promise.reject(new Error("Failed to connect to and describe Kafka cluster")) },
      print: (line) => printed.push(line),
    });
    expect(code).toBe(2);
    expect(printed).toEqual([]);
  });
});
