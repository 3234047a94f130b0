/**
 * A partition's log on disk: segment files in the partition's own directory, a `meta.json` with
 * what the segments cannot tell (logStartOffset, the cleaner's progress), recovery on open,
 * retention, DeleteRecords and compaction.
 *
 * Durability: every append is written with writeSync before it returns, so an acknowledged produce
 * is in the page cache and survives `kill -9`; a torn tail from a crash mid-write is cut off on
 * open. fsync (surviving power loss) follows flush.messages / flush.ms (counted in records, and
 * checked on append and in maintain()), and always happens on roll and close.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import type { Clock } from "../util/clock";
import type { Logger } from "../util/logger";
import { compactSegments, syncDir } from "./compaction";
import {
  COMPRESSION_MASK,
  Compression,
  TIMESTAMP_TYPE_BIT,
  batchHeader,
  batchRecords,
  forEachRecord,
  setLogAppendTime,
  validateRecordSet,
  writeInt64,
} from "./record-batch";
import { Segment, parseSegmentFileName, type BatchEntry } from "./segment";
import type { AppendResult, LogConfig, PartitionLog, ReadResult } from "./types";

export interface PartitionLogOptions {
  /** The partition's own directory; created when missing. */
  dir: string;
  topic: string;
  partition: number;
  config: LogConfig;
  clock: Clock;
  logger: Logger;
}

export function openPartitionLog(options: PartitionLogOptions): PartitionLog {
  return FilePartitionLog.open(options);
}

const META_FILE = "meta.json";

interface Meta {
  logStartOffset: number;
  /** Offset up to which closed segments have been compacted. */
  cleanedUpTo: number;
  /** When a record kept only for its age becomes removable (null: never). */
  cleanerDueAt: number | null;
}

/** After a failed compaction pass, the next waits this long. */
const COMPACTION_BACKOFF_MS = 60_000;

/** Closed segments keep their file open after a read, up to this many per partition. */
const MAX_OPEN_CLOSED_SEGMENTS = 4;

class FilePartitionLog implements PartitionLog {
  private segments: Segment[];
  private start: number;
  private end: number;
  private config: LogConfig;
  private unflushedMessages = 0;
  private lastFlushAt: number;
  private cleanedUpTo: number;
  private cleanerDueAt: number;
  private cleanerBackoffUntil = 0;
  /** Closed segments with an open file, least recently read first. */
  private openClosed: Segment[] = [];
  private closed = false;

  private constructor(
    private readonly dir: string,
    readonly topic: string,
    readonly partition: number,
    config: LogConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
    segments: Segment[],
    meta: Meta | null,
  ) {
    this.config = config;
    this.segments = segments;
    this.end = this.active.nextOffset;
    const first = segments[0]!.baseOffset;
    let start = Math.max(meta?.logStartOffset ?? first, first);
    if (start > this.end) {
      logger.warn("logStartOffset is past the end of the log, clamping", { logStartOffset: start, logEndOffset: this.end });
      start = this.end;
    }
    this.start = start;
    this.cleanedUpTo = meta?.cleanedUpTo ?? 0;
    this.cleanerDueAt = meta ? (meta.cleanerDueAt ?? Infinity) : 0;
    this.lastFlushAt = clock.now();
  }

  static open(options: PartitionLogOptions): FilePartitionLog {
    const { dir, clock } = options;
    const logger = options.logger.child(`${options.topic}-${options.partition}`);
    mkdirSync(dir, { recursive: true });
    const names = readdirSync(dir);
    const bases: number[] = [];
    for (const name of names) {
      // Leftovers of an interrupted compaction or meta write: the originals are still in place.
      if (name.endsWith(".cleaned") || name.endsWith(".tmp")) {
        unlinkSync(join(dir, name));
        continue;
      }
      const base = parseSegmentFileName(name);
      if (base !== null) bases.push(base);
    }
    bases.sort((a, b) => a - b);
    const known = new Set(bases);
    for (const name of names) {
      const m = /^(\d{20})\.index$/.exec(name);
      if (m && !known.has(Number(m[1]))) unlinkSync(join(dir, name));
    }
    const meta = readMeta(dir, logger);
    const segments = bases.map((base, i) =>
      Segment.load(dir, base, { writable: i === bases.length - 1, recoverTail: i === bases.length - 1, logger }),
    );
    if (segments.length === 0) {
      // No directory fsync: an empty first segment lost to a power cut is simply created again here.
      segments.push(Segment.create(dir, meta?.logStartOffset ?? 0, clock.now()));
    }
    const log = new FilePartitionLog(dir, options.topic, options.partition, options.config, clock, logger, segments, meta);
    logger.debug("opened log", { segments: segments.length, logStartOffset: log.start, logEndOffset: log.end });
    return log;
  }

