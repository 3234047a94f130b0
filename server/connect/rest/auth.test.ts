import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEntrySchema, type AuditEntry } from "../../../lib/auth/audit";
import type { Role } from "../../../lib/auth/roles";
import { AuditLog } from "../../security/audit-log";
import { formatUsersFile, hashPassword, UserStore } from "../../security/credentials";
import { LoginThrottle } from "../../security/login-throttle";
import { AUTH_REALM, HIDDEN_VALUE, UNAUTHORIZED_MESSAGE, withRestAuth } from "./auth";
import { FakeHerder } from "./fake-herder";
import { createRestApi, type RestHandler } from "./rest-api";

const BASE = "http://localhost:8083";
const TOKEN = "console-token-0123456789";
/** Cheap hashes: these tests check the rules, not scrypt's cost. */
const COST = { N: 1024, r: 8, p: 1 };
const PASSWORDS: Record<Role, string> = { viewer: "v-pass", operator: "o-pass", admin: "a-pass" };

let dir: string;
let users: UserStore;
let herder: FakeHerder;
let auditFile: string;
let api: RestHandler;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ferry-rest-auth-"));
  const entries = await Promise.all(
    (Object.keys(PASSWORDS) as Role[]).map(async (role) => ({ name: role, role, hash: await hashPassword(PASSWORDS[role], COST) })),
  );
  writeFileSync(join(dir, "users"), formatUsersFile(entries));
  users = await UserStore.open(join(dir, "users"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Keys named `*.password` are the secrets of these tests. */
const secretKeys = (config: Readonly<Record<string, string>>) => new Set(Object.keys(config).filter((k) => k.endsWith("password")));

function handler(options: { auth?: boolean } = {}): RestHandler {
  return withRestAuth(
    createRestApi({ herder: () => herder }),
    { users: options.auth === false ? undefined : users, auditLog: new AuditLog(auditFile), consoleToken: TOKEN, secretKeys },
  );
}

beforeEach(async () => {
  herder = new FakeHerder();
  auditFile = join(dir, `audit-${Math.random().toString(36).slice(2)}.log`);
  api = handler();
  const config = { "connector.class": "FileStreamSource", file: "in.txt", topic: "t", "db.password": "s3cret", "other.password": "${file:/etc/secrets:pw}" };
  await herder.putConnectorConfig("src", config, { allowReplace: false });
});

function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}
const as = (role: Role) => basic(role, PASSWORDS[role]);

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown, target: RestHandler = api) {
  const init: RequestInit = { method, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await target(new Request(BASE + path, init), { remoteAddress: "10.0.0.9" });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

function auditLines(): AuditEntry[] {
  let text = "";
  try {
    text = readFileSync(auditFile, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => auditEntrySchema.parse(JSON.parse(line)));
}

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate and a Connect error body without credentials, with wrong ones, or with another scheme", async () => {
    for (const headers of [{}, basic("admin", "wrong"), basic("nobody", "x"), { authorization: "Bearer not-the-token" }, { authorization: "Basic !!!" }]) {
      const res = await call("GET", "/connectors", headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Basic realm="${AUTH_REALM}"`);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.json).toEqual({ error_code: 401, message: UNAUTHORIZED_MESSAGE });
    }
    // Reads refused are not mutations: nothing audited.
    expect(auditLines()).toEqual([]);
  });

  it("lets every role read", async () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      expect((await call("GET", "/connectors", as(role))).json).toEqual(["src"]);
      expect((await call("GET", "/connectors/src/status", as(role))).status).toBe(200);
    }
  });

  it("audits a refused mutation with the name tried, or anonymous", async () => {
    expect((await call("DELETE", "/connectors/src", basic("admin", "wrong"))).status).toBe(401);
    expect((await call("PUT", "/connectors/src/pause")).status).toBe(401);
    expect(herder.connectorsByName.has("src")).toBe(true);
    const [first, second] = auditLines();
    expect(first).toMatchObject({ user: "admin", source: "rest", action: "connector.delete", target: "src", method: "DELETE", path: "/connectors/src", status: 401, outcome: "denied" });
    expect(first?.role).toBeUndefined();
    expect(second).toMatchObject({ user: "anonymous", action: "connector.pause", status: 401, outcome: "denied", remote: "10.0.0.9" });
  });
});

describe("roles", () => {
  const operatorActions: [string, string][] = [
    ["PUT", "/connectors/src/pause"],
    ["PUT", "/connectors/src/resume"],
    ["POST", "/connectors/src/restart"],
    ["POST", "/connectors/src/tasks/0/restart"],
    ["PUT", "/connectors/src/stop"],
  ];

  it("refuses operator actions to a viewer with 403 naming the role, and audits the refusal", async () => {
    for (const [method, path] of operatorActions) {
      const res = await call(method, path, as("viewer"));
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json).toEqual({ error_code: 403, message: "This action needs the operator role" });
    }
    expect(herder.connectorsByName.get("src")?.target).toBe("STARTED");
    const lines = auditLines();
    expect(lines).toHaveLength(operatorActions.length);
    expect(lines.every((l) => l.user === "viewer" && l.role === "viewer" && l.outcome === "denied" && l.status === 403)).toBe(true);
    expect(lines.map((l) => l.action)).toEqual(["connector.pause", "connector.resume", "connector.restart", "task.restart", "connector.stop"]);
  });

  it("lets an operator pause, resume, restart and stop, and audits each success", async () => {
    for (const [method, path] of operatorActions) {
      const res = await call(method, path, as("operator"));
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
    }
    expect(herder.connectorsByName.get("src")?.target).toBe("STOPPED");
    const lines = auditLines();
    expect(lines.map((l) => [l.user, l.outcome, l.target])).toEqual([
      ["operator", "success", "src"],
      ["operator", "success", "src"],
      ["operator", "success", "src"],
      ["operator", "success", "src/0"],
      ["operator", "success", "src"],
    ]);
  });

  const adminActions: [string, string, unknown?][] = [
    ["POST", "/connectors", { name: "new", config: { "connector.class": "FileStreamSource", topic: "t" } }],
    ["PUT", "/connectors/src/config", { "connector.class": "FileStreamSource", topic: "t2" }],
    ["PATCH", "/connectors/src/config", { topic: "t3" }],
    ["DELETE", "/connectors/src/offsets"],
    ["PUT", "/admin/loggers/root", { level: "DEBUG" }],
    ["DELETE", "/connectors/src"],
  ];

  it("refuses create, edit, delete, offsets and loggers to viewers and operators with 403", async () => {
    for (const role of ["viewer", "operator"] as const) {
      for (const [method, path, body] of adminActions) {
        const res = await call(method, path, as(role), body);
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
        expect(res.json).toEqual({ error_code: 403, message: "This action needs the admin role" });
      }
    }
    expect(herder.connectorsByName.get("src")?.config.topic).toBe("t");
    expect(auditLines()).toHaveLength(adminActions.length * 2);
  });

  it("lets an admin create, edit and delete; failures are audited as failures", async () => {
    expect((await call("POST", "/connectors", as("admin"), adminActions[0]?.[2])).status).toBe(201);
    expect((await call("POST", "/connectors", as("admin"), adminActions[0]?.[2])).status).toBe(409);
    expect((await call("PATCH", "/connectors/src/config", as("admin"), { topic: "t3" })).status).toBe(200);
    expect((await call("DELETE", "/connectors/src", as("admin"))).status).toBe(204);
    expect(herder.connectorsByName.has("src")).toBe(false);
    const lines = auditLines();
    expect(lines.map((l) => [l.action, l.status, l.outcome])).toEqual([
      ["connector.create", 201, "success"],
      ["connector.create", 409, "failure"],
      ["connector.config.patch", 200, "success"],
      ["connector.delete", 204, "success"],
    ]);
    expect(lines[1]?.message).toMatch(/already exists/);
  });

  it("validation needs admin and is not audited (it changes nothing)", async () => {
    const config = { "connector.class": "FileStreamSource", topic: "t" };
    expect((await call("PUT", "/connector-plugins/FileStreamSource/config/validate", as("operator"), config)).status).toBe(403);
    expect((await call("PUT", "/connector-plugins/FileStreamSource/config/validate", as("admin"), config)).status).toBe(200);
    expect(auditLines()).toEqual([]);
  });
});

describe("masking of secret values", () => {
  const hidden = { "db.password": HIDDEN_VALUE, "other.password": "${file:/etc/secrets:pw}" };

  it("hides PASSWORD values from viewers and operators in every config-carrying answer, keeps placeholders", async () => {
    for (const role of ["viewer", "operator"] as const) {
      expect((await call("GET", "/connectors/src", as(role))).json).toMatchObject({ config: hidden });
      expect((await call("GET", "/connectors/src/config", as(role))).json).toMatchObject(hidden);
      const tasks = (await call("GET", "/connectors/src/tasks", as(role))).json as { config: Record<string, string> }[];
      expect(tasks[0]?.config).toMatchObject(hidden);
      const tasksConfig = (await call("GET", "/connectors/src/tasks-config", as(role))).json as Record<string, Record<string, string>>;
      expect(tasksConfig["src-0"]).toMatchObject(hidden);
      const expanded = (await call("GET", "/connectors?expand=info&expand=status", as(role))).json as Record<string, { info: { config: unknown } }>;
      expect(expanded.src?.info.config).toMatchObject(hidden);
    }
  });

  it("shows them to admins", async () => {
    expect((await call("GET", "/connectors/src/config", as("admin"))).json).toMatchObject({ "db.password": "s3cret" });
    const tasks = (await call("GET", "/connectors/src/tasks", as("admin"))).json as { config: Record<string, string> }[];
    expect(tasks[0]?.config["db.password"]).toBe("s3cret");
  });
});

describe("the console's token", () => {
  const consoleAs = (role: string, user = "carol") => ({ authorization: `Bearer ${TOKEN}`, "x-ferry-user": user, "x-ferry-role": role });

  it("applies the role the console gives, masks for it, and leaves auditing to the console", async () => {
    expect((await call("GET", "/connectors/src/config", consoleAs("viewer"))).json).toMatchObject({ "db.password": HIDDEN_VALUE });
    expect((await call("PUT", "/connectors/src/pause", consoleAs("viewer"))).status).toBe(403);
    expect((await call("PUT", "/connectors/src/pause", consoleAs("operator"))).status).toBe(202);
    expect((await call("GET", "/connectors/src/config", consoleAs("admin"))).json).toMatchObject({ "db.password": "s3cret" });
    expect((await call("DELETE", "/connectors/src", consoleAs("bogus"))).status).toBe(403);
    expect(auditLines()).toEqual([]);
  });

  it("is ignored when authentication is off: anonymous admin, audited", async () => {
    const open = handler({ auth: false });
    expect((await call("GET", "/connectors/src/config", {}, undefined, open)).json).toMatchObject({ "db.password": "s3cret" });
    expect((await call("PUT", "/connectors/src/pause", consoleAs("viewer"), undefined, open)).status).toBe(202);
    expect(auditLines()).toMatchObject([{ user: "anonymous", role: "admin", action: "connector.pause", outcome: "success" }]);
  });
});

describe("GET /ferry/audit", () => {
  it("lists entries newest first for operators and admins, refuses viewers", async () => {
    await call("PUT", "/connectors/src/pause", as("operator"));
    await call("PUT", "/connectors/src/resume", as("operator"));
    expect((await call("GET", "/ferry/audit", as("viewer"))).status).toBe(403);
    const page = (await call("GET", "/ferry/audit?limit=1", as("operator"))).json as { entries: AuditEntry[] };
    expect(page.entries.map((e) => e.action)).toEqual(["connector.resume"]);
    const all = (await call("GET", "/ferry/audit", as("admin"))).json as { entries: AuditEntry[] };
    expect(all.entries.map((e) => e.action)).toEqual(["connector.resume", "connector.pause"]);
    expect((await call("GET", "/ferry/audit?limit=0", as("admin"))).status).toBe(400);
    expect((await call("POST", "/ferry/audit", as("admin"))).status).toBe(405);
  });

  it("answers 404 when no audit log is configured", async () => {
    const noLog = withRestAuth(createRestApi({ herder: () => herder }), {});
    const res = await call("GET", "/ferry/audit", {}, undefined, noLog);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error_code: 404 });
  });
});

describe("failed logins", () => {
  const MINUTE = 60_000;
  const clock = { now: 0 };
  let throttled: RestHandler;
  beforeEach(() => {
    clock.now = 1_700_000_000_000;
    throttled = withRestAuth(createRestApi({ herder: () => herder }), { users, auditLog: new AuditLog(auditFile), loginThrottle: new LoginThrottle({ now: () => clock.now }) });
  });
  const from = async (address: string, method: string, path: string, headers: Record<string, string>) => {
    const response = await throttled(new Request(BASE + path, { method, headers }), { remoteAddress: address });
    return { status: response.status, retryAfter: response.headers.get("retry-after"), json: (await response.json().catch(() => undefined)) as unknown };
  };

  it("answers 429 with Retry-After after 5 failures for a user name, without checking the password, and audits it as denied", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await from(`10.0.0.${i}`, "GET", "/connectors", basic("admin", `guess-${i}`))).status).toBe(401);
      clock.now += MINUTE;
    }
    const refused = await from("10.0.0.50", "DELETE", "/connectors/src", as("admin"));
    expect(refused).toEqual({ status: 429, retryAfter: "600", json: { error_code: 429, message: "Too many failed logins: try again in 10 minutes" } });
    expect(herder.connectorsByName.has("src")).toBe(true);
    expect(auditLines()).toEqual([
      expect.objectContaining({ user: "admin", action: "connector.delete", status: 429, outcome: "denied", remote: "10.0.0.50", message: "Too many failed logins: try again in 10 minutes" }),
    ]);
    expect((await from("10.0.0.50", "GET", "/connectors", as("viewer"))).status).toBe(200);
    clock.now += 10 * MINUTE;
    expect((await from("10.0.0.50", "GET", "/connectors", as("admin"))).status).toBe(200);
  });

  it("throttles a client address trying many user names, and a success clears only the user's failures", async () => {
    for (const user of ["root", "kafka", "connect", "ferry"]) expect((await from("192.0.2.7", "GET", "/connectors", basic(user, "pw"))).status).toBe(401);
    expect((await from("192.0.2.7", "GET", "/connectors", basic("operator", "nope"))).status).toBe(401);
    expect((await from("192.0.2.7", "GET", "/connectors", as("operator"))).status).toBe(429);
    expect((await from("192.0.2.8", "GET", "/connectors", as("operator"))).status).toBe(200);
    // operator's one failure was cleared by that success: four more are allowed from elsewhere.
    for (let i = 0; i < 4; i++) expect((await from(`198.51.100.${i}`, "GET", "/connectors", basic("operator", "nope"))).status).toBe(401);
    expect((await from("198.51.100.9", "GET", "/connectors", as("operator"))).status).toBe(200);
  });

  it("does not count requests without credentials", async () => {
    for (let i = 0; i < 10; i++) expect((await from("10.1.0.1", "GET", "/connectors", {})).status).toBe(401);
    expect((await from("10.1.0.1", "GET", "/connectors", as("admin"))).status).toBe(200);
  });
});
