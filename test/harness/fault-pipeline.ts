// What the fault suite (test/fault/) shares: fixed-width numbered lines written to a FileStream
// source, the sink file(s) read back and checked line by line, a worker's REST API and RSS, and a
// sink group's committed offsets. No vitest imports: plain helpers.
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import kafkajs from "kafkajs";
import { properties, type FerryProcess } from "./ferry-process";
import { sendJson, type RestReply } from "./rest-call";
import { writeStandaloneWorkerProperties } from "./standalone-worker";

/** Bytes of one line, newline included. */
export const LINE_BYTES = 100;
/** `A-000000042-` then padding: the source tag and sequence number, fixed width. */
const LINE_PATTERN = /^([A-Z])-(\d{9})-x+$/;

export function line(source: string, seq: number): string {
  const head = `${source}-${String(seq).padStart(9, "0")}-`;
  return head + "x".repeat(LINE_BYTES - 1 - head.length);
}

/** Writes `count` numbered lines (`from` on) to `path`, in one write. */
export function writeLines(path: string, count: number, source = "A", from = 0): void {
  const parts: string[] = [];
  for (let i = from; i < from + count; i++) parts.push(line(source, i));
  writeFileSync(path, parts.join("\n") + "\n");
}

export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Lines counted from the file's bytes (cheap enough to poll: no string decoding). */
export function countLines(path: string): number {
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

export interface SinkAnalysis {
  /** Lines read, duplicates included. */
  lines: number;
  /** Distinct records of the source seen. */
  distinct: number;
  duplicates: number;
  /** The first few sequence numbers seen again. */
  duplicateSample: number[];
  /** Lines cut by a kill mid-write (their tail is used when it is a whole record). */
  torn: number;
  /** Lines without a record of the source below `expected` (foreign ones included). */
  unparsable: number;
  /** Whole records of another source, or numbered `expected` or beyond. */
  foreign: number;
  /** The first few sequence numbers below `expected` that are missing. */
  missing: number[];
  /** Sequence numbers seen, in order of first occurrence. */
  firstOccurrences: number[];
}

/** Reads the sink files (in order) and checks them against sequence numbers 0 … expected-1. */
export function analyseSink(paths: readonly string[], expected: number, source = "A"): SinkAnalysis {
  const seen = new Uint8Array(expected);
  const firstOccurrences: number[] = [];
  let lines = 0;
  let torn = 0;
  let unparsable = 0;
  let duplicates = 0;
  let foreign = 0;
  const duplicateSample: number[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    for (const raw of readFileSync(path, "latin1").split("\n")) {
      if (raw === "") continue;
      lines++;
      let m = LINE_PATTERN.exec(raw);
      if (!m) {
        torn++;
        m = LINE_PATTERN.exec(raw.slice(-(LINE_BYTES - 1)));
        if (!m) {
          unparsable++;
          continue;
        }
      }
      const seq = Number(m[2]);
      if (m[1] !== source || seq >= expected) {
        unparsable++;
        foreign++;
        continue;
      }
      if (seen[seq]) {
        duplicates++;
        if (duplicateSample.length < 5) duplicateSample.push(seq);
        continue;
      }
      seen[seq] = 1;
      firstOccurrences.push(seq);
    }
  }
  const missing: number[] = [];
  for (let i = 0; i < expected && missing.length < 5; i++) if (!seen[i]) missing.push(i);
  return { lines, distinct: firstOccurrences.length, duplicates, duplicateSample, torn, unparsable, foreign, missing, firstOccurrences };
}

/** The one summary line each fault case prints. */
export function printSummary(name: string, expected: number, a: SinkAnalysis, detail = ""): void {
  console.log(
    `[fault:${name}] lines expected ${expected} / arrived ${a.distinct} / duplicates ${a.duplicates}` +
      ` (sink lines ${a.lines}, torn ${a.torn}, unparsable ${a.unparsable})${detail ? `; ${detail}` : ""}`,
  );
}

/** The worker's REST base URL, from the line it prints once listening. */
export async function restUrl(worker: FerryProcess, timeoutMs = 30_000): Promise<string> {
  const m = await worker.waitForStdout(/REST API listening on (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs);
  return m[1] as string;
}

/** One REST call; the body parsed as JSON when it is some. */
export async function rest(base: string, method: string, path: string, body?: unknown): Promise<RestReply> {
  const res = await sendJson(base, method, path, body, { signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed };
}

export interface TaskStatus {
  id: number;
  state: string;
  worker_id: string;
  trace?: string;
}

/** `GET /connectors/<name>/status`'s tasks (empty while the connector is unknown). */
export async function taskStates(base: string, connector: string): Promise<TaskStatus[]> {
  const res = await rest(base, "GET", `/connectors/${encodeURIComponent(connector)}/status`);
  if (res.status !== 200) return [];
  return (res.body as { tasks: TaskStatus[] }).tasks;
}

/** Resident set size of a process in KiB (Linux /proc), undefined once it is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Committed offsets of a consumer group on one topic: partition → next offset (-1: none). */
export async function groupOffsets(bootstrap: string, groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = new kafkajs.Kafka({ clientId: "ferry-fault-test", brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Records on a topic (high minus low watermark, all partitions). */
export async function topicRecords(bootstrap: string, topic: string): Promise<number> {
  const admin = new kafkajs.Kafka({ clientId: "ferry-fault-test", brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The unprivileged user a root test runs the worker as (file permissions are ignored for root). */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 } as const;

/** Hands a tree to `owner` (a root test preparing directories for an unprivileged worker). */
export function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  if (!statSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), owner);
}

export interface PipelineFiles {
  /** The worker's directory (its properties, its offsets file). */
  dir: string;
  input: string;
  output: string;
  offsetsFile: string;
  topic: string;
  /** `ferry standalone` arguments, relative to `dir`. */
  args: string[];
}

/**
 * A FileStreamSource → topic → FileStreamSink pipeline for `ferry standalone` under `root`: the
 * worker's properties (with `extraWorker` on top), the connectors' properties, and `lines` numbered
 * lines in the source file.
 */
export function writePipeline(
  root: string,
  { bootstrap, lines, topic, extraWorker = {}, sinkName = "fault-sink", sourceName = "fault-source" }: { bootstrap: string; lines: number; topic: string; extraWorker?: Record<string, string>; sinkName?: string; sourceName?: string },
): PipelineFiles {
  const dir = join(root, "worker");
  const input = join(root, "input.txt");
  const output = join(root, "out", "output.txt");
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, "out"), { recursive: true });
  writeLines(input, lines);
  const offsetsFile = writeStandaloneWorkerProperties(dir, bootstrap, {
    "offset.flush.interval.ms": "1000",
    "connector.file.allowed.paths": root,
    // A sink consumer that vanished (killed worker, dead broker) is dropped by the group soon.
    "consumer.session.timeout.ms": "6000",
    "consumer.heartbeat.interval.ms": "1000",
    ...extraWorker,
  });
  writeFileSync(join(dir, "source.properties"), properties({ name: sourceName, "connector.class": "FileStreamSource", "tasks.max": "1", file: input, topic }));
  writeFileSync(join(dir, "sink.properties"), properties({ name: sinkName, "connector.class": "FileStreamSink", "tasks.max": "1", file: output, topics: topic }));
  return { dir, input, output, offsetsFile, topic, args: ["standalone", "worker.properties", "source.properties", "sink.properties"] };
}
