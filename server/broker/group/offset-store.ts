import * as fs from "node:fs";
import * as path from "node:path";
import type { Logger } from "../util/logger";
import { silentLogger } from "../util/logger";

/** One committed offset (Kafka's OffsetAndMetadata). */
export interface CommittedOffset {
  offset: number;
  /** -1 when the client sent none (OffsetCommit before v6). */
  leaderEpoch: number;
  /** "" when the client sent null, as Kafka stores it. */
  metadata: string;
  commitTimestamp: number;
}

export interface OffsetCommitEntry extends CommittedOffset {
  topic: string;
  partition: number;
}

/** Group metadata worth keeping across restarts; members are not (they rejoin). */
export interface StoredGroupMetadata {
  groupId: string;
  protocolType: string | null;
  generationId: number;
  leader: string | null;
  protocol: string | null;
}

export interface OffsetStoreOptions {
  /** Directory of the log, normally `<dataDir>/groups`. */
  dir: string;
  logger?: Logger;
  /** Compaction runs when the log holds more than `compactRatio` × live records ... */
  compactRatio?: number;
  /** ... and more than this many records, so small logs are never rewritten. */
  compactMinRecords?: number;
}

/** Log lines. Short keys: the log is rewritten rarely but appended on every commit. */
type LogRecord =
  | { k: "o"; g: string; t: string; p: number; o: number; e: number; m: string; ts: number }
  | { k: "g"; g: string; pt: string | null; gen: number; l: string | null; pr: string | null }
  | { k: "dg"; g: string }
  | { k: "dt"; t: string };

const LOG_FILE = "groups.jsonl";

type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

/**
 * Committed offsets and group metadata, kept in memory and persisted as an append-only JSON-lines
 * log under the data directory. Every change is written with a synchronous write(2) before the
 * caller answers the client, so it survives a killed process (not a power loss: no fsync per
 * commit, as Kafka's own default leaves flushing to the OS). The log is replayed on open and
 * rewritten (tmp + fsync + rename) when it grows beyond a few times its live size.
 */
export class OffsetStore {
  private readonly offsets = new Map<string, GroupOffsets>();
  private readonly groups = new Map<string, StoredGroupMetadata>();
  private readonly file: string;
  private readonly logger: Logger;
  private readonly compactRatio: number;
  private readonly compactMinRecords: number;
  private fd: number | null;
  /** Records in the log file, live or superseded. */
  private records = 0;
  private liveOffsets = 0;

  private constructor(
    private readonly dir: string,
    options: OffsetStoreOptions,
  ) {
    this.file = path.join(dir, LOG_FILE);
    this.logger = options.logger ?? silentLogger;
    this.compactRatio = options.compactRatio ?? 4;
    this.compactMinRecords = options.compactMinRecords ?? 1000;
    fs.mkdirSync(dir, { recursive: true });
    // A crash during compaction leaves the tmp file; the old log is still whole (rename is atomic).
    fs.rmSync(this.file + ".tmp", { force: true });
    this.replay();
    this.fd = fs.openSync(this.file, "a");
    this.maybeCompact();
  }

  static open(options: OffsetStoreOptions): OffsetStore {
    return new OffsetStore(options.dir, options);
  }

