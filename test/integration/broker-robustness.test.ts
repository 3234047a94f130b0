// The embedded broker against clients that misbehave: malformed frames, unknown keys and versions,
// garbled bodies, silent and idle sockets, thousands of connections, and a seeded fuzzer. Whatever a
// client sends costs at most its own connection; everyone else keeps being served.
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { Logger } from "../../server/broker/util/logger";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { kafkajsRequestBody } from "../harness/kafkajs-protocol";
import { RawConnection, requestFrame } from "../harness/raw-kafka";
import { waitFor } from "../harness/wait-for";

const API_VERSIONS = 18;
const METADATA = 3;
const PRODUCE = 0;
const UNSUPPORTED_VERSION = 35;
const CORRUPT_MESSAGE = 2;

interface LogEntry {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/** A broker logger that keeps what it is told, so tests can check why a connection was closed. */
function capturingLogger(entries: LogEntry[]): Logger {
  const logger: Logger = {
    debug: (msg, fields) => void entries.push({ level: "debug", msg, fields }),
    info: (msg, fields) => void entries.push({ level: "info", msg, fields }),
    warn: (msg, fields) => void entries.push({ level: "warn", msg, fields }),
    error: (msg, fields) => void entries.push({ level: "error", msg, fields }),
    child: () => logger,
  };
  return logger;
}

/** Request failures other than a malformed request: a handler or decoder threw something unexpected. */
const unexpectedFailures = (entries: LogEntry[]) => entries.filter((e) => e.level === "error");

/** Decodes an ApiVersions response body in its v0 layout (also used for the v1+ prefix). */
function decodeApiVersions(body: Buffer): { errorCode: number; apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] } {
  const errorCode = body.readInt16BE(0);
  const n = body.readInt32BE(2);
  const apiKeys = Array.from({ length: n }, (_, i) => ({
    apiKey: body.readInt16BE(6 + i * 6),
    minVersion: body.readInt16BE(8 + i * 6),
    maxVersion: body.readInt16BE(10 + i * 6),
  }));
  return { errorCode, apiKeys };
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0, 0);
  return b;
}

/** A kafkajs producer and consumer round trip on a fresh topic: the broker still serves real clients. */
async function roundTrip(kafka: Kafka, topic: string, count = 50): Promise<void> {
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `${topic}-group`, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  try {
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? "") });
    await waitFor(() => seen.length >= count, { timeoutMs: 15_000, message: `${count} records consumed from ${topic}` });
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => `v${i}`));
  } finally {
    await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
  }
}

