import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDefinition, RequestHeader } from "../api";
import { ErrorCode } from "../protocol/error-codes";
import { Reader } from "../protocol/reader";
import { Writer } from "../protocol/writer";
import { systemClock } from "../util/clock";
import { silentLogger } from "../util/logger";
import { createGroupCoordinator, type GroupCoordinatorHandle } from "./coordinator";
import { waitFor } from "../../../test/harness/wait-for";

// kafkajs's Broker class (one broker connection pool) is internal and untyped: just what we call.
type Json = Record<string, unknown>;
interface KafkajsBroker {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(args: { groupId: string; coordinatorType?: number }): Promise<Json>;
  joinGroup(args: {
    groupId: string;
    sessionTimeout: number;
    rebalanceTimeout: number;
    memberId?: string;
    protocolType?: string;
    groupProtocols: { name: string; metadata: Buffer }[];
  }): Promise<{ generationId: number; groupProtocol: string; leaderId: string; memberId: string; members: { memberId: string; memberMetadata: Buffer }[] }>;
  syncGroup(args: { groupId: string; generationId: number; memberId: string; groupAssignment: { memberId: string; memberAssignment: Buffer }[] }): Promise<{
    memberAssignment: Buffer;
  }>;
  heartbeat(args: { groupId: string; groupGenerationId: number; memberId: string }): Promise<Json>;
  leaveGroup(args: { groupId: string; memberId: string }): Promise<Json>;
  offsetCommit(args: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string; metadata?: string | null }[] }[];
  }): Promise<Json>;
  offsetFetch(args: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string; metadata: string | null }[] }[];
  }>;
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  describeGroups(args: { groupIds: string[] }): Promise<{
    groups: { groupId: string; state: string; protocolType: string; protocol: string; members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[] }[];
  }>;
  deleteGroups(groupIds: string[]): Promise<{ results: { groupId: string; errorCode: number }[] }>;
}

const load = async <T>(specifier: string): Promise<T> => (await import(/* @vite-ignore */ specifier)) as T;

