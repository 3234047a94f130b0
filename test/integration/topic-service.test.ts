// The console's Kafka route handlers (topics, messages over SSE, one record, produce, filter test),
// called directly with a Request against the embedded broker: status codes, bodies, 400s that name
// the field, and the SSE stream stopping when the client goes away.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as filterTest from "@/app/api/kafka/[cluster]/filters/test/route";
import * as messages from "@/app/api/kafka/[cluster]/topics/[topic]/messages/route";
import * as produce from "@/app/api/kafka/[cluster]/topics/[topic]/produce/route";
import * as record from "@/app/api/kafka/[cluster]/topics/[topic]/records/[partition]/[offset]/route";
import * as topic from "@/app/api/kafka/[cluster]/topics/[topic]/route";
import * as topics from "@/app/api/kafka/[cluster]/topics/route";
import { parseScanEvent, readServerSentEvents } from "@/lib/kafka/client";
import { topicDetailSchema, topicListSchema, type ScanEvent } from "@/lib/kafka/schemas";
import { CSRF_HEADER, csrfTokenFor, sessionSecret } from "@/server/console/session";
import { closeKafkaClients } from "@/server/kafka/clients";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

let tb: TestBroker;
const BASE = "http://console.test/api/kafka";

beforeAll(async () => {
  tb = await startTestBroker();
  process.env.FERRY_CONSOLE_BOOTSTRAP_SERVERS = tb.broker.bootstrapServers;
});

afterAll(async () => {
  await closeKafkaClients();
  await tb?.close();
});

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve({ cluster: "local", ...params }) });
// Mutations carry the console's CSRF token (authentication is off here: the token of no session).
const csrf = () => ({ [CSRF_HEADER]: csrfTokenFor(undefined, sessionSecret()) });
const post = (url: string, body: unknown) =>
  new Request(url, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json", ...csrf() } });
const del = (url: string) => new Request(url, { method: "DELETE", headers: csrf() });

async function sse(res: Response): Promise<ScanEvent[]> {
  const events: ScanEvent[] = [];
  for await (const { event, data } of readServerSentEvents(res.body as ReadableStream<Uint8Array>)) {
    const parsed = parseScanEvent(event, data);
    if (parsed) events.push(parsed);
  }
  return events;
}

describe("topics", () => {
  it("creates, lists, describes and deletes a topic", async () => {
    const created = await topics.POST(post(`${BASE}/local/topics`, { name: "orders", partitions: 3, configs: { "cleanup.policy": "compact" } }), ctx({}));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "orders", partitions: 3, internal: false });
    await topics.POST(post(`${BASE}/local/topics`, { name: "_internal-thing" }), ctx({}));

    const again = await topics.POST(post(`${BASE}/local/topics`, { name: "orders" }), ctx({}));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error_code: 409, message: "Topic 'orders' already exists" });

    const producer = tb.kafka().producer();
    await producer.connect();
    await producer.send({ topic: "orders", messages: Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 3 })) });
    await producer.disconnect();

    const list = topicListSchema.parse(await (await topics.GET(new Request(`${BASE}/local/topics`), ctx({}))).json());
    const orders = list.topics.find((t) => t.name === "orders");
    expect(orders).toEqual({ name: "orders", internal: false, partitions: 3, replicationFactor: 1, messages: 6, sizeBytes: null, cleanupPolicy: "compact" });
    expect(list.topics.find((t) => t.name === "_internal-thing")?.internal).toBe(true);
    expect(list.topics.at(-1)?.internal).toBe(true); // internal topics sort last
    expect(list.sizeNote).toMatch(/unknown/);

    // A consumer group that read 2 of partition 0's records and committed.
    // disconnect() waits for the fetch in flight: a short fetch wait keeps that short.
    const consumer = tb.kafka().consumer({ groupId: "orders-reader", maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: "orders", fromBeginning: true });
    let seen = 0;
    await consumer.run({ autoCommit: false, eachMessage: async () => void seen++ });
    await waitFor(() => seen >= 6, { message: "the group to read orders" });
    await consumer.commitOffsets([{ topic: "orders", partition: 0, offset: "1" }]);
    await consumer.disconnect();

    const res = await topic.GET(new Request(`${BASE}/local/topics/orders`), ctx({ topic: "orders" }));
    expect(res.status).toBe(200);
    const detail = topicDetailSchema.parse(await res.json());
    expect(detail.partitions.map((p) => [p.partition, p.start, p.end, p.messages])).toEqual([
      [0, "0", "2", 2],
      [1, "0", "2", 2],
      [2, "0", "2", 2],
    ]);
    expect(detail.configs?.find((c) => c.name === "cleanup.policy")).toMatchObject({ value: "compact", isDefault: false });
    expect(detail.consumerGroups).toEqual([
      expect.objectContaining({
        groupId: "orders-reader",
        lag: 1,
        partitions: [
          { partition: 0, committed: "1", end: "2", lag: 1 },
          { partition: 1, committed: null, end: "2", lag: null },
          { partition: 2, committed: null, end: "2", lag: null },
        ],
      }),
    ]);

    expect((await topic.DELETE(del(`${BASE}/local/topics/orders`), ctx({ topic: "orders" }))).status).toBe(204);
    const gone = await topic.GET(new Request(`${BASE}/local/topics/orders`), ctx({ topic: "orders" }));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error_code: 404, message: "Topic 'orders' does not exist" });
    expect((await topic.DELETE(del(`${BASE}/local/topics/orders`), ctx({ topic: "orders" }))).status).toBe(404);
  });

  it("answers 400 naming the field, and 404 for an unknown cluster", async () => {
    const bad = await topics.POST(post(`${BASE}/local/topics`, { name: "x y", partitions: 0 }), ctx({}));
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/^Invalid body field 'name'/);
    const partitions = await topics.POST(post(`${BASE}/local/topics`, { name: "ok", partitions: 0 }), ctx({}));
    expect((await partitions.json()).message).toMatch(/^Invalid body field 'partitions'/);
    const notJson = await topics.POST(post(`${BASE}/local/topics`, "{"), ctx({}));
    expect(await notJson.json()).toEqual({ error_code: 400, message: "The request body is not JSON" });
    const unknown = await topics.GET(new Request(`${BASE}/nope/topics`), { params: Promise.resolve({ cluster: "nope" }) });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe("No Kafka cluster named 'nope' is configured");
  });
});

