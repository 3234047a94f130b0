/**
 * One log segment: a `.log` file of whole record batches named by the segment's base offset, and a
 * `.index` file with one fixed-size entry per batch. The index is also kept in memory as typed
 * arrays so that millions of batches cost tens of megabytes and lookups are binary searches.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Logger } from "../util/logger";
import {
  BASE_OFFSET,
  BATCH_LENGTH,
  HEADER_SIZE,
  LOG_OVERHEAD,
  MAGIC,
  isProblem,
  parseBatch,
  readInt64,
  writeInt64,
} from "./record-batch";

/**
 * Index entry, big-endian: baseOffset i64 | lastOffset i64 | position i64 | maxTimestamp i64 |
 * size u32 | attributes u16 | reserved u16.
 */
export const INDEX_ENTRY_SIZE = 40;

export interface BatchEntry {
  baseOffset: number;
  lastOffset: number;
  /** Byte position of the batch in the segment's log file. */
  position: number;
  size: number;
  maxTimestamp: number;
  attributes: number;
}

export function segmentFileName(baseOffset: number, ext: "log" | "index"): string {
  return `${String(baseOffset).padStart(20, "0")}.${ext}`;
}

/** Base offsets of the segments found in dir's file names, ascending. */
export function parseSegmentFileName(name: string): number | null {
  const m = /^(\d{20})\.log$/.exec(name);
  return m ? Number(m[1]) : null;
}

export class Segment {
  size = 0;
  count = 0;
  /** Largest batch maxTimestamp, -1 when none. */
  maxTimestamp = -1;
  /** Clock time of the last write (or file mtime on load): retention falls back on it when batches carry no timestamp. */
  lastModified: number;
  /** When the segment was created (file birth time on load): segment.ms falls back on it. */
  createdAt: number;
  private baseOffsets = new Float64Array(16);
  private lastOffsets = new Float64Array(16);
  private positions = new Float64Array(16);
  private maxTimestamps = new Float64Array(16);
  private sizes = new Uint32Array(16);
  private attrs = new Uint16Array(16);
  private logFd: number | null = null;
  private indexFd: number | null = null;
  private writable: boolean;

  private constructor(
    readonly baseOffset: number,
    public logPath: string,
    public indexPath: string,
    writable: boolean,
    now: number,
  ) {
    this.writable = writable;
    this.lastModified = now;
    this.createdAt = now;
  }

  /** Creates an empty writable segment (truncating any files already there). */
  static create(dir: string, baseOffset: number, now: number, suffix = ""): Segment {
    const seg = new Segment(
      baseOffset,
      join(dir, segmentFileName(baseOffset, "log") + suffix),
      join(dir, segmentFileName(baseOffset, "index") + suffix),
      true,
      now,
    );
    seg.logFd = openSync(seg.logPath, "w+");
    seg.indexFd = openSync(seg.indexPath, "w+");
    return seg;
  }