describe("embedded broker against malformed frames and misbehaving clients", () => {
  const MAX_REQUEST_BYTES = 1024 * 1024;
  const logs: LogEntry[] = [];
  let tb: TestBroker;
  const port = () => tb.broker.port;

  beforeAll(async () => {
    tb = await startTestBroker({ maxRequestBytes: MAX_REQUEST_BYTES, logger: capturingLogger(logs) });
  });
  afterAll(async () => {
    await tb?.close();
  });

  async function open(): Promise<RawConnection> {
    const c = await RawConnection.open(port());
    onTestFinished(() => c.destroy());
    return c;
  }

  /** The broker answers ApiVersions on a fresh connection: it is alive and serving. */
  async function expectServing(): Promise<void> {
    const c = await open();
    const res = decodeApiVersions(await c.request(API_VERSIONS, 2, Buffer.alloc(0)));
    expect(res.errorCode).toBe(0);
    c.destroy();
  }

  const closeReasons = () => logs.filter((e) => e.msg.startsWith("closing connection")).map((e) => e.msg);

  it("drops a truncated frame when the client closes, and keeps serving", async () => {
    const before = tb.broker.connectionCount;
    const full = requestFrame(METADATA, 1, 7, int32(-1));
    for (const cut of [2, 4, 9, full.length - 1]) {
      const c = await open();
      c.write(full.subarray(0, cut));
      c.socket.end();
      expect(await c.waitClosed(5000)).toBe(true);
      expect(c.responses).toEqual([]);
    }
    // Cut mid-frame by a reset rather than a clean close.
    const r = await open();
    r.write(full.subarray(0, 12));
    r.socket.resetAndDestroy();
    await waitFor(() => tb.broker.connectionCount === before, { timeoutMs: 5000, message: "the broker to let go of the truncated connections" });
    await expectServing();
    expect(unexpectedFailures(logs)).toEqual([]);
  });

  it("closes a connection whose size prefix is negative, too small or over socket.request.max.bytes", async () => {
    for (const size of [-1, -2147483648, 0, 7, MAX_REQUEST_BYTES + 1, 2147483647]) {
      const c = await open();
      // Only the prefix and a few bytes: the broker must decide on the prefix, not wait for (or allocate) the body.
      c.write(Buffer.concat([int32(size), Buffer.from([0, 18, 0, 0])]));
      expect(await c.waitClosed(5000), `size ${size}`).toBe(true);
      expect(c.responses).toEqual([]);
    }
    expect(closeReasons()).toEqual(expect.arrayContaining(["closing connection: malformed frame size", "closing connection: request larger than socket.request.max.bytes"]));
    await expectServing();
  });

  it("closes a connection that uses an unknown API key, after answering what came before it", async () => {
    const served = decodeApiVersions(await (await open()).request(API_VERSIONS, 2, Buffer.alloc(0))).apiKeys.map((k) => k.apiKey);
    for (const apiKey of [-1, 17, 57, 1000, 32767].filter((k) => !served.includes(k))) {
      const c = await open();
      // Pipelined: a valid request first, then the unknown key in the same write.
      c.write(Buffer.concat([requestFrame(API_VERSIONS, 2, 1, Buffer.alloc(0)), requestFrame(apiKey, 0, 2, Buffer.alloc(0))]));
      expect(await c.waitClosed(5000), `key ${apiKey}`).toBe(true);
      expect(c.responses.map((r) => r.correlationId)).toEqual([1]);
    }
    expect(closeReasons()).toContain("closing connection: unknown API key");
    await expectServing();
  });

  it("closes a connection that asks for an unsupported version", async () => {
    for (const [apiKey, version] of [
      [METADATA, 7],
      [METADATA, -1],
      [PRODUCE, 2],
      [PRODUCE, 9],
      [1, 12],
    ] as const) {
      const c = await open();
      c.write(requestFrame(apiKey, version, 3, int32(-1)));
      expect(await c.waitClosed(5000), `key ${apiKey} v${version}`).toBe(true);
      expect(c.responses).toEqual([]);
    }
    expect(closeReasons()).toContain("closing connection: unsupported API version");
    await expectServing();
  });

  it("closes a connection that sends a known API with a garbled body", async () => {
    const produceBody = await kafkajsRequestBody("produce", 7, {
      acks: 1,
      timeout: 1000,
      compression: 0,
      topicData: [{ topic: "garbled", partitions: [{ partition: 0, firstSequence: 0, messages: [{ key: "k", value: "v", timestamp: 1_700_000_000_000 }] }] }],
    });
    const bodies: [apiKey: number, version: number, body: Buffer][] = [
      [METADATA, 6, int32(5)], // five topic names promised, none sent
      [METADATA, 1, Buffer.from([0, 0, 0, 1, 0x7f, 0xff, 0x61])], // a string longer than the frame
      [PRODUCE, 7, produceBody.subarray(0, produceBody.length - 20)], // records cut short
      [PRODUCE, 7, Buffer.from("this is not a produce request")],
      [11, 5, Buffer.from([0, 3, 0x67])], // JoinGroup: group id cut short
      [19, 3, int32(0x7fffffff)], // CreateTopics: an absurd array count
    ];
    for (const [apiKey, version, body] of bodies) {
      const c = await open();
      c.write(requestFrame(apiKey, version, 4, body));
      expect(await c.waitClosed(5000), `key ${apiKey} v${version}`).toBe(true);
      expect(c.responses).toEqual([]);
    }
    expect(closeReasons().filter((m) => m.startsWith("closing connection: malformed request")).length).toBeGreaterThanOrEqual(bodies.length);
    expect(unexpectedFailures(logs)).toEqual([]);
    await expectServing();
  });

  it("answers a well-formed Produce whose records are not a valid record batch with CORRUPT_MESSAGE", async () => {
    const admin = tb.kafka().admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic: "corrupt-records", numPartitions: 1 }] });
    const batch = (magic: number) => {
      const b = Buffer.alloc(70);
      b.writeInt32BE(b.length - 12, 8); // batchLength
      b.writeInt8(magic, 16);
      b.writeUInt32BE(0xdeadbeef, 17); // a CRC that does not match
      return b;
    };
    const c = await open();
    for (const records of [batch(2), batch(1), Buffer.alloc(30), Buffer.alloc(0)]) {
      const topic = Buffer.from("corrupt-records");
      const body = Buffer.concat([
        Buffer.from([0xff, 0xff]), // transactional id: null
        Buffer.from([0, 1]), // acks 1
        int32(1000),
        int32(1),
        Buffer.from([0, topic.length]),
        topic,
        int32(1),
        int32(0), // partition 0
        int32(records.length),
        records,
      ]);
      const res = await c.request(PRODUCE, 7, body);
      // topics[1] { name, partitions[1] { index, errorCode … } }
      const errorCode = res.readInt16BE(4 + 2 + topic.length + 4 + 4);
      expect(errorCode, res.toString("hex")).toBe(CORRUPT_MESSAGE);
    }
    expect(c.closed).toBe(false);
    expect(await admin.fetchTopicOffsets("corrupt-records")).toEqual([{ partition: 0, offset: "0", high: "0", low: "0" }]);
  });

  it("answers ApiVersions v3 (kcat's first request) with UNSUPPORTED_VERSION and the v0 list", async () => {
    const c = await open();
    const v2 = decodeApiVersions(await c.request(API_VERSIONS, 2, Buffer.alloc(0)));
    // v3 uses request header v2 (client id, then tagged fields) and compact strings in the body.
    const compact = (s: string) => Buffer.concat([Buffer.from([s.length + 1]), Buffer.from(s)]);
    const v3Body = Buffer.concat([Buffer.from([0]), compact("librdkafka"), compact("2.0.2"), Buffer.from([0])]);
    const body = await c.request(API_VERSIONS, 3, v3Body, { correlationId: 77 });
    const v0 = decodeApiVersions(body);
    expect(v0.errorCode).toBe(UNSUPPORTED_VERSION);
    expect(v0.apiKeys).toEqual(v2.apiKeys);
    expect(body.length).toBe(2 + 4 + 6 * v0.apiKeys.length); // v0 layout: no throttle time, no tagged fields
    expect(v0.apiKeys.find((k) => k.apiKey === API_VERSIONS)).toEqual({ apiKey: API_VERSIONS, minVersion: 0, maxVersion: 2 });
    // The client retries on the same connection, which stays open.
    expect(decodeApiVersions(await c.request(API_VERSIONS, 2, Buffer.alloc(0))).errorCode).toBe(0);
  });

  it("keeps serving kafkajs with 2,000 idle connections open", { timeout: 60_000 }, async () => {
    // Earlier tests' clients are gone once the broker has seen their sockets close.
    await waitFor(() => tb.broker.connectionCount === 0, { timeoutMs: 5000, message: "earlier connections to close" });
    const idle: RawConnection[] = [];
    onTestFinished(() => idle.forEach((c) => c.destroy()));
    // In waves, so the listen backlog never overflows into SYN retries.
    for (let i = 0; i < 2000; i += 200) {
      idle.push(...(await Promise.all(Array.from({ length: 200 }, () => RawConnection.open(port(), "127.0.0.1", 10_000)))));
    }
    // The accept queue overflows on a burst like this; the kernel retries the handshakes within seconds.
    await waitFor(() => tb.broker.connectionCount >= 2000, { timeoutMs: 20_000, message: "the broker to accept 2,000 connections" });
    await roundTrip(tb.kafka(), "with-idle-crowd");
    expect(idle.filter((c) => c.closed)).toHaveLength(0);
    for (const c of idle) c.destroy();
    await waitFor(() => tb.broker.connectionCount === 0, { timeoutMs: 10_000, message: "the broker to release the idle connections" });
  });
});

