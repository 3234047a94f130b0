/**
 * Test helper: real client bytes. Builds record batches with kafkajs's own encoder (exactly as its
 * producer does) and decodes stored batches with kafkajs's own decoder.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface KafkajsEncoder {
  buffer: Buffer;
}

interface KafkajsRecordBatchOptions {
  compression?: number;
  firstTimestamp?: number;
  maxTimestamp?: number;
  lastOffsetDelta?: number;
  records: KafkajsEncoder[];
}

interface KafkajsRecordOptions {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer>;
}

interface KafkajsDecodedBatch {
  firstOffset: string;
  maxTimestamp: string;
  timestampType: number;
  records: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }[];
}

const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0/index.js") as {
  RecordBatch: (options: KafkajsRecordBatchOptions) => Promise<KafkajsEncoder>;
};
const Record = require("kafkajs/src/protocol/recordBatch/record/v0/index.js") as (options: KafkajsRecordOptions) => KafkajsEncoder;
const { Types } = require("kafkajs/src/protocol/message/compression/index.js") as { Types: { None: number; GZIP: number } };
const Decoder = require("kafkajs/src/protocol/decoder.js") as new (buf: Buffer) => unknown;
const decodeRecordBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder.js") as (decoder: unknown) => Promise<KafkajsDecodedBatch>;

export interface TestMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  timestamp?: number;
  headers?: Record<string, string | Buffer>;
}

/** One record batch (baseOffset 0) as kafkajs's producer encodes it. */
export async function makeBatch(messages: TestMessage[], options: { gzip?: boolean; now?: number } = {}): Promise<Buffer> {
  const now = options.now ?? Date.now();
  const timestamps = messages.map((m) => m.timestamp ?? now);
  const first = Math.min(...timestamps);
  const records = messages.map((m, i) =>
    Record({ offsetDelta: i, timestampDelta: timestamps[i]! - first, key: m.key ?? null, value: m.value, headers: m.headers ?? {} }),
  );
  const batch = await RecordBatch({
    compression: options.gzip ? Types.GZIP : Types.None,
    records,
    firstTimestamp: first,
    maxTimestamp: Math.max(...timestamps),
    lastOffsetDelta: records.length - 1,
  });
  return batch.buffer;
}

/** Messages `${prefix}0..n-1` with keys k0..k(n-1). */
export function messages(n: number, prefix = "v", timestamp?: number): TestMessage[] {
  return Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${prefix}${i}`, timestamp }));
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
}

/** Decodes stored batches as a kafkajs consumer would. */
export async function decodeBatches(batches: Buffer[]): Promise<DecodedRecord[]> {
  const out: DecodedRecord[] = [];
  for (const b of batches) {
    const decoded = await decodeRecordBatch(new Decoder(b));
    for (const r of decoded.records) {
      out.push({
        offset: Number(r.offset),
        timestamp: Number(r.timestamp),
        key: r.key === null ? null : r.key.toString(),
        value: r.value === null ? null : r.value.toString(),
      });
    }
  }
  return out;
}
