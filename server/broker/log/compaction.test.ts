import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../util/clock";
import { silentLogger } from "../util/logger";
import { crc32c } from "./crc32c";
import { defaultLogConfig } from "./default-config";
import { openPartitionLog } from "./partition-log";
import { ATTRIBUTES, CRC, HEADER_SIZE, LAST_OFFSET_DELTA, readInt64 } from "./record-batch";
import { decodeBatches, makeBatch, type TestMessage } from "./test-batches";
import type { LogConfig, PartitionLog } from "./types";

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

class FakeClock implements Clock {
  constructor(public t = T0) {}
  now(): number {
    return this.t;
  }
  schedule(): () => void {
    return () => {};
  }
}

let dir: string;
let clock: FakeClock;
const open: PartitionLog[] = [];

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), "ferry-compact-")), "t-0");
  clock = new FakeClock();
});

afterEach(() => {
  for (const log of open.splice(0)) log.close();
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

/** Compacted topic, one batch per segment (segment.bytes 1) so every appended batch but the last is closed. */
const compacted: Partial<LogConfig> = { cleanupCompact: true, cleanupDelete: false, segmentBytes: 1 };

function openLog(config: Partial<LogConfig> = {}): PartitionLog {
  const log = openPartitionLog({
    dir,
    topic: "t",
    partition: 0,
    config: { ...defaultLogConfig, ...compacted, ...config },
    clock,
    logger: silentLogger,
  });
  open.push(log);
  return log;
}

const m = (key: string, value: string | null, timestamp = T0): TestMessage => ({ key, value, timestamp });

async function contents(log: PartitionLog) {
  const batches = log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER).records;
  return (await decodeBatches(batches)).map((r) => `${r.offset}:${r.key}=${r.value}`);
}

describe("compaction", () => {
  it("keeps the latest record per key with its offset, and never touches the active segment", async () => {
    const log = openLog();
    log.append(await makeBatch([m("a", "1"), m("b", "1"), m("c", "1")]));
    log.append(await makeBatch([m("a", "2"), m("b", "2")]));
    log.append(await makeBatch([m("a", "3")]));
    log.append(await makeBatch([m("b", "active"), m("c", "active")])); // active segment
    const activeFile = readdirSync(dir).filter((n) => n.endsWith(".log")).sort().pop()!;
    const activeIno = statSync(join(dir, activeFile)).ino;
    clock.t += 1;
    log.maintain();
    expect(await contents(log)).toEqual(["2:c=1", "4:b=2", "5:a=3", "6:b=active", "7:c=active"]);
    expect(log.logStartOffset).toBe(0);
    expect(log.logEndOffset).toBe(8);
    expect(statSync(join(dir, activeFile)).ino).toBe(activeIno);
    expect(log.append(await makeBatch([m("d", "1")])).baseOffset).toBe(8);
  });

  it("keeps lastOffsetDelta and a valid CRC in a rebuilt batch", async () => {
    const log = openLog();
    log.append(await makeBatch([m("a", "1"), m("b", "1"), m("a", "2")]));
    log.append(await makeBatch([m("z", "1")]));
    log.maintain();
    const [batch] = log.read(0, Number.MAX_SAFE_INTEGER).records;
    expect(readInt64(batch!, 0)).toBe(0);
    expect(batch!.readInt32BE(LAST_OFFSET_DELTA)).toBe(2);
    expect(batch!.readUInt32BE(CRC)).toBe(crc32c(batch!, ATTRIBUTES));
    expect(await contents(log)).toEqual(["1:b=1", "2:a=2", "3:z=1"]);
  });

  it("compacts gzip batches by recompressing them", async () => {
    const log = openLog();
    log.append(await makeBatch([m("a", "1"), m("b", "1")], { gzip: true }));
    log.append(await makeBatch([m("a", "2")], { gzip: true }));
    log.append(await makeBatch([m("x", "active")]));
    log.maintain();
    const [first] = log.read(0, Number.MAX_SAFE_INTEGER).records;
    expect(first!.readInt16BE(ATTRIBUTES) & 7).toBe(1);
    expect(await contents(log)).toEqual(["1:b=1", "2:a=2", "3:x=active"]);
  });

  it("removes tombstones older than delete.retention.ms and keeps younger ones", async () => {
    const log = openLog({ deleteRetentionMs: DAY });
    log.append(await makeBatch([m("old", "1"), m("young", "1"), m("live", "1")]));
    log.append(await makeBatch([m("old", null, T0)]));
    log.append(await makeBatch([m("young", null, T0 + DAY / 2)]));
    log.append(await makeBatch([m("x", "active", T0 + DAY / 2)]));
    clock.t = T0 + DAY;
    log.maintain();
    // Superseded values go at once; "old"'s tombstone is a day old, "young"'s is not yet.
    expect(await contents(log)).toEqual(["2:live=1", "4:young=null", "5:x=active"]);
    clock.t = T0 + DAY + DAY / 2 - 1;
    log.maintain();
    expect(await contents(log)).toEqual(["2:live=1", "4:young=null", "5:x=active"]);
    clock.t = T0 + DAY + DAY / 2;
    log.maintain(); // nothing new closed: the pass runs because the tombstone's time is up
    expect(await contents(log)).toEqual(["2:live=1", "5:x=active"]);
  });

  it("keeps superseded records younger than min.compaction.lag.ms", async () => {
    const log = openLog({ minCompactionLagMs: 60_000 });
    log.append(await makeBatch([m("a", "1", T0)]));
    log.append(await makeBatch([m("a", "2", T0 + 10)]));
    log.append(await makeBatch([m("x", "active", T0 + 10)]));
    clock.t = T0 + 30_000;
    log.maintain();
    expect(await contents(log)).toEqual(["0:a=1", "1:a=2", "2:x=active"]);
    clock.t = T0 + 60_000;
    log.maintain();
    expect(await contents(log)).toEqual(["1:a=2", "2:x=active"]);
  });

  it("survives a reopen and keeps cleaning from where it was", async () => {
    let log = openLog();
    for (let i = 0; i < 5; i++) log.append(await makeBatch([m("k", String(i)), m(`u${i}`, "x")]));
    log.maintain();
    const before = await contents(log);
    // k=3 stays: k=4 is in the active segment, which does not shadow closed ones.
    expect(before).toEqual(["1:u0=x", "3:u1=x", "5:u2=x", "6:k=3", "7:u3=x", "8:k=4", "9:u4=x"]);
    log.close();
    log = openLog();
    expect(await contents(log)).toEqual(before);
    expect(log.logEndOffset).toBe(10);
    expect(log.logStartOffset).toBe(0);
    log.append(await makeBatch([m("u0", "y")]));
    log.append(await makeBatch([m("z", "active")]));
    log.maintain();
    expect(await contents(log)).toEqual(["3:u1=x", "5:u2=x", "7:u3=x", "8:k=4", "9:u4=x", "10:u0=y", "11:z=active"]);
    expect(readdirSync(dir).filter((n) => n.endsWith(".cleaned"))).toEqual([]);
  });

  it("keeps the first segment file when compaction empties it", async () => {
    let log = openLog();
    log.append(await makeBatch([m("a", "1")]));
    log.append(await makeBatch([m("b", "1")]));
    log.append(await makeBatch([m("a", "2")]));
    log.append(await makeBatch([m("b", "2")]));
    log.append(await makeBatch([m("x", "active")]));
    log.maintain();
    const files = readdirSync(dir).filter((n) => n.endsWith(".log")).sort();
    expect(files).toEqual([
      "00000000000000000000.log",
      "00000000000000000002.log",
      "00000000000000000003.log",
      "00000000000000000004.log",
    ]);
    log.close();
    log = openLog();
    expect(log.logStartOffset).toBe(0);
    expect(await contents(log)).toEqual(["2:a=2", "3:b=2", "4:x=active"]);
  });

  it("keeps a batch whose records do not decode, and cleans the rest", async () => {
    const log = openLog();
    const gz = await makeBatch([m("a", "1")], { gzip: true });
    const junk = Buffer.concat([gz.subarray(0, HEADER_SIZE), Buffer.from("not gzip at all")]);
    junk.writeInt32BE(junk.length - 12, 8);
    junk.writeUInt32BE(crc32c(junk, ATTRIBUTES), CRC);
    log.append(junk);
    log.append(await makeBatch([m("b", "1")]));
    log.append(await makeBatch([m("b", "2")]));
    log.append(await makeBatch([m("x", "active")]));
    log.maintain();
    const batches = log.read(0, Number.MAX_SAFE_INTEGER).records;
    expect(batches[0]).toEqual(Buffer.concat([Buffer.alloc(8), junk.subarray(8)]));
    expect(await decodeBatches(batches.slice(1))).toMatchObject([{ offset: 2, value: "2" }, { offset: 3, value: "active" }]);
  });

  it("does nothing when nothing new has closed", async () => {
    const log = openLog();
    log.append(await makeBatch([m("a", "1"), m("a", "2")]));
    log.append(await makeBatch([m("x", "active")]));
    log.maintain();
    const file = join(dir, "00000000000000000000.log");
    const ino = statSync(file).ino;
    log.maintain();
    log.maintain();
    expect(statSync(file).ino).toBe(ino);
  });
});
