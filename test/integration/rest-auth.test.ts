import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { auditEntrySchema, type AuditEntry } from "../../lib/auth/audit";
import type { Role } from "../../lib/auth/roles";
import type { ConfigInfos, ConnectorStateInfo } from "../../lib/connect/schemas";
import { startWorker, type WorkerRuntime } from "../../server/cli/worker-runtime";
import { Loggers } from "../../server/connect/runtime/loggers";
import { formatUsersFile, hashPassword } from "../../server/security/credentials";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

/**
 * A real worker (the runtime `ferry standalone` composes) with a users file, an audit log and the
 * file allow-list, driven over HTTP as curl would: Basic credentials per role, the audit log's
 * lines, masking of PASSWORD values, and FileStream paths outside the allowed directories refused
 * at validation and when a stored connector starts.
 */

const PASSWORDS: Record<Role, string> = { viewer: "view-pw", operator: "op-pw", admin: "admin-pw" };
const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

let broker: TestBroker;
let root: string;
let data: string;
let outside: string;
const logs: string[] = [];
const workers: WorkerRuntime[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  root = realpathSync(mkdtempSync(join(tmpdir(), "ferry-rest-auth-it-")));
  data = join(root, "data");
  outside = join(root, "outside");
  mkdirSync(data, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const users = await Promise.all(
    (Object.keys(PASSWORDS) as Role[]).map(async (role) => ({ name: `${role}-user`, role, hash: await hashPassword(PASSWORDS[role], { N: 1024, r: 8, p: 1 }) })),
  );
  writeFileSync(join(data, "users"), formatUsersFile(users));
});

beforeEach(() => {
  const mark = logs.length;
  onTestFailed(() => console.error(`--- worker log during the test:\n${logs.slice(mark).join("\n").slice(-8000)}`));
});

