/**
 * Record batch v2 (magic 2): header parsing and validation, record decoding (for compaction,
 * timestamp lookups and key checks) and re-encoding. Batches are otherwise stored as received.
 */
import { gzipSync, unzipSync } from "node:zlib";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import { crc32c } from "./crc32c";

/** Byte offsets of the header fields. */
export const BASE_OFFSET = 0;
export const BATCH_LENGTH = 8;
export const PARTITION_LEADER_EPOCH = 12;
export const MAGIC = 16;
export const CRC = 17;
export const ATTRIBUTES = 21;
export const LAST_OFFSET_DELTA = 23;
export const BASE_TIMESTAMP = 27;
export const MAX_TIMESTAMP = 35;
export const PRODUCER_ID = 43;
export const PRODUCER_EPOCH = 51;
export const BASE_SEQUENCE = 53;
export const RECORD_COUNT = 57;
/** Size of the header; records start here. */
export const HEADER_SIZE = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD = 12;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_BIT = 0x08;
export const TRANSACTIONAL_BIT = 0x10;
export const CONTROL_BIT = 0x20;

export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

const TWO_32 = 4294967296;

/** Reads a signed int64 as a number (exact up to 2^53, which offsets and timestamps stay under). */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}

export function writeInt64(buf: Buffer, pos: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(value - hi * TWO_32, pos + 4);
}

/** What the log needs to know about one batch. */
export interface BatchInfo {
  /** Byte position of the batch in the buffer it was parsed from. */
  position: number;
  /** Whole batch size, batchLength + 12. */
  size: number;
  baseOffset: number;
  lastOffsetDelta: number;
  attributes: number;
  baseTimestamp: number;
  maxTimestamp: number;
  recordCount: number;
}

export interface BatchProblem {
  code: ErrorCode;
  message: string;
}

/**
 * Parses and checks the batch at `pos`, which must end by `end`. Returns the problem instead of
 * throwing, because recovery treats a bad batch as the end of the log rather than as an error.
 */
