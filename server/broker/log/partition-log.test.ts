import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import type { Clock } from "../util/clock";
import { silentLogger } from "../util/logger";
import { crc32c } from "./crc32c";
import { defaultLogConfig } from "./default-config";
import { openPartitionLog } from "./partition-log";
import { ATTRIBUTES, CRC, MAX_TIMESTAMP, TIMESTAMP_TYPE_BIT, isProblem, parseBatch, readInt64 } from "./record-batch";
import { INDEX_ENTRY_SIZE } from "./segment";
import { decodeBatches, makeBatch, messages } from "./test-batches";
import type { LogConfig, PartitionLog } from "./types";

const T0 = 1_700_000_000_000;

class FakeClock implements Clock {
  constructor(public t = T0) {}
  now(): number {
    return this.t;
  }
  schedule(): () => void {
    return () => {};
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

let dir: string;
let clock: FakeClock;
/** A valid one-record batch. */
let good: Buffer;
const open: PartitionLog[] = [];

beforeEach(async () => {
  dir = join(mkdtempSync(join(tmpdir(), "ferry-log-")), "t-0");
  clock = new FakeClock();
  good = await makeBatch(messages(1));
});

afterEach(() => {
  for (const log of open.splice(0)) log.close();
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

function openLog(config: Partial<LogConfig> = {}): PartitionLog {
  const log = openPartitionLog({ dir, topic: "t", partition: 0, config: { ...defaultLogConfig, ...config }, clock, logger: silentLogger });
  open.push(log);
  return log;
}

function reopen(log: PartitionLog, config: Partial<LogConfig> = {}): PartitionLog {
  log.close();
  return openLog(config);
}

async function readAll(log: PartitionLog, from = log.logStartOffset) {
  return decodeBatches(log.read(from, Number.MAX_SAFE_INTEGER).records);
}

function kafkaCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof KafkaError) return err.code;
    throw err;
  }
  return undefined;
}

function logFiles(): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".log"))
    .sort();
}