/** Frames Kafka requests on a TCP port and dispatches them to the group APIs, one at a time per connection as Kafka does. */
async function serve(apis: ApiDefinition[]) {
  const byKey = new Map(apis.map((a) => [a.key, a]));
  const received: { apiKey: number; clientId: string | null }[] = [];
  const sockets = new Map<net.Socket, string | null>();
  let nextConnection = 0;
  const server = net.createServer((socket) => {
    sockets.set(socket, null);
    const connectionId = ++nextConnection;
    const closed = new AbortController();
    let pending = Buffer.alloc(0);
    let queue = Promise.resolve();
    const handle = async (frame: Buffer) => {
      const r = new Reader(frame);
      const header: RequestHeader = { apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32(), clientId: r.nullableString() };
      const api = byKey.get(header.apiKey);
      if (!api) throw new Error(`no api ${header.apiKey}`);
      const req = api.decodeRequest(r, header.apiVersion);
      const res = api.handle(req, { header, connectionId, remoteAddress: socket.remoteAddress ?? "", signal: closed.signal });
      received.push({ apiKey: header.apiKey, clientId: header.clientId });
      sockets.set(socket, header.clientId);
      const body = await res;
      if (body === null || socket.destroyed) return;
      const w = new Writer();
      w.int32(0).int32(header.correlationId);
      api.encodeResponse(w, header.apiVersion, body);
      const out = w.toBuffer();
      out.writeInt32BE(out.length - 4, 0);
      socket.write(out);
    };
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < 4 + size) break;
        const frame = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        queue = queue.then(() => handle(frame)).catch(() => void socket.destroy());
      }
    });
    socket.on("close", () => {
      sockets.delete(socket);
      closed.abort();
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const versions = Object.fromEntries(apis.map((a) => [a.key, { minVersion: a.minVersion, maxVersion: a.maxVersion }]));
  return {
    port: address.port,
    versions,
    received,
    /** Cuts a client's connections as a crash or network failure would. */
    drop(clientId: string) {
      for (const [s, c] of sockets) if (c === clientId) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets.keys()) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let dataDir: string;
let coordinator: GroupCoordinatorHandle;
let server: Awaited<ReturnType<typeof serve>>;
const clients: KafkajsBroker[] = [];

async function client(clientId: string): Promise<KafkajsBroker> {
  const Broker = await load<{ default: new (o: Json) => KafkajsBroker }>("kafkajs/src/broker/index.js");
  const ConnectionPool = await load<{ default: new (o: Json) => unknown }>("kafkajs/src/network/connectionPool.js");
  const socketFactory = await load<{ default: () => unknown }>("kafkajs/src/network/socketFactory.js");
  const loggers = await load<{ createLogger(o: Json): unknown; LEVELS: { NOTHING: number } }>("kafkajs/src/loggers/index.js");
  const logger = loggers.createLogger({ level: loggers.LEVELS.NOTHING, logCreator: () => () => {} });
  const connectionPool = new ConnectionPool.default({
    host: "127.0.0.1",
    port: server.port,
    logger,
    clientId,
    socketFactory: socketFactory.default(),
    connectionTimeout: 1000,
    requestTimeout: 30_000,
  });
  // Versions given up front: the harness serves only the group APIs, not ApiVersions.
  const broker = new Broker.default({ connectionPool, logger, versions: server.versions });
  await broker.connect();
  clients.push(broker);
  return broker;
}

const partitions = new Map([["orders", 2]]);

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ferry-group-apis-"));
  coordinator = createGroupCoordinator({
    dataDir,
    self: () => ({ nodeId: 1, host: "127.0.0.1", port: server.port }),
    clock: systemClock,
    logger: silentLogger,
    initialRebalanceDelayMs: 100,
    partitionExists: (t, p) => p >= 0 && p < (partitions.get(t) ?? 0),
  });
  server = await serve(coordinator.apis);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect().catch(() => {})));
  coordinator.close();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const meta = (s: string) => Buffer.from(s);

describe("group APIs with kafkajs's broker client", () => {
  it("finds the coordinator, forms a group over JoinGroup v5 (MEMBER_ID_REQUIRED), syncs, commits and fetches", async () => {
    const a = await client("client-a");
    const b = await client("client-b");
    expect(await a.findGroupCoordinator({ groupId: "g" })).toMatchObject({ coordinator: { nodeId: 1, host: "127.0.0.1", port: server.port } });

    const join = (c: KafkajsBroker, memberId = "") =>
      c.joinGroup({ groupId: "g", sessionTimeout: 10_000, rebalanceTimeout: 10_000, memberId, groupProtocols: [{ name: "RoundRobinAssigner", metadata: meta(memberId || "new") }] });
    // kafkajs answers MEMBER_ID_REQUIRED by rejoining with the id the broker gave it.
    const [ja, jb] = await Promise.all([join(a), join(b)]);
    expect(ja.generationId).toBe(1);
    expect(jb.generationId).toBe(1);
    expect(ja.leaderId).toBe(ja.memberId);
    expect(jb.leaderId).toBe(ja.memberId);
    expect(ja.memberId).toMatch(/^client-a-/);
    expect(ja.groupProtocol).toBe("RoundRobinAssigner");
    expect(ja.members.map((m) => m.memberId).sort()).toEqual([ja.memberId, jb.memberId].sort());
    expect(jb.members).toEqual([]);
    // JoinGroup v5 → v5 request, and each kafkajs join sent two (MEMBER_ID_REQUIRED first).
    expect(server.received.filter((x) => x.apiKey === 11)).toHaveLength(4);

    const syncB = b.syncGroup({ groupId: "g", generationId: 1, memberId: jb.memberId, groupAssignment: [] });
    const syncA = a.syncGroup({
      groupId: "g",
      generationId: 1,
      memberId: ja.memberId,
      groupAssignment: [
        { memberId: ja.memberId, memberAssignment: meta("p0") },
        { memberId: jb.memberId, memberAssignment: meta("p1") },
      ],
    });
    expect((await syncA).memberAssignment).toEqual(meta("p0"));
    expect((await syncB).memberAssignment).toEqual(meta("p1"));
    await a.heartbeat({ groupId: "g", groupGenerationId: 1, memberId: ja.memberId });

    await a.offsetCommit({
      groupId: "g",
      groupGenerationId: 1,
      memberId: ja.memberId,
      topics: [{ topic: "orders", partitions: [{ partition: 0, offset: "17", metadata: "note" }] }],
    });
    await expect(
      a.offsetCommit({ groupId: "g", groupGenerationId: 1, memberId: ja.memberId, topics: [{ topic: "nope", partitions: [{ partition: 0, offset: "1" }] }] }),
    ).rejects.toMatchObject({ type: "UNKNOWN_TOPIC_OR_PARTITION" });
    await expect(
      b.offsetCommit({ groupId: "g", groupGenerationId: 0, memberId: jb.memberId, topics: [{ topic: "orders", partitions: [{ partition: 1, offset: "1" }] }] }),
    ).rejects.toMatchObject({ type: "ILLEGAL_GENERATION" });
    const fetched = await b.offsetFetch({ groupId: "g", topics: [{ topic: "orders", partitions: [{ partition: 0 }, { partition: 1 }] }] });
    expect(fetched.responses).toEqual([
      {
        topic: "orders",
        partitions: [
          { partition: 0, offset: "17", metadata: "note", errorCode: 0 },
          { partition: 1, offset: "-1", metadata: "", errorCode: 0 },
        ],
      },
    ]);

    const described = await a.describeGroups({ groupIds: ["g", "unknown"] });
    expect(described.groups[0]).toMatchObject({ groupId: "g", state: "Stable", protocolType: "consumer", protocol: "RoundRobinAssigner" });
    expect(described.groups[0]?.members.find((m) => m.memberId === jb.memberId)).toMatchObject({
      clientId: "client-b",
      clientHost: "/127.0.0.1",
      memberAssignment: meta("p1"),
    });
    expect(described.groups[1]).toMatchObject({ groupId: "unknown", state: "Dead" });
    expect((await a.listGroups()).groups).toEqual([{ groupId: "g", protocolType: "consumer" }]);

    // b leaves: a learns of the rebalance from its heartbeat and rejoins alone.
    await b.leaveGroup({ groupId: "g", memberId: jb.memberId });
    await expect(a.heartbeat({ groupId: "g", groupGenerationId: 1, memberId: ja.memberId })).rejects.toMatchObject({ type: "REBALANCE_IN_PROGRESS" });
    const again = await join(a, ja.memberId);
    expect(again.generationId).toBe(2);
    expect(again.members.map((m) => m.memberId)).toEqual([ja.memberId]);

    const deleteBusy = await a.deleteGroups(["g"]);
    expect(deleteBusy.results).toMatchObject([{ groupId: "g", errorCode: ErrorCode.NON_EMPTY_GROUP }]);
    await a.leaveGroup({ groupId: "g", memberId: ja.memberId });
    const deleted = await a.deleteGroups(["g", "never"]);
    expect(deleted.results).toMatchObject([
      { groupId: "g", errorCode: 0 },
      { groupId: "never", errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    const gone = await a.offsetFetch({ groupId: "g", topics: [{ topic: "orders", partitions: [{ partition: 0 }] }] });
    expect(gone.responses[0]?.partitions[0]?.offset).toBe("-1");
  });

  it("a member whose connection closes while parked in JoinGroup is dropped after its session timeout, not the rebalance timeout", async () => {
    const timeouts = { sessionTimeout: 400, rebalanceTimeout: 20_000 };
    const [a, b, c] = await Promise.all([client("worker-a"), client("worker-b"), client("worker-c")]);
    const join = (k: KafkajsBroker, memberId = "", config = "cfg") =>
      k.joinGroup({ groupId: "connect", protocolType: "connect", memberId, groupProtocols: [{ name: "connect-protocol", metadata: meta(config) }], ...timeouts });
    const [ja, jb, jc] = await Promise.all([join(a), join(b), join(c)]);
    expect(new Set([ja.generationId, jb.generationId, jc.generationId]).size).toBe(1);
    const leader = [ja, jb, jc].find((j) => j.memberId === j.leaderId);
    expect(leader).toBeDefined();
    await Promise.all(
      ([[a, ja], [b, jb], [c, jc]] as const).map(([k, j]) => k.syncGroup({ groupId: "connect", generationId: j.generationId, memberId: j.memberId, groupAssignment: [] })),
    );
    // Keep the group healthy while the test sets up the rebalance.
    const beat = setInterval(() => {
      for (const [k, j] of [[a, ja], [c, jc]] as const) void k.heartbeat({ groupId: "connect", groupGenerationId: j.generationId, memberId: j.memberId }).catch(() => {});
    }, 100);
    try {
      const joinsOf = (clientId: string) => server.received.filter((x) => x.apiKey === 11 && x.clientId === clientId).length;
      // b rejoins with new metadata (a rebalance starts) and its connection drops while parked; then a and c rejoin.
      const started = Date.now();
      const bAgain = join(b, jb.memberId, "cfg-2").catch((err: unknown) => err);
      await waitFor(() => joinsOf("worker-b") === 3, { timeoutMs: 5000, message: "b's rejoin" });
      server.drop("worker-b");
      expect(await bAgain).toBeInstanceOf(Error);
      const [aAgain, cAgain] = await Promise.all([join(a, ja.memberId), join(c, jc.memberId)]);

      expect(Date.now() - started).toBeLessThan(timeouts.rebalanceTimeout / 2);
      expect(aAgain.generationId).toBe(ja.generationId + 1);
      expect(cAgain.generationId).toBe(ja.generationId + 1);
      const members = [...aAgain.members, ...cAgain.members].map((m) => m.memberId).sort();
      expect(members).toEqual([ja.memberId, jc.memberId].sort());
      const described = await a.describeGroups({ groupIds: ["connect"] });
      expect(described.groups[0]).toMatchObject({ state: "CompletingRebalance", protocolType: "connect" });
      expect(described.groups[0]?.members.map((m) => m.memberId).sort()).toEqual([ja.memberId, jc.memberId].sort());
    } finally {
      clearInterval(beat);
    }
  });

  it("stores offsets for a group without members (generation -1) and refuses them once members joined", async () => {
    const a = await client("admin");
    await a.offsetCommit({ groupId: "tool", groupGenerationId: -1, memberId: "", topics: [{ topic: "orders", partitions: [{ partition: 1, offset: "5" }] }] });
    const fetched = await a.offsetFetch({ groupId: "tool", topics: [{ topic: "orders", partitions: [{ partition: 1 }] }] });
    expect(fetched.responses[0]?.partitions[0]?.offset).toBe("5");
    expect((await a.listGroups()).groups).toEqual([{ groupId: "tool", protocolType: "" }]);

    const m = await client("member");
    await m.joinGroup({ groupId: "tool", sessionTimeout: 10_000, rebalanceTimeout: 10_000, groupProtocols: [{ name: "range", metadata: meta("x") }] });
    await expect(
      a.offsetCommit({ groupId: "tool", groupGenerationId: -1, memberId: "", topics: [{ topic: "orders", partitions: [{ partition: 1, offset: "6" }] }] }),
    ).rejects.toMatchObject({ type: "UNKNOWN_MEMBER_ID" });
  });
});