  get logStartOffset(): number {
    return this.start;
  }

  get logEndOffset(): number {
    return this.end;
  }

  get sizeBytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  append(records: Buffer): AppendResult {
    this.ensureOpen();
    // The caller's buffer is a view into a network frame: copy before rewriting offsets in place.
    const data = Buffer.allocUnsafe(records.length);
    records.copy(data);
    const config = this.config;
    const batches = validateRecordSet(data, { maxMessageBytes: config.maxMessageBytes, requireKeys: config.cleanupCompact });
    if (batches.length === 0) return { baseOffset: -1, logAppendTime: -1, logStartOffset: this.start };
    const now = this.clock.now();
    let incomingTimestamp = now;
    if (!config.logAppendTime) {
      incomingTimestamp = -1;
      for (const b of batches) if (b.maxTimestamp > incomingTimestamp) incomingTimestamp = b.maxTimestamp;
    }
    this.maybeRoll(data.length, incomingTimestamp, now);
    const active = this.active;
    const baseOffset = this.end;
    let offset = baseOffset;
    let messages = 0;
    const entries: BatchEntry[] = [];
    for (const b of batches) {
      writeInt64(data, b.position, offset);
      let attributes = b.attributes;
      let maxTimestamp = b.maxTimestamp;
      if (config.logAppendTime) {
        setLogAppendTime(data, b.position, b.size, now);
        attributes |= TIMESTAMP_TYPE_BIT;
        maxTimestamp = now;
      }
      entries.push({
        baseOffset: offset,
        lastOffset: offset + b.lastOffsetDelta,
        position: active.size + b.position,
        size: b.size,
        maxTimestamp,
        attributes: attributes & 0xffff,
      });
      offset += b.lastOffsetDelta + 1;
      messages += b.recordCount;
    }
    this.io("append", () => active.append(data, entries, now));
    this.end = offset;
    this.unflushedMessages += messages;
    this.maybeFlush(now);
    return { baseOffset, logAppendTime: config.logAppendTime ? now : -1, logStartOffset: this.start };
  }

