import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeHerder } from "@/server/connect/rest/fake-herder";
import { startRestServer, type RestServer } from "@/server/connect/rest/rest-server";
import { CSRF_HEADER, csrfTokenFor, sessionSecret } from "@/server/console/session";
import { POST as bulk } from "../../../bulk/[cluster]/route";
import { GET, PUT } from "./route";

// The console's Connect routes as Next calls them: a Request plus the route's params.

let rest: RestServer;
const herder = new FakeHerder();

beforeAll(async () => {
  rest = await startRestServer({ herder, listeners: ["http://127.0.0.1:0"] });
  process.env.FERRY_CONSOLE_CONNECT_URL = rest.urls[0];
  await herder.putConnectorConfig("c1", { "connector.class": "FileStreamSource", file: "/tmp/in", topic: "t" }, { allowReplace: false });
});

afterAll(async () => {
  delete process.env.FERRY_CONSOLE_CONNECT_URL;
  await rest.close();
});

// The open console's token (no users file): what the page sends with every change.
const csrf = () => ({ [CSRF_HEADER]: csrfTokenFor(undefined, sessionSecret()) });
const ctx = (cluster: string, path?: string[]) => ({ params: Promise.resolve({ cluster, path }) });

describe("/api/connect/<cluster>/…", () => {
  it("proxies to the named cluster, query included", async () => {
    const res = await GET(new Request("http://console/api/connect/local/connectors?expand=status"), ctx("local", ["connectors"]));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ c1: { status: { connector: { state: "RUNNING" } } } });

    const root = await GET(new Request("http://console/api/connect/local"), ctx("local"));
    expect(await root.json()).toMatchObject({ version: "3.9.0" });
  });

  it("refuses a write without the CSRF token even with authentication off", async () => {
    const res = await PUT(new Request("http://console/api/connect/local/connectors/c1/pause", { method: "PUT" }), ctx("local", ["connectors", "c1", "pause"]));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/x-ferry-csrf/);
    expect((await herder.connectorStatus("c1")).connector.state).toBe("RUNNING");
  });

  it("passes a write through and answers 404 for a cluster that is not configured", async () => {
    const paused = await PUT(new Request("http://console/api/connect/local/connectors/c1/pause", { method: "PUT", headers: csrf() }), ctx("local", ["connectors", "c1", "pause"]));
    expect(paused.status).toBe(202);
    const res = await GET(new Request("http://console/api/connect/prod/connectors"), ctx("prod", ["connectors"]));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error_code: 404, message: "No Connect cluster named 'prod' is configured" });
  });
});

describe("/api/bulk/<cluster>", () => {
  const post = (body: unknown) => new Request("http://console/api/bulk/local", { method: "POST", headers: csrf(), body: JSON.stringify(body) });

  it("answers each connector's outcome", async () => {
    const res = await bulk(post({ action: "resume", connectors: ["c1", "nope"] }), { params: Promise.resolve({ cluster: "local" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      action: "resume",
      results: [
        { name: "c1", ok: true, status: 202 },
        { name: "nope", ok: false, status: 404, message: "Unknown connector nope" },
      ],
    });
  });

  it("refuses a bad body with a 400 naming the field", async () => {
    const res = await bulk(post({ action: "explode", connectors: ["c1"] }), { params: Promise.resolve({ cluster: "local" }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^action: /);
    const empty = await bulk(post({ action: "pause", connectors: [] }), { params: Promise.resolve({ cluster: "local" }) });
    expect(((await empty.json()) as { message: string }).message).toBe("connectors: no connectors selected");
  });
});