describe("append and read", () => {
  it("round-trips kafkajs batches with assigned offsets", async () => {
    const log = openLog();
    expect(log.append(await makeBatch(messages(3, "a", T0)))).toEqual({ baseOffset: 0, logAppendTime: -1, logStartOffset: 0 });
    expect(log.append(await makeBatch(messages(2, "b", T0))).baseOffset).toBe(3);
    expect(log.logEndOffset).toBe(5);
    const all = await readAll(log);
    expect(all.map((r) => [r.offset, r.key, r.value])).toEqual([
      [0, "k0", "a0"],
      [1, "k1", "a1"],
      [2, "k2", "a2"],
      [3, "k0", "b0"],
      [4, "k1", "b1"],
    ]);
    expect(all.every((r) => r.timestamp === T0)).toBe(true);
  });

  it("reads whole batches from the one holding the offset", async () => {
    const log = openLog();
    log.append(await makeBatch(messages(3)));
    log.append(await makeBatch(messages(3)));
    const r = log.read(4, 1 << 20);
    expect(r.records).toHaveLength(1);
    expect(readInt64(r.records[0]!, 0)).toBe(3);
    expect(r.bytes).toBe(r.records[0]!.length);
    expect(log.read(6, 1 << 20)).toEqual({ records: [], bytes: 0 });
  });

  it("answers OFFSET_OUT_OF_RANGE outside [start, end]", async () => {
    const log = openLog();
    log.append(await makeBatch(messages(2)));
    expect(kafkaCode(() => log.read(3, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(kafkaCode(() => log.read(-1, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it("stores gzip batches untouched and they decode", async () => {
    const log = openLog();
    log.append(await makeBatch(messages(2, "p")));
    const gz = await makeBatch(messages(4, "g", T0), { gzip: true });
    log.append(gz);
    const r = log.read(2, 1 << 20);
    expect(r.records[0]!.subarray(8)).toEqual(gz.subarray(8));
    expect((await decodeBatches(r.records)).map((x) => [x.offset, x.value])).toEqual([
      [2, "g0"],
      [3, "g1"],
      [4, "g2"],
      [5, "g3"],
    ]);
  });

  it("appends every batch of a record set in order", async () => {
    const log = openLog();
    const set = Buffer.concat([await makeBatch(messages(2, "x")), await makeBatch(messages(3, "y")), await makeBatch(messages(1, "z"))]);
    expect(log.append(set).baseOffset).toBe(0);
    expect(log.logEndOffset).toBe(6);
    expect((await readAll(log)).map((r) => `${r.offset}${r.value}`)).toEqual(["0x0", "1x1", "2y0", "3y1", "4y2", "5z0"]);
  });

  it("does not modify the caller's buffer", async () => {
    const log = openLog();
    log.append(await makeBatch(messages(1)));
    const batch = await makeBatch(messages(1));
    const copy = Buffer.from(batch);
    log.append(batch);
    expect(batch).toEqual(copy);
  });

  it("returns at least one batch even when it is larger than maxBytes", async () => {
    const log = openLog({ maxMessageBytes: 4 << 20 });
    const big = Buffer.alloc(1_500_000, 7);
    log.append(await makeBatch([{ key: "big", value: big }]));
    log.append(await makeBatch(messages(1)));
    const r = log.read(0, 1 << 20);
    expect(r.records).toHaveLength(1);
    expect(r.bytes).toBeGreaterThan(1 << 20);
    const [rec] = await decodeBatches(r.records);
    expect(rec!.value!.length).toBe(big.length);
  });

  it("stops at maxBytes on a batch boundary", async () => {
    const log = openLog();
    for (let i = 0; i < 5; i++) log.append(await makeBatch(messages(1)));
    const one = log.read(0, 1).bytes;
    expect(log.read(0, one * 3 + one - 1).records).toHaveLength(3);
    expect(log.read(0, one * 5).records).toHaveLength(5);
  });
});

describe("validation", () => {
  it("rejects a batch with a bad CRC and leaves the log unchanged", async () => {
    const log = openLog();
    const batch = await makeBatch(messages(2));
    batch[batch.length - 1]! ^= 0xff;
    expect(kafkaCode(() => log.append(batch))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(log.logEndOffset).toBe(0);
    expect(log.sizeBytes).toBe(0);
  });

  it("rejects the whole record set when one batch is bad", async () => {
    const log = openLog();
    const bad = await makeBatch(messages(1));
    bad[16] = 1; // magic
    expect(kafkaCode(() => log.append(Buffer.concat([good, bad])))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(log.logEndOffset).toBe(0);
  });

  it("rejects truncated batches and trailing bytes", async () => {
    const log = openLog();
    const batch = await makeBatch(messages(2));
    expect(kafkaCode(() => log.append(batch.subarray(0, batch.length - 1)))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(kafkaCode(() => log.append(Buffer.concat([batch, Buffer.alloc(5)])))).toBe(ErrorCode.CORRUPT_MESSAGE);
    const lying = Buffer.from(batch);
    lying.writeInt32BE(20, 8);
    expect(kafkaCode(() => log.append(lying))).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it("answers MESSAGE_TOO_LARGE past max.message.bytes", async () => {
    const log = openLog({ maxMessageBytes: 1000 });
    const batch = await makeBatch([{ key: "k", value: Buffer.alloc(2000) }]);
    expect(kafkaCode(() => log.append(batch))).toBe(ErrorCode.MESSAGE_TOO_LARGE);
  });

  it("answers INVALID_RECORD for keyless records on compacted topics (uncompressed only)", async () => {
    const log = openLog({ cleanupCompact: true, cleanupDelete: false });
    expect(kafkaCode(() => log.append(good))).toBe(undefined);
    const keyless = await makeBatch([{ key: "a", value: "1" }, { value: "2" }]);
    expect(kafkaCode(() => log.append(keyless))).toBe(ErrorCode.INVALID_RECORD);
    const gz = await makeBatch([{ value: "2" }], { gzip: true });
    expect(kafkaCode(() => log.append(gz))).toBe(undefined);
  });
});

describe("LogAppendTime", () => {
  it("stamps maxTimestamp and the attribute bit with a valid CRC", async () => {
    const log = openLog({ logAppendTime: true });
    clock.t = T0 + 5000;
    const res = log.append(await makeBatch(messages(2, "v", T0 - 60_000)));
    expect(res.logAppendTime).toBe(T0 + 5000);
    const [stored] = log.read(0, 1 << 20).records;
    expect(stored!.readInt16BE(ATTRIBUTES) & TIMESTAMP_TYPE_BIT).toBe(TIMESTAMP_TYPE_BIT);
    expect(readInt64(stored!, MAX_TIMESTAMP)).toBe(T0 + 5000);
    expect(stored!.readUInt32BE(CRC)).toBe(crc32c(stored!, ATTRIBUTES));
    expect(isProblem(parseBatch(stored!, 0, stored!.length))).toBe(false);
    const decoded = await decodeBatches([stored!]);
    expect(decoded.map((r) => r.timestamp)).toEqual([T0 + 5000, T0 + 5000]);
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 0, timestamp: T0 + 5000 });
  });
});

describe("persistence and recovery", () => {
  it("keeps data and logStartOffset across a restart", async () => {
    let log = openLog();
    for (let i = 0; i < 4; i++) log.append(await makeBatch(messages(2, `r${i}-`)));
    expect(log.deleteRecordsBefore(3)).toBe(3);
    log = reopen(log);
    expect(log.logStartOffset).toBe(3);
    expect(log.logEndOffset).toBe(8);
    expect((await readAll(log)).map((r) => r.offset)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(log.append(await makeBatch(messages(1))).baseOffset).toBe(8);
  });

  it("cuts a torn write at the end of the log back to the last whole batch", async () => {
    let log = openLog();
    log.append(await makeBatch(messages(2)));
    log.append(await makeBatch(messages(3)));
    const sizeAfterTwo = log.sizeBytes;
    log.append(await makeBatch(messages(4)));
    log.close();
    const file = join(dir, logFiles()[0]!);
    truncateSync(file, sizeAfterTwo + 30); // mid-batch
    log = openLog();
    expect(log.logEndOffset).toBe(5);
    expect(log.sizeBytes).toBe(sizeAfterTwo);
    expect(statSync(file).size).toBe(sizeAfterTwo);
    expect(statSync(file.replace(/\.log$/, ".index")).size).toBe(2 * INDEX_ENTRY_SIZE);
    expect(log.append(await makeBatch(messages(1, "after"))).baseOffset).toBe(5);
    log = reopen(log);
    expect((await readAll(log)).map((r) => r.value)).toEqual(["v0", "v1", "v0", "v1", "v2", "after0"]);
  });

  it("cuts a trailing batch with a bad CRC", async () => {
    let log = openLog();
    log.append(await makeBatch(messages(2)));
    const size = log.sizeBytes;
    log.append(await makeBatch(messages(2)));
    log.close();
    const file = join(dir, logFiles()[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2]! ^= 0x55;
    writeFileSync(file, bytes);
    log = openLog();
    expect(log.logEndOffset).toBe(2);
    expect(log.sizeBytes).toBe(size);
  });

  it("indexes whole batches the index lost (kill between the log and index writes)", async () => {
    let log = openLog();
    for (let i = 0; i < 3; i++) log.append(await makeBatch(messages(2)));
    log.close();
    const index = join(dir, logFiles()[0]!.replace(/\.log$/, ".index"));
    truncateSync(index, INDEX_ENTRY_SIZE + 7); // one entry and a torn one
    log = openLog();
    expect(log.logEndOffset).toBe(6);
    expect(statSync(index).size).toBe(3 * INDEX_ENTRY_SIZE);
    expect((await readAll(log)).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("drops index entries past the end of the log", async () => {
    let log = openLog();
    log.append(await makeBatch(messages(2)));
    const size = log.sizeBytes;
    log.append(await makeBatch(messages(2)));
    log.close();
    truncateSync(join(dir, logFiles()[0]!), size);
    log = openLog();
    expect(log.logEndOffset).toBe(2);
    expect((await readAll(log)).map((r) => r.offset)).toEqual([0, 1]);
  });

  it("rebuilds a closed segment's index that does not match its log", async () => {
    let log = openLog({ segmentBytes: 1 });
    for (let i = 0; i < 3; i++) log.append(await makeBatch(messages(2, `s${i}-`)));
    log.close();
    expect(logFiles()).toEqual(["00000000000000000000.log", "00000000000000000002.log", "00000000000000000004.log"]);
    // A wrong index for the first segment, and none for the second.
    writeFileSync(join(dir, "00000000000000000000.index"), Buffer.alloc(INDEX_ENTRY_SIZE, 1));
    unlinkSync(join(dir, "00000000000000000002.index"));
    log = openLog({ segmentBytes: 1 });
    expect(log.logEndOffset).toBe(6);
    expect((await readAll(log)).map((r) => r.value)).toEqual(["s0-0", "s0-1", "s1-0", "s1-1", "s2-0", "s2-1"]);
    expect(statSync(join(dir, "00000000000000000002.index")).size).toBe(INDEX_ENTRY_SIZE);
  });

  it("removes leftovers of an interrupted compaction", async () => {
    let log = openLog();
    log.append(await makeBatch(messages(2)));
    log.close();
    writeFileSync(join(dir, "00000000000000000000.log.cleaned"), "junk");
    writeFileSync(join(dir, "00000000000000000000.index.cleaned"), "junk");
    log = openLog();
    expect(readdirSync(dir).filter((n) => n.endsWith(".cleaned"))).toEqual([]);
    expect(log.logEndOffset).toBe(2);
  });
});

describe("segments and retention", () => {
  it("rolls by size into files named by base offset, and reads across them", async () => {
    const log = openLog({ segmentBytes: 400 });
    for (let i = 0; i < 10; i++) log.append(await makeBatch(messages(2, `b${i}-`)));
    const files = logFiles();
    expect(files.length).toBeGreaterThan(2);
    expect(files.every((f) => /^\d{20}\.log$/.test(f))).toBe(true);
    expect(files[0]).toBe("00000000000000000000.log");
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(400);
    expect(log.sizeBytes).toBe(files.reduce((n, f) => n + statSync(join(dir, f)).size, 0));
    expect((await readAll(log)).map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("rolls by age of the first batch (segment.ms)", async () => {
    const log = openLog({ segmentMs: 1000 });
    log.append(await makeBatch(messages(1, "a", T0)));
    log.append(await makeBatch(messages(1, "b", T0 + 1000)));
    expect(logFiles()).toHaveLength(1);
    log.append(await makeBatch(messages(1, "c", T0 + 1001)));
    expect(logFiles()).toEqual(["00000000000000000000.log", "00000000000000000002.log"]);
  });

  it("deletes closed segments past retention.ms and advances logStartOffset", async () => {
    let log = openLog({ segmentBytes: 1, retentionMs: 10_000 });
    log.append(await makeBatch(messages(2, "old", T0)));
    log.append(await makeBatch(messages(2, "mid", T0 + 5000)));
    log.append(await makeBatch(messages(2, "new", T0 + 20_000)));
    clock.t = T0 + 12_000;
    log.maintain();
    expect(log.logStartOffset).toBe(2);
    expect(logFiles()).toEqual(["00000000000000000002.log", "00000000000000000004.log"]);
    expect(kafkaCode(() => log.read(0, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    log.maintain(); // nothing more to do
    expect(log.logStartOffset).toBe(2);
    log = reopen(log, { segmentBytes: 1, retentionMs: 10_000 });
    expect(log.logStartOffset).toBe(2);
    expect((await readAll(log)).map((r) => r.value)).toEqual(["mid0", "mid1", "new0", "new1"]);
  });

  it("rolls and deletes the active segment when all of it has expired", async () => {
    const log = openLog({ retentionMs: 1000 });
    log.append(await makeBatch(messages(3, "x", T0)));
    clock.t = T0 + 5000;
    log.maintain();
    expect(log.logStartOffset).toBe(3);
    expect(log.logEndOffset).toBe(3);
    expect(log.sizeBytes).toBe(0);
    expect(logFiles()).toEqual(["00000000000000000003.log"]);
    expect(log.append(await makeBatch(messages(1))).baseOffset).toBe(3);
  });

  it("keeps everything with retention.ms -1", async () => {
    const log = openLog({ segmentBytes: 1, retentionMs: -1 });
    log.append(await makeBatch(messages(1, "x", 1)));
    log.append(await makeBatch(messages(1, "x", 2)));
    log.maintain();
    expect(log.logStartOffset).toBe(0);
  });

  it("deletes the oldest closed segments past retention.bytes", async () => {
    const log = openLog({ segmentBytes: 1 });
    for (let i = 0; i < 6; i++) log.append(await makeBatch(messages(1, `v${i}-`)));
    const per = log.sizeBytes / 6;
    log.setConfig({ ...defaultLogConfig, segmentBytes: 1, retentionBytes: per * 2.5 });
    log.maintain();
    // Kafka's rule: a segment goes only while what stays is >= retention.bytes.
    expect(log.sizeBytes).toBe(per * 3);
    expect(log.logStartOffset).toBe(3);
    expect(logFiles()).toHaveLength(3);
  });
});

describe("DeleteRecords", () => {
  it("advances logStartOffset, deletes whole segments below it and clamps", async () => {
    const log = openLog({ segmentBytes: 1 });
    for (let i = 0; i < 4; i++) log.append(await makeBatch(messages(2)));
    expect(log.deleteRecordsBefore(5)).toBe(5);
    expect(logFiles()).toEqual(["00000000000000000004.log", "00000000000000000006.log"]);
    expect(log.deleteRecordsBefore(1)).toBe(5);
    expect(kafkaCode(() => log.deleteRecordsBefore(9))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(kafkaCode(() => log.read(4, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect((await readAll(log)).map((r) => r.offset)).toEqual([4, 5, 6, 7]);
    expect(log.deleteRecordsBefore(-1)).toBe(8);
    expect(log.logEndOffset).toBe(8);
    expect(log.sizeBytes).toBe(0);
    expect(log.read(8, 100).records).toEqual([]);
  });

  it("is refused on a compact-only topic, as in Kafka", async () => {
    const log = openLog({ cleanupCompact: true, cleanupDelete: false });
    log.append(good);
    expect(kafkaCode(() => log.deleteRecordsBefore(1))).toBe(ErrorCode.POLICY_VIOLATION);
  });
});

describe("offsetForTimestamp", () => {
  it("finds the exact first record at or after ts", async () => {
    const log = openLog();
    log.append(await makeBatch([10, 20, 30].map((d, i) => ({ key: `k${i}`, value: "v", timestamp: T0 + d }))));
    log.append(await makeBatch([40, 50].map((d, i) => ({ key: `k${i}`, value: "v", timestamp: T0 + d })), { gzip: true }));
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 0, timestamp: T0 + 10 });
    expect(log.offsetForTimestamp(T0 + 15)).toEqual({ offset: 1, timestamp: T0 + 20 });
    expect(log.offsetForTimestamp(T0 + 30)).toEqual({ offset: 2, timestamp: T0 + 30 });
    expect(log.offsetForTimestamp(T0 + 45)).toEqual({ offset: 4, timestamp: T0 + 50 });
    expect(log.offsetForTimestamp(T0 + 51)).toBeNull();
    log.deleteRecordsBefore(2);
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 2, timestamp: T0 + 30 });
  });
});

describe("lifecycle", () => {
  it("flushes, closes and destroys", async () => {
    const log = openLog({ flushMessages: 1 });
    log.append(good);
    log.flush();
    log.close();
    expect(kafkaCode(() => log.append(good))).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const again = openLog();
    expect(again.logEndOffset).toBe(1);
    again.destroy();
    expect(existsSync(dir)).toBe(false);
  });

  it("writes meta.json atomically with logStartOffset", async () => {
    const log = openLog();
    log.append(await makeBatch(messages(3)));
    log.deleteRecordsBefore(2);
    expect(JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")).logStartOffset).toBe(2);
    expect(readdirSync(dir).some((n) => n.endsWith(".tmp"))).toBe(false);
  });
});

describe("kill -9", () => {
  /** A child process appends batches of up to ~300 KB and prints the log end after each append returns. */
  const child = (logDir: string) => `
    import { openPartitionLog } from ${JSON.stringify(new URL("./partition-log.ts", import.meta.url).href)};
    import { defaultLogConfig } from ${JSON.stringify(new URL("./default-config.ts", import.meta.url).href)};
    import { makeBatch } from ${JSON.stringify(new URL("./test-batches.ts", import.meta.url).href)};
    import { systemClock } from ${JSON.stringify(new URL("../util/clock.ts", import.meta.url).href)};
    import { silentLogger } from ${JSON.stringify(new URL("../util/logger.ts", import.meta.url).href)};
    const log = openPartitionLog({ dir: ${JSON.stringify(logDir)}, topic: "t", partition: 0,
      config: { ...defaultLogConfig, segmentBytes: 2 << 20 }, clock: systemClock, logger: silentLogger });
    const batches = [];
    for (let i = 0; i < 12; i++) {
      const n = 1 + ((i * 7) % 30);
      batches.push(await makeBatch(Array.from({ length: n }, (_, j) => ({ key: "k" + j, value: Buffer.alloc((i * 997) % 10000, i) }))));
    }
    for (let i = 0; ; i++) {
      log.append(batches[i % batches.length]);
      process.stdout.write(log.logEndOffset + "\\n"); // synchronous on a pipe
    }
  `;

  it("keeps every acknowledged append and recovers a clean log", async () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    let acked = 0;
    for (let round = 0; round < 3; round++) {
      const proc = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", child(dir)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      let lines = 0;
      let buffered = "";
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on("data", (d: Buffer) => {
          buffered += d.toString();
          const parts = buffered.split("\n");
          buffered = parts.pop()!;
          for (const p of parts) {
            acked = Number(p);
            if (++lines === 150 + round * 37) proc.kill("SIGKILL");
          }
        });
        proc.on("close", () => (lines > 0 ? resolve() : reject(new Error(`child wrote nothing: ${stderr}`))));
      });
      const log = openLog({ segmentBytes: 2 << 20 });
      expect(log.logEndOffset).toBeGreaterThanOrEqual(acked);
      const records = await readAll(log);
      expect(records.map((r) => r.offset)).toEqual(Array.from({ length: log.logEndOffset }, (_, i) => i));
      for (const b of log.read(0, Number.MAX_SAFE_INTEGER).records) expect(isProblem(parseBatch(b, 0, b.length))).toBe(false);
      log.close();
      open.splice(open.indexOf(log), 1);
    }
  }, 60_000);
});