  /**
   * Opens a segment from disk. The index is trusted when its last entry matches the batch header
   * at that position and ends where the log ends; otherwise the log is scanned from the last
   * entry that holds (or from the start) and the index rebuilt. With `recoverTail` (the active
   * segment) the last indexed batch is re-verified as well, and whatever does not parse as whole
   * batches with a good CRC at the end of the log, a torn write, is cut off.
   */
  static load(dir: string, baseOffset: number, options: { writable: boolean; recoverTail: boolean; logger: Logger }): Segment {
    const logPath = join(dir, segmentFileName(baseOffset, "log"));
    const indexPath = join(dir, segmentFileName(baseOffset, "index"));
    const logFd = openSync(logPath, "r+");
    const stat = fstatSync(logFd);
    const logSize = stat.size;
    const seg = new Segment(baseOffset, logPath, indexPath, options.writable, stat.mtimeMs);
    if (stat.birthtimeMs > 0) seg.createdAt = stat.birthtimeMs;
    seg.logFd = logFd;
    seg.indexFd = openSync(indexPath, existsSync(indexPath) ? "r+" : "w+");
    const indexBytes = fstatSync(seg.indexFd).size;
    const whole = Math.floor(indexBytes / INDEX_ENTRY_SIZE);
    // Read in chunks: a 1 GB segment of tiny batches has an index of hundreds of megabytes.
    const chunk = Buffer.allocUnsafe(INDEX_ENTRY_SIZE * 65536);
    scan: for (let first = 0; first < whole; first += 65536) {
      const n = Math.min(65536, whole - first);
      readFully(seg.indexFd, chunk.subarray(0, n * INDEX_ENTRY_SIZE), first * INDEX_ENTRY_SIZE);
      for (let i = 0; i < n; i++) {
        const e = decodeEntry(chunk, i * INDEX_ENTRY_SIZE);
        // Entries must tile the log in order; anything else means the index is not this log's.
        if (e.position !== seg.size || e.position + e.size > logSize || e.lastOffset < e.baseOffset || e.baseOffset < seg.nextOffset) {
          break scan;
        }
        seg.push(e);
      }
    }
    let ok = seg.count === whole && whole * INDEX_ENTRY_SIZE === indexBytes;
    if (seg.count > 0 && !seg.headerMatches(seg.count - 1)) {
      options.logger.warn("index does not match its log, rebuilding it", { segment: logPath });
      seg.reset();
      ok = false;
    }
    if (options.recoverTail && seg.count > 0) {
      // Re-verify the newest indexed batch too: it is the one a crash could have torn.
      seg.pop();
      ok = false;
    }
    if (seg.size !== logSize) ok = false;
    if (!ok) seg.recover(logSize, options.logger);
    if (!options.writable) seg.closeFiles();
    return seg;
  }

  get lastOffset(): number {
    return this.count > 0 ? this.lastOffsets[this.count - 1]! : this.baseOffset - 1;
  }

  /** Offset after the segment's last batch (its base offset when empty). */
  get nextOffset(): number {
    return this.count > 0 ? this.lastOffsets[this.count - 1]! + 1 : this.baseOffset;
  }

  /** First batch's max timestamp, -1 when none: segment.ms counts from it. */
  get firstBatchTimestamp(): number {
    return this.count > 0 ? this.maxTimestamps[0]! : -1;
  }

  get isOpen(): boolean {
    return this.logFd !== null;
  }

  entry(i: number): BatchEntry {
    return {
      baseOffset: this.baseOffsets[i]!,
      lastOffset: this.lastOffsets[i]!,
      position: this.positions[i]!,
      size: this.sizes[i]!,
      maxTimestamp: this.maxTimestamps[i]!,
      attributes: this.attrs[i]!,
    };
  }

  batchLastOffset(i: number): number {
    return this.lastOffsets[i]!;
  }

  batchMaxTimestamp(i: number): number {
    return this.maxTimestamps[i]!;
  }

  batchPosition(i: number): number {
    return this.positions[i]!;
  }

  batchSize(i: number): number {
    return this.sizes[i]!;
  }

