import { describe, expect, it } from "vitest";
import type { ConnectorConfig, ConnectorInfo, TargetState } from "../../../lib/connect/schemas";
import type { PutConnectorResult } from "../herder/herder";
import { FakeHerder } from "./fake-herder";
import { CONFLICT_MESSAGE, forwardedHeaders, forwardRequest, nextHopForward, withForwardingContext } from "./forwarding";
import { createRestApi } from "./rest-api";

interface Sent {
  url: URL;
  method: string;
  headers: Headers;
  body: string | undefined;
}

/** A worker that is not the leader: every create goes to the leader at LEADER_URL. */
class FollowerHerder extends FakeHerder {
  readonly sent: Sent[] = [];
  answer: Response = Response.json({ name: "c", config: {}, tasks: [], type: "source" }, { status: 201 });

  override async putConnectorConfig(name: string, config: ConnectorConfig, _options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult> {
    const res = await forwardRequest("http://leader.test:8083/", "POST", "/connectors", { name, config }, { fetch: this.#fetch });
    return { created: true, info: res.body as ConnectorInfo };
  }

  readonly #fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.sent.push({ url: new URL(String(input)), method: init?.method ?? "GET", headers: new Headers(init?.headers), body: init?.body as string | undefined });
    return this.answer.clone();
  };
}

function follower() {
  const herder = new FollowerHerder();
  const api = createRestApi({ herder: () => herder });
  const create = (query: string, headers: Record<string, string> = {}) =>
    api(
      new Request(`http://127.0.0.1:8083/connectors${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ name: "c", config: { "connector.class": "FileStreamSource" } }),
      }),
    );
  return { herder, create };
}

describe("forwarding of REST requests between workers", () => {
  it("forwards a user request with forward=true, the same method and body, and the caller's identity headers", async () => {
    const { herder, create } = follower();
    const res = await create("", { authorization: "Basic dXNlcjpwYXNz", "x-ferry-user": "alice", "x-ferry-request-id": "r-1", cookie: "session=secret" });
    expect(res.status).toBe(201);
    expect(herder.sent).toHaveLength(1);
    const sent = herder.sent[0]!;
    expect(sent.method).toBe("POST");
    expect(`${sent.url.origin}${sent.url.pathname}`).toBe("http://leader.test:8083/connectors");
    expect(sent.url.searchParams.get("forward")).toBe("true");
    expect(JSON.parse(sent.body ?? "null")).toEqual({ name: "c", config: { "connector.class": "FileStreamSource", name: "c" } });
    expect(sent.headers.get("authorization")).toBe("Basic dXNlcjpwYXNz");
    expect(sent.headers.get("x-ferry-user")).toBe("alice");
    expect(sent.headers.get("x-ferry-request-id")).toBe("r-1");
    expect(sent.headers.get("content-type")).toBe("application/json");
    // Only the identity goes along, not the rest of the caller's headers.
    expect(sent.headers.get("cookie")).toBeNull();
  });

  it("forwards a request that arrived with forward=true once more, with forward=false", async () => {
    const { herder, create } = follower();
    expect((await create("?forward=true", { authorization: "Bearer t" })).status).toBe(201);
    expect(herder.sent[0]?.url.searchParams.get("forward")).toBe("false");
    expect(herder.sent[0]?.headers.get("authorization")).toBe("Bearer t");
  });

  it("answers 409 to a request that arrived with forward=false at a worker that is not the target (two hops at most)", async () => {
    const { herder, create } = follower();
    const res = await create("?forward=false");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error_code: 409, message: CONFLICT_MESSAGE });
    expect(herder.sent).toHaveLength(0);
  });

  it("relays the target's error status and message", async () => {
    const { herder, create } = follower();
    herder.answer = Response.json({ error_code: 409, message: "Connector c already exists" }, { status: 409 });
    const res = await create("");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error_code: 409, message: "Connector c already exists" });
  });

  it("answers 500 when the target cannot be reached", async () => {
    const res = await forwardRequest("http://leader.test:8083", "DELETE", "/connectors/c", undefined, {
      fetch: () => Promise.reject(new Error("connect ECONNREFUSED")),
    }).catch((err: unknown) => err);
    expect(res).toMatchObject({ status: 500, message: "IO Error trying to forward REST request: connect ECONNREFUSED" });
  });

  it("sends a worker's own request (task configs to the leader) as a first hop without the caller's headers", async () => {
    const sent: Sent[] = [];
    const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: new URL(String(input)), method: init?.method ?? "GET", headers: new Headers(init?.headers), body: init?.body as string | undefined });
      return new Response(null, { status: 204 });
    };
    const incoming = new Request("http://127.0.0.1:8083/connectors/c/restart?forward=false", { method: "POST", headers: { authorization: "Basic x" } });
    await withForwardingContext(incoming, new URL(incoming.url), async () => {
      await forwardRequest("http://leader.test:8083", "POST", "/connectors/c/tasks", [{ "task.class": "T" }], { fetch: fetchImpl, ownRequest: true });
      // The same call on behalf of the request would be its third hop.
      await expect(forwardRequest("http://leader.test:8083", "POST", "/connectors/c/tasks", [], { fetch: fetchImpl })).rejects.toThrow(CONFLICT_MESSAGE);
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.href).toBe("http://leader.test:8083/connectors/c/tasks?forward=true");
    expect(sent[0]?.headers.get("authorization")).toBeNull();
    expect(JSON.parse(sent[0]?.body ?? "null")).toEqual([{ "task.class": "T" }]);
  });

  it("picks the identity headers and the next hop's flag", () => {
    expect(forwardedHeaders(new Headers({ Authorization: "Basic x", "X-Ferry-User": "bob", accept: "*/*", "x-request-id": "1" }))).toEqual({
      authorization: "Basic x",
      "x-ferry-user": "bob",
    });
    expect(nextHopForward(undefined)).toBe("true");
    expect(nextHopForward({ forward: null, headers: {} })).toBe("true");
    expect(nextHopForward({ forward: "TRUE", headers: {} })).toBe("false");
    expect(() => nextHopForward({ forward: "false", headers: {} })).toThrow(CONFLICT_MESSAGE);
    // Java's Boolean.valueOf: any other value is false.
    expect(() => nextHopForward({ forward: "yes", headers: {} })).toThrow(CONFLICT_MESSAGE);
  });
});

describe("POST /connectors/{name}/tasks (internal)", () => {
  it("is refused outside distributed mode, as Kafka's standalone herder does", async () => {
    const api = createRestApi({ herder: () => new FakeHerder() });
    const res = await api(new Request("http://127.0.0.1:8083/connectors/a/tasks", { method: "POST", headers: { "content-type": "application/json" }, body: "[{}]" }));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error_code: 500, message: "Kafka Connect in standalone mode does not support externally setting task configurations." });
  });
});

describe("GET /ferry/workers", () => {
  it("answers the herder's view of the cluster's workers", async () => {
    const herder = new FakeHerder();
    const api = createRestApi({ herder: () => herder });
    await herder.putConnectorConfig("a", { "connector.class": "FileStreamSource", file: "/tmp/a", topic: "t" }, { allowReplace: false });
    const res = await api(new Request("http://127.0.0.1:8083/ferry/workers"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      mode: "standalone",
      worker_id: "127.0.0.1:8083",
      generation: null,
      workers: [{ id: "127.0.0.1:8083", url: null, leader: true, connectors: ["a"], tasks: [] }],
    });
  });
});