afterAll(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await broker?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A worker on `data` whose connectors may use `allowed`. */
async function start(allowed: string): Promise<string> {
  const worker = await startWorker({
    workerProps: {
      "bootstrap.servers": broker.broker.bootstrapServers,
      listeners: "http://127.0.0.1:0",
      "key.converter": STRING_CONVERTER,
      "value.converter": STRING_CONVERTER,
      "offset.storage.file.filename": join(data, "connect.offsets"),
      "config.storage.file.filename": join(data, "connect-configs.json"),
      "offset.flush.interval.ms": "300",
      "consumer.session.timeout.ms": "10000",
      "rest.auth.users.file": join(data, "users"),
      "audit.log.file": join(data, "audit.log"),
      "connector.file.allowed.paths": allowed,
    },
    loggers: new Loggers({ write: (line) => void logs.push(line) }),
    env: {},
  });
  worker.markReady();
  workers.push(worker);
  return worker.urls[0] as string;
}

async function stopAll(): Promise<void> {
  for (const w of workers.splice(0)) await w.stop();
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** `curl -u user:pw -X METHOD URL -d JSON`. */
async function curl(base: string, method: string, path: string, role?: Role, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (role) headers.authorization = `Basic ${Buffer.from(`${role}-user:${PASSWORDS[role]}`).toString("base64")}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

function auditLog(): AuditEntry[] {
  return readFileSync(join(data, "audit.log"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => auditEntrySchema.parse(JSON.parse(line)));
}

describe("REST authentication and roles on a real worker", () => {
  let base: string;
  beforeAll(async () => {
    base = await start(data);
  });
  afterAll(stopAll);

  it("answers 401 with WWW-Authenticate to a request without or with wrong credentials", async () => {
    const none = await curl(base, "GET", "/connectors");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Basic realm="Ferry"');
    expect(none.body).toEqual({ error_code: 401, message: "User cannot access the resource." });
    const wrong = await fetch(`${base}/`, { headers: { authorization: `Basic ${Buffer.from("admin-user:nope").toString("base64")}` } });
    expect(wrong.status).toBe(401);
  });

  it("viewer reads, operator operates, admin creates and deletes; every mutation is in the audit log", async () => {
    const input = join(data, "in.txt");
    writeFileSync(input, "a\nb\n");
    const config = { "connector.class": "FileStreamSource", file: input, topic: "auth-lines", "tasks.max": "1" };

    expect((await curl(base, "POST", "/connectors", "viewer", { name: "lines", config })).status).toBe(403);
    expect((await curl(base, "POST", "/connectors", "operator", { name: "lines", config })).status).toBe(403);
    const created = await curl(base, "POST", "/connectors", "admin", { name: "lines", config });
    expect(created.status).toBe(201);

    expect((await curl(base, "GET", "/connectors", "viewer")).body).toEqual(["lines"]);
    const pausedByViewer = await curl(base, "PUT", "/connectors/lines/pause", "viewer");
    expect(pausedByViewer).toMatchObject({ status: 403, body: { error_code: 403, message: "This action needs the operator role" } });
    expect((await curl(base, "PUT", "/connectors/lines/pause", "operator")).status).toBe(202);
    await waitFor(async () => ((await curl(base, "GET", "/connectors/lines/status", "viewer")).body as ConnectorStateInfo).connector.state === "PAUSED", {
      message: "the connector to be PAUSED",
    });
    expect((await curl(base, "PUT", "/connectors/lines/resume", "operator")).status).toBe(202);
    expect((await curl(base, "DELETE", "/connectors/lines", "operator")).status).toBe(403);
    expect((await curl(base, "DELETE", "/connectors/lines", "admin")).status).toBe(204);

    const entries = auditLog().map((e) => [e.user, e.role, e.action, e.target, e.status, e.outcome]);
    expect(entries).toEqual([
      ["viewer-user", "viewer", "connector.create", undefined, 403, "denied"],
      ["operator-user", "operator", "connector.create", undefined, 403, "denied"],
      ["admin-user", "admin", "connector.create", undefined, 201, "success"],
      ["viewer-user", "viewer", "connector.pause", "lines", 403, "denied"],
      ["operator-user", "operator", "connector.pause", "lines", 202, "success"],
      ["operator-user", "operator", "connector.resume", "lines", 202, "success"],
      ["operator-user", "operator", "connector.delete", "lines", 403, "denied"],
      ["admin-user", "admin", "connector.delete", "lines", 204, "success"],
    ]);
    const last = auditLog().at(-1);
    expect(last?.remote).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(last?.time ?? "")).not.toBeNaN();

    const page = await curl(base, "GET", "/ferry/audit?limit=2", "operator");
    expect((page.body as { entries: AuditEntry[] }).entries.map((e) => e.action)).toEqual(["connector.delete", "connector.delete"]);
    expect((await curl(base, "GET", "/ferry/audit", "viewer")).status).toBe(403);
  });

  it("hides PASSWORD values from viewers and operators, shows them to admins", async () => {
    const config = {
      "connector.class": "HttpSink",
      "http.api.url": "http://127.0.0.1:9/never",
      "auth.type": "BASIC",
      "connection.user": "svc",
      "connection.password": "hunter2-secret",
      topics: "auth-secret",
    };
    expect((await curl(base, "POST", "/connectors", "admin", { name: "secret-sink", config, initial_state: "STOPPED" })).status).toBe(201);
    for (const role of ["viewer", "operator"] as const) {
      const got = await curl(base, "GET", "/connectors/secret-sink/config", role);
      expect(got.body).toMatchObject({ "connection.user": "svc", "connection.password": "[hidden]" });
      const info = await curl(base, "GET", "/connectors/secret-sink", role);
      expect(JSON.stringify(info.body)).not.toContain("hunter2-secret");
      const expanded = await curl(base, "GET", "/connectors?expand=info", role);
      expect(JSON.stringify(expanded.body)).not.toContain("hunter2-secret");
    }
    expect((await curl(base, "GET", "/connectors/secret-sink/config", "admin")).body).toMatchObject({ "connection.password": "hunter2-secret" });
    // The audit log never holds request bodies.
    expect(readFileSync(join(data, "audit.log"), "utf8")).not.toContain("hunter2-secret");
    expect((await curl(base, "DELETE", "/connectors/secret-sink", "admin")).status).toBe(204);
  });

  it("refuses FileStream paths outside the allowed directories at validation, naming the worker setting", async () => {
    const target = join(outside, "stolen.txt");
    const refused = await curl(base, "POST", "/connectors", "admin", { name: "out", config: { "connector.class": "FileStreamSink", file: target, topics: "t" } });
    expect(refused.status).toBe(400);
    expect((refused.body as { message: string }).message).toContain(`file: ${target} is outside the directories this worker lets connectors use (${data})`);
    expect((refused.body as { message: string }).message).toContain("connector.file.allowed.paths");

    symlinkSync(outside, join(data, "link-out"));
    const viaLink = await curl(base, "PUT", "/connectors/out/config", "admin", { "connector.class": "FileStreamSink", file: join(data, "link-out", "x.txt"), topics: "t" });
    expect(viaLink.status).toBe(400);

    const validated = await curl(base, "PUT", "/connector-plugins/FileStreamSource/config/validate", "admin", {
      "connector.class": "FileStreamSource",
      name: "validated",
      file: `${data}/../outside/x.txt`,
      topic: "t",
    });
    expect(validated.status).toBe(200);
    const infos = validated.body as ConfigInfos;
    expect(infos.error_count).toBe(1);
    expect(infos.configs.find((c) => c.value?.name === "file")?.value?.errors.join()).toMatch(/is outside the directories/);
    expect((await curl(base, "GET", "/connectors", "admin")).body).toEqual([]);
  });
});

describe("a connector stored before the allow-list was narrowed", () => {
  afterAll(stopAll);

  it("fails when it starts, with the allow-list's message", async () => {
    const input = join(outside, "old.txt");
    writeFileSync(input, "x\n");
    let base = await start(`${data},${outside}`);
    const config = { "connector.class": "FileStreamSource", file: input, topic: "auth-old", "tasks.max": "1" };
    expect((await curl(base, "POST", "/connectors", "admin", { name: "old", config })).status).toBe(201);
    await stopAll();

    base = await start(data);
    const status = await waitFor(
      async () => {
        const res = await curl(base, "GET", "/connectors/old/status", "viewer");
        const state = res.body as ConnectorStateInfo | undefined;
        return state?.connector.state === "FAILED" ? state : undefined;
      },
      { message: "the stored connector to fail on start", timeoutMs: 20_000 },
    );
    expect(status.connector.trace).toContain(`file: ${input} is outside the directories this worker lets connectors use (${data})`);
  });
});
