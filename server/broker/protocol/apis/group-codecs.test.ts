import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-codes";
import { Reader } from "../reader";
import { Writer } from "../writer";
import { decodeDeleteGroupsRequest, encodeDeleteGroupsResponse } from "./delete-groups";
import { decodeDescribeGroupsRequest, encodeDescribeGroupsResponse } from "./describe-groups";
import { decodeFindCoordinatorRequest, encodeFindCoordinatorResponse } from "./find-coordinator";
import { decodeHeartbeatRequest, encodeHeartbeatResponse } from "./heartbeat";
import { decodeJoinGroupRequest, encodeJoinGroupResponse, type JoinGroupResponse } from "./join-group";
import { decodeLeaveGroupRequest, encodeLeaveGroupResponse } from "./leave-group";
import { decodeListGroupsRequest, encodeListGroupsResponse } from "./list-groups";
import { decodeOffsetCommitRequest, encodeOffsetCommitResponse } from "./offset-commit";
import { decodeOffsetFetchRequest, encodeOffsetFetchResponse, type OffsetFetchResponse } from "./offset-fetch";
import { decodeSyncGroupRequest, encodeSyncGroupResponse } from "./sync-group";

// kafkajs ships no types for its protocol internals: just what these tests touch.
interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
type KafkajsRequestFactory = (args: unknown) => KafkajsRequest;
type Decoded = Record<string, unknown>;
interface KafkajsResponse {
  decode(raw: Buffer): Promise<Decoded>;
  parse(data: Decoded): Promise<Decoded>;
}
interface KafkajsEncoder {
  writeInt8(v: number): KafkajsEncoder;
  writeInt16(v: number): KafkajsEncoder;
  writeInt32(v: number): KafkajsEncoder;
  writeInt64(v: number | string): KafkajsEncoder;
  writeString(v: string | null): KafkajsEncoder;
  writeArray(items: KafkajsEncoder[] | number[]): KafkajsEncoder;
  readonly buffer: Buffer;
}
interface KafkajsDecoder {
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readString(): string | null;
  readArray<T>(item: (d: KafkajsDecoder) => T): T[];
}

const importDefault = async <T>(specifier: string): Promise<T> => ((await import(/* @vite-ignore */ specifier)) as { default: T }).default;
const kafkajsRequest = (api: string, v: number) =>
  importDefault<KafkajsRequestFactory>(`kafkajs/src/protocol/requests/${api}/v${v}/request.js`);
const kafkajsResponse = (api: string, v: number) => importDefault<KafkajsResponse>(`kafkajs/src/protocol/requests/${api}/v${v}/response.js`);
const newEncoder = async () => new (await importDefault<new () => KafkajsEncoder>("kafkajs/src/protocol/encoder.js"))();
const newDecoder = async (buf: Buffer) => new (await importDefault<new (b: Buffer) => KafkajsDecoder>("kafkajs/src/protocol/decoder.js"))(buf);

/** kafkajs encodes the request; our decoder must consume it exactly. */
async function decodeWith<T>(api: string, v: number, args: unknown, decode: (r: Reader, v: number) => T): Promise<T> {
  const factory = await kafkajsRequest(api, v);
  const req = factory(args);
  expect(req.apiVersion).toBe(v);
  const { buffer } = await req.encode();
  const r = new Reader(buffer);
  const out = decode(r, v);
  expect(r.remaining).toBe(0);
  return out;
}