  /** Index of the first batch whose lastOffset >= offset (the one holding it, or the next after a gap); count when none. */
  findBatch(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lastOffsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Appends whole batches (data) with their entries; positions in entries are absolute in the file. */
  append(data: Buffer, entries: BatchEntry[], now: number): void {
    if (!this.writable) throw new Error(`segment ${this.logPath} is closed for writing`);
    const fd = this.fd();
    const before = this.size;
    const indexBuf = Buffer.allocUnsafe(entries.length * INDEX_ENTRY_SIZE);
    for (let i = 0; i < entries.length; i++) encodeEntry(indexBuf, i * INDEX_ENTRY_SIZE, entries[i]!);
    try {
      writeFully(fd, data, before);
      writeFully(this.indexFd!, indexBuf, this.count * INDEX_ENTRY_SIZE);
    } catch (err) {
      // Leave no half-written batch behind a failed append (e.g. disk full).
      try {
        ftruncateSync(fd, before);
        ftruncateSync(this.indexFd!, this.count * INDEX_ENTRY_SIZE);
      } catch {
        // recovery at the next open cuts it off instead
      }
      throw err;
    }
    for (const e of entries) this.push(e);
    this.lastModified = now;
  }

  /** Reads [position, position + length) of the log file into a fresh buffer. */
  read(position: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    const n = readFully(this.fd(), buf, position);
    if (n !== length) throw new Error(`short read of ${this.logPath}: ${n} of ${length} bytes at ${position}`);
    return buf;
  }

  /** fsyncs log and index (no-op when the files are closed: closed segments were synced on roll). */
  flush(): void {
    if (this.logFd !== null) fsyncSync(this.logFd);
    if (this.indexFd !== null) fsyncSync(this.indexFd);
  }

  /** The segment stops taking writes: synced, and reopened read-only on the next read. */
  seal(): void {
    this.flush();
    this.writable = false;
    this.closeFiles();
  }

  closeFiles(): void {
    if (this.logFd !== null) closeSync(this.logFd);
    if (this.indexFd !== null) closeSync(this.indexFd);
    this.logFd = null;
    this.indexFd = null;
  }

  delete(): void {
    this.closeFiles();
    for (const p of [this.logPath, this.indexPath]) {
      try {
        unlinkSync(p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
  }

  /**
   * Makes this (finished, synced) segment, written under temporary names, the one on disk at
   * `target`'s names. The log is renamed first: a crash between the two renames leaves an index
   * that does not match its log, which load() detects and rebuilds.
   */
  replace(target: Segment): void {
    this.flush();
    this.closeFiles();
    target.closeFiles();
    renameSync(this.logPath, target.logPath);
    renameSync(this.indexPath, target.indexPath);
    this.logPath = target.logPath;
    this.indexPath = target.indexPath;
    this.writable = false;
  }

  private fd(): number {
    if (this.logFd === null) {
      this.logFd = openSync(this.logPath, this.writable ? "r+" : "r");
      if (this.writable) this.indexFd = openSync(this.indexPath, "r+");
    }
    return this.logFd;
  }

  /** Whether the batch header at entry i's position has that entry's base offset and size. */
  private headerMatches(i: number): boolean {
    const header = Buffer.alloc(HEADER_SIZE);
    if (readFully(this.logFd!, header, this.positions[i]!) !== HEADER_SIZE) return false;
    return (
      readInt64(header, BASE_OFFSET) === this.baseOffsets[i] &&
      header.readInt32BE(BATCH_LENGTH) + LOG_OVERHEAD === this.sizes[i] &&
      header.readInt8(MAGIC) === 2
    );
  }

  /** Scans batches after the indexed ones, indexes the good ones and cuts the log at the first bad one. */
  private recover(logSize: number, logger: Logger): void {
    const fd = this.logFd!;
    let pos = this.size;
    const header = Buffer.alloc(HEADER_SIZE);
    const found: BatchEntry[] = [];
    let reason = "";
    while (pos < logSize) {
      const n = readFully(fd, header, pos);
      if (n < HEADER_SIZE) {
        reason = `${logSize - pos} bytes of a batch header`;
        break;
      }
      const size = header.readInt32BE(BATCH_LENGTH) + LOG_OVERHEAD;
      if (size < HEADER_SIZE || pos + size > logSize) {
        reason = `a batch of ${size} bytes with ${logSize - pos} bytes left`;
        break;
      }
      const batch = Buffer.allocUnsafe(size);
      readFully(fd, batch, pos);
      const info = parseBatch(batch, 0, size);
      if (isProblem(info)) {
        reason = info.message;
        break;
      }
      const entry: BatchEntry = {
        baseOffset: info.baseOffset,
        lastOffset: info.baseOffset + info.lastOffsetDelta,
        position: pos,
        size,
        maxTimestamp: info.maxTimestamp,
        attributes: info.attributes & 0xffff,
      };
      if (entry.baseOffset < this.nextOffsetAfter(found)) {
        reason = `batch at offset ${entry.baseOffset} goes backwards`;
        break;
      }
      found.push(entry);
      pos += size;
    }
    if (pos < logSize) {
      logger.warn("truncating a torn write at the end of the log", { segment: this.logPath, position: pos, dropped: logSize - pos, reason });
      ftruncateSync(fd, pos);
    }
    // Rewrite the index from the last trusted entry on.
    ftruncateSync(this.indexFd!, this.count * INDEX_ENTRY_SIZE);
    const buf = Buffer.allocUnsafe(found.length * INDEX_ENTRY_SIZE);
    found.forEach((e, i) => encodeEntry(buf, i * INDEX_ENTRY_SIZE, e));
    if (buf.length > 0) writeFully(this.indexFd!, buf, this.count * INDEX_ENTRY_SIZE);
    for (const e of found) this.push(e);
  }

  private nextOffsetAfter(found: BatchEntry[]): number {
    const last = found[found.length - 1];
    return last ? last.lastOffset + 1 : this.count > 0 ? this.nextOffset : this.baseOffset;
  }

  private push(e: BatchEntry): void {
    if (this.count === this.lastOffsets.length) this.grow();
    const i = this.count++;
    this.baseOffsets[i] = e.baseOffset;
    this.lastOffsets[i] = e.lastOffset;
    this.positions[i] = e.position;
    this.sizes[i] = e.size;
    this.maxTimestamps[i] = e.maxTimestamp;
    this.attrs[i] = e.attributes;
    this.size = e.position + e.size;
    if (e.maxTimestamp > this.maxTimestamp) this.maxTimestamp = e.maxTimestamp;
  }

  private pop(): void {
    this.count--;
    this.size = this.count > 0 ? this.positions[this.count - 1]! + this.sizes[this.count - 1]! : 0;
    this.maxTimestamp = -1;
    for (let i = 0; i < this.count; i++) if (this.maxTimestamps[i]! > this.maxTimestamp) this.maxTimestamp = this.maxTimestamps[i]!;
  }

  private reset(): void {
    this.count = 0;
    this.size = 0;
    this.maxTimestamp = -1;
  }

  private grow(): void {
    const n = this.lastOffsets.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.baseOffsets = f64(this.baseOffsets);
    this.lastOffsets = f64(this.lastOffsets);
    this.positions = f64(this.positions);
    this.maxTimestamps = f64(this.maxTimestamps);
    const sizes = new Uint32Array(n);
    sizes.set(this.sizes);
    this.sizes = sizes;
    const attrs = new Uint16Array(n);
    attrs.set(this.attrs);
    this.attrs = attrs;
  }
}

function encodeEntry(buf: Buffer, at: number, e: BatchEntry): void {
  writeInt64(buf, at, e.baseOffset);
  writeInt64(buf, at + 8, e.lastOffset);
  writeInt64(buf, at + 16, e.position);
  writeInt64(buf, at + 24, e.maxTimestamp);
  buf.writeUInt32BE(e.size, at + 32);
  buf.writeUInt16BE(e.attributes & 0xffff, at + 36);
  buf.writeUInt16BE(0, at + 38);
}

function decodeEntry(buf: Buffer, at: number): BatchEntry {
  return {
    baseOffset: readInt64(buf, at),
    lastOffset: readInt64(buf, at + 8),
    position: readInt64(buf, at + 16),
    maxTimestamp: readInt64(buf, at + 24),
    size: buf.readUInt32BE(at + 32),
    attributes: buf.readUInt16BE(at + 36),
  };
}

export function writeFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, position + done);
}

/** Reads until buf is full or the file ends; returns the bytes read. */
export function readFully(fd: number, buf: Buffer, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