export function parseBatch(
  buf: Buffer,
  pos: number,
  end: number,
  options: { maxBytes?: number; verifyCrc?: boolean } = {},
): BatchInfo | BatchProblem {
  const remaining = end - pos;
  if (remaining < LOG_OVERHEAD) return problem(ErrorCode.CORRUPT_MESSAGE, `${remaining} trailing bytes are not a batch`);
  const batchLength = buf.readInt32BE(pos + BATCH_LENGTH);
  const size = batchLength + LOG_OVERHEAD;
  if (batchLength < HEADER_SIZE - LOG_OVERHEAD) return problem(ErrorCode.CORRUPT_MESSAGE, `batch length ${batchLength} is too small`);
  // A batch over the limit is refused before its CRC costs anything, as Kafka does.
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    return problem(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${size} bytes exceeds max.message.bytes ${options.maxBytes}`);
  }
  if (size > remaining) return problem(ErrorCode.CORRUPT_MESSAGE, `batch of ${size} bytes is cut short at ${remaining}`);
  const magic = buf.readInt8(pos + MAGIC);
  if (magic !== 2) return problem(ErrorCode.CORRUPT_MESSAGE, `magic ${magic} is not supported (only record batch v2)`);
  const lastOffsetDelta = buf.readInt32BE(pos + LAST_OFFSET_DELTA);
  const recordCount = buf.readInt32BE(pos + RECORD_COUNT);
  if (lastOffsetDelta < 0 || recordCount < 0) {
    return problem(ErrorCode.CORRUPT_MESSAGE, `bad lastOffsetDelta ${lastOffsetDelta} or record count ${recordCount}`);
  }
  if (options.verifyCrc !== false) {
    const stored = buf.readUInt32BE(pos + CRC);
    const actual = crc32c(buf, pos + ATTRIBUTES, pos + size);
    if (stored !== actual) return problem(ErrorCode.CORRUPT_MESSAGE, `batch CRC ${hex(stored)} does not match ${hex(actual)}`);
  }
  return {
    position: pos,
    size,
    baseOffset: readInt64(buf, pos + BASE_OFFSET),
    lastOffsetDelta,
    attributes: buf.readInt16BE(pos + ATTRIBUTES),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP),
    recordCount,
  };
}

export function isProblem(r: BatchInfo | BatchProblem): r is BatchProblem {
  return "code" in r;
}

function problem(code: ErrorCode, message: string): BatchProblem {
  return { code, message };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/**
 * Validates a produce request's record set: one or more whole v2 batches and nothing else.
 * Throws KafkaError CORRUPT_MESSAGE or MESSAGE_TOO_LARGE; INVALID_RECORD for an empty batch or
 * one whose record count disagrees with its offset range, and with requireKeys (compacted
 * topics) for a keyless record in an uncompressed batch.
 */
export function validateRecordSet(buf: Buffer, options: { maxMessageBytes: number; requireKeys: boolean }): BatchInfo[] {
  const batches: BatchInfo[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const info = parseBatch(buf, pos, buf.length, { maxBytes: options.maxMessageBytes });
    if (isProblem(info)) throw new KafkaError(info.code, info.message);
    // Kafka's checks on client batches (compaction later leaves fewer records than offsets; not here).
    if (info.recordCount === 0 || info.recordCount !== info.lastOffsetDelta + 1) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, `batch of ${info.recordCount} records spans ${info.lastOffsetDelta + 1} offsets`);
    }
    if (options.requireKeys && (info.attributes & (COMPRESSION_MASK | CONTROL_BIT)) === 0) {
      forEachRecord(buf.subarray(pos + HEADER_SIZE, pos + info.size), info.recordCount, (r) => {
        if (r.keyLength < 0) throw new KafkaError(ErrorCode.INVALID_RECORD, "compacted topic cannot accept a record without a key");
      });
    }
    batches.push(info);
    pos += info.size;
  }
  return batches;
}

/** Marks a batch LogAppendTime with maxTimestamp = now and re-signs it (records keep their deltas, as in Kafka). */
export function setLogAppendTime(buf: Buffer, pos: number, size: number, now: number): void {
  const attributes = buf.readInt16BE(pos + ATTRIBUTES);
  buf.writeInt16BE(attributes | TIMESTAMP_TYPE_BIT, pos + ATTRIBUTES);
  writeInt64(buf, pos + MAX_TIMESTAMP, now);
  buf.writeUInt32BE(crc32c(buf, pos + ATTRIBUTES, pos + size), pos + CRC);
}

// ---- records ----

/** One record, located inside its (uncompressed) records buffer. */
export interface RecordView {
  /** Position of the record's length varint and the record's whole encoded size. */
  start: number;
  end: number;
  timestampDelta: number;
  offsetDelta: number;
  keyLength: number;
  keyStart: number;
  valueLength: number;
  valueStart: number;
}

class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  /** Zig-zag varint or varlong as a number (exact to 2^53). */
  varlong(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw corrupt("record runs past its batch");
      const b = this.buf[this.pos++]!;
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      scale *= 128;
    }
    throw corrupt("varint too long");
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw corrupt("record field runs past its record");
    this.pos += n;
  }
}

function corrupt(message: string): KafkaError {
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, message);
}

/**
 * Walks `count` records in an uncompressed records buffer; fn returns true to stop early.
 * Throws CORRUPT_MESSAGE on bad framing.
 */
export function forEachRecord(records: Buffer, count: number, fn: (r: RecordView) => boolean | void): void {
  const c = new Cursor(records, 0, records.length);
  for (let i = 0; i < count; i++) {
    const start = c.pos;
    const length = c.varlong();
    if (length < 0 || c.pos + length > records.length) throw corrupt("record length runs past its batch");
    const end = c.pos + length;
    const rc = new Cursor(records, c.pos, end);
    rc.skip(1); // attributes (unused)
    const timestampDelta = rc.varlong();
    const offsetDelta = rc.varlong();
    const keyLength = rc.varlong();
    const keyStart = rc.pos;
    if (keyLength > 0) rc.skip(keyLength);
    const valueLength = rc.varlong();
    const valueStart = rc.pos;
    if (valueLength > 0) rc.skip(valueLength);
    // Headers are not needed by the log; the record's bytes are kept whole.
    if (fn({ start, end, timestampDelta, offsetDelta, keyLength, keyStart, valueLength, valueStart }) === true) return;
    c.pos = end;
  }
}

/**
 * The uncompressed records section of a batch, or null when the codec is one the broker does not
 * carry (snappy, lz4, zstd): such batches are only ever passed through.
 */
export function batchRecords(batch: Buffer): Buffer | null {
  const codec = batch.readInt16BE(ATTRIBUTES) & COMPRESSION_MASK;
  const body = batch.subarray(HEADER_SIZE);
  if (codec === Compression.none) return body;
  if (codec === Compression.gzip) {
    try {
      return unzipSync(body);
    } catch (err) {
      throw corrupt(`gzip batch does not decompress: ${(err as Error).message}`);
    }
  }
  return null;
}

/** One batch's header fields that a rebuilt batch keeps. */
export function batchHeader(batch: Buffer): BatchInfo {
  const info = parseBatch(batch, 0, batch.length, { verifyCrc: false });
  if (isProblem(info)) throw new KafkaError(info.code, info.message);
  return info;
}

/**
 * Rebuilds a batch from a subset of its records (given as their whole encoded bytes), keeping
 * baseOffset, lastOffsetDelta (so offsets stay monotonic), baseTimestamp and producer fields;
 * recomputes recordCount, maxTimestamp (CreateTime) and the CRC; recompresses gzip.
 */
export function rebuildBatch(original: Buffer, kept: Buffer[], keptMaxTimestamp: number): Buffer {
  const attributes = original.readInt16BE(ATTRIBUTES);
  const codec = attributes & COMPRESSION_MASK;
  let body = Buffer.concat(kept);
  if (codec === Compression.gzip) body = gzipSync(body);
  else if (codec !== Compression.none) throw new Error(`cannot rebuild a batch compressed with codec ${codec}`);
  const out = Buffer.allocUnsafe(HEADER_SIZE + body.length);
  original.copy(out, 0, 0, HEADER_SIZE);
  body.copy(out, HEADER_SIZE);
  out.writeInt32BE(out.length - LOG_OVERHEAD, BATCH_LENGTH);
  out.writeInt32BE(kept.length, RECORD_COUNT);
  // LogAppendTime batches keep the broker's time; CreateTime ones describe what is left.
  if ((attributes & TIMESTAMP_TYPE_BIT) === 0) writeInt64(out, MAX_TIMESTAMP, keptMaxTimestamp);
  out.writeUInt32BE(crc32c(out, ATTRIBUTES, out.length), CRC);
  return out;
}