/** Our encoder writes the response; kafkajs decodes (and parses, which throws on errors). */
async function kafkajsDecode<T>(api: string, v: number, encode: (w: Writer, v: number, res: T) => void, res: T): Promise<Decoded> {
  const w = new Writer();
  encode(w, v, res);
  const response = await kafkajsResponse(api, v);
  const decoded = await response.decode(w.toBuffer());
  await response.parse(decoded);
  return decoded;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("FindCoordinator v0–2", () => {
  it.each(range(0, 2))("v%i round-trips with kafkajs", async (v) => {
    const args = v === 0 ? { groupId: "g1" } : { coordinatorKey: "tx-1", coordinatorType: 1 };
    expect(await decodeWith("findCoordinator", v, args, decodeFindCoordinatorRequest)).toEqual(
      v === 0 ? { key: "g1", keyType: 0 } : { key: "tx-1", keyType: 1 },
    );
    const decoded = await kafkajsDecode("findCoordinator", v, encodeFindCoordinatorResponse, {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      nodeId: 7,
      host: "broker.local",
      port: 19092,
    });
    expect(decoded.coordinator).toEqual({ nodeId: 7, host: "broker.local", port: 19092 });
  });
});

describe("JoinGroup v0–5", () => {
  const protocols = [
    { name: "RoundRobinAssigner", metadata: Buffer.from([0, 1, 2]) },
    { name: "range", metadata: Buffer.alloc(0) },
  ];

  it.each(range(0, 5))("v%i round-trips with kafkajs", async (v) => {
    const req = await decodeWith(
      "joinGroup",
      v,
      {
        groupId: "group-a",
        sessionTimeout: 30000,
        rebalanceTimeout: 60000,
        memberId: "m-1",
        groupInstanceId: v >= 5 ? "instance-1" : undefined,
        protocolType: "consumer",
        groupProtocols: protocols,
      },
      decodeJoinGroupRequest,
    );
    expect(req).toEqual({
      groupId: "group-a",
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: v >= 1 ? 60000 : -1,
      memberId: "m-1",
      groupInstanceId: v >= 5 ? "instance-1" : null,
      protocolType: "consumer",
      protocols,
    });

    const res: JoinGroupResponse = {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      generationId: 3,
      protocolName: "RoundRobinAssigner",
      leader: "m-1",
      memberId: "m-1",
      members: [
        { memberId: "m-1", groupInstanceId: "instance-1", metadata: Buffer.from("a") },
        { memberId: "m-2", groupInstanceId: null, metadata: Buffer.from("b") },
      ],
    };
    const decoded = await kafkajsDecode("joinGroup", v, encodeJoinGroupResponse, res);
    expect(decoded).toMatchObject({ errorCode: 0, generationId: 3, groupProtocol: "RoundRobinAssigner", leaderId: "m-1", memberId: "m-1" });
    expect(decoded.members).toEqual([
      { memberId: "m-1", ...(v >= 5 ? { groupInstanceId: "instance-1" } : {}), memberMetadata: Buffer.from("a") },
      { memberId: "m-2", ...(v >= 5 ? { groupInstanceId: null } : {}), memberMetadata: Buffer.from("b") },
    ]);
  });

  it.each([4, 5])("v%i MEMBER_ID_REQUIRED reaches kafkajs with the assigned member id", async (v) => {
    const w = new Writer();
    encodeJoinGroupResponse(w, v, {
      throttleTimeMs: 0,
      errorCode: ErrorCode.MEMBER_ID_REQUIRED,
      generationId: -1,
      protocolName: "",
      leader: "",
      memberId: "kafkajs-1234",
      members: [],
    });
    const response = await kafkajsResponse("joinGroup", v);
    await expect(response.parse(await response.decode(w.toBuffer()))).rejects.toMatchObject({
      name: "KafkaJSMemberIdRequired",
      memberId: "kafkajs-1234",
    });
  });
});

describe("SyncGroup v0–3", () => {
  it.each(range(0, 3))("v%i round-trips with kafkajs", async (v) => {
    const req = await decodeWith(
      "syncGroup",
      v,
      {
        groupId: "g",
        generationId: 5,
        memberId: "m-1",
        groupInstanceId: v >= 3 ? "i-1" : undefined,
        groupAssignment: [
          { memberId: "m-1", memberAssignment: Buffer.from("x") },
          { memberId: "m-2", memberAssignment: Buffer.alloc(0) },
        ],
      },
      decodeSyncGroupRequest,
    );
    expect(req).toEqual({
      groupId: "g",
      generationId: 5,
      memberId: "m-1",
      groupInstanceId: v >= 3 ? "i-1" : null,
      assignments: [
        { memberId: "m-1", assignment: Buffer.from("x") },
        { memberId: "m-2", assignment: Buffer.alloc(0) },
      ],
    });
    const decoded = await kafkajsDecode("syncGroup", v, encodeSyncGroupResponse, {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      assignment: Buffer.from("assigned"),
    });
    expect(decoded).toMatchObject({ errorCode: 0, memberAssignment: Buffer.from("assigned") });
  });

  it("kafkajs raises REBALANCE_IN_PROGRESS from our error response", async () => {
    const w = new Writer();
    encodeSyncGroupResponse(w, 3, { throttleTimeMs: 0, errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
    const response = await kafkajsResponse("syncGroup", 3);
    await expect(response.parse(await response.decode(w.toBuffer()))).rejects.toMatchObject({ type: "REBALANCE_IN_PROGRESS" });
  });
});

describe("Heartbeat v0–3", () => {
  it.each(range(0, 3))("v%i round-trips with kafkajs", async (v) => {
    const req = await decodeWith(
      "heartbeat",
      v,
      { groupId: "g", groupGenerationId: 2, memberId: "m", groupInstanceId: v >= 3 ? "i" : undefined },
      decodeHeartbeatRequest,
    );
    expect(req).toEqual({ groupId: "g", generationId: 2, memberId: "m", groupInstanceId: v >= 3 ? "i" : null });
    expect(await kafkajsDecode("heartbeat", v, encodeHeartbeatResponse, { throttleTimeMs: 0, errorCode: ErrorCode.NONE })).toMatchObject({
      errorCode: 0,
    });
  });
});

describe("LeaveGroup v0–3", () => {
  it.each(range(0, 2))("v%i round-trips with kafkajs", async (v) => {
    expect(await decodeWith("leaveGroup", v, { groupId: "g", memberId: "m" }, decodeLeaveGroupRequest)).toEqual({
      groupId: "g",
      members: [{ memberId: "m", groupInstanceId: null }],
    });
    expect(await kafkajsDecode("leaveGroup", v, encodeLeaveGroupResponse, { throttleTimeMs: 0, errorCode: ErrorCode.NONE, members: [] })).toMatchObject({
      errorCode: 0,
    });
  });

  it("v3 batches members with per-member errors", async () => {
    const members = [
      { memberId: "m-1", groupInstanceId: null },
      { memberId: "m-2", groupInstanceId: "i-2" },
    ];
    expect(await decodeWith("leaveGroup", 3, { groupId: "g", members }, decodeLeaveGroupRequest)).toEqual({ groupId: "g", members });
    const decoded = await kafkajsDecode("leaveGroup", 3, encodeLeaveGroupResponse, {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      members: members.map((m) => ({ ...m, errorCode: ErrorCode.NONE })),
    });
    expect(decoded.members).toEqual([
      { memberId: "m-1", groupInstanceId: null, errorCode: 0 },
      { memberId: "m-2", groupInstanceId: "i-2", errorCode: 0 },
    ]);
  });
});

describe("OffsetCommit v2–7", () => {
  const topics = [
    { topic: "orders", partitions: [{ partition: 0, offset: "12345678901", metadata: "m" }, { partition: 2, offset: "0" }] },
    { topic: "audit", partitions: [{ partition: 0, offset: "5", metadata: null }] },
  ];

  it.each(range(2, 5))("v%i round-trips with kafkajs", async (v) => {
    const req = await decodeWith(
      "offsetCommit",
      v,
      { groupId: "g", groupGenerationId: 4, memberId: "m", retentionTime: 86400000, topics },
      decodeOffsetCommitRequest,
    );
    expect(req).toEqual({
      groupId: "g",
      generationId: 4,
      memberId: "m",
      groupInstanceId: null,
      retentionTimeMs: v <= 4 ? 86400000 : -1,
      topics: [
        {
          name: "orders",
          partitions: [
            { partitionIndex: 0, committedOffset: 12345678901, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: "m" },
            { partitionIndex: 2, committedOffset: 0, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null },
          ],
        },
        { name: "audit", partitions: [{ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] },
      ],
    });
    const decoded = await kafkajsDecode("offsetCommit", v, encodeOffsetCommitResponse, {
      throttleTimeMs: 0,
      topics: [{ name: "orders", partitions: [{ partitionIndex: 0, errorCode: ErrorCode.NONE }] }],
    });
    expect(decoded.responses).toEqual([{ topic: "orders", partitions: [{ partition: 0, errorCode: 0 }] }]);
  });

  it("kafkajs raises a partition's error", async () => {
    const w = new Writer();
    encodeOffsetCommitResponse(w, 5, {
      throttleTimeMs: 0,
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, errorCode: ErrorCode.ILLEGAL_GENERATION }] }],
    });
    const response = await kafkajsResponse("offsetCommit", 5);
    await expect(response.parse(await response.decode(w.toBuffer()))).rejects.toMatchObject({ type: "ILLEGAL_GENERATION" });
  });

  // kafkajs stops at v5; v6 adds CommittedLeaderEpoch per partition, v7 GroupInstanceId after MemberId (OffsetCommitRequest.json).
  it.each([6, 7])("v%i follows Kafka's field list", async (v) => {
    const e = await newEncoder();
    e.writeString("g").writeInt32(9).writeString("m");
    if (v >= 7) e.writeString("inst");
    const partition = (await newEncoder()).writeInt32(1).writeInt64("77").writeInt32(12).writeString("meta");
    e.writeArray([(await newEncoder()).writeString("orders").writeArray([partition])]);
    const r = new Reader(e.buffer);
    expect(decodeOffsetCommitRequest(r, v)).toEqual({
      groupId: "g",
      generationId: 9,
      memberId: "m",
      groupInstanceId: v >= 7 ? "inst" : null,
      retentionTimeMs: -1,
      topics: [{ name: "orders", partitions: [{ partitionIndex: 1, committedOffset: 77, committedLeaderEpoch: 12, commitTimestamp: -1, committedMetadata: "meta" }] }],
    });
    expect(r.remaining).toBe(0);
    // The response layout is v3's: kafkajs's v5 decoder reads it.
    const decoded = await kafkajsDecode("offsetCommit", 5, (w, _v, res) => encodeOffsetCommitResponse(w, v, res), {
      throttleTimeMs: 0,
      topics: [{ name: "orders", partitions: [{ partitionIndex: 1, errorCode: ErrorCode.NONE }] }],
    });
    expect(decoded.responses).toEqual([{ topic: "orders", partitions: [{ partition: 1, errorCode: 0 }] }]);
  });
});

