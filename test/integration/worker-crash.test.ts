import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { properties, spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { waitFor } from "../harness/wait-for";

/**
 * At-least-once across a crash: `ferry standalone` runs FileStreamSource → topic → FileStreamSink
 * over 200k lines, is SIGKILLed mid-pipeline (no shutdown hooks, no final offset flush or commit),
 * and is started again with the same files. Every line must reach the sink file; duplicates are
 * allowed (records after the last committed offsets are read again) and counted; per source, the
 * first occurrences must be in file order.
 */

const LINES = 200_000;
const LINE_BYTES = 100; // including the newline
const SOURCE = "A";
/** `A-000000042-` then padding to 99 characters: the source tag and sequence number, fixed width. */
const LINE_PATTERN = /^([A-Z])-(\d{9})-x+$/;

function line(source: string, seq: number): string {
  const head = `${source}-${String(seq).padStart(9, "0")}-`;
  return head + "x".repeat(LINE_BYTES - 1 - head.length);
}

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-crash-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Lines counted from the file's bytes (cheap enough to poll: no string decoding). */
function countLines(path: string): number {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  let count = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return count;
      for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) count++;
    }
  } finally {
    closeSync(fd);
  }
}

/** The committed FileStreamSource position in the offsets file, 0 before the first flush. */
function committedPosition(offsetsFile: string): number {
  if (!existsSync(offsetsFile)) return 0;
  const { offsets } = JSON.parse(readFileSync(offsetsFile, "utf8")) as { offsets: [string, string | null][] };
  const value = offsets[0]?.[1];
  return value ? Number((JSON.parse(value) as { position: number }).position) : 0;
}

interface SinkAnalysis {
  lines: number;
  /** Lines that do not look like a whole record (a write cut by the kill); their tail is used when it is one. */
  torn: number;
  /** Torn lines without a whole record at their end. */
  unparsable: number;
  /** Sequence numbers seen, per source, in order of first occurrence. */
  firstOccurrences: Map<string, number[]>;
  duplicates: number;
  /** Sequence numbers seen more than once (first few). */
  duplicateSample: string[];
}

function analyse(text: string): SinkAnalysis {
  const seen = new Set<string>();
  const firstOccurrences = new Map<string, number[]>();
  let lines = 0;
  let torn = 0;
  let unparsable = 0;
  let duplicates = 0;
  const duplicateSample: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw === "") continue;
    lines++;
    let m = LINE_PATTERN.exec(raw);
    if (!m) {
      torn++;
      // A partial line followed by a whole one: the whole one is the last LINE_BYTES - 1 characters.
      m = LINE_PATTERN.exec(raw.slice(-(LINE_BYTES - 1)));
      if (!m) {
        unparsable++;
        continue;
      }
    }
    const key = `${m[1]}-${m[2]}`;
    if (seen.has(key)) {
      duplicates++;
      if (duplicateSample.length < 5) duplicateSample.push(key);
      continue;
    }
    seen.add(key);
    let list = firstOccurrences.get(m[1] as string);
    if (!list) firstOccurrences.set(m[1] as string, (list = []));
    list.push(Number(m[2]));
  }
  return { lines, torn, unparsable, firstOccurrences, duplicates, duplicateSample };
}

