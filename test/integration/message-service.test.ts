// The console's message service against the embedded broker: every start mode, end bounds,
// partition filters, decoding, filters, live tail and cancellation.
import type { Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payloadJson } from "@/lib/kafka/decode";
import { JsonBigNumber, isJsonObject } from "@/lib/kafka/json";
import { scanQuerySchema, type ScanDone, type ScanEvent, type ScanParams, type ScanProgress, type WireRecord } from "@/lib/kafka/schemas";
import { closeKafkaClients, kafkaClients, type KafkaClients } from "@/server/kafka/clients";
import { openScan, produceRecord, readRecord } from "@/server/kafka/message-service";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { waitFor } from "../harness/wait-for";

let tb: TestBroker;
let clients: KafkaClients;
let producer: Producer;

/** Records per partition of the `numbers` topic; its 3 partitions hold p-0 … p-9 at offsets 0 … 9. */
const PER_PARTITION = 10;
const BASE_TS = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  tb = await startTestBroker();
  process.env.FERRY_CONSOLE_BOOTSTRAP_SERVERS = tb.broker.bootstrapServers;
  clients = kafkaClients("local");
  const admin = tb.kafka().admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: "numbers", numPartitions: 3 },
      { topic: "decoding", numPartitions: 1 },
      { topic: "tail", numPartitions: 2 },
      { topic: "large", numPartitions: 1, configEntries: [{ name: "max.message.bytes", value: String(4 * 1024 * 1024) }] },
    ],
  });
  await admin.disconnect();
  producer = tb.kafka().producer();
  await producer.connect();
  // Timestamps grow with the offset: record i of partition p is at BASE_TS + i·1000 + p.
  for (let p = 0; p < 3; p++) {
    await producer.send({
      topic: "numbers",
      messages: Array.from({ length: PER_PARTITION }, (_, i) => ({ partition: p, key: `k${p}-${i}`, value: `${p}-${i}`, timestamp: String(BASE_TS + i * 1000 + p) })),
    });
  }
});

afterAll(async () => {
  await producer?.disconnect();
  await closeKafkaClients();
  await tb?.close();
});

interface Collected {
  records: WireRecord[];
  progress: ScanProgress[];
  done: ScanDone;
  events: ScanEvent[];
}

async function scan(topic: string, params: ScanParams, signal?: AbortSignal): Promise<Collected> {
  const s = await openScan(clients, topic, scanQuerySchema.parse(params), signal);
  const out: Omit<Collected, "done"> & { done?: ScanDone } = { records: [], progress: [], events: [] };
  for await (const event of s.events()) {
    out.events.push(event);
    if (event.type === "records") out.records.push(...event.records);
    if (event.type === "progress") out.progress.push(event.progress);
    if (event.type === "done") out.done = event.done;
  }
  if (!out.done) throw new Error("the scan ended without a done event");
  return out as Collected;
}

const values = (records: WireRecord[]) => records.map((r) => r.value?.data).sort();
const expected = (pairs: [number, number][]) => pairs.map(([p, i]) => `${p}-${i}`).sort();
const range = (p: number, from: number, to: number): [number, number][] => Array.from({ length: to - from }, (_, k) => [p, from + k]);