describe("embedded broker closing idle connections", () => {
  it("closes a silent connection and a half-sent frame after idleTimeoutMs while serving an active one", async () => {
    const idleTimeoutMs = 300;
    const logs: LogEntry[] = [];
    const tb = await startTestBroker({ idleTimeoutMs, logger: capturingLogger(logs) });
    onTestFinished(() => tb.close());
    // The broker's idle clock starts at its accept, a moment before our connect event.
    const [silent, halfFrame, active] = await Promise.all([1, 2, 3].map(() => RawConnection.open(tb.broker.port)));
    const openedAt = Date.now();
    onTestFinished(() => [silent, halfFrame, active].forEach((c) => c?.destroy()));
    if (!silent || !halfFrame || !active) throw new Error("connections did not open");
    halfFrame.write(Buffer.from([0, 0]));

    // The active client talks back to back until both others are gone (bounded).
    let answered = 0;
    const deadline = Date.now() + 10_000;
    while (!(silent.closed && halfFrame.closed) && Date.now() < deadline) {
      await active.request(API_VERSIONS, 2, Buffer.alloc(0));
      answered++;
    }
    expect(silent.closed && halfFrame.closed).toBe(true);
    // Timers may fire a little early relative to our clock; well before would be wrong.
    expect((silent.closedAt ?? 0) - openedAt).toBeGreaterThanOrEqual(idleTimeoutMs - 50);
    expect((halfFrame.closedAt ?? 0) - openedAt).toBeGreaterThanOrEqual(idleTimeoutMs - 50);
    expect(active.closed).toBe(false);
    expect(answered).toBeGreaterThan(0);
    expect(logs.filter((e) => e.msg === "closing connection: idle connection closed")).toHaveLength(2);
  });
});

