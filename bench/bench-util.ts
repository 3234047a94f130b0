// Helpers shared by the benchmarks: process measurements from /proc, files, topics, child processes.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { Kafka, logLevel } from "kafkajs";

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** VmHWM (peak resident set) and VmRSS of a live process, in MiB. */
export function memory(pid: number): { peakRssMiB: number; rssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { peakRssMiB: round(kb("VmHWM") / 1024, 1), rssMiB: round(kb("VmRSS") / 1024, 1) };
}

/** User + system CPU time a live process used so far, in ms (/proc/<pid>/stat utime + stime). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5), counted after the command name: clock ticks (USER_HZ = 100 on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function size(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** `lines` input lines of `lineBytes` bytes with the newline: a 9-digit sequence number, '-', filler. */
export function writeNumberedLines(path: string, lines: number, lineBytes: number): void {
  const buffer = Buffer.alloc(lines * lineBytes, "abcdefghijklmnopqrstuvwxyz0123456789");
  for (let i = 0; i < lines; i++) {
    const at = i * lineBytes;
    buffer.write(`${String(i).padStart(9, "0")}-`, at, "latin1");
    buffer[at + lineBytes - 1] = 0x0a;
  }
  writeFileSync(path, buffer);
}

/** Single-partition topics, created before anything is timed. */
export async function createTopics(bootstrap: string, topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: "bench-admin", brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Produces `count` values of `valueBytes` bytes to `topic` (the lines of {@link writeNumberedLines}
 * without their newline: a 9-digit sequence number, '-', filler), in sends of `batch`.
 */
export async function fillTopic(bootstrap: string, topic: string, count: number, valueBytes: number, batch = 2000): Promise<void> {
  const producer = new Kafka({ clientId: "bench-fill", brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    const filler = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(Math.ceil(valueBytes / 36) + 1);
    for (let first = 0; first < count; first += batch) {
      const messages: { value: string }[] = [];
      for (let i = first; i < Math.min(count, first + batch); i++) {
        const prefix = `${String(i).padStart(9, "0")}-`;
        messages.push({ value: prefix + filler.slice(prefix.length, valueBytes) });
      }
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Resolves with the exit code when the child exits; SIGKILLs it after timeoutMs. */
export function waitExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}
