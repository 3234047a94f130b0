import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/harness/ferry-process";
import { FakeHerder } from "../connect/rest/fake-herder";
import { startRestServer, type RestServer } from "../connect/rest/rest-server";
import { runBulkAction } from "./bulk-actions";
import { describeConnectCluster } from "./cluster-info";
import type { ConnectCluster } from "./config";
import { callConnect } from "./connect-proxy";

// The console server's side of the Connect REST API against a real Ferry REST server (fake herder
// behind it) and a stand-in for Apache Kafka Connect that sends no x-ferry-version header.

let rest: RestServer;
let herder: FakeHerder;
let ferry: ConnectCluster;
let apacheServer: Server;
let apache: ConnectCluster;

beforeAll(async () => {
  herder = new FakeHerder();
  rest = await startRestServer({ herder, listeners: ["http://127.0.0.1:0"] });
  ferry = { name: "local", url: rest.urls[0] as string };
  apacheServer = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.url === "/" ? { version: "3.8.1", commit: "abc", kafka_cluster_id: "kc-1" } : {}));
  });
  await new Promise<void>((resolve) => apacheServer.listen(0, "127.0.0.1", resolve));
  apache = { name: "apache", url: `http://127.0.0.1:${(apacheServer.address() as AddressInfo).port}` };
});

afterAll(async () => {
  await rest.close();
  await new Promise((resolve) => apacheServer.close(resolve));
});

const source = (file: string) => ({ "connector.class": "FileStreamSource", file, topic: "t", "tasks.max": "1" });

describe("callConnect", () => {
  it("forwards method, path (encoded per segment), query and body; passes status and body back", async () => {
    const created = await callConnect(ferry, {
      method: "POST",
      path: ["connectors"],
      headers: new Headers({ "content-type": "application/json", cookie: "not forwarded" }),
      body: JSON.stringify({ name: "a b/c", config: source("/tmp/x") }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "a b/c", type: "source" });

    const status = await callConnect(ferry, { method: "GET", path: ["connectors", "a b/c", "status"] });
    expect(status.status).toBe(200);
    expect(status.headers.get("x-ferry-version")).toBeTruthy();

    const expanded = await callConnect(ferry, { method: "GET", path: ["connectors"], search: "?expand=status&expand=info" });
    expect(Object.keys((await expanded.json()) as object)).toEqual(["a b/c"]);
  });

  it("passes Connect's errors through untouched", async () => {
    const res = await callConnect(ferry, { method: "GET", path: ["connectors", "nope"] });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error_code: 404, message: "Connector nope not found" });
  });

  it("answers 502 with a Connect-style body naming the cluster when it does not answer", async () => {
    const down: ConnectCluster = { name: "down", url: `http://127.0.0.1:${await freePort()}` };
    const res = await callConnect(down, { method: "GET", path: ["connectors"] });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error_code: number; message: string };
    expect(body.error_code).toBe(502);
    expect(body.message).toMatch(/^Connect cluster 'down' \(http:\/\/127\.0\.0\.1:\d+\) did not answer: .*ECONNREFUSED/);
  });
});

describe("describeConnectCluster", () => {
  it("tells Ferry (x-ferry-version) from Apache Kafka Connect, and says why a cluster is unreachable", async () => {
    expect(await describeConnectCluster(ferry)).toMatchObject({ name: "local", reachable: true, version: "3.9.0", kafkaClusterId: "fake-cluster", ferry: { version: expect.any(String) } });
    expect(await describeConnectCluster(apache)).toMatchObject({ name: "apache", reachable: true, version: "3.8.1", ferry: null });
    expect(await describeConnectCluster({ name: "down", url: `http://127.0.0.1:${await freePort()}` })).toMatchObject({ reachable: false, error: expect.stringContaining("did not answer") });
  });
});

describe("runBulkAction", () => {
  it("applies the action to each connector and reports each outcome in the order asked", async () => {
    for (const name of ["b1", "b2", "b3"]) {
      await callConnect(ferry, { method: "POST", path: ["connectors"], headers: new Headers({ "content-type": "application/json" }), body: JSON.stringify({ name, config: source(`/tmp/${name}`) }) });
    }
    const results = await runBulkAction(ferry, "pause", ["b1", "missing", "b2", "b1"]);
    expect(results).toEqual([
      { name: "b1", ok: true, status: 202 },
      { name: "missing", ok: false, status: 404, message: "Unknown connector missing" },
      { name: "b2", ok: true, status: 202 },
    ]);
    expect((await herder.connectorStatus("b1")).connector.state).toBe("PAUSED");
    expect((await herder.connectorStatus("b3")).connector.state).toBe("RUNNING");

    const deleted = await runBulkAction(ferry, "delete", ["b2", "b3"]);
    expect(deleted.every((r) => r.ok)).toBe(true);
    expect(await herder.connectors()).not.toContain("b2");
  });

  it("restart-failed restarts only failed tasks", async () => {
    const res = await runBulkAction(ferry, "restart-failed", ["b1"]);
    expect(res).toEqual([{ name: "b1", ok: true, status: 202 }]);
  });
});