// ---- fuzzing ----

/** xorshift32: tiny, fast and reproducible from one printed seed. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

interface Seed {
  apiKey: number;
  version: number;
  body: Buffer;
}

/**
 * Valid request bodies as kafkajs encodes them, for the mutator to start from. CreateTopics and
 * CreatePartitions are left out: a mutated count of up to 10,000 partitions is a legal request that
 * takes the broker seconds of file creation, which says nothing about robustness and blows the budget.
 */
async function seedCorpus(topic: string, groupId: string): Promise<Seed[]> {
  const ts = 1_700_000_000_000;
  const messages = [
    { key: "k1", value: "v1", timestamp: String(ts), headers: { h: "x" } },
    { key: null, value: "v2", timestamp: String(ts + 1) },
  ];
  const assignment = Buffer.from([0, 0, 0, 0, 0, 1, 0, 4, 0x66, 0x75, 0x7a, 0x7a, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  // deleteGroups takes its array of group ids bare.
  const specs: [api: string, apiKey: number, versions: number[], args: Record<string, unknown> | string[]][] = [
    ["produce", 0, [3, 7], { acks: 1, timeout: 1000, compression: 0, topicData: [{ topic, partitions: [{ partition: 0, firstSequence: 0, messages }] }] }],
    ["produce", 0, [7], { acks: -1, timeout: 1000, compression: 1, topicData: [{ topic, partitions: [{ partition: 1, firstSequence: 0, messages }] }] }],
    ["fetch", 1, [4, 11], { replicaId: -1, maxWaitTime: 20, minBytes: 1, maxBytes: 100_000, topics: [{ topic, partitions: [{ partition: 0, fetchOffset: "0", maxBytes: 50_000 }, { partition: 1, fetchOffset: "1", maxBytes: 50_000 }] }] }],
    ["listOffsets", 2, [1, 3], { replicaId: -1, isolationLevel: 1, topics: [{ topic, partitions: [{ partition: 0, timestamp: -1 }, { partition: 1, timestamp: ts }] }] }],
    ["metadata", 3, [1, 4, 6], { topics: [topic, "fuzz-other"], allowAutoTopicCreation: false }],
    ["offsetCommit", 8, [2, 5], { groupId, groupGenerationId: -1, memberId: "", retentionTime: -1, topics: [{ topic, partitions: [{ partition: 0, offset: "1" }] }] }],
    ["offsetFetch", 9, [1, 4], { groupId, topics: [{ topic, partitions: [{ partition: 0 }, { partition: 1 }] }] }],
    ["findCoordinator", 10, [0, 2], { groupId, coordinatorKey: groupId, coordinatorType: 0 }],
    ["joinGroup", 11, [2, 5], { groupId, sessionTimeout: 6000, rebalanceTimeout: 200, memberId: "", protocolType: "consumer", groupProtocols: [{ name: "RoundRobinAssigner", metadata: Buffer.from([0, 1, 0, 0, 0, 1, 0, 4, 0x66, 0x75, 0x7a, 0x7a, 0, 0, 0, 0]) }] }],
    ["heartbeat", 12, [0, 3], { groupId, groupGenerationId: 1, memberId: "member-1" }],
    ["leaveGroup", 13, [0], { groupId, memberId: "member-1" }],
    ["leaveGroup", 13, [3], { groupId, members: [{ memberId: "member-1", groupInstanceId: null }] }],
    ["syncGroup", 14, [0, 3], { groupId, generationId: 1, memberId: "member-1", groupAssignment: [{ memberId: "member-1", memberAssignment: assignment }] }],
    ["describeGroups", 15, [0, 2], { groupIds: [groupId, "fuzz-none"] }],
    ["listGroups", 16, [0, 2], {}],
    ["apiVersions", 18, [0, 2], {}],
    ["deleteTopics", 20, [0, 1], { topics: ["fuzz-doomed"], timeout: 1000 }],
    ["deleteRecords", 21, [0, 1], { topics: [{ topic, partitions: [{ partition: 1, offset: "1" }] }], timeout: 1000 }],
    ["initProducerId", 22, [0, 1], { transactionalId: null, transactionTimeout: 1000 }],
    ["describeConfigs", 32, [0, 2], { resources: [{ type: 2, name: topic, configNames: ["retention.ms", "cleanup.policy"] }, { type: 4, name: "1", configNames: ["log.retention.ms"] }], includeSynonyms: true }],
    ["alterConfigs", 33, [0, 1], { validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: "retention.ms", value: "86400000" }] }] }],
    ["deleteGroups", 42, [0, 1], ["fuzz-none"]],
  ];
  const out: Seed[] = [];
  for (const [api, apiKey, versions, args] of specs) {
    for (const version of versions) out.push({ apiKey, version, body: await kafkajsRequestBody(api, version, args as Record<string, unknown>) });
  }
  return out;
}