describe("OffsetFetch v1–5", () => {
  const res: OffsetFetchResponse = {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    topics: [
      {
        name: "orders",
        partitions: [
          { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 3, metadata: "m", errorCode: ErrorCode.NONE },
          { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: "", errorCode: ErrorCode.NONE },
        ],
      },
    ],
  };

  it.each(range(1, 4))("v%i round-trips with kafkajs", async (v) => {
    const req = await decodeWith("offsetFetch", v, { groupId: "g", topics: [{ topic: "orders", partitions: [{ partition: 0 }, { partition: 1 }] }] }, decodeOffsetFetchRequest);
    expect(req).toEqual({ groupId: "g", topics: [{ name: "orders", partitionIndexes: [0, 1] }] });
    const decoded = await kafkajsDecode("offsetFetch", v, encodeOffsetFetchResponse, res);
    expect(decoded.responses).toEqual([
      {
        topic: "orders",
        partitions: [
          { partition: 0, offset: "42", metadata: "m", errorCode: 0 },
          { partition: 1, offset: "-1", metadata: "", errorCode: 0 },
        ],
      },
    ]);
    if (v >= 2) expect(decoded.errorCode).toBe(0);
  });

  it("v3+ sends an empty topic list as null: all topics", async () => {
    expect(await decodeWith("offsetFetch", 4, { groupId: "g", topics: [] }, decodeOffsetFetchRequest)).toEqual({ groupId: "g", topics: null });
  });

  it("kafkajs raises the v2+ top-level error", async () => {
    const w = new Writer();
    encodeOffsetFetchResponse(w, 4, { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, topics: [] });
    const response = await kafkajsResponse("offsetFetch", 4);
    await expect(response.parse(await response.decode(w.toBuffer()))).rejects.toMatchObject({ code: ErrorCode.NOT_COORDINATOR });
  });

  // kafkajs stops at v4; v5 adds CommittedLeaderEpoch after CommittedOffset (OffsetFetchResponse.json).
  it("v5 follows Kafka's field list", async () => {
    const e = await newEncoder();
    e.writeString("g").writeArray([(await newEncoder()).writeString("orders").writeArray([0, 1])]);
    const r = new Reader(e.buffer);
    expect(decodeOffsetFetchRequest(r, 5)).toEqual({ groupId: "g", topics: [{ name: "orders", partitionIndexes: [0, 1] }] });
    expect(r.remaining).toBe(0);

    const w = new Writer();
    encodeOffsetFetchResponse(w, 5, res);
    const d = await newDecoder(w.toBuffer());
    const throttle = d.readInt32();
    const topics = d.readArray((td) => ({
      name: td.readString(),
      partitions: td.readArray((pd) => ({
        partitionIndex: pd.readInt32(),
        committedOffset: pd.readInt64().toString(),
        committedLeaderEpoch: pd.readInt32(),
        metadata: pd.readString(),
        errorCode: pd.readInt16(),
      })),
    }));
    const errorCode = d.readInt16();
    expect({ throttle, topics, errorCode }).toEqual({
      throttle: 0,
      errorCode: 0,
      topics: [
        {
          name: "orders",
          partitions: [
            { partitionIndex: 0, committedOffset: "42", committedLeaderEpoch: 3, metadata: "m", errorCode: 0 },
            { partitionIndex: 1, committedOffset: "-1", committedLeaderEpoch: -1, metadata: "", errorCode: 0 },
          ],
        },
      ],
    });
  });
});