  /** Stores several partitions' offsets of one group with one write. */
  commit(groupId: string, entries: readonly OffsetCommitEntry[]): void {
    if (entries.length === 0) return;
    const lines = entries.map((e): LogRecord => ({
      k: "o",
      g: groupId,
      t: e.topic,
      p: e.partition,
      o: e.offset,
      e: e.leaderEpoch,
      m: e.metadata,
      ts: e.commitTimestamp,
    }));
    this.persist(lines);
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId)?.get(topic)?.get(partition);
  }

  /** Every committed partition of a group, topic → partition → offset (a snapshot). */
  groupOffsets(groupId: string): Map<string, Map<number, CommittedOffset>> {
    const g = this.offsets.get(groupId);
    const out = new Map<string, Map<number, CommittedOffset>>();
    if (!g) return out;
    for (const [topic, parts] of g) out.set(topic, new Map(parts));
    return out;
  }

  hasOffsets(groupId: string): boolean {
    return this.offsets.has(groupId);
  }

  saveGroup(meta: StoredGroupMetadata): void {
    const r: LogRecord = { k: "g", g: meta.groupId, pt: meta.protocolType, gen: meta.generationId, l: meta.leader, pr: meta.protocol };
    this.persist([r]);
  }

  loadGroup(groupId: string): StoredGroupMetadata | undefined {
    const g = this.groups.get(groupId);
    return g ? { ...g } : undefined;
  }

  /** Groups known to the store: those with metadata or committed offsets. */
  groupIds(): string[] {
    return [...new Set([...this.groups.keys(), ...this.offsets.keys()])];
  }

  /** Drops a group's metadata and offsets; returns how many offsets went. */
  deleteGroup(groupId: string): number {
    const count = this.countOffsets(groupId);
    if (count === 0 && !this.groups.has(groupId)) return 0;
    const r: LogRecord = { k: "dg", g: groupId };
    this.persist([r]);
    return count;
  }

  /** Drops every group's offsets of a deleted topic; returns how many went. */
  dropTopic(topic: string): number {
    let count = 0;
    for (const g of this.offsets.values()) count += g.get(topic)?.size ?? 0;
    if (count === 0) return 0;
    const r: LogRecord = { k: "dt", t: topic };
    this.persist([r]);
    return count;
  }

  /** Records in the log file and live records, for tests and diagnostics. */
  stats(): { records: number; live: number; bytes: number } {
    const bytes = this.fd === null ? 0 : fs.fstatSync(this.fd).size;
    return { records: this.records, live: this.live(), bytes };
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }

  private live(): number {
    return this.liveOffsets + this.groups.size;
  }

  private countOffsets(groupId: string): number {
    let n = 0;
    for (const parts of this.offsets.get(groupId)?.values() ?? []) n += parts.size;
    return n;
  }

  /** Writes first, then changes memory: a failed write leaves both as they were. */
  private persist(records: readonly LogRecord[]): void {
    if (this.fd === null) throw new Error("offset store is closed");
    writeAll(this.fd, Buffer.from(records.map((r) => JSON.stringify(r) + "\n").join(""), "utf8"));
    this.records += records.length;
    for (const r of records) this.apply(r);
    this.maybeCompact();
  }

  private apply(r: LogRecord): void {
    switch (r.k) {
      case "o": {
        let g = this.offsets.get(r.g);
        if (!g) this.offsets.set(r.g, (g = new Map()));
        let parts = g.get(r.t);
        if (!parts) g.set(r.t, (parts = new Map()));
        if (!parts.has(r.p)) this.liveOffsets++;
        parts.set(r.p, { offset: r.o, leaderEpoch: r.e, metadata: r.m, commitTimestamp: r.ts });
        break;
      }
      case "g":
        this.groups.set(r.g, { groupId: r.g, protocolType: r.pt, generationId: r.gen, leader: r.l, protocol: r.pr });
        break;
      case "dg":
        this.liveOffsets -= this.countOffsets(r.g);
        this.offsets.delete(r.g);
        this.groups.delete(r.g);
        break;
      case "dt":
        for (const [groupId, g] of this.offsets) {
          this.liveOffsets -= g.get(r.t)?.size ?? 0;
          g.delete(r.t);
          if (g.size === 0) this.offsets.delete(groupId);
        }
        break;
    }
  }

  private replay(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    const lastNewline = text.lastIndexOf("\n");
    if (lastNewline !== text.length - 1) {
      // A write cut short by a crash: drop the partial line so new appends start on a fresh line.
      const keep = Buffer.byteLength(text.slice(0, lastNewline + 1), "utf8");
      this.logger.warn("dropping a partial last record of the group log", { file: this.file, bytes: keep });
      fs.truncateSync(this.file, keep);
      text = text.slice(0, lastNewline + 1);
    }
    let lineNo = 0;
    for (const line of text.split("\n")) {
      lineNo++;
      if (line === "") continue;
      const r = parseRecord(line);
      if (!r) {
        this.logger.warn("skipping an unreadable record of the group log", { file: this.file, line: lineNo });
        continue;
      }
      this.records++;
      this.apply(r);
    }
  }

  private maybeCompact(): void {
    if (this.records <= this.compactMinRecords || this.records <= this.compactRatio * this.live()) return;
    this.compact();
  }

  /** Rewrites the log with only live records: tmp file, fsync, rename, fsync the directory. */
  private compact(): void {
    const tmp = this.file + ".tmp";
    const lines: string[] = [];
    for (const g of this.groups.values()) {
      lines.push(JSON.stringify({ k: "g", g: g.groupId, pt: g.protocolType, gen: g.generationId, l: g.leader, pr: g.protocol } satisfies LogRecord));
    }
    for (const [groupId, g] of this.offsets) {
      for (const [topic, parts] of g) {
        for (const [p, o] of parts) {
          lines.push(JSON.stringify({ k: "o", g: groupId, t: topic, p, o: o.offset, e: o.leaderEpoch, m: o.metadata, ts: o.commitTimestamp } satisfies LogRecord));
        }
      }
    }
    const before = this.records;
    const out = fs.openSync(tmp, "w");
    try {
      if (lines.length > 0) writeAll(out, Buffer.from(lines.join("\n") + "\n", "utf8"));
      fs.fsyncSync(out);
    } finally {
      fs.closeSync(out);
    }
    fs.renameSync(tmp, this.file);
    fsyncDir(this.dir);
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, "a");
    this.records = lines.length;
    this.logger.debug("compacted the group log", { before, after: this.records });
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let at = 0;
  while (at < buf.length) at += fs.writeSync(fd, buf, at, buf.length - at);
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function parseRecord(line: string): LogRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const r = v as Record<string, unknown>;
  const str = (x: unknown): x is string => typeof x === "string";
  const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  const strOrNull = (x: unknown): x is string | null => x === null || typeof x === "string";
  switch (r.k) {
    case "o":
      return str(r.g) && str(r.t) && num(r.p) && num(r.o) && num(r.e) && str(r.m) && num(r.ts)
        ? { k: "o", g: r.g, t: r.t, p: r.p, o: r.o, e: r.e, m: r.m, ts: r.ts }
        : null;
    case "g":
      return str(r.g) && strOrNull(r.pt) && num(r.gen) && strOrNull(r.l) && strOrNull(r.pr)
        ? { k: "g", g: r.g, pt: r.pt, gen: r.gen, l: r.l, pr: r.pr }
        : null;
    case "dg":
      return str(r.g) ? { k: "dg", g: r.g } : null;
    case "dt":
      return str(r.t) ? { k: "dt", t: r.t } : null;
    default:
      return null;
  }
}
