import { beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectError, ConflictError, NotFoundError } from "../api/errors";
import { FakeHerder } from "./fake-herder";
import { createRestApi, type RestHandler } from "./rest-api";

const BASE = "http://localhost:8083";

let herder: FakeHerder;
let api: RestHandler;
let ready: boolean;

beforeEach(() => {
  herder = new FakeHerder();
  ready = true;
  api = createRestApi({ herder: () => herder, ready: () => ready });
});

interface CallOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding). */
  raw?: string;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const headers = { ...(hasBody ? { "content-type": "application/json" } : {}), ...options.headers };
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await api(new Request(BASE + path, { method, headers, body }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text === "" ? undefined : JSON.parse(text) };
}

const sourceConfig = { "connector.class": "FileStreamSource", file: "/tmp/in.txt", topic: "t", "tasks.max": "1" };

async function create(name = "src", config: Record<string, string> = sourceConfig) {
  const res = await call("POST", "/connectors", { body: { name, config } });
  expect(res.status).toBe(201);
}

describe("root resource", () => {
  it("GET / answers ServerInfo as compact JSON", async () => {
    const res = await call("GET", "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.text).toBe('{"version":"3.9.0","commit":"ferry","kafka_cluster_id":"fake-cluster"}');
  });

  it("GET /health maps healthy, starting and unhealthy to 200, 503 and 500", async () => {
    expect(await call("GET", "/health")).toMatchObject({ status: 200, json: { status: "healthy" } });
    herder.health_ = { status: "starting", message: "Worker is still starting up." };
    expect((await call("GET", "/health")).status).toBe(503);
    herder.health_ = { status: "unhealthy", message: "Worker was unable to handle this request and may be unable to handle other requests." };
    expect(await call("GET", "/health")).toMatchObject({ status: 500, json: { status: "unhealthy" } });
  });

  it("GET /health is 503 starting until the worker is ready", async () => {
    ready = false;
    expect(await call("GET", "/health")).toEqual(
      expect.objectContaining({ status: 503, json: { status: "starting", message: "Worker is still starting up." } }),
    );
  });

  it("answers 503 before a herder is attached, and GET /health says starting", async () => {
    const early = createRestApi({ herder: () => undefined });
    const res = await early(new Request(`${BASE}/connectors`));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error_code: 503, message: "Worker is still starting up." });
    const health = await early(new Request(`${BASE}/health`));
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "starting", message: "Worker is still starting up." });
  });
});