async function topicRecords(bootstrap: string, topic: string): Promise<number> {
  const admin = new Kafka({ clientId: "ferry-crash-test", brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

describe("worker crash (SIGKILL) in the middle of a FileStream pipeline", () => {
  it("delivers every line at least once, in order per source, after a restart", async () => {
    const dir = join(root, "worker");
    const input = join(root, "input.txt");
    const output = join(root, "output.txt");
    const offsetsFile = join(dir, "connect.offsets");
    const topic = "crash-pipeline";
    mkdirSync(dir);

    const parts: string[] = [];
    for (let i = 0; i < LINES; i++) parts.push(line(SOURCE, i));
    writeFileSync(input, parts.join("\n") + "\n");
    expect(fileSize(input)).toBe(LINES * LINE_BYTES);

    writeFileSync(
      join(dir, "worker.properties"),
      properties({
        "bootstrap.servers": broker.bootstrap,
        listeners: "http://127.0.0.1:0",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "offset.storage.file.filename": offsetsFile,
        "offset.flush.interval.ms": "1000",
        // The killed worker's sink consumer never leaves its group: the broker drops it after the
        // session timeout, so keep that short for the restarted one to get the partition quickly.
        "consumer.session.timeout.ms": "6000",
        "consumer.heartbeat.interval.ms": "1000",
      }),
    );
    writeFileSync(join(dir, "source.properties"), properties({ name: "crash-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: input, topic }));
    writeFileSync(join(dir, "sink.properties"), properties({ name: "crash-sink", "connector.class": "FileStreamSink", "tasks.max": "1", file: output, topics: topic }));
    const args = ["standalone", "worker.properties", "source.properties", "sink.properties"];

    const start = async (): Promise<FerryProcess> => {
      const worker = spawnFerry(args, { cwd: dir });
      onTestFinished(async () => void (await worker.kill()));
      onTestFailed(() => console.error(`--- ${worker.title} (pid ${worker.pid}) stderr (end):\n${worker.stderr().slice(-6000)}`));
      await worker.waitForStdout(/REST API listening on/, 30_000);
      return worker;
    };

    const t0 = performance.now();
    const first = await start();
    // Mid-pipeline: the source has committed offsets at least once and the sink has written part
    // of the file, but not all of it.
    await waitFor(() => committedPosition(offsetsFile) > 0 && fileSize(output) >= 0.25 * LINES * LINE_BYTES, {
      timeoutMs: 45_000,
      intervalMs: 20,
      message: "the source to commit offsets and a quarter of the lines to reach the sink file",
    });
    const killedAt = { sinkLines: countLines(output), sourceCommittedLines: committedPosition(offsetsFile) / LINE_BYTES };
    expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    const afterKill = { sinkLines: countLines(output), sourceCommittedLines: committedPosition(offsetsFile) / LINE_BYTES };
    expect(afterKill.sinkLines).toBeLessThan(LINES);

    const second = await start();
    await waitFor(
      () => {
        if (fileSize(output) < LINES * LINE_BYTES) return false;
        const a = analyse(readFileSync(output, "utf8"));
        return (a.firstOccurrences.get(SOURCE)?.length ?? 0) >= LINES;
      },
      { timeoutMs: 60_000, intervalMs: 250, message: `all ${LINES} lines in the sink file after the restart` },
    );
    const elapsedMs = Math.round(performance.now() - t0);
    // Let the restarted worker shut down cleanly before looking at the final state of the files.
    expect(await second.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });

    const result = analyse(readFileSync(output, "utf8"));
    const onTopic = await topicRecords(broker.bootstrap, topic);
    console.log(
      `[worker-crash] ${LINES} lines, SIGKILL at sink ${afterKill.sinkLines} lines / source committed ${killedAt.sourceCommittedLines} lines; ` +
        `sink file ${result.lines} lines = ${LINES} distinct + ${result.duplicates} duplicates (${result.torn} torn lines, ${result.unparsable} unparsable)` +
        `${result.duplicateSample.length ? `, e.g. ${result.duplicateSample.join(", ")}` : ""}; ` +
        `topic ${onTopic} records (${onTopic - LINES} re-sent by the source); ${elapsedMs} ms`,
    );

    const seqs = result.firstOccurrences.get(SOURCE) ?? [];
    expect([...result.firstOccurrences.keys()]).toEqual([SOURCE]);
    expect(seqs.length).toBe(LINES);
    // No line missing and first occurrences in file order: exactly 0, 1, …, LINES-1.
    const outOfOrder = seqs.findIndex((s, i) => s !== i);
    expect(outOfOrder, `first occurrence #${outOfOrder} is line ${seqs[outOfOrder]}`).toBe(-1);
    expect(result.lines).toBe(LINES + result.duplicates + result.unparsable);
    expect(onTopic).toBeGreaterThanOrEqual(LINES);
  }, 110_000);
});
