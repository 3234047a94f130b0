/**
 * Log compaction (cleanup.policy=compact) over a partition's closed segments.
 *
 * Rules, per record of an uncompressed or gzip batch with a key:
 *  - the latest record of each key (by offset, over the closed segments) is kept; an older one is
 *    removed unless it is younger than min.compaction.lag.ms;
 *  - a tombstone (null value) that is the latest of its key is removed once
 *    `now >= timestamp + max(delete.retention.ms, min.compaction.lag.ms)`.
 *
 * Tombstone timing is measured from the record's own timestamp (batch maxTimestamp for
 * LogAppendTime topics), not from when a segment was first cleaned: it needs no extra state, gives
 * the same answer after a restart, and for the usual producer-stamped records is the time it was
 * written. A tombstone produced with an old CreateTime can therefore go at the first cleaning after
 * its segment closes.
 *
 * The active segment is never read or written here, so its records do not shadow older ones
 * either (as in Kafka, where the active segment is outside the cleanable range).
 *
 * Kept as they are: keyless records, control batches (transaction markers), and batches compressed
 * with snappy, lz4 or zstd, which the broker has no codecs for (their records are not seen at all).
 * Records of aborted transactions are not removed either: the log keeps no transaction state.
 * Kept records retain their offsets: a rebuilt batch keeps baseOffset and lastOffsetDelta.
 *
 * A segment that changes is written under `.cleaned` names, synced, and renamed over the original
 * (Segment.replace); open() deletes `.cleaned` leftovers of a pass cut short.
 */
import { closeSync, fsyncSync, openSync } from "node:fs";
import { KafkaError } from "../protocol/error-codes";
import type { Logger } from "../util/logger";
import {
  CONTROL_BIT,
  MAX_TIMESTAMP,
  TIMESTAMP_TYPE_BIT,
  batchHeader,
  batchRecords,
  forEachRecord,
  readInt64,
  rebuildBatch,
} from "./record-batch";
import { Segment, type BatchEntry } from "./segment";

export interface CompactionOptions {
  dir: string;
  /** Closed segments, oldest first. */
  segments: Segment[];
  now: number;
  minCompactionLagMs: number;
  deleteRetentionMs: number;
  logger: Logger;
  /**
   * Called right after a segment has been swapped on disk (by: its cleaned replacement) or deleted
   * (by: null), so the caller's list stays true to the files even if a later segment fails.
   */
  replaced(old: Segment, by: Segment | null): void;
}

export interface CompactionResult {
  /** When a record kept only for its age becomes removable; Infinity when none. */
  nextDueAt: number;
  removedRecords: number;
}

/** Reads runs of a segment's batches (up to ~4 MB per read) and hands each batch to fn. */
function forEachBatch(seg: Segment, fn: (batch: Buffer, index: number) => void): void {
  const RUN = 4 * 1024 * 1024;
  let i = 0;
  while (i < seg.count) {
    const start = seg.batchPosition(i);
    let j = i + 1;
    while (j < seg.count && seg.batchPosition(j) + seg.batchSize(j) - start <= RUN) j++;
    const end = seg.batchPosition(j - 1) + seg.batchSize(j - 1);
    const run = seg.read(start, end - start);
    for (let k = i; k < j; k++) {
      const at = seg.batchPosition(k) - start;
      fn(run.subarray(at, at + seg.batchSize(k)), k);
    }
    i = j;
  }
}

interface DecodedRecord {
  offset: number;
  timestamp: number;
  /** latin1 string of the key bytes (a 1:1 map of bytes to string), null for no key. */
  key: string | null;
  tombstone: boolean;
  raw: Buffer;
}

/**
 * The records of a batch the cleaner can see into, or null for batches kept untouched. A batch
 * whose records do not decode (its CRC was good, so the producer wrote them so) is kept as it is.
 */
function decodeBatch(batch: Buffer, logger: Logger): DecodedRecord[] | null {
  const header = batchHeader(batch);
  if ((header.attributes & CONTROL_BIT) !== 0) return null;
  try {
    const records = batchRecords(batch);
    if (!records) return null;
    const logAppendTime = (header.attributes & TIMESTAMP_TYPE_BIT) !== 0;
    const out: DecodedRecord[] = [];
    forEachRecord(records, header.recordCount, (r) => {
      out.push({
        offset: header.baseOffset + r.offsetDelta,
        timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + r.timestampDelta,
        key: r.keyLength < 0 ? null : records.toString("latin1", r.keyStart, r.keyStart + r.keyLength),
        tombstone: r.valueLength < 0,
        raw: records.subarray(r.start, r.end),
      });
    });
    return out;
  } catch (err) {
    if (!(err instanceof KafkaError)) throw err;
    logger.warn("compaction keeps a batch it cannot decode", { baseOffset: header.baseOffset, error: err.message });
    return null;
  }
}

