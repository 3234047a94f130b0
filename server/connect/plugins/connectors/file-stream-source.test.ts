import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CONNECT_VERSION,
  ConnectError,
  Schema,
  toConfigKeyInfos,
  type SourceOffset,
  type SourcePartition,
  type SourceRecord,
  type SourceTaskContext,
} from "../../api";
import { waitFor } from "../../../../test/harness/wait-for";
import { FileStreamSourceConnector, FileStreamSourceTask, fileStreamSourcePlugin } from "./file-stream-source";
import { candidateAliases } from "../registry";

let dir: string;
const running: FileStreamSourceTask[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ferry-file-source-"));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
  await rm(dir, { recursive: true, force: true });
});

/** A task context whose offset reader answers from `offsets` (keyed by filename). */
function context(offsets: Record<string, SourceOffset> = {}): SourceTaskContext {
  const lookup = (p: SourcePartition): SourceOffset | null => offsets[String(p.filename)] ?? null;
  return {
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: async (p) => lookup(p),
      offsets: async (ps) => new Map(ps.map((p) => [p, lookup(p)])),
    }),
  };
}

function startTask(props: Record<string, string>, offsets: Record<string, SourceOffset> = {}, stdin?: PassThrough): FileStreamSourceTask {
  const task = new FileStreamSourceTask(stdin ? { stdin } : {});
  task.initialize(context(offsets));
  task.start({ topic: "test", ...props });
  running.push(task);
  return task;
}

/** An already-aborted signal: an idle poll returns at once instead of waiting. */
function noWait(): AbortSignal {
  return AbortSignal.abort();
}

const values = (records: SourceRecord[] | null) => (records ?? []).map((r) => r.value);
const positions = (records: SourceRecord[] | null) => (records ?? []).map((r) => r.sourceOffset?.position);

