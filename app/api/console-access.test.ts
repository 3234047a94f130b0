import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { ConfigKeyInfoJson } from "@/lib/connect/schemas";
import { FakeHerder } from "@/server/connect/rest/fake-herder";
import { startRestServer, type RestServer } from "@/server/connect/rest/rest-server";
import { CSRF_HEADER, csrfTokenFor, encodeSession, SESSION_COOKIE, SESSION_ENV, sessionSecret } from "@/server/console/session";
import { formatUsersFile, hashPassword } from "@/server/security/credentials";
import { GET as auditGet } from "./audit/route";
import { POST as bulk } from "./bulk/[cluster]/route";
import { GET as clusters } from "./clusters/route";
import { DELETE, GET, PATCH, POST, PUT } from "./connect/[cluster]/[[...path]]/route";
import { POST as produce } from "./kafka/[cluster]/topics/[topic]/produce/route";
import { POST as createTopic } from "./kafka/[cluster]/topics/route";
import { POST as login } from "./login/route";
import { POST as logout } from "./logout/route";
import { GET as session } from "./session/route";

// The console's API with authentication on: each role against each class of route (reads, operator
// actions, admin changes, Kafka actions, the audit log), CSRF refusals, sessions, and secrets.

const SECRET = "s3cret-db-pass";

/** A plugin that declares a PASSWORD key, as JDBC connectors do. */
class SecretHerder extends FakeHerder {
  override pluginConfig(plugin: string): ConfigKeyInfoJson[] {
    const base = super.pluginConfig(plugin);
    const first = base[0] as ConfigKeyInfoJson;
    return [...base, { ...first, name: "db.password", type: "PASSWORD", documentation: "Database password." }];
  }
}

let rest: RestServer;
let herder: SecretHerder;
let usersText = "";
let dir: string;
let auditFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ferry-console-access-"));
  const cost = { N: 1024, r: 8, p: 1 };
  const users = [
    { name: "vera", role: "viewer" as const, hash: await hashPassword("vera-pw", cost) },
    { name: "otto", role: "operator" as const, hash: await hashPassword("otto-pw", cost) },
    { name: "ada", role: "admin" as const, hash: await hashPassword("ada-pw", cost) },
  ];
  usersText = formatUsersFile(users);
  writeFileSync(join(dir, "users"), usersText);
  auditFile = join(dir, "audit.log");
  herder = new SecretHerder();
  rest = await startRestServer({ herder, listeners: ["http://127.0.0.1:0"] });
  process.env.FERRY_CONSOLE_CONNECT_URL = rest.urls[0];
  process.env[SESSION_ENV.usersFile] = join(dir, "users");
  process.env[SESSION_ENV.auditFile] = auditFile;
});

afterAll(async () => {
  for (const name of ["FERRY_CONSOLE_CONNECT_URL", SESSION_ENV.usersFile, SESSION_ENV.auditFile]) delete process.env[name];
  await rest.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  writeFileSync(auditFile, "");
  for (const name of await herder.connectors()) await herder.deleteConnector(name);
  await herder.putConnectorConfig(
    "db",
    { "connector.class": "FileStreamSource", file: "/tmp/in", topic: "t", "db.password": SECRET, "producer.override.ssl.key.password": "key-pass", "db.user.password.ref": "${file:/etc/secrets:pw}" },
    { allowReplace: false },
  );
});

const USERS: Record<Role, string> = { viewer: "vera", operator: "otto", admin: "ada" };

/** The cookie and CSRF header a signed-in user's page sends. */
function as(role: Role): Record<string, string> {
  const value = encodeSession({ user: USERS[role], role }, sessionSecret());
  return { cookie: `${SESSION_COOKIE}=${value}`, [CSRF_HEADER]: csrfTokenFor(value, sessionSecret()) };
}

