import { describe, expect, it } from "vitest";
import { kafkajsDecodeResponse, kafkajsRequestBody } from "../../../test/harness/kafkajs-protocol";
import { decodeFetchRequest, encodeFetchResponse } from "./apis/fetch";
import { decodeListOffsetsRequest, encodeListOffsetsResponse } from "./apis/list-offsets";
import { decodeMetadataRequest, encodeMetadataResponse } from "./apis/metadata";
import { decodeProduceRequest, encodeProduceResponse } from "./apis/produce";
import { ProtocolError } from "./protocol-error";
import { Reader } from "./reader";
import { Writer } from "./writer";

describe("Reader and Writer", () => {
  it("round-trips every primitive", () => {
    const w = new Writer(8);
    w.int8(-5).int16(-300).int32(123456789).int64(2 ** 40 + 7).boolean(true).string("héllo").nullableString(null);
    w.nullableBytes(Buffer.from([1, 2, 3])).nullableBytes(null).array([1, 2, 3], (w, v) => void w.int32(v));
    for (const v of [0, 1, -1, 63, -64, 300, -300, 2 ** 30, -(2 ** 30)]) w.varint(v);
    for (const v of [0, -1, 1700000000000, -(2 ** 50)]) w.varlong(v);
    const r = new Reader(w.toBuffer());
    expect([r.int8(), r.int16(), r.int32(), r.int64(), r.boolean(), r.string(), r.nullableString()]).toEqual([-5, -300, 123456789, 2 ** 40 + 7, true, "héllo", null]);
    expect(r.nullableBytes()).toEqual(Buffer.from([1, 2, 3]));
    expect(r.nullableBytes()).toBeNull();
    expect(r.array((r) => r.int32())).toEqual([1, 2, 3]);
    expect(Array.from({ length: 9 }, () => r.varint())).toEqual([0, 1, -1, 63, -64, 300, -300, 2 ** 30, -(2 ** 30)]);
    expect(Array.from({ length: 4 }, () => r.varlong())).toEqual([0, -1, 1700000000000, -(2 ** 50)]);
    expect(r.remaining).toBe(0);
  });

  it("references large byte runs instead of copying them", () => {
    const big = Buffer.alloc(4096, 7);
    const parts = new Writer().int32(1).raw(big).int32(2).toBuffers();
    expect(parts).toContain(big);
    expect(Buffer.concat(parts).length).toBe(4 + 4096 + 4);
  });

  it("throws ProtocolError on truncated input and lying lengths", () => {
    expect(() => new Reader(Buffer.from([0, 5, 65])).string()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).array((r) => r.int8())).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xfe])).nullableBytes()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).varint()).toThrow(ProtocolError);
  });
});