describe("FileStreamSourceTask", () => {
  it("emits one record per line with Kafka's partition, offset and schema", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, Array.from({ length: 5 }, (_, i) => `Line ${i}\n`).join(""));
    const task = startTask({ file });
    const before = Date.now();
    const records = await task.poll(noWait());
    expect(values(records)).toEqual(["Line 0", "Line 1", "Line 2", "Line 3", "Line 4"]);
    expect(positions(records)).toEqual([7, 14, 21, 28, 35]);
    const first = records?.[0];
    expect(first?.sourcePartition).toEqual({ filename: file });
    expect(first?.sourceOffset).toEqual({ position: 7 });
    expect(first?.topic).toBe("test");
    expect(first?.kafkaPartition).toBeNull();
    expect(first?.key).toBeNull();
    expect(first?.keySchema).toBeNull();
    expect(first?.valueSchema).toBe(Schema.STRING_SCHEMA);
    expect(first?.timestamp).toBeGreaterThanOrEqual(before);
    expect(await task.poll(noWait())).toBeNull();
  });

  it("resumes after the committed position (Kafka's testAlterOffsets: position 28 re-reads Line 4)", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, Array.from({ length: 5 }, (_, i) => `Line ${i}\n`).join(""));
    const task = startTask({ file }, { [file]: { position: 28 } });
    const records = await task.poll(noWait());
    expect(values(records)).toEqual(["Line 4"]);
    expect(positions(records)).toEqual([35]);
  });

  it("rejects an offset position that is not a Long", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "a\n");
    const task = startTask({ file }, { [file]: { position: "7" } });
    await expect(task.poll(noWait())).rejects.toThrow(new ConnectError("Offset position is the incorrect type"));
  });

  it("splits on \\n, \\r\\n and \\r and keeps partial lines until they end", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "a\r\nb\rc\nd\r");
    const task = startTask({ file });
    let records = await task.poll(noWait());
    // The final \r may be the start of \r\n: it waits for the next byte.
    expect(values(records)).toEqual(["a", "b", "c"]);
    expect(positions(records)).toEqual([3, 5, 7]);
    await appendFile(file, "\ne");
    records = await task.poll(noWait());
    expect(values(records)).toEqual(["d"]);
    expect(positions(records)).toEqual([10]);
    // "e" has no terminator yet.
    expect(await task.poll(noWait())).toBeNull();
    await appendFile(file, "f\n\n");
    records = await task.poll(noWait());
    expect(values(records)).toEqual(["ef", ""]);
    expect(positions(records)).toEqual([13, 14]);
  });

  it("counts positions in bytes for UTF-8 text", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "héllo\n€uro\n");
    const task = startTask({ file });
    const records = await task.poll(noWait());
    expect(values(records)).toEqual(["héllo", "€uro"]);
    expect(positions(records)).toEqual([7, 14]);
    // Resuming at a byte position continues exactly there.
    const resumed = startTask({ file }, { [file]: { position: 7 } });
    expect(values(await resumed.poll(noWait()))).toEqual(["€uro"]);
  });

  it("returns at most batch.size records per poll and keeps the rest for the next poll", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, Array.from({ length: 10 }, (_, i) => `${i}\n`).join(""));
    const task = startTask({ file, "batch.size": "4" });
    expect(values(await task.poll(noWait()))).toEqual(["0", "1", "2", "3"]);
    expect(values(await task.poll(noWait()))).toEqual(["4", "5", "6", "7"]);
    const last = await task.poll(noWait());
    expect(values(last)).toEqual(["8", "9"]);
    expect(positions(last)).toEqual([18, 20]);
  });

  it("emits at least one record per poll whatever batch.size says", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "a\nb\n");
    const task = startTask({ file, "batch.size": "0" });
    expect(values(await task.poll(noWait()))).toEqual(["a"]);
    expect(values(await task.poll(noWait()))).toEqual(["b"]);
  });

  it("waits for a missing file and reads it once it exists", async () => {
    const file = join(dir, "later.txt");
    const task = startTask({ file });
    expect(await task.poll(noWait())).toBeNull();
    await writeFile(file, "x\n");
    expect(values(await task.poll(noWait()))).toEqual(["x"]);
  });

  it("waits when there is no new data, woken early by an append", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "");
    const task = startTask({ file });
    expect(await task.poll(noWait())).toBeNull();
    const waiting = task.poll(new AbortController().signal);
    setTimeout(() => void appendFile(file, "late\n"), 20);
    const result = await waiting;
    // Either the wait was woken by the append (null, then the line) or the line was read directly.
    const lines = result === null ? values(await task.poll(noWait())) : values(result);
    expect(lines).toEqual(["late"]);
  });

  it("ends a waiting poll on abort and on stop", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "");
    const task = startTask({ file });
    await task.poll(noWait());
    const controller = new AbortController();
    const aborted = task.poll(controller.signal);
    controller.abort();
    expect(await aborted).toBeNull();

    const waiting = task.poll(new AbortController().signal);
    const started = Date.now();
    await task.stop();
    expect(await waiting).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await task.poll(noWait())).toBeNull();
  });

  it("reads standard input without tracking offsets", async () => {
    const stdin = new PassThrough();
    const task = startTask({}, {}, stdin);
    // Stream data arrives asynchronously: poll until it is there.
    const next = () => waitFor(() => task.poll(noWait()), { message: "records from stdin" });
    stdin.write("one\ntw");
    let records = await next();
    expect(values(records)).toEqual(["one"]);
    expect(records[0]?.sourcePartition).toEqual({ filename: null });
    expect(records[0]?.sourceOffset).toEqual({ position: null });
    stdin.write("o\n");
    records = await next();
    expect(values(records)).toEqual(["two"]);
    await task.stop();
    expect(stdin.listenerCount("data")).toBe(0);
  });

  it("reads a million lines in full batches", async () => {
    const file = join(dir, "big.txt");
    const lines = 1_000_000;
    const text = Array.from({ length: lines }, (_, i) => `line-${String(i).padStart(7, "0")}`).join("\n") + "\n";
    await writeFile(file, text);
    const task = startTask({ file });
    let count = 0;
    let polls = 0;
    let last: SourceRecord | undefined;
    while (count < lines) {
      const records = await task.poll(noWait());
      polls++;
      if (!records) throw new Error(`stalled after ${count} lines`);
      count += records.length;
      last = records[records.length - 1];
    }
    expect(count).toBe(lines);
    expect(polls).toBe(lines / 2000);
    expect(last?.value).toBe("line-0999999");
    expect(last?.sourceOffset).toEqual({ position: Buffer.byteLength(text) });
  });
});