function req(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Request {
  return new Request(`http://127.0.0.1:3000${path}`, { method, headers: { "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const connect = (...path: string[]) => ({ params: Promise.resolve({ cluster: "local", path }) });
const kafka = (topic?: string) => ({ params: Promise.resolve({ cluster: "local", ...(topic ? { topic } : {}) }) });

function auditEntries(): Record<string, unknown>[] {
  return readFileSync(auditFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("sessions", () => {
  it("logs in with the right password: an HttpOnly, SameSite=Strict session cookie and its CSRF token", async () => {
    const wrong = await login(req("POST", "/api/login", { [CSRF_HEADER]: csrfTokenFor(undefined, sessionSecret()) }, { user: "ada", password: "nope" }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error_code: 401, message: "Wrong user name or password" });
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const ok = await login(req("POST", "/api/login", { [CSRF_HEADER]: csrfTokenFor(undefined, sessionSecret()) }, { user: "ada", password: "ada-pw" }));
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[^;]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+$`));
    const value = /^[^=]+=([^;]+)/.exec(cookie)?.[1] as string;
    const body = (await ok.json()) as { user: string; role: string; csrfToken: string };
    expect(body).toMatchObject({ user: "ada", role: "admin", authEnabled: true });
    expect(body.csrfToken).toBe(csrfTokenFor(value, sessionSecret()));

    const who = await session(req("GET", "/api/session", { cookie: `${SESSION_COOKIE}=${value}` }));
    expect(await who.json()).toEqual({ user: "ada", role: "admin", authEnabled: true, csrfToken: body.csrfToken });
  });

  it("marks the cookie Secure when the console is reached over https", async () => {
    const res = await login(req("POST", "/api/login", { [CSRF_HEADER]: csrfTokenFor(undefined, sessionSecret()), "x-forwarded-proto": "https" }, { user: "vera", password: "vera-pw" }));
    expect(res.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("refuses a login without the CSRF token", async () => {
    const res = await login(req("POST", "/api/login", {}, { user: "ada", password: "ada-pw" }));
    expect(res.status).toBe(403);
  });

  it("answers 401 without a session, and for a tampered or foreign-signed cookie", async () => {
    expect((await clusters(req("GET", "/api/clusters"))).status).toBe(401);
    expect((await GET(req("GET", "/api/connect/local/connectors"), connect("connectors"))).status).toBe(401);
    const value = encodeSession({ user: "vera", role: "viewer" }, sessionSecret());
    const [data, sig] = value.split(".") as [string, string];
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(data, "base64url").toString()), r: "admin" })).toString("base64url");
    const tampered = await GET(req("GET", "/api/connect/local/connectors", { cookie: `${SESSION_COOKIE}=${promoted}.${sig}` }), connect("connectors"));
    expect(tampered.status).toBe(401);
    const foreign = encodeSession({ user: "ada", role: "admin" }, Buffer.from("another secret"));
    expect((await GET(req("GET", "/api/connect/local/connectors", { cookie: `${SESSION_COOKIE}=${foreign}` }), connect("connectors"))).status).toBe(401);
    const body = (await (await session(req("GET", "/api/session"))).json()) as { error_code: number };
    expect(body.error_code).toBe(401);
  });

  it("ends the session of a user removed from the users file, and applies a changed role at once", async () => {
    const headers = as("operator");
    const pause = () => PUT(req("PUT", "/api/connect/local/connectors/db/pause", headers), connect("connectors", "db", "pause"));
    try {
      writeFileSync(join(dir, "users"), usersText.replace(/^otto: (\S+), operator$/m, "otto: $1, viewer"));
      expect((await pause()).status).toBe(403);
      expect(await (await session(req("GET", "/api/session", headers))).json()).toMatchObject({ user: "otto", role: "viewer" });
      writeFileSync(join(dir, "users"), usersText.replace(/^otto: .*\n/m, ""));
      expect((await pause()).status).toBe(401);
    } finally {
      writeFileSync(join(dir, "users"), usersText);
    }
    expect((await pause()).status).toBe(202);
  });

  it("logs out by clearing the cookie", async () => {
    const res = await logout(req("POST", "/api/logout", as("viewer")));
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`));
  });
});

describe("roles on the Connect routes", () => {
  it("lets every role read", async () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      const res = await GET(req("GET", "/api/connect/local/connectors/db/status", as(role)), connect("connectors", "db", "status"));
      expect(res.status, role).toBe(200);
    }
    expect(auditEntries()).toEqual([]);
  });

  it("refuses a viewer's pause with 403 naming the role, and records the refusal", async () => {
    const res = await PUT(req("PUT", "/api/connect/local/connectors/db/pause", as("viewer")), connect("connectors", "db", "pause"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error_code: 403, message: "This action needs the operator role" });
    expect((await herder.connectorStatus("db")).connector.state).toBe("RUNNING");
    expect(auditEntries()).toEqual([
      expect.objectContaining({ user: "vera", role: "viewer", source: "console", action: "connector.pause", target: "db", cluster: "local", status: 403, outcome: "denied" }),
    ]);
  });

  it("lets an operator pause but not delete", async () => {
    const paused = await PUT(req("PUT", "/api/connect/local/connectors/db/pause", as("operator")), connect("connectors", "db", "pause"));
    expect(paused.status).toBe(202);
    const deleted = await DELETE(req("DELETE", "/api/connect/local/connectors/db", as("operator")), connect("connectors", "db"));
    expect(deleted.status).toBe(403);
    expect(await herder.connectors()).toEqual(["db"]);
    expect(auditEntries()).toEqual([
      expect.objectContaining({ user: "otto", action: "connector.pause", target: "db", status: 202, outcome: "success" }),
      expect.objectContaining({ user: "otto", action: "connector.delete", target: "db", status: 403, outcome: "denied", message: "This action needs the admin role" }),
    ]);
  });

  it("lets an admin create and delete, recording both and a failure's message", async () => {
    const created = await POST(req("POST", "/api/connect/local/connectors", as("admin"), { name: "c2", config: { "connector.class": "FileStreamSource", topic: "t" } }), connect("connectors"));
    expect(created.status).toBe(201);
    const again = await POST(req("POST", "/api/connect/local/connectors", as("admin"), { name: "c2", config: { "connector.class": "FileStreamSource", topic: "t" } }), connect("connectors"));
    expect(again.status).toBe(409);
    const deleted = await DELETE(req("DELETE", "/api/connect/local/connectors/c2", as("admin")), connect("connectors", "c2"));
    expect(deleted.status).toBe(204);
    expect(auditEntries()).toEqual([
      expect.objectContaining({ user: "ada", role: "admin", action: "connector.create", target: "c2", status: 201, outcome: "success" }),
      expect.objectContaining({ user: "ada", action: "connector.create", target: "c2", status: 409, outcome: "failure", message: "Connector c2 already exists" }),
      expect.objectContaining({ user: "ada", action: "connector.delete", target: "c2", status: 204, outcome: "success" }),
    ]);
  });

  it("checks bulk actions per role and records each connector's outcome", async () => {
    const refused = await bulk(req("POST", "/api/bulk/local", as("viewer"), { action: "pause", connectors: ["db"] }), { params: Promise.resolve({ cluster: "local" }) });
    expect(refused.status).toBe(403);
    const deleteRefused = await bulk(req("POST", "/api/bulk/local", as("operator"), { action: "delete", connectors: ["db"] }), { params: Promise.resolve({ cluster: "local" }) });
    expect(deleteRefused.status).toBe(403);
    const ok = await bulk(req("POST", "/api/bulk/local", as("operator"), { action: "pause", connectors: ["db", "missing"] }), { params: Promise.resolve({ cluster: "local" }) });
    expect(ok.status).toBe(200);
    expect(auditEntries()).toEqual([
      expect.objectContaining({ user: "vera", action: "connector.pause", outcome: "denied" }),
      expect.objectContaining({ user: "otto", action: "connector.delete", outcome: "denied" }),
      expect.objectContaining({ user: "otto", action: "connector.pause", target: "db", status: 202, outcome: "success" }),
      expect.objectContaining({ user: "otto", action: "connector.pause", target: "missing", status: 404, outcome: "failure" }),
    ]);
  });
});

describe("CSRF", () => {
  const pause = (headers: Record<string, string>) => PUT(req("PUT", "/api/connect/local/connectors/db/pause", headers), connect("connectors", "db", "pause"));

  it("refuses a change without the token, with a wrong one, with another session's, or from another site", async () => {
    const { cookie, [CSRF_HEADER]: token } = as("admin") as { cookie: string; [CSRF_HEADER]: string };
    const other = as("operator")[CSRF_HEADER] as string;
    const attempts: Record<string, string>[] = [{ cookie }, { cookie, [CSRF_HEADER]: "forged" }, { cookie, [CSRF_HEADER]: other }, { cookie, [CSRF_HEADER]: token, origin: "https://evil.example" }];
    for (const headers of attempts) {
      const res = await pause(headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/^Refused: /);
    }
    expect((await herder.connectorStatus("db")).connector.state).toBe("RUNNING");
    expect(auditEntries()).toHaveLength(4);
    expect(auditEntries().every((e) => e.outcome === "denied" && e.user === "ada")).toBe(true);
  });

  it("accepts the page's own origin", async () => {
    const res = await pause({ ...as("operator"), origin: "http://127.0.0.1:3000" });
    expect(res.status).toBe(202);
  });
});

describe("roles on the Kafka and audit routes", () => {
  it("refuses topic creation below admin and producing below operator before touching Kafka", async () => {
    const created = await createTopic(req("POST", "/api/kafka/local/topics", as("operator"), { name: "t1", partitions: 1 }), kafka());
    expect(created.status).toBe(403);
    expect(await created.json()).toEqual({ error_code: 403, message: "This action needs the admin role" });
    const produced = await produce(req("POST", "/api/kafka/local/topics/t1/produce", as("viewer"), { key: null, value: "x" }), kafka("t1"));
    expect(produced.status).toBe(403);
    const anonymous = await produce(req("POST", "/api/kafka/local/topics/t1/produce", {}, { value: "x" }), kafka("t1"));
    expect(anonymous.status).toBe(401);
    expect(auditEntries()).toEqual([
      expect.objectContaining({ user: "otto", action: "topic.create", target: "t1", status: 403, outcome: "denied" }),
      expect.objectContaining({ user: "vera", action: "topic.produce", target: "t1", status: 403, outcome: "denied" }),
      expect.objectContaining({ user: "anonymous", action: "topic.produce", status: 401, outcome: "denied" }),
    ]);
  });

  it("shows the audit log to operators, newest first, and not to viewers", async () => {
    await PUT(req("PUT", "/api/connect/local/connectors/db/pause", as("operator")), connect("connectors", "db", "pause"));
    await PUT(req("PUT", "/api/connect/local/connectors/db/resume", as("operator")), connect("connectors", "db", "resume"));
    expect((await auditGet(req("GET", "/api/audit", as("viewer")))).status).toBe(403);
    const res = await auditGet(req("GET", "/api/audit?limit=10", as("operator")));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: { action: string }[] };
    expect(body.entries.map((e) => e.action)).toEqual(["connector.resume", "connector.pause"]);
  });
});

describe("secrets", () => {
  const masked = { "db.password": "[hidden]", "producer.override.ssl.key.password": "[hidden]", "db.user.password.ref": "${file:/etc/secrets:pw}" };

  it("masks secret values in every answer that carries a config, for every role, keeping provider placeholders", async () => {
    for (const role of ["viewer", "admin"] as const) {
      const answers = [
        await GET(req("GET", "/api/connect/local/connectors/db/config", as(role)), connect("connectors", "db", "config")),
        await GET(req("GET", "/api/connect/local/connectors/db", as(role)), connect("connectors", "db")),
        await GET(req("GET", "/api/connect/local/connectors?expand=info&expand=status", as(role)), connect("connectors")),
        await GET(req("GET", "/api/connect/local/connectors/db/tasks", as(role)), connect("connectors", "db", "tasks")),
      ];
      const texts = await Promise.all(answers.map((r) => r.text()));
      for (const text of texts) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain("key-pass");
        expect(text).toContain("${file:/etc/secrets:pw}");
      }
      expect(JSON.parse(texts[0] as string)).toMatchObject(masked);
      expect(JSON.parse(texts[1] as string)).toMatchObject({ config: masked });
      expect(JSON.parse(texts[2] as string)).toMatchObject({ db: { info: { config: masked } } });
      expect(JSON.parse(texts[3] as string)).toMatchObject([{ config: masked }]);
    }
  });

  it("keeps a stored secret when an edit sends it back masked, and replaces it when a new one is typed", async () => {
    const shown = (await (await GET(req("GET", "/api/connect/local/connectors/db/config", as("admin")), connect("connectors", "db", "config"))).json()) as Record<string, string>;
    const edited = { ...shown, topic: "t2" };
    const res = await PUT(req("PUT", "/api/connect/local/connectors/db/config", as("admin"), edited), connect("connectors", "db", "config"));
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(SECRET);
    const stored = await herder.connectorConfig("db");
    expect(stored).toMatchObject({ topic: "t2", "db.password": SECRET, "producer.override.ssl.key.password": "key-pass", "db.user.password.ref": "${file:/etc/secrets:pw}" });

    const patched = await PATCH(req("PATCH", "/api/connect/local/connectors/db/config", as("admin"), { "db.password": "[hidden]", topic: "t3" }), connect("connectors", "db", "config"));
    expect(patched.status).toBe(200);
    expect(await herder.connectorConfig("db")).toMatchObject({ topic: "t3", "db.password": SECRET });

    await PUT(req("PUT", "/api/connect/local/connectors/db/config", as("admin"), { ...shown, "db.password": "new-pass" }), connect("connectors", "db", "config"));
    expect((await herder.connectorConfig("db"))["db.password"]).toBe("new-pass");
  });

  it("refuses a masked secret with nothing stored to keep", async () => {
    const res = await PUT(
      req("PUT", "/api/connect/local/connectors/fresh/config", as("admin"), { "connector.class": "FileStreamSource", topic: "t", "db.password": "[hidden]" }),
      connect("connectors", "fresh", "config"),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/hidden secret db\.password/);
    expect(await herder.connectors()).toEqual(["db"]);
  });
});