  read(offset: number, maxBytes: number): ReadResult {
    this.ensureOpen();
    if (offset < this.start || offset > this.end) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `offset ${offset} is outside [${this.start}, ${this.end}]`);
    }
    const records: Buffer[] = [];
    let bytes = 0;
    if (offset === this.end) return { records, bytes };
    let si = this.segmentFor(offset);
    let bi = this.segments[si]!.findBatch(offset);
    for (; si < this.segments.length; si++, bi = 0) {
      const seg = this.segments[si]!;
      // A contiguous run of whole batches from this segment, one read for all of them.
      let bj = bi;
      let run = 0;
      let full = false;
      while (bj < seg.count) {
        const size = seg.batchSize(bj);
        if (bytes + run > 0 && bytes + run + size > maxBytes) {
          full = true;
          break;
        }
        run += size;
        bj++;
      }
      if (bj > bi) {
        const position = seg.batchPosition(bi);
        const buf = this.io("read", () => this.readSegment(seg, position, run));
        for (let k = bi; k < bj; k++) {
          const at = seg.batchPosition(k) - position;
          records.push(buf.subarray(at, at + seg.batchSize(k)));
        }
        bytes += run;
      }
      if (full) break;
    }
    return { records, bytes };
  }

  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    this.ensureOpen();
    for (const seg of this.segments) {
      if (seg.count === 0 || seg.maxTimestamp < ts || seg.lastOffset < this.start) continue;
      for (let i = seg.findBatch(this.start); i < seg.count; i++) {
        if (seg.batchMaxTimestamp(i) < ts) continue;
        const found = this.io("read", () => this.firstRecordAtOrAfter(seg, i, ts));
        if (found) return found;
      }
    }
    return null;
  }

  deleteRecordsBefore(offset: number): number {
    this.ensureOpen();
    if (!this.config.cleanupDelete) {
      // As Kafka: records of a compact-only topic are removed by compaction, never by request.
      throw new KafkaError(ErrorCode.POLICY_VIOLATION, "records cannot be deleted from a topic with cleanup.policy=compact");
    }
    const target = offset === -1 ? this.end : offset;
    if (target < 0 || target > this.end) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `offset ${offset} is outside [0, ${this.end}]`);
    }
    if (target > this.start) {
      this.start = target;
      this.writeMeta();
      this.deleteSegmentsBelowStart(this.clock.now());
    }
    return this.start;
  }

  maintain(): void {
    if (this.closed) return;
    const now = this.clock.now();
    this.maybeFlush(now);
    if (this.config.cleanupDelete) this.applyRetention(now);
    if (this.config.cleanupCompact) this.maybeCompact(now);
  }

  setConfig(config: LogConfig): void {
    this.config = config;
    // Lag, retention or policy may have changed what the cleaner may remove.
    this.cleanerDueAt = 0;
  }

  flush(): void {
    this.ensureOpen();
    this.io("flush", () => this.active.flush());
    this.unflushedMessages = 0;
    this.lastFlushAt = this.clock.now();
  }

  flushIfDue(): void {
    if (!this.closed) this.maybeFlush(this.clock.now());
  }

  close(): void {
    if (this.closed) return;
    this.active.flush();
    for (const s of this.segments) s.closeFiles();
    this.openClosed = [];
    this.closed = true;
  }

  destroy(): void {
    if (!this.closed) {
      for (const s of this.segments) s.closeFiles();
      this.closed = true;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  // ---- internals ----

  private ensureOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `log of ${this.topic}-${this.partition} is closed`);
  }

  /** Runs a file operation, answering KAFKA_STORAGE_ERROR for I/O failures. */
  private io<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof KafkaError) throw err;
      this.logger.error(`log ${what} failed`, { error: (err as Error).message });
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `${what} failed: ${(err as Error).message}`);
    }
  }

  /** Index of the last segment whose base offset <= offset (0 when offset precedes them all). */
  private segmentFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private readSegment(seg: Segment, position: number, length: number): Buffer {
    if (seg !== this.active) {
      const i = this.openClosed.indexOf(seg);
      if (i >= 0) this.openClosed.splice(i, 1);
      this.openClosed.push(seg);
      while (this.openClosed.length > MAX_OPEN_CLOSED_SEGMENTS) this.openClosed.shift()!.closeFiles();
    }
    return seg.read(position, length);
  }

  /** Exact first record at or after ts in batch i where the codec allows, else the batch's first offset. */
  private firstRecordAtOrAfter(seg: Segment, i: number, ts: number): { offset: number; timestamp: number } | null {
    const e = seg.entry(i);
    const codec = e.attributes & COMPRESSION_MASK;
    const coarse = { offset: Math.max(e.baseOffset, this.start), timestamp: e.maxTimestamp };
    if ((codec !== Compression.none && codec !== Compression.gzip) || (e.attributes & TIMESTAMP_TYPE_BIT) !== 0) return coarse;
    const batch = this.readSegment(seg, e.position, e.size);
    try {
      const header = batchHeader(batch);
      const records = batchRecords(batch);
      if (!records) return coarse;
      let found: { offset: number; timestamp: number } | null = null;
      forEachRecord(records, header.recordCount, (r) => {
        const offset = header.baseOffset + r.offsetDelta;
        const timestamp = header.baseTimestamp + r.timestampDelta;
        if (offset >= this.start && timestamp >= ts) found = { offset, timestamp };
        return found !== null;
      });
      return found;
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      return coarse;
    }
  }

  /**
   * Rolls before an append that would take the active segment past segment.bytes, or when the
   * incoming batches are more than segment.ms newer than its first batch (Kafka compares batch
   * timestamps, not the clock, so producer clocks far off do not roll on every append).
   */
  private maybeRoll(incomingBytes: number, incomingTimestamp: number, now: number): void {
    const a = this.active;
    if (a.count === 0) return;
    const bySize = a.size + incomingBytes > this.config.segmentBytes;
    const first = a.firstBatchTimestamp;
    const age = first >= 0 && incomingTimestamp >= 0 ? incomingTimestamp - first : now - a.createdAt;
    if (bySize || age > this.config.segmentMs) this.roll(now);
  }

  private roll(now: number): void {
    this.io("roll", () => {
      this.active.seal();
      this.segments.push(Segment.create(this.dir, this.end, now));
      syncDir(this.dir);
    });
    this.unflushedMessages = 0;
    this.lastFlushAt = now;
    this.logger.debug("rolled a new segment", { baseOffset: this.end });
  }

  private maybeFlush(now: number): void {
    if (this.unflushedMessages === 0) return;
    if (this.unflushedMessages >= this.config.flushMessages || now - this.lastFlushAt >= this.config.flushMs) {
      this.io("flush", () => this.active.flush());
      this.unflushedMessages = 0;
      this.lastFlushAt = now;
    }
  }

  /** Timestamp retention goes by: the newest batch's, or the file's time when batches carry none. */
  private static segmentTime(seg: Segment): number {
    return seg.maxTimestamp >= 0 ? seg.maxTimestamp : seg.lastModified;
  }

  /**
   * retention.ms: the oldest closed segments whose newest record is older go; when the whole active
   * segment has expired it is rolled first so it can go too (as Kafka does). retention.bytes: as
   * Kafka, the oldest closed segment goes only while what remains is still >= retention.bytes, so the
   * log is kept between retention.bytes and retention.bytes plus one segment.
   */
  private applyRetention(now: number): void {
    const { retentionMs, retentionBytes } = this.config;
    const doomed: Segment[] = [];
    if (retentionMs >= 0) {
      const a = this.active;
      if (a.count > 0 && FilePartitionLog.segmentTime(a) < now - retentionMs) this.roll(now);
      for (let i = 0; i < this.segments.length - 1; i++) {
        const seg = this.segments[i]!;
        if (FilePartitionLog.segmentTime(seg) >= now - retentionMs) break;
        doomed.push(seg);
      }
    }
    if (retentionBytes >= 0) {
      let size = this.sizeBytes;
      for (const seg of doomed) size -= seg.size;
      for (let i = doomed.length; i < this.segments.length - 1; i++) {
        const seg = this.segments[i]!;
        if (size - seg.size < retentionBytes) break;
        size -= seg.size;
        doomed.push(seg);
      }
    }
    if (doomed.length === 0) return;
    const next = this.segments[doomed.length]!;
    if (next.baseOffset > this.start) {
      this.start = next.baseOffset;
      this.writeMeta();
    }
    this.logger.info("retention deleted segments", { segments: doomed.length, logStartOffset: this.start });
    this.removeSegments(doomed);
  }

  /** Deletes whole segments below logStartOffset, rolling the active one first if all of it is. */
  private deleteSegmentsBelowStart(now: number): void {
    if (this.active.count > 0 && this.active.nextOffset <= this.start) this.roll(now);
    const doomed: Segment[] = [];
    for (let i = 0; i < this.segments.length - 1; i++) {
      const seg = this.segments[i]!;
      if (seg.nextOffset > this.start) break;
      doomed.push(seg);
    }
    this.removeSegments(doomed);
  }

  private removeSegments(doomed: Segment[]): void {
    if (doomed.length === 0) return;
    this.io("delete", () => {
      for (const seg of doomed) {
        const i = this.openClosed.indexOf(seg);
        if (i >= 0) this.openClosed.splice(i, 1);
        seg.delete();
      }
    });
    this.segments = this.segments.slice(doomed.length);
  }

  /** Compacts the closed segments when a new one closed since the last pass, or a kept record's time is up. */
  private maybeCompact(now: number): void {
    const closedSegments = this.segments.slice(0, -1);
    if (closedSegments.length === 0 || now < this.cleanerBackoffUntil) return;
    const closedEnd = closedSegments[closedSegments.length - 1]!.nextOffset;
    if (closedEnd <= this.cleanedUpTo && now < this.cleanerDueAt) return;
    for (const seg of closedSegments) seg.closeFiles();
    this.openClosed = [];
    try {
      const result = compactSegments({
        dir: this.dir,
        segments: closedSegments,
        now,
        minCompactionLagMs: this.config.minCompactionLagMs,
        deleteRetentionMs: this.config.deleteRetentionMs,
        logger: this.logger,
        replaced: (old, by) => {
          const i = this.segments.indexOf(old);
          if (by) this.segments[i] = by;
          else this.segments.splice(i, 1);
        },
      });
      this.cleanedUpTo = closedEnd;
      this.cleanerDueAt = result.nextDueAt;
      this.writeMeta();
      if (result.removedRecords > 0) this.logger.debug("compacted", { removedRecords: result.removedRecords, sizeBytes: this.sizeBytes });
    } catch (err) {
      // The segments not yet swapped are untouched; try again later rather than on every pass.
      this.logger.error("compaction failed", { error: (err as Error).message });
      this.cleanerBackoffUntil = now + COMPACTION_BACKOFF_MS;
    }
  }

  private writeMeta(): void {
    const meta: Meta = {
      logStartOffset: this.start,
      cleanedUpTo: this.cleanedUpTo,
      cleanerDueAt: Number.isFinite(this.cleanerDueAt) ? this.cleanerDueAt : null,
    };
    this.io("meta write", () => writeFileAtomic(join(this.dir, META_FILE), JSON.stringify(meta) + "\n"));
  }
}

function readMeta(dir: string, logger: Logger): Meta | null {
  let text: string;
  try {
    text = readFileSync(join(dir, META_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const m = JSON.parse(text) as Partial<Meta>;
    if (typeof m.logStartOffset !== "number") throw new Error("no logStartOffset");
    return {
      logStartOffset: m.logStartOffset,
      cleanedUpTo: typeof m.cleanedUpTo === "number" ? m.cleanedUpTo : 0,
      cleanerDueAt: typeof m.cleanerDueAt === "number" ? m.cleanerDueAt : null,
    };
  } catch (err) {
    // Written atomically, so this is damage from outside; the segments still hold the data.
    logger.warn("ignoring unreadable meta.json", { error: (err as Error).message });
    return null;
  }
}

/** Writes a file so that a crash leaves the old or the new content, never a mix. */
function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