describe("FileStreamSourceConnector", () => {
  const connector = new FileStreamSourceConnector();

  it("defines Kafka's config keys (§2.4)", () => {
    expect(toConfigKeyInfos(connector.config())).toEqual([
      {
        name: "file",
        type: "STRING",
        required: false,
        default_value: null,
        importance: "HIGH",
        documentation: "Source filename. If not specified, the standard input will be used",
        group: null,
        width: "NONE",
        display_name: "file",
        dependents: [],
        order: -1,
      },
      {
        name: "topic",
        type: "STRING",
        required: true,
        default_value: null,
        importance: "HIGH",
        documentation: "The topic to publish data to",
        group: null,
        width: "NONE",
        display_name: "topic",
        dependents: [],
        order: -1,
      },
      {
        name: "batch.size",
        type: "INT",
        required: false,
        default_value: "2000",
        importance: "LOW",
        documentation: "The maximum number of records the source task can read from the file each time it is polled",
        group: null,
        width: "NONE",
        display_name: "batch.size",
        dependents: [],
        order: -1,
      },
    ]);
  });

  it("validates with its ConfigDef (missing or empty topic)", async () => {
    const errors = async (props: Record<string, string>) =>
      (await connector.validate(props)).flatMap((v) => v.errorMessages);
    expect(await errors({ file: "f" })).toEqual(['Missing required configuration "topic" which has no default value.']);
    expect(await errors({ topic: "" })).toEqual(["Invalid value  for configuration topic: String must be non-empty"]);
    expect(await errors({ topic: "t", "batch.size": "x" })).toEqual(["Invalid value x for configuration batch.size: Not a number of type INT"]);
  });

  it("always gives exactly one task", () => {
    const c = new FileStreamSourceConnector();
    const props = { name: "src", "connector.class": "FileStreamSource", file: "f", topic: "t", "tasks.max": "5" };
    c.start(props);
    expect(c.taskConfigs(5)).toEqual([props]);
    expect(c.taskClass()).toBe(FileStreamSourceTask);
    expect(FileStreamSourceTask.className).toBe("org.apache.kafka.connect.file.FileStreamSourceTask");
    expect(c.version()).toBe(CONNECT_VERSION);
  });

  it("refuses to start with an invalid config", () => {
    expect(() => new FileStreamSourceConnector().start({ file: "f" })).toThrow('Missing required configuration "topic"');
  });

  it("supports exactly-once only for a real file", () => {
    expect(connector.exactlyOnceSupport({ topic: "t", file: "f" })).toBe("SUPPORTED");
    expect(connector.exactlyOnceSupport({ topic: "t" })).toBe("UNSUPPORTED");
  });

  it("validates altered offsets as Kafka", () => {
    const config = { topic: "t", file: "/tmp/f" };
    const alter = (entries: [SourcePartition | null, SourceOffset | null][], cfg: Record<string, string> = config) =>
      connector.alterOffsets(cfg, new Map(entries as [SourcePartition, SourceOffset | null][]));
    expect(() => alter([[{ filename: "f" }, { position: 1 }]], { topic: "t" })).toThrow(
      "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.",
    );
    expect(() => alter([[{ filename: "f" }, { pos: 1 }]])).toThrow("Offset objects should either be null or contain the key 'position'");
    expect(() => alter([[{ filename: "f" }, { position: "1" }]])).toThrow(
      "The value for the 'position' key in the offset is expected to be a Long value",
    );
    expect(() => alter([[{ filename: "f" }, { position: 1.5 }]])).toThrow(
      "The value for the 'position' key in the offset is expected to be a Long value",
    );
    expect(() => alter([[{ filename: "f" }, { position: -1 }]])).toThrow(
      "The value for the 'position' key in the offset should be a non-negative value",
    );
    expect(() => alter([[null, { position: 1 }]])).toThrow("Partition objects cannot be null");
    expect(() => alter([[{ file: "f" }, { position: 1 }]])).toThrow("Partition objects should contain the key 'filename'");
    expect(() => alter([[{ file: "f" }, { position: 1 }]])).toThrow(ConnectError);
    expect(alter([[{ filename: "f" }, { position: 28 }]])).toBe(true);
    expect(alter([[{ anything: 1 }, null]])).toBe(true);
  });

  it("is described by its plugin descriptor", () => {
    expect(fileStreamSourcePlugin.className).toBe("org.apache.kafka.connect.file.FileStreamSourceConnector");
    expect(fileStreamSourcePlugin.types).toEqual(["source"]);
    expect(fileStreamSourcePlugin.version).toBe(CONNECT_VERSION);
    expect(candidateAliases(fileStreamSourcePlugin.className, fileStreamSourcePlugin.types)).toEqual(["FileStreamSourceConnector", "FileStreamSource"]);
    expect(fileStreamSourcePlugin.create()).toBeInstanceOf(FileStreamSourceConnector);
  });
});