describe("start modes", () => {
  it("oldest reads every record and ends caught up with a cursor at the end", async () => {
    const r = await scan("numbers", { from: "oldest", limit: "1000" });
    expect(values(r.records)).toEqual(expected([...range(0, 0, 10), ...range(1, 0, 10), ...range(2, 0, 10)]));
    expect(r.done.reason).toBe("caught-up");
    expect(r.done.cursor).toBe("0:10,1:10,2:10");
    expect(r.done.scanned).toBe(30);
    expect(r.done.matched).toBe(30);
    expect(r.done.bytes).toBeGreaterThan(0);
    expect(r.records[0]).toMatchObject({ timestampType: "CreateTime", key: { encoding: "text" }, headers: [] });
    // Offsets within a partition arrive in order.
    const p1 = r.records.filter((x) => x.partition === 1).map((x) => Number(x.offset));
    expect(p1).toEqual([...p1].sort((a, b) => a - b));
  });

  it("newest − N reads the last N records, shared over the partitions", async () => {
    const r = await scan("numbers", { from: "newest", count: "6" });
    expect(values(r.records)).toEqual(expected([...range(0, 8, 10), ...range(1, 8, 10), ...range(2, 8, 10)]));
    const uneven = await scan("numbers", { from: "newest", count: "4", partitions: "0,1,2" });
    expect(uneven.records).toHaveLength(4);
    for (const rec of uneven.records) expect(Number(rec.offset)).toBeGreaterThanOrEqual(8);
  });

  it("from an offset on every partition, and from offsets per partition", async () => {
    const all = await scan("numbers", { from: "offset", offset: "7" });
    expect(values(all.records)).toEqual(expected([...range(0, 7, 10), ...range(1, 7, 10), ...range(2, 7, 10)]));
    const per = await scan("numbers", { from: "offset", offsets: "0:5,2:8" });
    expect(values(per.records)).toEqual(expected([...range(0, 5, 10), ...range(2, 8, 10)]));
    expect(per.done.cursor).toBe("0:10,2:10");
    // An offset past the end is clamped to the end: nothing to read.
    const past = await scan("numbers", { from: "offset", offset: "999" });
    expect(past.records).toEqual([]);
  });

  it("from a timestamp (ListOffsets by time), as epoch ms or ISO-8601", async () => {
    const r = await scan("numbers", { from: "timestamp", timestamp: String(BASE_TS + 6000) });
    // Record 6 of partition 0 is exactly at the time; partitions 1 and 2 are 1 and 2 ms later.
    expect(values(r.records)).toEqual(expected([...range(0, 6, 10), ...range(1, 6, 10), ...range(2, 6, 10)]));
    const iso = await scan("numbers", { from: "timestamp", timestamp: new Date(BASE_TS + 8500).toISOString() });
    expect(values(iso.records)).toEqual(expected([...range(0, 9, 10), ...range(1, 9, 10), ...range(2, 9, 10)]));
    const future = await scan("numbers", { from: "timestamp", timestamp: String(BASE_TS + 10 * 60_000) });
    expect(future.records).toEqual([]);
  });

  it("a cursor continues exactly where max results stopped", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const reasons: string[] = [];
    for (let page = 0; page < 10; page++) {
      const r = await scan("numbers", cursor ? { cursor, limit: "7" } : { from: "oldest", limit: "7" });
      seen.push(...r.records.map((x) => x.value?.data ?? ""));
      reasons.push(r.done.reason);
      cursor = r.done.cursor;
      if (r.done.reason === "caught-up") break;
    }
    expect(reasons.slice(0, 4)).toEqual(["max-results", "max-results", "max-results", "max-results"]);
    expect(seen.sort()).toEqual(expected([...range(0, 0, 10), ...range(1, 0, 10), ...range(2, 0, 10)]));
  });
});

describe("end bounds and partitions", () => {
  it("stops at an end offset (exclusive) on every partition", async () => {
    const r = await scan("numbers", { from: "oldest", endOffset: "3" });
    expect(values(r.records)).toEqual(expected([...range(0, 0, 3), ...range(1, 0, 3), ...range(2, 0, 3)]));
    expect(r.done.reason).toBe("end-bound");
    expect(r.done.cursor).toBe("0:3,1:3,2:3");
  });

  it("stops at an end time", async () => {
    const r = await scan("numbers", { from: "offset", offset: "2", endTimestamp: String(BASE_TS + 4000) });
    // Partition 0's record 4 is at BASE_TS+4000 (in range); partitions 1 and 2's record 4 is later.
    expect(values(r.records)).toEqual(expected([...range(0, 2, 5), ...range(1, 2, 4), ...range(2, 2, 4)]));
    expect(r.done.reason).toBe("end-bound");
  });

  it("reads only the chosen partitions and refuses unknown ones", async () => {
    const r = await scan("numbers", { from: "oldest", partitions: "1" });
    expect(values(r.records)).toEqual(expected(range(1, 0, 10)));
    expect(r.done.partitions.map((p) => p.partition)).toEqual([1]);
    await expect(scan("numbers", { partitions: "7" })).rejects.toThrow(/no partition 7/);
  });

  it("answers NotFound for a topic that does not exist", async () => {
    await expect(scan("no-such-topic", {})).rejects.toMatchObject({ status: 404 });
  });
});

