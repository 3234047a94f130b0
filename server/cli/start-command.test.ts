import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeHerder } from "../connect/rest/fake-herder";
import type { ConsoleServerOptions } from "../console/console-server";
import { silentLoggers } from "../connect/runtime/loggers";
import { formatUsersFile, hashPassword } from "../security/credentials";
import { isLoopbackHost } from "./exposure";
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
      "audit.log.file": "/d/audit.log",
    });
    expect(startWorkerProps({ bootstrapServers: "b:1", dataDir: "/d", rest: { host: "::1", port: 1 } }).listeners).toBe("http://[::1]:1");
    expect(startWorkerProps({ bootstrapServers: "b:1", dataDir: "/d", rest: { host: "h", port: 1 }, pluginPath: "/p1,/p2" })["plugin.path"]).toBe("/p1,/p2");
    const secured = startWorkerProps({ bootstrapServers: "b:1", dataDir: "/d", rest: { host: "h", port: 1 }, usersFile: "/d/users", fileAllowedPaths: "/srv,/tmp" });
    expect(secured).toMatchObject({ "rest.auth.users.file": "/d/users", "connector.file.allowed.paths": "/srv,/tmp", "audit.log.file": "/d/audit.log" });
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

describe("ferry start security", () => {
  it("uses DATA-DIR/users when it exists: REST needs credentials, the console gets the users file, the audit file and a token", async () => {
    writeFileSync(join(dir, "users"), formatUsersFile([{ name: "ann", role: "operator", hash: await hashPassword("pw", { N: 1024, r: 8, p: 1 }) }]));
    const consoleOptions: ConsoleServerOptions[] = [];
    const printed: string[] = [];
    const statuses: Record<string, number> = {};
    const code = await runStart(["--data-dir", dir, "--broker-listen", "127.0.0.1:0", "--rest-listen", "127.0.0.1:0", "--console-listen", "127.0.0.1:0"], {
      startConsole: async (o) => {
        consoleOptions.push(o);
        return { url: "http://127.0.0.1:39999", close: async () => {} };
      },
      worker: { loggers: silentLoggers(), createHerder: () => new FakeHerder() },
      print: (line) => printed.push(line),
      stopSignal: async ({ worker }) => {
        const base = worker.urls[0] as string;
        const token = consoleOptions[0]?.connectToken ?? "";
        statuses.anonymous = (await fetch(`${base}/connectors`)).status;
        statuses.basic = (await fetch(`${base}/connectors`, { headers: { authorization: `Basic ${Buffer.from("ann:pw").toString("base64")}` } })).status;
        statuses.console = (await fetch(`${base}/connectors`, { headers: { authorization: `Bearer ${token}`, "x-ferry-user": "ann", "x-ferry-role": "viewer" } })).status;
        statuses.operatorDelete = (
          await fetch(`${base}/connectors/x`, { method: "DELETE", headers: { authorization: `Basic ${Buffer.from("ann:pw").toString("base64")}` } })
        ).status;
        return "SIGTERM";
      },
    });
    expect(code).toBe(0);
    expect(statuses).toEqual({ anonymous: 401, basic: 200, console: 200, operatorDelete: 403 });
    expect(consoleOptions[0]).toMatchObject({ usersFile: join(dir, "users"), auditFile: join(dir, "audit.log") });
    expect(consoleOptions[0]?.connectToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(printed).toContain(`Ferry authentication on: users from ${join(dir, "users")}`);
    // The refused delete was recorded.
    expect(existsSync(join(dir, "audit.log"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "audit.log"), "utf8").trim())).toMatchObject({ user: "ann", action: "connector.delete", outcome: "denied", status: 403 });
  });

  it("without a users file says authentication is off; --file-allowed-paths sets the worker's allow-list", async () => {
    const printed: string[] = [];
    let options: HerderFactoryOptions | undefined;
    const args = ["--data-dir", dir, "--broker-listen", "127.0.0.1:0", "--rest-listen", "127.0.0.1:0", "--console-listen", "none", "--file-allowed-paths", "/srv/a,/srv/b"];
    const code = await runStart(args, {
      worker: {
        loggers: silentLoggers(),
        createHerder: (o) => {
          options = o;
          return new FakeHerder();
        },
      },
      print: (line) => printed.push(line),
      stopSignal: async () => "SIGTERM",
    });
    expect(code).toBe(0);
    expect(printed.some((l) => l.startsWith("Ferry authentication off"))).toBe(true);
    expect(options?.config.values["connector.file.allowed.paths"]).toEqual(["/srv/a", "/srv/b"]);
    expect(options?.config.values["rest.auth.users.file"]).toBeUndefined();
  });

  it("a missing --users-file stops the start with exit 2", async () => {
    const code = await runStart(["--data-dir", dir, "--broker-listen", "127.0.0.1:0", "--rest-listen", "127.0.0.1:0", "--users-file", join(dir, "nope")], {
      worker: { loggers: silentLoggers(), createHerder: () => new FakeHerder() },
      print: () => {},
      stopSignal: async () => "SIGTERM",
    });
    expect(code).toBe(2);
  });
});

describe("isLoopbackHost", () => {
  it("tells loopback addresses from exposed ones", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["", "0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.com", "fe80::1"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});