const INT32S = [-1, 0, 1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 1_000_000, -2];
const INT16S = [-1, 0, 1, 0x7fff, -0x8000, 0xff, -2];

/** A random frame or a mutation of a valid one. */
function fuzzFrame(rand: () => number, corpus: Seed[], correlationId: number): Buffer {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  if (rand() < 0.2) {
    const body = Buffer.alloc(int(300));
    for (let i = 0; i < body.length; i++) body[i] = int(256);
    const apiKey = rand() < 0.7 ? pick(corpus).apiKey : int(100) - 2;
    return requestFrame(apiKey, int(16) - 1, correlationId, body);
  }
  const seed = pick(corpus);
  const frame = requestFrame(seed.apiKey, seed.version, correlationId, seed.body);
  // Mutate the body only (the header reaches the decoder) most of the time, header and all otherwise.
  const from = rand() < 0.8 ? frame.length - seed.body.length : 4;
  let bytes = Buffer.from(frame.subarray(4));
  const start = from - 4;
  const at = () => start + int(Math.max(1, bytes.length - start));
  for (let n = 1 + int(3); n > 0; n--) {
    switch (int(8)) {
      case 0:
        for (let k = 1 + int(8); k > 0 && bytes.length > start; k--) {
          const i = at();
          bytes[i] = (bytes[i] ?? 0) ^ (1 << int(8));
        }
        break;
      case 1:
        if (bytes.length >= start + 4) bytes.writeInt32BE(pick(INT32S) | 0, Math.min(at(), bytes.length - 4));
        break;
      case 2:
        if (bytes.length >= start + 2) bytes.writeInt16BE(pick(INT16S), Math.min(at(), bytes.length - 2));
        break;
      case 3: {
        const i = at();
        const junk = Buffer.from(Array.from({ length: 1 + int(16) }, () => int(256)));
        bytes = Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(i)]);
        break;
      }
      case 4: {
        const i = at();
        bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1 + int(16))]);
        break;
      }
      case 5:
        bytes = bytes.subarray(0, at());
        break;
      case 6: {
        const i = at();
        const j = Math.min(bytes.length, i + 1 + int(32));
        bytes = Buffer.concat([bytes.subarray(0, j), bytes.subarray(i, j), bytes.subarray(j)]);
        break;
      }
      case 7: {
        const other = pick(corpus).body;
        bytes = Buffer.concat([bytes.subarray(0, at()), other.subarray(int(other.length))]);
        break;
      }
    }
  }
  // Mostly a truthful size prefix; sometimes a lie in either direction.
  let size = bytes.length;
  if (rand() < 0.05) size = Math.max(0, size + int(64) - 32);
  return Buffer.concat([int32(size), bytes]);
}

