import { describe, it, expect } from "vitest";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import { crc32c } from "./crc32c";
import {
  ATTRIBUTES,
  CRC,
  RECORD_COUNT,
  batchHeader,
  batchRecords,
  forEachRecord,
  isProblem,
  parseBatch,
  readInt64,
  rebuildBatch,
  validateRecordSet,
  writeInt64,
} from "./record-batch";
import { decodeBatches, makeBatch } from "./test-batches";

const T0 = 1_700_000_000_000;

describe("record batch v2", () => {
  it("parses the header of a kafkajs batch and verifies its CRC", async () => {
    const batch = await makeBatch([
      { key: "a", value: "1", timestamp: T0 },
      { key: "b", value: "2", timestamp: T0 + 7 },
    ]);
    const info = parseBatch(batch, 0, batch.length);
    expect(info).toMatchObject({ position: 0, size: batch.length, baseOffset: 0, lastOffsetDelta: 1, baseTimestamp: T0, maxTimestamp: T0 + 7, recordCount: 2 });
    batch[batch.length - 1]! ^= 1;
    const bad = parseBatch(batch, 0, batch.length);
    expect(isProblem(bad) && bad.code).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it("reads and writes int64 as numbers, negatives included", () => {
    const b = Buffer.alloc(8);
    for (const v of [0, 1, -1, 2 ** 40 + 3, -(2 ** 40) - 3, Number.MAX_SAFE_INTEGER]) {
      writeInt64(b, 0, v);
      expect(b.readBigInt64BE(0)).toBe(BigInt(v));
      expect(readInt64(b, 0)).toBe(v);
    }
  });

  it("walks records: keys, null values, timestamps and offsets", async () => {
    const batch = await makeBatch([
      { key: "a", value: "1", timestamp: T0 + 5 },
      { key: null, value: null, timestamp: T0, headers: { h: "x" } },
      { key: "", value: "3", timestamp: T0 + 2 ** 33 },
    ]);
    const header = batchHeader(batch);
    const records = batchRecords(batch)!;
    const seen: unknown[] = [];
    forEachRecord(records, header.recordCount, (r) => {
      seen.push([r.offsetDelta, r.timestampDelta, r.keyLength, r.valueLength]);
    });
    expect(seen).toEqual([
      [0, 5, 1, 1],
      [1, 0, -1, -1],
      [2, 2 ** 33, 0, 1],
    ]);
  });

  it("decompresses gzip batches", async () => {
    const batch = await makeBatch([{ key: "a", value: "gz" }], { gzip: true });
    const records = batchRecords(batch)!;
    let value = "";
    forEachRecord(records, 1, (r) => {
      value = records.toString("utf8", r.valueStart, r.valueStart + r.valueLength);
    });
    expect(value).toBe("gz");
  });

  it("rejects bad framing inside records", async () => {
    const batch = await makeBatch([{ key: "a", value: "1" }]);
    batch.writeInt32BE(2, RECORD_COUNT); // claims a second record that is not there
    expect(() => forEachRecord(batchRecords(batch)!, 2, () => {})).toThrow(KafkaError);
  });

  it("rebuilds a batch from some of its records", async () => {
    const batch = await makeBatch([
      { key: "a", value: "1", timestamp: T0 },
      { key: "b", value: "2", timestamp: T0 + 10 },
      { key: "c", value: "3", timestamp: T0 + 20 },
    ]);
    writeInt64(batch, 0, 100);
    const records = batchRecords(batch)!;
    const raws: Buffer[] = [];
    forEachRecord(records, 3, (r) => {
      if (r.offsetDelta !== 2) raws.push(records.subarray(r.start, r.end));
    });
    const rebuilt = rebuildBatch(batch, raws, T0 + 10);
    expect(rebuilt.readUInt32BE(CRC)).toBe(crc32c(rebuilt, ATTRIBUTES));
    expect(batchHeader(rebuilt)).toMatchObject({ baseOffset: 100, lastOffsetDelta: 2, recordCount: 2, maxTimestamp: T0 + 10 });
    expect((await decodeBatches([rebuilt])).map((r) => [r.offset, r.key])).toEqual([
      [100, "a"],
      [101, "b"],
    ]);
  });

  it("validates a record set batch by batch", async () => {
    const a = await makeBatch([{ key: "a", value: "1" }]);
    const b = await makeBatch([{ key: "b", value: "2" }]);
    expect(validateRecordSet(Buffer.concat([a, b]), { maxMessageBytes: 1 << 20, requireKeys: false }).map((x) => x.position)).toEqual([0, a.length]);
    expect(validateRecordSet(Buffer.alloc(0), { maxMessageBytes: 1 << 20, requireKeys: false })).toEqual([]);
    expect(() => validateRecordSet(a, { maxMessageBytes: a.length - 1, requireKeys: false })).toThrow(
      expect.objectContaining({ code: ErrorCode.MESSAGE_TOO_LARGE }),
    );
  });

  it("answers INVALID_RECORD for a record count that disagrees with the offset range, as Kafka", async () => {
    const b = await makeBatch([{ key: "a", value: "1" }, { key: "b", value: "2" }]);
    const resign = (x: Buffer) => x.writeUInt32BE(crc32c(x, ATTRIBUTES), CRC);
    const mismatch = Buffer.from(b);
    mismatch.writeInt32BE(5, 23); // lastOffsetDelta
    resign(mismatch);
    expect(() => validateRecordSet(mismatch, { maxMessageBytes: 1 << 20, requireKeys: false })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_RECORD }),
    );
  });
});