describe("ListGroups v0–2", () => {
  it.each(range(0, 2))("v%i round-trips with kafkajs", async (v) => {
    expect(await decodeWith("listGroups", v, undefined, decodeListGroupsRequest)).toEqual({});
    const decoded = await kafkajsDecode("listGroups", v, encodeListGroupsResponse, {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      groups: [
        { groupId: "g1", protocolType: "consumer" },
        { groupId: "connect-cluster", protocolType: "connect" },
        { groupId: "simple", protocolType: "" },
      ],
    });
    expect(decoded.groups).toEqual([
      { groupId: "g1", protocolType: "consumer" },
      { groupId: "connect-cluster", protocolType: "connect" },
      { groupId: "simple", protocolType: "" },
    ]);
  });
});

describe("DescribeGroups v0–2", () => {
  it.each(range(0, 2))("v%i round-trips with kafkajs", async (v) => {
    expect(await decodeWith("describeGroups", v, { groupIds: ["a", "b"] }, decodeDescribeGroupsRequest)).toEqual({ groups: ["a", "b"] });
    const decoded = await kafkajsDecode("describeGroups", v, encodeDescribeGroupsResponse, {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: ErrorCode.NONE,
          groupId: "a",
          groupState: "Stable",
          protocolType: "consumer",
          protocolData: "RoundRobinAssigner",
          members: [{ memberId: "m", clientId: "c", clientHost: "/127.0.0.1", memberMetadata: Buffer.from("md"), memberAssignment: Buffer.from("as") }],
        },
        { errorCode: ErrorCode.NONE, groupId: "b", groupState: "Dead", protocolType: "", protocolData: "", members: [] },
      ],
    });
    expect(decoded.groups).toEqual([
      {
        errorCode: 0,
        groupId: "a",
        state: "Stable",
        protocolType: "consumer",
        protocol: "RoundRobinAssigner",
        members: [{ memberId: "m", clientId: "c", clientHost: "/127.0.0.1", memberMetadata: Buffer.from("md"), memberAssignment: Buffer.from("as") }],
      },
      { errorCode: 0, groupId: "b", state: "Dead", protocolType: "", protocol: "", members: [] },
    ]);
  });
});

describe("DeleteGroups v0–1", () => {
  it.each(range(0, 1))("v%i round-trips with kafkajs", async (v) => {
    expect(await decodeWith("deleteGroups", v, ["a", "b"], decodeDeleteGroupsRequest)).toEqual({ groupsNames: ["a", "b"] });
    const decoded = await kafkajsDecode("deleteGroups", v, encodeDeleteGroupsResponse, {
      throttleTimeMs: 0,
      results: [
        { groupId: "a", errorCode: ErrorCode.NONE },
        { groupId: "b", errorCode: ErrorCode.NON_EMPTY_GROUP },
      ],
    });
    expect(decoded.results).toMatchObject([
      { groupId: "a", errorCode: 0 },
      { groupId: "b", errorCode: ErrorCode.NON_EMPTY_GROUP, error: { type: "NON_EMPTY_GROUP" } },
    ]);
  });
});