interface Rules {
  now: number;
  lag: number;
  tombstoneHorizon: number;
  latest: Map<string, number>;
  logger: Logger;
}

export function compactSegments(options: CompactionOptions): CompactionResult {
  const { now, logger } = options;
  const lag = Math.max(0, options.minCompactionLagMs);
  const rules: Rules = { now, lag, tombstoneHorizon: Math.max(0, options.deleteRetentionMs, lag), latest: new Map(), logger };

  // Pass 1: the latest offset of every key.
  for (const seg of options.segments) {
    forEachBatch(seg, (batch) => {
      for (const r of decodeBatch(batch, logger) ?? []) if (r.key !== null) rules.latest.set(r.key, r.offset);
    });
    seg.closeFiles();
  }

  // Pass 2: rewrite the segments that lose anything.
  let nextDueAt = Infinity;
  let removedRecords = 0;
  let kept = 0;
  for (const seg of options.segments) {
    const cleaned = cleanSegment(options.dir, seg, rules);
    nextDueAt = Math.min(nextDueAt, cleaned.nextDueAt);
    removedRecords += cleaned.removed;
    if (!cleaned.segment) {
      kept++;
      continue;
    }
    // An emptied segment goes, except the first: its base offset is where the log starts after a restart.
    if (cleaned.segment.count === 0 && kept > 0) {
      cleaned.segment.delete();
      seg.delete();
      options.replaced(seg, null);
      logger.debug("compaction emptied a segment", { segment: seg.baseOffset });
    } else {
      cleaned.segment.lastModified = seg.lastModified;
      cleaned.segment.replace(seg);
      options.replaced(seg, cleaned.segment);
      kept++;
    }
  }
  if (removedRecords > 0) syncDir(options.dir);
  return { nextDueAt, removedRecords };
}

/**
 * Filters one segment into a new one under temporary names, written only from the first batch
 * that changes on (earlier batches are then copied as they are). segment is null when nothing changes.
 */
function cleanSegment(dir: string, seg: Segment, rules: Rules): { segment: Segment | null; removed: number; nextDueAt: number } {
  const { now, lag, tombstoneHorizon, latest, logger } = rules;
  let nextDueAt = Infinity;
  let removed = 0;
  let cleaned: Segment | null = null;
  let unchangedUpTo = 0; // batches [0, unchangedUpTo) are unchanged and not yet copied
  const write = (out: Segment, batch: Buffer, e: BatchEntry) => {
    out.append(batch, [{ ...e, position: out.size, size: batch.length }], now);
  };
  try {
    forEachBatch(seg, (batch, index) => {
      const records = decodeBatch(batch, logger);
      const kept: DecodedRecord[] = [];
      for (const r of records ?? []) {
        let keep = true;
        if (r.key !== null) {
          if (latest.get(r.key) !== r.offset) {
            if (now - r.timestamp < lag) nextDueAt = Math.min(nextDueAt, r.timestamp + lag);
            else keep = false;
          } else if (r.tombstone) {
            if (now - r.timestamp < tombstoneHorizon) nextDueAt = Math.min(nextDueAt, r.timestamp + tombstoneHorizon);
            else keep = false;
          }
        }
        if (keep) kept.push(r);
      }
      if (!records || kept.length === records.length) {
        if (cleaned) write(cleaned, batch, seg.entry(index));
        else unchangedUpTo = index + 1;
        return;
      }
      removed += records.length - kept.length;
      if (!cleaned) {
        cleaned = Segment.create(dir, seg.baseOffset, now, ".cleaned");
        for (let k = 0; k < unchangedUpTo; k++) write(cleaned, seg.read(seg.batchPosition(k), seg.batchSize(k)), seg.entry(k));
      }
      if (kept.length === 0) return; // the whole batch goes
      const maxTimestamp = kept.reduce((m, r) => Math.max(m, r.timestamp), -1);
      const rebuilt = rebuildBatch(batch, kept.map((r) => r.raw), maxTimestamp);
      write(cleaned, rebuilt, { ...seg.entry(index), maxTimestamp: readInt64(rebuilt, MAX_TIMESTAMP) });
    });
  } catch (err) {
    (cleaned as Segment | null)?.delete();
    throw err;
  } finally {
    seg.closeFiles();
  }
  return { segment: cleaned, removed, nextDueAt };
}

export function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