describe("messages over SSE, records, produce, filter test", () => {
  beforeAll(async () => {
    const admin = tb.kafka().admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: "events", numPartitions: 2 }] });
    await admin.disconnect();
  });

  it("produces through the route and reads back through the SSE stream", async () => {
    for (let i = 0; i < 4; i++) {
      const res = await produce.POST(
        post(`${BASE}/local/topics/events/produce`, { partition: i % 2, key: { data: `k${i}` }, value: { encoding: "json", data: `{"n":${i}}` }, headers: [{ key: "i", value: String(i) }] }),
        ctx({ topic: "events" }),
      );
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ topic: "events", partition: i % 2, offset: String(Math.floor(i / 2)) });
    }
    const res = await messages.GET(new Request(`${BASE}/local/topics/events/messages?from=oldest&limit=10`), ctx({ topic: "events" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await sse(res);
    expect(events[0]?.type).toBe("progress");
    const last = events.at(-1);
    expect(last?.type === "done" && last.done).toMatchObject({ reason: "caught-up", cursor: "0:2,1:2", matched: 4 });
    const recs = events.flatMap((e) => (e.type === "records" ? e.records : []));
    expect(recs.map((r) => r.value?.data).sort()).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}']);
    expect(recs[0]?.headers[0]).toMatchObject({ key: "i", encoding: "text" });

    const filtered = await sse(
      await messages.GET(
        new Request(`${BASE}/local/topics/events/messages?filters=${encodeURIComponent(JSON.stringify([{ type: "cel", expression: "value.n >= 2" }]))}`),
        ctx({ topic: "events" }),
      ),
    );
    expect(filtered.flatMap((e) => (e.type === "records" ? e.records.map((r) => r.value?.data) : [])).sort()).toEqual(['{"n":2}', '{"n":3}']);

    const one = await record.GET(new Request(`${BASE}/local/topics/events/records/1/1?valueEncoding=text`), ctx({ topic: "events", partition: "1", offset: "1" }));
    expect(await one.json()).toMatchObject({ partition: 1, offset: "1", key: { data: "k3" }, value: { encoding: "text", data: '{"n":3}' } });
    const missing = await record.GET(new Request(`${BASE}/local/topics/events/records/1/99`), ctx({ topic: "events", partition: "1", offset: "99" }));
    expect(missing.status).toBe(404);
  });

  it("refuses bad queries with 400s that name the parameter, and unknown topics with 404", async () => {
    const cases: [string, RegExp][] = [
      ["limit=0", /'limit'/],
      ["from=sideways", /'from'/],
      ["from=offset", /'offset'/],
      ["partitions=a", /'partitions'/],
      ["keyEncoding=rot13", /'keyEncoding'/],
      ["filters=nope", /'filters'/],
      [`filters=${encodeURIComponent('[{"type":"cel","expression":"1 +"}]')}`, /'filters'/],
      ["cursor=0-1", /'cursor'/],
    ];
    for (const [query, message] of cases) {
      const res = await messages.GET(new Request(`${BASE}/local/topics/events/messages?${query}`), ctx({ topic: "events" }));
      expect(res.status, query).toBe(400);
      expect((await res.json()).message, query).toMatch(message);
    }
    const unknown = await messages.GET(new Request(`${BASE}/local/topics/none/messages`), ctx({ topic: "none" }));
    expect(unknown.status).toBe(404);
    const badPartition = await produce.POST(post(`${BASE}/local/topics/events/produce`, { partition: -1, value: null }), ctx({ topic: "events" }));
    expect((await badPartition.json()).message).toMatch(/'partition'/);
  });

  it("a live stream stops, and releases its connections, when the client goes away", async () => {
    const baseline = tb.broker.connectionCount;
    const controller = new AbortController();
    const res = await messages.GET(new Request(`${BASE}/local/topics/events/messages?from=end&live=true`, { signal: controller.signal }), ctx({ topic: "events" }));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read(); // the opening progress event
    expect(new TextDecoder().decode(first.value)).toMatch(/^event: progress/);
    controller.abort();
    // The stream ends (the scan saw the request's signal) without the client cancelling it.
    let next = await reader.read();
    while (!next.done) next = await reader.read();
    await waitFor(() => tb.broker.connectionCount <= baseline, { message: "the scan's connections to close" });
  });

  it("tests a filter against one record", async () => {
    const rec = {
      topic: "events",
      partition: 0,
      offset: "3",
      timestamp: 1000,
      timestampType: "CreateTime",
      key: { encoding: "text", data: "k", size: 1 },
      value: { encoding: "json", data: '{"n":9223372036854775807}', size: 25 },
      headers: [{ key: "h", value: "x", encoding: "text" }],
      size: 28,
    };
    const run = async (filter: unknown) => (await filterTest.POST(post(`${BASE}/local/filters/test`, { filter, record: rec }), ctx({}))).json();
    expect(await run({ type: "cel", expression: 'value.n == 9223372036854775807 && headers["h"] == "x" && offset == 3' })).toEqual({ ok: true, matched: true, result: "true" });
    expect(await run({ type: "cel", expression: "value.n" })).toEqual({ ok: true, matched: false, result: "9223372036854775807" });
    expect(await run({ type: "cel", expression: "value.missing == 1" })).toMatchObject({ ok: false, phase: "evaluate", error: expect.stringMatching(/missing/) });
    expect(await run({ type: "cel", expression: "value ==" })).toMatchObject({ ok: false, phase: "compile" });
    expect(await run({ type: "cel", expression: "size(valueText)" })).toMatchObject({ ok: false, phase: "compile", error: expect.stringMatching(/not bool/) });
    expect(await run({ type: "field", target: "value", path: "n", op: ">", value: "9223372036854775806" })).toEqual({ ok: true, matched: true });
    const bad = await filterTest.POST(post(`${BASE}/local/filters/test`, { filter: { type: "cel" }, record: rec }), ctx({}));
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/'filter.expression'/);
  });
});
