import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { EOL, tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CONNECT_VERSION,
  ConnectError,
  Schema,
  SchemaBuilder,
  SinkRecord,
  Struct,
  toConfigKeyInfos,
  type SinkTaskContext,
  type TopicPartition,
} from "../../api";
import { FileStreamSinkConnector, FileStreamSinkTask, fileStreamSinkPlugin } from "./file-stream-sink";
import { candidateAliases } from "../registry";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ferry-file-sink-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const context: SinkTaskContext = {
  configs: () => ({}),
  offset: () => {},
  timeout: () => {},
  assignment: () => [],
  pause: () => {},
  resume: () => {},
  requestCommit: () => {},
  errantRecordReporter: () => null,
};

let offset = 0;
function record(value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: offset++, key: "k", valueSchema, value });
}

const noOffsets = new Map<TopicPartition, number>();

async function startTask(props: Record<string, string>, stdout?: PassThrough): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask(stdout ? { stdout } : {});
  task.initialize(context);
  await task.start(props);
  return task;
}

describe("FileStreamSinkTask", () => {
  it("appends each value and a line separator, durable after flush", async () => {
    const file = join(dir, "out.txt");
    await writeFile(file, "existing" + EOL);
    const task = await startTask({ file });
    await task.put([record("a"), record("b")]);
    await task.put([record(null), record(42, Schema.INT32_SCHEMA), record(1.5, Schema.FLOAT64_SCHEMA)]);
    await task.flush(noOffsets);
    expect(await readFile(file, "utf8")).toBe(["existing", "a", "b", "null", "42", "1.5", ""].join(EOL));
    await task.put([record("c")]);
    await task.stop();
    // stop writes out what was put since the last flush, as closing Kafka's PrintStream does.
    expect(await readFile(file, "utf8")).toBe(["existing", "a", "b", "null", "42", "1.5", "c", ""].join(EOL));
  });

  it("prints structs in Connect's toString form", async () => {
    const file = join(dir, "out.txt");
    const schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("name", Schema.STRING_SCHEMA).build();
    const task = await startTask({ file });
    await task.put([record(new Struct(schema).put("id", 1).put("name", "x"), schema)]);
    await task.stop();
    expect(await readFile(file, "utf8")).toBe(`Struct{id=1,name=x}${EOL}`);
  });

  it("creates the file when missing and fails with Kafka's message when it cannot", async () => {
    const file = join(dir, "new.txt");
    const task = await startTask({ file });
    await task.put([record("x")]);
    await task.flush(noOffsets);
    expect(await readFile(file, "utf8")).toBe(`x${EOL}`);
    await task.stop();

    const bad = join(dir, "missing-dir", "out.txt");
    const failing = new FileStreamSinkTask();
    failing.initialize(context);
    await expect(failing.start({ file: bad })).rejects.toThrow(
      new ConnectError(`Couldn't find or create file '${bad}' for FileStreamSinkTask`),
    );
  });

  it("writes large batches without waiting for flush", async () => {
    const file = join(dir, "big.txt");
    const task = await startTask({ file });
    const lines = 100_000;
    for (let i = 0; i < lines; i += 1000) await task.put(Array.from({ length: 1000 }, (_, j) => record(`line-${i + j}`)));
    await task.flush(noOffsets);
    const text = await readFile(file, "utf8");
    expect(text.split(EOL).length - 1).toBe(lines);
    expect(text.endsWith(`line-${lines - 1}${EOL}`)).toBe(true);
    await task.stop();
  });

  it("writes to standard output when no file is set", async () => {
    const stdout = new PassThrough();
    const chunks: string[] = [];
    stdout.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
    const task = await startTask({}, stdout);
    await task.put([record("hello")]);
    await task.flush(noOffsets);
    expect(chunks.join("")).toBe(`hello${EOL}`);
    await task.stop();
    expect(stdout.writableEnded).toBe(false);
  });
});

// The sink file moved away or removed under a running task (log rotation), and a file that can no
// longer be created: the next put() reopens the path, or fails naming it.
describe("FileStreamSinkTask and a rotated file", () => {
  it("writes to a new file at the path once the old one was moved away", async () => {
    const file = join(dir, "out.txt");
    const task = await startTask({ file });
    await task.put([record("a")]);
    await rename(file, `${file}.1`);
    await task.put([record("b")]);
    await task.stop();
    expect(await readFile(`${file}.1`, "utf8")).toBe(`a${EOL}`);
    expect(await readFile(file, "utf8")).toBe(`b${EOL}`);
  });

  it("fails the put, naming the path and the reason, when the file cannot be created again", async () => {
    const sub = join(dir, "sub");
    await mkdir(sub);
    const file = join(sub, "out.txt");
    const task = await startTask({ file });
    await task.put([record("a")]);
    await rm(sub, { recursive: true });
    const failure = await task.put([record("b")]).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ConnectError);
    expect((failure as Error).message).toBe(`Couldn't find or create file '${file}' for FileStreamSinkTask`);
    expect(String((failure as Error).cause)).toMatch(/ENOENT.*out\.txt/);
    await task.stop();
  });

  // Linux's /dev/full answers every write with ENOSPC: a full disk.
  it.skipIf(!existsSync("/dev/full"))("fails the put with the path and ENOSPC when the disk is full", async () => {
    const task = await startTask({ file: "/dev/full" });
    await expect(task.put([record("a")])).rejects.toThrow(/^Couldn't write to file '\/dev\/full' for FileStreamSinkTask: ENOSPC/);
    await task.stop().catch(() => {});
  });
});

describe("FileStreamSinkConnector", () => {
  it("defines the file key", () => {
    expect(toConfigKeyInfos(new FileStreamSinkConnector().config())).toEqual([
      {
        name: "file",
        type: "STRING",
        required: false,
        default_value: null,
        importance: "HIGH",
        documentation: "Destination filename. If not specified, the standard output will be used",
        group: null,
        width: "NONE",
        display_name: "file",
        dependents: [],
        order: -1,
      },
    ]);
  });

  it("gives tasks.max identical tasks", () => {
    const c = new FileStreamSinkConnector();
    const props = { name: "sink", "connector.class": "FileStreamSink", file: "f", topics: "t", "tasks.max": "3" };
    c.start(props);
    expect(c.taskConfigs(3)).toEqual([props, props, props]);
    expect(c.taskClass()).toBe(FileStreamSinkTask);
    expect(FileStreamSinkTask.className).toBe("org.apache.kafka.connect.file.FileStreamSinkTask");
  });

  it("accepts any offset change", () => {
    expect(new FileStreamSinkConnector().alterOffsets({}, new Map([[{ topic: "t", partition: 0 }, 5]]))).toBe(true);
  });

  it("is described by its plugin descriptor", () => {
    expect(fileStreamSinkPlugin.className).toBe("org.apache.kafka.connect.file.FileStreamSinkConnector");
    expect(fileStreamSinkPlugin.types).toEqual(["sink"]);
    expect(fileStreamSinkPlugin.version).toBe(CONNECT_VERSION);
    expect(candidateAliases(fileStreamSinkPlugin.className, fileStreamSinkPlugin.types)).toEqual(["FileStreamSinkConnector", "FileStreamSink"]);
  });
});