describe("decoding", () => {
  const envelope =
    '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"}],"optional":false,"name":"User"},' +
    '"payload":{"id":9223372036854775807,"name":"Ada"}}';

  beforeAll(async () => {
    await producer.send({
      topic: "decoding",
      messages: [
        { key: "connect", value: envelope, headers: { "content-type": "application/json" } },
        { key: '{"id":1}', value: '{"big":9223372036854775807,"small":42,"pi":3.14}' },
        { key: "text", value: "hello, wörld" },
        { key: Buffer.from([0, 0, 0, 42]), value: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), headers: { bin: Buffer.from([0xff, 0x00]), txt: "yes" } },
        { key: null, value: null },
      ],
    });
  });

  it("unwraps the Connect envelope with a struct schema, keeps JSON exact, shows text and binary", async () => {
    const r = await scan("decoding", { from: "oldest" });
    expect(r.records).toHaveLength(5);
    const [connect, json, text, binary, tombstone] = r.records as [WireRecord, WireRecord, WireRecord, WireRecord, WireRecord];

    expect(connect.value).toMatchObject({ encoding: "connect-json", data: '{"id":9223372036854775807,"name":"Ada"}' });
    expect(JSON.parse(connect.value?.schema ?? "null")).toMatchObject({ type: "struct", name: "User" });
    expect(connect.headers).toEqual([{ key: "content-type", value: "application/json", encoding: "text" }]);

    expect(json.key).toMatchObject({ encoding: "json", data: '{"id":1}' });
    expect(json.value?.encoding).toBe("json");
    const tree = payloadJson(json.value);
    expect(isJsonObject(tree) && tree.big).toEqual(new JsonBigNumber("9223372036854775807"));
    expect(isJsonObject(tree) && tree.small).toBe(42);
    // The exact integer also survives into the unwrapped Connect payload.
    const payload = payloadJson(connect.value);
    expect(isJsonObject(payload) && String(payload.id)).toBe("9223372036854775807");

    expect(text.value).toMatchObject({ encoding: "text", data: "hello, wörld", size: Buffer.byteLength("hello, wörld") });

    expect(binary.key).toMatchObject({ encoding: "base64", data: Buffer.from([0, 0, 0, 42]).toString("base64") });
    expect(binary.value).toMatchObject({ encoding: "base64", data: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]).toString("base64"), size: 5 });
    expect(binary.headers).toEqual(
      expect.arrayContaining([
        { key: "bin", value: "ff00", encoding: "hex" },
        { key: "txt", value: "yes", encoding: "text" },
      ]),
    );

    expect(tombstone.key).toBeNull();
    expect(tombstone.value).toBeNull();
  });

  it("forces an encoding per request and says when it does not fit", async () => {
    const r = await scan("decoding", { from: "oldest", keyEncoding: "hex", valueEncoding: "json" });
    const [connect, , text] = r.records as [WireRecord, WireRecord, WireRecord];
    expect(connect.key).toMatchObject({ encoding: "hex", data: Buffer.from("connect").toString("hex") });
    expect(connect.value?.encoding).toBe("json"); // the envelope is shown as it is
    expect(text.value).toMatchObject({ encoding: "text", data: "hello, wörld", error: "not valid JSON" });
  });

  it("cuts values over the limit and serves the whole record on its own", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    await producer.send({ topic: "large", messages: [{ key: "big", value: big }] });
    const r = await scan("large", { from: "oldest" });
    expect(r.records[0]?.value).toMatchObject({ encoding: "text", truncated: true, size: big.length });
    expect(r.records[0]?.value?.data).toHaveLength(1024 * 1024);
    const whole = await readRecord(clients, "large", 0, 0n, { keyEncoding: "auto", valueEncoding: "auto" });
    expect(whole.value?.data).toHaveLength(big.length);
    expect(whole.value?.truncated).toBeUndefined();
    await expect(readRecord(clients, "large", 0, 5n, { keyEncoding: "auto", valueEncoding: "auto" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("filters", () => {
  beforeAll(async () => {
    await producer.send({
      topic: "decoding",
      messages: [
        { key: "u1", value: '{"user":{"id":42,"name":"ann"},"amount":10.5}', headers: { source: "web" } },
        { key: "u2", value: '{"user":{"id":7,"name":"bob"},"amount":2000}', headers: { source: "batch" } },
        { key: "u3", value: '{"user":{"id":9223372036854775807,"name":"max"},"amount":1}' },
      ],
    });
  });

  it("no-code filters: text contains / not contains / header equals / JSON field conditions", async () => {
    const keys = async (filters: unknown[]) => (await scan("decoding", { from: "oldest", filters: JSON.stringify(filters) })).records.map((r) => r.key?.data);
    expect(await keys([{ type: "text", target: "value", op: "contains", value: "ANN" }])).toEqual(["u1"]);
    expect(await keys([{ type: "header", target: "header", header: "source", op: "equals", value: "batch" }].map((f) => ({ ...f, type: "text" })))).toEqual(["u2"]);
    expect(await keys([{ type: "field", target: "value", path: "user.id", op: "==", value: "42" }])).toEqual(["u1"]);
    expect(await keys([{ type: "field", target: "value", path: "user.id", op: "==", value: "9223372036854775807" }])).toEqual(["u3"]);
    expect(await keys([{ type: "field", target: "value", path: "amount", op: ">", value: "100" }])).toEqual(["u2"]);
    expect(await keys([{ type: "field", target: "value", path: "user.name", op: "exists" }])).toEqual(["u1", "u2", "u3"]);
    expect(
      await keys([
        { type: "field", target: "value", path: "user", op: "exists" },
        { type: "text", target: "value", op: "not-contains", value: "bob" },
      ]),
    ).toEqual(["u1", "u3"]);
    const q = await scan("decoding", { from: "oldest", q: "wörld" });
    expect(q.records.map((r) => r.key?.data)).toEqual(["text"]);
    expect(q.done.scanned).toBe(8);
    expect(q.done.matched).toBe(1);
  });

  it("CEL expressions see JSON values with exact integers, headers and record metadata", async () => {
    const keys = async (expression: string) => {
      const r = await scan("decoding", { from: "oldest", filters: JSON.stringify([{ type: "cel", expression }]) });
      return { keys: r.records.map((x) => x.key?.data), done: r.done };
    };
    expect((await keys("has(value.user) && value.user.id == 42")).keys).toEqual(["u1"]);
    expect((await keys("has(value.user) && value.user.id == 9223372036854775807")).keys).toEqual(["u3"]);
    expect((await keys('headers["source"] == "web" || keyText == "u3"')).keys).toEqual(["u1", "u3"]);
    expect((await keys('valueText.contains("wörld") && partition == 0 && offset == 2')).keys).toEqual(["text"]);
    expect((await keys('has(value.payload) || value.id == 9223372036854775807')).keys).toEqual(["connect"]);
    expect((await keys('has(valueSchema.name) && valueSchema.name == "User"')).keys).toEqual(["connect"]);
    // Records where the expression fails (no such field) do not match and are counted.
    const failing = await keys("value.user.id > 10");
    expect(failing.keys).toEqual(["u1", "u3"]);
    expect(failing.done.filterErrors).toBeGreaterThan(0);
    expect(failing.done.firstFilterError).toMatch(/No such key|no such overload/i);
  });

  it("an invalid expression is refused before the scan starts", async () => {
    await expect(scan("decoding", { filters: JSON.stringify([{ type: "cel", expression: "value.user.id ==" }]) })).rejects.toMatchObject({ status: 400 });
    await expect(scan("decoding", { filters: JSON.stringify([{ type: "cel", expression: "nope == 1" }]) })).rejects.toThrow(/nope/);
    await expect(scan("decoding", { filters: JSON.stringify([{ type: "cel", expression: 'valueText.matches("(a+)+$")' }]) })).rejects.toThrow(/nested repetition/);
  });
});

describe("live tail and cancellation", () => {
  it("receives records produced after it started, until cancelled", async () => {
    const controller = new AbortController();
    const s = await openScan(clients, "tail", scanQuerySchema.parse({ from: "end", live: "true" }), controller.signal, { maxWaitMs: 200 });
    const received: WireRecord[] = [];
    let done: ScanDone | undefined;
    let started = false;
    const reading = (async () => {
      for await (const event of s.events()) {
        if (event.type === "progress") started = true;
        if (event.type === "records") received.push(...event.records);
        if (event.type === "done") done = event.done;
      }
    })();
    await waitFor(() => started, { message: "the live scan to start" });
    for (let i = 0; i < 5; i++) await producer.send({ topic: "tail", messages: [{ partition: i % 2, value: `live-${i}` }] });
    await waitFor(() => received.length >= 5, { message: "5 live records" });
    expect(received.map((r) => r.value?.data).sort()).toEqual(["live-0", "live-1", "live-2", "live-3", "live-4"]);
    controller.abort();
    await reading;
    expect(done?.reason).toBe("cancelled");
    expect(done?.cursor).toBe("0:3,1:2");
  });

  it("cancelling releases its connections and leaves no consumer group behind", async () => {
    await clients.admin(); // the shared admin's connections are part of the baseline
    const baseline = await waitFor(() => tb.broker.connectionCount, { message: "a connection count" });
    const controller = new AbortController();
    const s = await openScan(clients, "tail", scanQuerySchema.parse({ from: "oldest", live: "true" }), controller.signal, { maxWaitMs: 5_000 });
    const events = s.events();
    await events.next(); // the first progress event: the scan is running
    expect(tb.broker.connectionCount).toBeGreaterThan(baseline);
    const pending = events.next(); // parked in a long-poll Fetch
    controller.abort();
    let last = await pending;
    while (!last.done && last.value.type !== "done") last = await events.next();
    expect(!last.done && last.value.type === "done" && last.value.done.reason).toBe("cancelled");
    await waitFor(() => tb.broker.connectionCount <= baseline, { message: `connections back to ${baseline}` });
    const { groups } = await (await clients.admin()).listGroups();
    expect(groups).toEqual([]);
  });

  it("a scan opened but never read is released by close()", async () => {
    const baseline = tb.broker.connectionCount;
    const s = await openScan(clients, "numbers", scanQuerySchema.parse({}));
    await s.close();
    await waitFor(() => tb.broker.connectionCount <= baseline, { message: "connections released" });
  });
});

describe("produce", () => {
  it("writes key, value, headers to a chosen partition, and tombstones", async () => {
    const written = await produceRecord(clients, "tail", {
      partition: 1,
      key: { encoding: "text", data: "order-1" },
      value: { encoding: "json", data: '{"n":9223372036854775807}' },
      headers: [
        { key: "h", value: "v" },
        { key: "b", value: "00ff", encoding: "hex" },
      ],
    });
    expect(written.partition).toBe(1);
    const record = await readRecord(clients, "tail", 1, BigInt(written.offset), { keyEncoding: "auto", valueEncoding: "auto" });
    expect(record.key?.data).toBe("order-1");
    expect(record.value).toMatchObject({ encoding: "json", data: '{"n":9223372036854775807}' });
    expect(record.headers).toEqual([
      { key: "h", value: "v", encoding: "text" },
      { key: "b", value: "00ff", encoding: "hex" },
    ]);
    const tombstone = await produceRecord(clients, "tail", { key: { data: "order-1" }, value: null });
    const t = await readRecord(clients, "tail", tombstone.partition, BigInt(tombstone.offset), { keyEncoding: "auto", valueEncoding: "auto" });
    expect(t.value).toBeNull();
    const auto = await produceRecord(clients, "tail", { value: { encoding: "connect-json", data: "42", schema: '{"type":"int64"}' } });
    const a = await readRecord(clients, "tail", auto.partition, BigInt(auto.offset), { keyEncoding: "auto", valueEncoding: "auto" });
    expect(a.value).toMatchObject({ encoding: "connect-json", data: "42", schema: '{"type":"int64"}' });
  });

  it("refuses bad JSON and a partition the topic does not have", async () => {
    await expect(produceRecord(clients, "tail", { value: { encoding: "json", data: "{nope" } })).rejects.toMatchObject({ status: 400 });
    await expect(produceRecord(clients, "tail", { partition: 9, value: { data: "x" } })).rejects.toThrow(/has 2 partitions/);
  });
});