describe("router conventions", () => {
  it("unknown paths are 404 with Jersey's message", async () => {
    for (const path of ["/nope", "/connectors/a/b/c/d", "/connectors//config", "/admin"]) {
      expect(await call("GET", path)).toMatchObject({ status: 404, json: { error_code: 404, message: "HTTP 404 Not Found" } });
    }
  });

  it("a known path with a wrong method is 405 with an Allow header", async () => {
    const res = await call("DELETE", "/connector-plugins");
    expect(res).toMatchObject({ status: 405, json: { error_code: 405, message: "HTTP 405 Method Not Allowed" } });
    expect(res.headers.get("allow")).toBe("GET,HEAD,OPTIONS");
    const config = await call("POST", "/connectors/x/config");
    expect(config.headers.get("allow")?.split(",")).toEqual(expect.arrayContaining(["GET", "PUT", "PATCH"]));
  });

  it("paths match with or without a trailing slash", async () => {
    await create();
    expect(await call("GET", "/connector-plugins/")).toMatchObject({ status: 200 });
    expect(await call("GET", "/connectors/")).toMatchObject({ status: 200, json: ["src"] });
    expect(await call("GET", "/connectors/src/status/")).toMatchObject({ status: 200 });
  });

  it("path parameters are URL-decoded, %2F included", async () => {
    await create("a b/c");
    expect(await call("GET", "/connectors/a%20b%2Fc/config")).toMatchObject({ status: 200, json: { name: "a b/c" } });
  });

  it("a path segment that does not decode is a 404, not a crash", async () => {
    expect((await call("GET", "/connectors/%E0%A4%A/status")).status).toBe(404);
  });

  it("a JSON-consuming endpoint answers 415 to another content type", async () => {
    const res = await call("POST", "/connectors", { raw: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res).toMatchObject({ status: 415, json: { error_code: 415, message: "HTTP 415 Unsupported Media Type" } });
    expect((await call("PUT", "/connectors/x/config", { raw: "{}", headers: { "content-type": "text/plain" } })).status).toBe(415);
  });

  it("accepts JSON with a charset, and a body without Content-Type", async () => {
    const withCharset = await call("POST", "/connectors", { body: { name: "a", config: sourceConfig }, headers: { "content-type": "application/json; charset=utf-8" } });
    expect(withCharset.status).toBe(201);
    const response = await api(new Request(`${BASE}/connectors/b/config`, { method: "PUT", body: new TextEncoder().encode(JSON.stringify(sourceConfig)) }));
    expect(response.status).toBe(201);
  });

  it("answers 406 when Accept excludes JSON", async () => {
    expect(await call("GET", "/connectors", { headers: { accept: "text/html" } })).toMatchObject({
      status: 406,
      json: { error_code: 406, message: "HTTP 406 Not Acceptable" },
    });
    expect((await call("GET", "/connectors", { headers: { accept: "application/json;q=0, text/plain" } })).status).toBe(406);
    expect((await call("GET", "/connectors", { headers: { accept: "text/html, */*;q=0.1" } })).status).toBe(200);
    expect((await call("GET", "/connectors", { headers: { accept: "application/*" } })).status).toBe(200);
  });

  it("HEAD answers like GET without a body; OPTIONS lists the methods", async () => {
    const head = await api(new Request(`${BASE}/connectors`, { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const options = await api(new Request(`${BASE}/connectors/x`, { method: "OPTIONS" }));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET,DELETE,HEAD,OPTIONS");
  });
});

describe("error mapping", () => {
  it("Connect errors answer their status and message", async () => {
    vi.spyOn(herder, "connectors").mockRejectedValue(new ConflictError("Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway."));
    expect(await call("GET", "/connectors")).toMatchObject({ status: 409, json: { error_code: 409, message: expect.stringContaining("no known leader URL") } });
  });

  it("anything else is a 500 with the message and no stack", async () => {
    vi.spyOn(herder, "connectors").mockRejectedValue(new TypeError("x is not a function"));
    const res = await call("GET", "/connectors");
    expect(res).toMatchObject({ status: 500, json: { error_code: 500, message: "x is not a function" } });
    expect(res.text).not.toContain("at ");
  });

  it("a thrown non-Error value is a 500 too", async () => {
    vi.spyOn(herder, "connectors").mockImplementation(() => Promise.reject("plain string"));
    expect(await call("GET", "/connectors")).toMatchObject({ status: 500, json: { error_code: 500, message: "plain string" } });
  });

  it("synchronous herder throws are mapped the same way", async () => {
    vi.spyOn(herder, "loggers").mockImplementation(() => {
      throw new ConnectError("boom");
    });
    expect(await call("GET", "/admin/loggers")).toMatchObject({ status: 500, json: { error_code: 500, message: "boom" } });
  });

  it("malformed JSON is a 400 naming the problem (Kafka: 500)", async () => {
    const res = await call("POST", "/connectors", { raw: '{"name": "x", ' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: 400, message: expect.stringMatching(/^Request body is not valid JSON: /) });
  });

  it("JSON of the wrong shape is a 400 with the path of the problem", async () => {
    const res = await call("POST", "/connectors", { body: { name: "x", config: { "tasks.max": { n: 1 } } } });
    expect(res).toMatchObject({
      status: 400,
      json: { error_code: 400, message: "Invalid request body: Invalid input: expected string or number or boolean or null at 'config.tasks.max'" },
    });
    const unknownField = await call("POST", "/connectors", { body: { name: "x", config: {}, extra: 1 } });
    expect(unknownField).toMatchObject({ status: 400, json: { message: 'Invalid request body: Unrecognized key: "extra"' } });
    const noConfig = await call("POST", "/connectors", { body: { name: "x" } });
    expect(noConfig).toMatchObject({ status: 400, json: { message: "Invalid request body: Invalid input: expected object, received undefined at 'config'" } });
  });

  it("a herder call that outlives the request timeout is a 500 `Request timed out`", async () => {
    const slow = createRestApi({ herder: () => herder, requestTimeoutMs: 20 });
    vi.spyOn(herder, "connectors").mockReturnValue(new Promise(() => {}));
    const res = await slow(new Request(`${BASE}/connectors`));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error_code: 500, message: "Request timed out" });
  });
});

describe("connectors resource", () => {
  it("GET /connectors lists names", async () => {
    expect(await call("GET", "/connectors")).toMatchObject({ status: 200, json: [] });
    await create("a");
    await create("b");
    expect((await call("GET", "/connectors")).json).toEqual(["a", "b"]);
  });

  it("expand=status and expand=info give an object keyed by connector with only the requested keys", async () => {
    await create("a");
    const status = await call("GET", "/connectors?expand=status");
    expect(status.json).toEqual({
      a: { status: { name: "a", connector: { state: "RUNNING", worker_id: "127.0.0.1:8083" }, tasks: [{ id: 0, state: "RUNNING", worker_id: "127.0.0.1:8083" }], type: "source" } },
    });
    const both = await call("GET", "/connectors?expand=status&expand=info");
    expect(Object.keys((both.json as Record<string, object>).a ?? {})).toEqual(["status", "info"]);
    expect(both.json).toMatchObject({ a: { info: { name: "a", config: { ...sourceConfig, name: "a" }, tasks: [{ connector: "a", task: 0 }], type: "source" } } });
    expect((await call("GET", "/connectors?expand=bogus")).json).toEqual({ a: {} });
  });

  it("expand leaves out connectors whose status lookup is NotFound", async () => {
    await create("a");
    await create("gone");
    const real = herder.connectorStatus.bind(herder);
    vi.spyOn(herder, "connectorStatus").mockImplementation((name) =>
      name === "gone" ? Promise.reject(new NotFoundError("No status found for connector gone")) : real(name),
    );
    expect(Object.keys((await call("GET", "/connectors?expand=status")).json as object)).toEqual(["a"]);
    expect(Object.keys((await call("GET", "/connectors?expand=info&expand=status")).json as object)).toEqual(["a"]);
  });

  it("POST /connectors creates: 201, Location, ConnectorInfo; name trimmed and inserted", async () => {
    const put = vi.spyOn(herder, "putConnectorConfig");
    const res = await call("POST", "/connectors", { body: { name: "  my conn ", config: sourceConfig } });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${BASE}/connectors/my%20conn`);
    expect(res.json).toEqual({ name: "my conn", config: { ...sourceConfig, name: "my conn" }, tasks: [{ connector: "my conn", task: 0 }], type: "source" });
    expect(put).toHaveBeenCalledWith("my conn", { ...sourceConfig, name: "my conn" }, { allowReplace: false, initialState: undefined });
  });

  it("POST /connectors maps initial_state (case-insensitive) to the target state", async () => {
    const put = vi.spyOn(herder, "putConnectorConfig");
    await call("POST", "/connectors", { body: { name: "s", config: sourceConfig, initial_state: "stopped" } });
    expect(put).toHaveBeenLastCalledWith("s", expect.anything(), { allowReplace: false, initialState: "STOPPED" });
    await call("POST", "/connectors", { body: { name: "r", config: sourceConfig, initial_state: "RUNNING" } });
    expect(put).toHaveBeenLastCalledWith("r", expect.anything(), { allowReplace: false, initialState: "STARTED" });
    expect((await call("POST", "/connectors", { body: { name: "x", config: sourceConfig, initial_state: "FLYING" } })).status).toBe(400);
  });

  it("POST /connectors: name mismatch is 400, an existing name 409, numbers become strings", async () => {
    expect(await call("POST", "/connectors", { body: { name: "a", config: { ...sourceConfig, name: "b" } } })).toMatchObject({
      status: 400,
      json: { error_code: 400, message: "Connector name configuration (b) doesn't match connector name in the URL (a)" },
    });
    await create("a");
    expect(await call("POST", "/connectors", { body: { name: "a", config: sourceConfig } })).toMatchObject({
      status: 409,
      json: { error_code: 409, message: "Connector a already exists" },
    });
    const res = await call("POST", "/connectors", { body: { name: "n", config: { ...sourceConfig, "tasks.max": 2, "errors.log.enable": true } } });
    expect(res.json).toMatchObject({ config: { "tasks.max": "2", "errors.log.enable": "true" } });
  });

  it("POST /connectors with a null config value is a 400 in Kafka's invalid-config format", async () => {
    const res = await call("POST", "/connectors", { body: { name: "a", config: { ...sourceConfig, topic: null } } });
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toBe(
      "Connector configuration is invalid and contains the following 1 error(s):\nNull value can not be supplied as the configuration value.\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
    );
  });

  it("GET /connectors/{name} and /config; unknown names are 404", async () => {
    await create("a");
    expect(await call("GET", "/connectors/a")).toMatchObject({ status: 200, json: { name: "a", type: "source" } });
    expect(await call("GET", "/connectors/a/config")).toMatchObject({ status: 200, json: { ...sourceConfig, name: "a" } });
    expect(await call("GET", "/connectors/zz")).toMatchObject({ status: 404, json: { error_code: 404, message: "Connector zz not found" } });
    expect((await call("GET", "/connectors/zz/config")).status).toBe(404);
  });

  it("PUT /connectors/{name}/config: 201 + Location when new, 200 when replaced, 400 on name mismatch", async () => {
    const created = await call("PUT", "/connectors/a/config", { body: sourceConfig });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${BASE}/connectors/a`);
    expect(created.json).toMatchObject({ name: "a", config: { name: "a" } });
    const updated = await call("PUT", "/connectors/a/config", { body: { ...sourceConfig, topic: "t2", name: "a" } });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("location")).toBeNull();
    expect(updated.json).toMatchObject({ config: { topic: "t2" } });
    expect(await call("PUT", "/connectors/a/config", { body: { ...sourceConfig, name: "b" } })).toMatchObject({
      status: 400,
      json: { message: "Connector name configuration (b) doesn't match connector name in the URL (a)" },
    });
    expect(await call("PUT", "/connectors/a/config", { body: { ...sourceConfig, name: null } })).toMatchObject({
      status: 400,
      json: { message: "Connector name configuration (null) doesn't match connector name in the URL (a)" },
    });
  });

  it("PUT config without connector.class is the herder's 400", async () => {
    expect(await call("PUT", "/connectors/a/config", { body: { topic: "t" } })).toMatchObject({
      status: 400,
      json: { message: "Connector config {topic=t, name=a} contains no connector type" },
    });
  });

  it("PATCH /connectors/{name}/config passes nulls through (removal) and answers 200", async () => {
    await create("a");
    const patch = vi.spyOn(herder, "patchConnectorConfig");
    const res = await call("PATCH", "/connectors/a/config", { body: { "tasks.max": 3, file: null, extra: "x" } });
    expect(patch).toHaveBeenCalledWith("a", { "tasks.max": "3", file: null, extra: "x" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ config: { "tasks.max": "3", extra: "x", name: "a" } });
    expect((res.json as { config: Record<string, string> }).config).not.toHaveProperty("file");
    expect((await call("PATCH", "/connectors/none/config", { body: { a: "b" } })).status).toBe(404);
  });

  it("DELETE /connectors/{name} is 204 with no body, then 404", async () => {
    await create("a");
    const res = await call("DELETE", "/connectors/a");
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(res.headers.get("content-type")).toBeNull();
    expect((await call("DELETE", "/connectors/a")).status).toBe(404);
    expect((await call("GET", "/connectors/a/status")).status).toBe(404);
  });

  it("status, tasks, tasks-config and task status", async () => {
    await create("a");
    herder.fail("a", 0);
    expect(await call("GET", "/connectors/a/status")).toMatchObject({
      status: 200,
      json: { name: "a", connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "FAILED", trace: expect.any(String) }], type: "source" },
    });
    expect(await call("GET", "/connectors/a/tasks")).toMatchObject({ status: 200, json: [{ id: { connector: "a", task: 0 }, config: { "task.class": "FakeTask" } }] });
    expect(await call("GET", "/connectors/a/tasks-config")).toMatchObject({ status: 200, json: { "a-0": { "task.class": "FakeTask" } } });
    expect(await call("GET", "/connectors/a/tasks/0/status")).toMatchObject({ status: 200, json: { id: 0, state: "FAILED" } });
    expect(await call("GET", "/connectors/a/tasks/7/status")).toMatchObject({ status: 404, json: { message: "No status found for task a-7" } });
    expect(await call("GET", "/connectors/zz/status")).toMatchObject({ status: 404, json: { message: "No status found for connector zz" } });
  });

  it("a task id that is not a Java int is a 404", async () => {
    await create("a");
    const status = vi.spyOn(herder, "taskStatus");
    for (const bad of ["x", "1.5", "99999999999", "0x1"]) {
      expect(await call("GET", `/connectors/a/tasks/${bad}/status`)).toMatchObject({ status: 404, json: { message: "HTTP 404 Not Found" } });
    }
    expect(status).not.toHaveBeenCalled();
    expect((await call("GET", "/connectors/a/tasks/+0/status")).status).toBe(200);
  });

  it("POST tasks/{task}/restart is 204; unknown task 404", async () => {
    await create("a");
    const restart = vi.spyOn(herder, "restartTask");
    expect(await call("POST", "/connectors/a/tasks/0/restart")).toMatchObject({ status: 204, text: "" });
    expect(restart).toHaveBeenCalledWith("a", 0);
    expect(await call("POST", "/connectors/a/tasks/3/restart")).toMatchObject({ status: 404, json: { message: "Unknown task: a-3" } });
  });

  it("POST restart: 204 without flags, 202 + plan with flags parsed like Boolean.valueOf", async () => {
    await create("a");
    herder.fail("a", 0);
    const legacy = vi.spyOn(herder, "restartConnector");
    const plan = vi.spyOn(herder, "restartConnectorAndTasks");
    expect(await call("POST", "/connectors/a/restart")).toMatchObject({ status: 204, text: "" });
    expect(await call("POST", "/connectors/a/restart?includeTasks=yes&onlyFailed=1")).toMatchObject({ status: 204 });
    expect(legacy).toHaveBeenCalledTimes(2);
    const res = await call("POST", "/connectors/a/restart?includeTasks=TRUE&onlyFailed=true&forward=true");
    expect(plan).toHaveBeenCalledWith({ connector: "a", includeTasks: true, onlyFailed: true });
    expect(res).toMatchObject({ status: 202, json: { name: "a", connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RESTARTING" }] } });
    expect(await call("POST", "/connectors/zz/restart")).toMatchObject({ status: 404, json: { message: "Unknown connector: zz" } });
    expect((await call("POST", "/connectors/zz/restart?includeTasks=true")).status).toBe(404);
  });

  it("pause and resume are 202, stop 204, no bodies; unknown 404", async () => {
    await create("a");
    expect(await call("PUT", "/connectors/a/pause")).toMatchObject({ status: 202, text: "" });
    expect((await call("GET", "/connectors/a/status")).json).toMatchObject({ connector: { state: "PAUSED" } });
    expect(await call("PUT", "/connectors/a/resume")).toMatchObject({ status: 202, text: "" });
    expect(await call("PUT", "/connectors/a/stop")).toMatchObject({ status: 204, text: "" });
    expect((await call("GET", "/connectors/a/tasks")).json).toEqual([]);
    expect(await call("PUT", "/connectors/zz/pause")).toMatchObject({ status: 404, json: { message: "Unknown connector zz" } });
    expect((await call("PUT", "/connectors/zz/stop")).status).toBe(404);
  });

  it("topics and topics/reset do not check existence", async () => {
    expect(await call("GET", "/connectors/zz/topics")).toMatchObject({ status: 200, json: { zz: { topics: [] } } });
    await create("a");
    herder.connectorsByName.get("a")?.topics.push("t1", "t2");
    expect((await call("GET", "/connectors/a/topics")).json).toEqual({ a: { topics: ["t1", "t2"] } });
    expect(await call("PUT", "/connectors/a/topics/reset")).toMatchObject({ status: 202, text: "" });
    expect((await call("GET", "/connectors/a/topics")).json).toEqual({ a: { topics: [] } });
  });
});

describe("offsets endpoints", () => {
  const offsets = [{ partition: { filename: "/tmp/in.txt" }, offset: { position: 30 } }];

  it("GET offsets: 200, 404 for unknown", async () => {
    await create("a");
    expect(await call("GET", "/connectors/a/offsets")).toMatchObject({ status: 200, json: { offsets: [] } });
    expect(await call("GET", "/connectors/zz/offsets")).toMatchObject({ status: 404, json: { message: "Connector zz not found" } });
  });

  it("PATCH offsets needs offsets: {} / [] / empty body are 400 with Kafka's message", async () => {
    await create("a");
    const message = "Partitions / offsets need to be provided for an alter offsets request";
    for (const body of [{}, { offsets: [] }, { offsets: null }]) {
      expect(await call("PATCH", "/connectors/a/offsets", { body })).toMatchObject({ status: 400, json: { error_code: 400, message } });
    }
    expect(await call("PATCH", "/connectors/a/offsets", { raw: "" })).toMatchObject({ status: 400, json: { message } });
  });

  it("PATCH offsets: not stopped is the herder's 400; stopped answers 200 {message}", async () => {
    await create("a");
    expect(await call("PATCH", "/connectors/a/offsets", { body: { offsets } })).toMatchObject({
      status: 400,
      json: { message: expect.stringContaining("must be in the STOPPED state") },
    });
    await call("PUT", "/connectors/a/stop");
    const alter = vi.spyOn(herder, "alterConnectorOffsets");
    const res = await call("PATCH", "/connectors/a/offsets", { body: { offsets: [...offsets, { partition: { filename: "/b" } }] } });
    expect(res).toMatchObject({ status: 200, json: { message: expect.stringContaining("have been altered successfully") } });
    expect(alter).toHaveBeenCalledWith("a", [...offsets, { partition: { filename: "/b" }, offset: null }]);
    expect((await call("GET", "/connectors/a/offsets")).json).toEqual({ offsets });
  });

  it("PATCH offsets with a malformed entry is a 400 (Kafka: 500 Jackson error)", async () => {
    await create("a");
    expect((await call("PATCH", "/connectors/a/offsets", { body: { offsets: [{ partition: "x", offset: {} }] } })).status).toBe(400);
    expect((await call("PATCH", "/connectors/a/offsets", { body: { offsets: [{ partition: {}, offset: {}, extra: 1 }] } })).status).toBe(400);
  });

  it("DELETE offsets answers 200 {message}", async () => {
    await create("a");
    await call("PUT", "/connectors/a/stop");
    expect(await call("DELETE", "/connectors/a/offsets")).toMatchObject({ status: 200, json: { message: "The offsets for this connector have been reset successfully" } });
    expect((await call("DELETE", "/connectors/zz/offsets")).status).toBe(404);
  });
});

describe("connector-plugins resource", () => {
  it("connectorsOnly defaults to true and parses like Boolean.valueOf", async () => {
    const plugins = vi.spyOn(herder, "plugins");
    expect((await call("GET", "/connector-plugins")).json).toHaveLength(2);
    expect(plugins).toHaveBeenLastCalledWith(true);
    expect((await call("GET", "/connector-plugins?connectorsOnly=false")).json).toHaveLength(3);
    await call("GET", "/connector-plugins?connectorsOnly=nope");
    expect(plugins).toHaveBeenLastCalledWith(false);
    await call("GET", "/connector-plugins?connectorsOnly=True");
    expect(plugins).toHaveBeenLastCalledWith(true);
  });

  it("GET plugin config: 200 list, 404 unknown", async () => {
    expect(await call("GET", "/connector-plugins/FileStreamSource/config")).toMatchObject({ status: 200, json: [{ name: "file", order: -1 }] });
    expect(await call("GET", "/connector-plugins/Nope/config")).toMatchObject({ status: 404, json: { message: "Unknown plugin Nope." } });
  });

  it("PUT validate: 200 ConfigInfos, errors inside the body", async () => {
    const res = await call("PUT", "/connector-plugins/FileStreamSource/config/validate", { body: { "connector.class": "FileStreamSource" } });
    expect(res).toMatchObject({ status: 200, json: { name: "FileStreamSource", error_count: 1 } });
  });

  it("PUT validate: a connector.class that does not end with the plugin name is 400", async () => {
    const ok = await call("PUT", "/connector-plugins/FileStreamSourceConnector/config/validate", {
      body: { "connector.class": "org.apache.kafka.connect.file.FileStreamSource", topic: "t" },
    });
    expect(ok.status).toBe(200);
    expect(await call("PUT", "/connector-plugins/FileStreamSink/config/validate", { body: { "connector.class": "FileStreamSource" } })).toMatchObject({
      status: 400,
      json: { message: "Included connector type FileStreamSource does not match request type FileStreamSink" },
    });
  });

  it("PUT validate drops JSON nulls before validating", async () => {
    const validate = vi.spyOn(herder, "validateConnectorConfig");
    await call("PUT", "/connector-plugins/FileStreamSource/config/validate", { body: { "connector.class": "FileStreamSource", topic: null } });
    expect(validate).toHaveBeenCalledWith({ "connector.class": "FileStreamSource" });
  });
});

describe("admin loggers resource", () => {
  it("GET /admin/loggers and /admin/loggers/{logger}", async () => {
    expect(await call("GET", "/admin/loggers")).toMatchObject({ status: 200, json: { root: { level: "INFO", last_modified: null } } });
    expect(await call("GET", "/admin/loggers/root")).toMatchObject({ status: 200, json: { level: "INFO", last_modified: null } });
    expect(await call("GET", "/admin/loggers/org.nope")).toMatchObject({ status: 404, json: { message: "Logger org.nope not found." } });
  });

  it("PUT level: worker scope answers 200 with the names; cluster scope 204", async () => {
    const worker = vi.spyOn(herder, "setWorkerLoggerLevel");
    const cluster = vi.spyOn(herder, "setClusterLoggerLevel");
    expect(await call("PUT", "/admin/loggers/org.apache.kafka", { body: { level: "debug" } })).toMatchObject({ status: 200, json: ["org.apache.kafka"] });
    expect(worker).toHaveBeenLastCalledWith("org.apache.kafka", "DEBUG");
    expect(await call("PUT", "/admin/loggers/org.x?scope=CLUSTER", { body: { level: "WARN" } })).toMatchObject({ status: 204, text: "" });
    expect(cluster).toHaveBeenCalledWith("org.x", "WARN");
    expect((await call("PUT", "/admin/loggers/org.y?scope=galaxy", { body: { level: "WARN" } })).status).toBe(200);
    expect(worker).toHaveBeenLastCalledWith("org.y", "WARN");
  });

  it("PUT level: missing level 400, unknown level 404", async () => {
    const missing = "Desired 'level' parameter was not specified in request.";
    expect(await call("PUT", "/admin/loggers/x", { body: {} })).toMatchObject({ status: 400, json: { message: missing } });
    expect(await call("PUT", "/admin/loggers/x", { raw: "" })).toMatchObject({ status: 400, json: { message: missing } });
    expect(await call("PUT", "/admin/loggers/x", { body: { level: "LOUD" } })).toMatchObject({ status: 404, json: { error_code: 404, message: "invalid log level 'LOUD'." } });
  });
});