describe("data-path codecs against kafkajs", () => {
  it("Metadata v6: decodes kafkajs's request and kafkajs decodes the response", async () => {
    const req = decodeMetadataRequest(new Reader(await kafkajsRequestBody("metadata", 6, { topics: ["a", "b"], allowAutoTopicCreation: false })), 6);
    expect(req).toEqual({ topics: ["a", "b"], allowAutoTopicCreation: false });
    const all = decodeMetadataRequest(new Reader(await kafkajsRequestBody("metadata", 6, { topics: [] })), 6);
    expect(all.topics).toBeNull();
    const w = new Writer();
    encodeMetadataResponse(w, 6, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: "127.0.0.1", port: 9092, rack: null }],
      clusterId: "c1",
      controllerId: 1,
      topics: [{ errorCode: 0, name: "a", isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] }],
    });
    const decoded = await kafkajsDecodeResponse<{ controllerId: number; clusterId: string; brokers: unknown[]; topicMetadata: { topic: string; partitionMetadata: { leader: number }[] }[] }>("metadata", 6, w.toBuffer());
    expect(decoded.controllerId).toBe(1);
    expect(decoded.clusterId).toBe("c1");
    expect(decoded.brokers).toEqual([{ nodeId: 1, host: "127.0.0.1", port: 9092, rack: null }]);
    expect(decoded.topicMetadata[0]?.topic).toBe("a");
    expect(decoded.topicMetadata[0]?.partitionMetadata[0]?.leader).toBe(1);
  });

  it("Produce v7 and its response", async () => {
    const body = await kafkajsRequestBody("produce", 7, {
      acks: -1,
      timeout: 30000,
      compression: 0,
      topicData: [{ topic: "t", partitions: [{ partition: 0, firstSequence: 0, messages: [{ key: "k", value: "v", timestamp: 1000 }] }] }],
    });
    const req = decodeProduceRequest(new Reader(body), 7);
    expect(req.acks).toBe(-1);
    expect(req.transactionalId).toBeNull();
    expect(req.topics[0]?.name).toBe("t");
    const records = req.topics[0]?.partitions[0]?.records as Buffer;
    expect(records.readInt8(16)).toBe(2); // magic v2
    const w = new Writer();
    encodeProduceResponse(w, 7, { throttleTimeMs: 0, topics: [{ name: "t", partitions: [{ index: 0, errorCode: 0, baseOffset: 42, logAppendTime: -1, logStartOffset: 0 }] }] });
    const decoded = await kafkajsDecodeResponse<{ topics: { topicName: string; partitions: { baseOffset: string; logStartOffset: string }[] }[] }>("produce", 7, w.toBuffer());
    expect(decoded.topics[0]?.topicName).toBe("t");
    expect(decoded.topics[0]?.partitions[0]?.baseOffset).toBe("42");
  });

  it("Fetch v11 and its response with records", async () => {
    const body = await kafkajsRequestBody("fetch", 11, {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 1000,
      topics: [{ topic: "t", partitions: [{ partition: 2, fetchOffset: "17", maxBytes: 100 }] }],
      rackId: "",
    });
    const req = decodeFetchRequest(new Reader(body), 11);
    expect(req).toMatchObject({ maxWaitMs: 500, minBytes: 1, maxBytes: 1000, topics: [{ topic: "t", partitions: [{ partition: 2, fetchOffset: 17, partitionMaxBytes: 100 }] }] });
    const w = new Writer();
    encodeFetchResponse(w, 11, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      topics: [{ topic: "t", partitions: [{ partitionIndex: 2, errorCode: 0, highWatermark: 20, lastStableOffset: 20, logStartOffset: 3, records: [] }] }],
    });
    const decoded = await kafkajsDecodeResponse<{ responses: { topicName: string; partitions: { partition: number; highWatermark: string; lastStartOffset: string; preferredReadReplica: number; messages: unknown[] }[] }[] }>("fetch", 11, w.toBuffer());
    expect(decoded.responses[0]?.partitions[0]).toMatchObject({ partition: 2, highWatermark: "20", lastStartOffset: "3", preferredReadReplica: -1, messages: [] });
  });

  it("ListOffsets v3", async () => {
    const body = await kafkajsRequestBody("listOffsets", 3, { replicaId: -1, isolationLevel: 1, topics: [{ topic: "t", partitions: [{ partition: 0, timestamp: -2 }] }] });
    expect(decodeListOffsetsRequest(new Reader(body), 3)).toEqual({ replicaId: -1, isolationLevel: 1, topics: [{ name: "t", partitions: [{ partitionIndex: 0, timestamp: -2 }] }] });
    const w = new Writer();
    encodeListOffsetsResponse(w, 3, { throttleTimeMs: 0, topics: [{ name: "t", partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 5 }] }] });
    const decoded = await kafkajsDecodeResponse<{ responses: { topic: string; partitions: { offset: string }[] }[] }>("listOffsets", 3, w.toBuffer());
    expect(decoded.responses[0]?.partitions[0]?.offset).toBe("5");
  });
});