describe("embedded broker under fuzzing", () => {
  it("survives thousands of random and mutated frames and still serves kafkajs", { timeout: 60_000 }, async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
    console.log(`fuzz seed ${seed} (replay the frames with FUZZ_SEED=${seed}; the interleaving of connections is not replayed)`);
    const rand = xorshift32(seed);
    const logs: LogEntry[] = [];
    const tb = await startTestBroker({ logger: capturingLogger(logs) });
    onTestFinished(() => tb.close());
    const port = tb.broker.port;
    const topic = "fuzz";
    const groupId = "fuzz-group";

    const kafka = tb.kafka();
    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: "fuzz-doomed", numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `seed-${i}` })) });
    const corpus = await seedCorpus(topic, groupId);
    const baseline = tb.broker.connectionCount;

    const FRAMES = 10_000;
    const WORKERS = 32;
    const ANSWER_WAIT_MS = 250;
    const stats = { frames: 0, answered: 0, closedByBroker: 0, unanswered: 0 };
    let next = 0;
    let correlation = 0;
    let fuzzing = true;
    const sockets = new Set<RawConnection>();
    const openRaw = async () => {
      const c = await RawConnection.open(port);
      sockets.add(c);
      return c;
    };

    const worker = async () => {
      let c = await openRaw();
      while (next < FRAMES) {
        // A burst of 1–4 frames pipelined in one write, or a single one.
        const burst = rand() < 0.2 ? 1 + Math.floor(rand() * 4) : 1;
        const frames = Array.from({ length: Math.min(burst, FRAMES - next) }, () => fuzzFrame(rand, corpus, ++correlation));
        next += frames.length;
        stats.frames += frames.length;
        const before = c.responses.length;
        c.write(Buffer.concat(frames));
        const outcome = await c.next(() => c.responses.length >= before + frames.length, ANSWER_WAIT_MS);
        if (outcome === "closed") stats.closedByBroker++;
        else if (outcome === "timeout") stats.unanswered++;
        else stats.answered += frames.length;
        if (outcome !== "timeout" && !c.closed) continue;
        // Closed by the broker, or parked (a long-poll Fetch, a JoinGroup waiting for a rebalance, a size prefix promising more): start afresh.
        c.destroy();
        sockets.delete(c);
        c = await openRaw();
      }
      c.destroy();
      sockets.delete(c);
    };

    // A well-behaved client on its own connection the whole time: the fuzz must never stall it. A
    // request left unanswered past its deadline fails the test; latencies are printed, not asserted.
    const latencies: number[] = [];
    const probe = async () => {
      const c = await openRaw();
      const metadata = await kafkajsRequestBody("metadata", 1, { topics: [topic] });
      while (fuzzing) {
        const t0 = Date.now();
        await c.request(METADATA, 1, metadata, { timeoutMs: 10_000 });
        latencies.push(Date.now() - t0);
      }
      c.destroy();
    };

    const started = Date.now();
    const probing = probe();
    await Promise.all(Array.from({ length: WORKERS }, worker));
    fuzzing = false;
    await probing;
    const elapsed = Date.now() - started;
    console.log(`fuzz: ${JSON.stringify({ seed, ...stats, ms: elapsed, probeRequests: latencies.length, probeMaxMs: Math.max(...latencies) })}`);

    expect(stats.frames).toBe(FRAMES);
    expect(stats.closedByBroker, "malformed frames are refused").toBeGreaterThan(0);
    expect(stats.answered, "mutations that stay valid are answered").toBeGreaterThan(0);
    expect(latencies.length, `seed ${seed}: the probe connection was answered throughout`).toBeGreaterThan(0);
    const failures = unexpectedFailures(logs).map((e) => `${e.msg} ${JSON.stringify(e.fields)}`);
    expect(failures, `seed ${seed}: requests that failed other than as malformed`).toEqual([]);

    for (const c of sockets) c.destroy();
    await waitFor(() => tb.broker.connectionCount <= baseline, { timeoutMs: 10_000, message: "the broker to release the fuzz connections" });
    await roundTrip(kafka, "after-fuzz");

    // Whatever the mutations appended, deleted or reconfigured, the fuzzed topic still reads end to end.
    const offsets = await admin.fetchTopicOffsets(topic);
    const expected = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    const consumer = kafka.consumer({ groupId: "fuzz-reader", sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await consumer.connect();
    onTestFinished(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    let read = 0;
    await consumer.run({ eachMessage: async () => void read++ });
    await waitFor(() => read >= expected, { timeoutMs: 15_000, message: `${expected} records read back from the fuzzed topic (seed ${seed})` });
    expect(read).toBe(expected);
  });
});
