import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { SourceOffset, SourceTaskContext } from "../../api";
import { HttpSourceConnector, HttpSourceTask } from "./http-source";

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

type Handler = (url: URL, headers: Record<string, string | string[] | undefined>) => { status: number; body?: unknown; etag?: string };

async function server(handler: Handler): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const s = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url.search);
    const reply = handler(url, req.headers);
    res.writeHead(reply.status, { "content-type": "application/json", ...(reply.etag ? { etag: reply.etag } : {}) });
    res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const address = s.address();
  return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api`, requests };
}

async function task(props: Record<string, string>, offset: SourceOffset | null = null): Promise<HttpSourceTask> {
  const t = new HttpSourceTask();
  t.initialize({ configs: () => ({}), offsetStorageReader: () => ({ offset: async () => offset, offsets: async () => new Map() }) } as SourceTaskContext);
  await t.start({ topic: "t", "poll.interval.ms": "0", ...props });
  return t;
}

const signal = new AbortController().signal;

describe("HttpSourceTask", () => {
  it("extracts records with the JSON path, keys them, and keeps the ETag", async () => {
    const { url, requests } = await server((_, headers) =>
      headers["if-none-match"] === '"v1"' ? { status: 304 } : { status: 200, body: { data: [{ id: "a" }, { id: "b" }] }, etag: '"v1"' },
    );
    const t = await task({ "http.url": url, "records.path": "$.data", "key.path": "$.id" });
    const records = (await t.poll(signal)) ?? [];
    expect(records.map((r) => [r.key, r.value, r.sourcePartition, r.sourceOffset])).toEqual([
      ["a", { id: "a" }, { url }, { etag: null, cursor: null, last_id: null }],
      ["b", { id: "b" }, { url }, { etag: '"v1"', cursor: null, last_id: null }],
    ]);
    expect(await t.poll(signal)).toBeNull();
    expect(requests).toHaveLength(2);
    // Restarted with the committed ETag: the server answers 304 at once.
    const resumed = await task({ "http.url": url, "records.path": "$.data" }, { etag: '"v1"', cursor: null, last_id: null });
    expect(await resumed.poll(signal)).toBeNull();
  });

  it("sends the cursor and the last id, and skips ids it has written", async () => {
    const { url, requests } = await server((u) => {
      const since = Number(u.searchParams.get("since") ?? "0");
      // This server ignores `since` for ids below 3, so the task must filter.
      const items = [1, 2, 3, 4].filter((id) => id > Math.min(since, 2)).map((id) => ({ id }));
      return { status: 200, body: { items, next: u.searchParams.get("page") === "2" ? null : "2" } };
    });
    const t = await task({ "http.url": url, "records.path": "$.items[*]", "id.path": "$.id", "since.param": "since", "cursor.path": "$.next", "cursor.param": "page" });
    expect(((await t.poll(signal)) ?? []).map((r) => r.value)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    expect(await t.poll(signal)).toBeNull();
    expect(requests).toEqual(["", "?page=2&since=4"]);
    const resumed = await task({ "http.url": url, "records.path": "$.items", "id.path": "$.id" }, { etag: null, cursor: null, last_id: 2 });
    expect(((await resumed.poll(signal)) ?? []).map((r) => [r.value, r.sourceOffset])).toEqual([
      [{ id: 3 }, { etag: null, cursor: null, last_id: 3 }],
      [{ id: 4 }, { etag: null, cursor: null, last_id: 4 }],
    ]);
  });

  it("retries 5xx at the next interval and fails on other 4xx", async () => {
    let status = 503;
    const { url } = await server(() => ({ status, body: [] }));
    const t = await task({ "http.url": url });
    expect(await t.poll(signal)).toBeNull();
    status = 401;
    await expect(t.poll(signal)).rejects.toThrow(`GET ${url} answered HTTP 401`);
  });
});

describe("HttpSourceConnector", () => {
  it("validates URL, JSON paths and headers", async () => {
    const errors = async (props: Record<string, string>) => (await new HttpSourceConnector().validate(props)).flatMap((v) => v.errorMessages);
    expect(await errors({ "http.url": "http://x", topic: "t" })).toEqual([]);
    expect(await errors({ "http.url": "x", topic: "t", "records.path": "items", headers: "bad" })).toEqual([
      "Invalid value x for configuration http.url: not an http(s) URL",
      "Invalid header 'bad': expected Name: value",
      "Invalid value items for configuration records.path: JSON path must start with $: items",
    ]);
  });
});
