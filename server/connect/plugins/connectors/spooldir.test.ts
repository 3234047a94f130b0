import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceOffset, SourceRecord, SourceTaskContext, Struct } from "../../api";
import { SpoolDirSourceConnector, SpoolDirSourceTask } from "./spooldir";

let dir: string;
let input: string;
const signal = new AbortController().signal;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-spooldir-"));
  input = join(dir, "in");
  mkdirSync(input);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function task(props: Record<string, string> = {}, offsets: Record<string, SourceOffset> = {}): SpoolDirSourceTask {
  const t = new SpoolDirSourceTask();
  const reader = { offset: async (p: Record<string, unknown>) => offsets[String(p["file"])] ?? null, offsets: async () => new Map() };
  t.initialize({ configs: () => ({}), offsetStorageReader: () => reader } as unknown as SourceTaskContext);
  t.start({ "input.path": input, "finished.path": join(dir, "done"), "error.path": join(dir, "error"), topic: "t", "empty.poll.wait.ms": "0", ...props });
  return t;
}

async function ack(t: SpoolDirSourceTask, records: SourceRecord[] | null): Promise<void> {
  for (const r of records ?? []) await t.commitRecord(r, null);
}

const fields = (records: SourceRecord[] | null) => (records ?? []).map((r) => Object.fromEntries((r.value as Struct).schema().fields().map((f) => [f.name(), (r.value as Struct).get(f)])));

describe("SpoolDirSourceTask", () => {
  it("reads a CSV with a header as optional strings, and moves it once every record is acknowledged", async () => {
    writeFileSync(join(input, "a.csv"), "id,name\n1,x\n2,\n");
    const t = task();
    const records = await t.poll(signal);
    expect(fields(records)).toEqual([
      { id: "1", name: "x" },
      { id: "2", name: "" },
    ]);
    expect(records?.map((r) => [r.sourcePartition?.["file"], r.sourceOffset])).toEqual([
      ["a.csv", { row: 1 }],
      ["a.csv", { row: 2 }],
    ]);
    await t.commitRecord(records?.[0] as SourceRecord, null);
    expect(existsSync(join(input, "a.csv"))).toBe(true);
    await t.commitRecord(records?.[1] as SourceRecord, null);
    expect(readdirSync(join(dir, "done"))).toEqual(["a.csv"]);
  });

  it("infers types, names headerless columns, and keys by a field", async () => {
    writeFileSync(join(input, "b.csv"), "1;2.5;true;x\n2;;FALSE;y\n");
    const records = await task({ "csv.first.row.as.header": "false", "csv.separator.char": ";", "schema.inference": "true", "key.field": "column_4" }).poll(signal);
    expect(fields(records)).toEqual([
      { column_1: 1, column_2: 2.5, column_3: true, column_4: "x" },
      { column_1: 2, column_2: null, column_3: false, column_4: "y" },
    ]);
    expect(records?.map((r) => r.key)).toEqual(["x", "y"]);
    expect(records?.[0]?.valueSchema?.fields().map((f) => f.schema().type())).toEqual(["INT64", "FLOAT64", "BOOLEAN", "STRING"]);
  });

  it("reads JSON lines as schemaless values", async () => {
    writeFileSync(join(input, "c.jsonl"), '{"a":1}\n\n[2]\n"three"\n');
    const records = await task().poll(signal);
    expect(records?.map((r) => [r.valueSchema, r.value])).toEqual([
      [null, { a: 1 }],
      [null, [2]],
      [null, "three"],
    ]);
  });

  it("moves an unparseable file to the error directory with the reason, writing nothing of it", async () => {
    writeFileSync(join(input, "d.csv"), "a,b\n1,2\n3\n");
    writeFileSync(join(input, "e.jsonl"), '{"ok":1}\n{broken\n');
    const t = task();
    expect(await t.poll(signal)).toBeNull();
    expect(await t.poll(signal)).toBeNull();
    expect(readdirSync(join(dir, "error")).sort()).toEqual(["d.csv", "d.csv.error.txt", "e.jsonl", "e.jsonl.error.txt"]);
    expect(readFileSync(join(dir, "error", "d.csv.error.txt"), "utf8")).toBe("Line 3: 1 fields where the header has 2\n");
  });

  it("resumes after the rows its committed offset covers, in batches", async () => {
    writeFileSync(join(input, "f.csv"), "n\n" + Array.from({ length: 10 }, (_, i) => `${i}\n`).join(""));
    const first = task({ "batch.size": "4" });
    const batch = await first.poll(signal);
    expect(fields(batch).map((f) => f["n"])).toEqual(["0", "1", "2", "3"]);
    const partition = batch?.[0]?.sourcePartition;
    first.stop();
    const second = task({ "batch.size": "4" }, { "f.csv": { row: 4 } });
    const rest = [...((await second.poll(signal)) ?? []), ...((await second.poll(signal)) ?? [])];
    expect(fields(rest).map((f) => f["n"])).toEqual(["4", "5", "6", "7", "8", "9"]);
    expect(rest[0]?.sourcePartition).toEqual(partition);
    await ack(second, rest);
    expect(readdirSync(join(dir, "done"))).toEqual(["f.csv"]);
  });

  it("leaves files that do not match the pattern or are too young", async () => {
    writeFileSync(join(input, "notes.txt"), "x\n");
    writeFileSync(join(input, "young.csv"), "a\n1\n");
    expect(await task({ "file.minimum.age.ms": "3600000" }).poll(signal)).toBeNull();
    expect(readdirSync(input).sort()).toEqual(["notes.txt", "young.csv"]);
  });
});

describe("SpoolDirSourceConnector", () => {
  it("checks the directories and the separator", async () => {
    const errors = async (props: Record<string, string>) => (await new SpoolDirSourceConnector().validate(props)).flatMap((v) => v.errorMessages);
    expect(await errors({ "input.path": input, "finished.path": input, "error.path": join(dir, "e"), topic: "t", "csv.separator.char": ";;" })).toEqual([
      "finished.path must not be the input directory",
      "Invalid value ;; for configuration csv.separator.char: one character expected",
    ]);
    expect(await errors({ "input.path": join(dir, "nope"), "finished.path": "a", "error.path": "b", topic: "t", "input.file.pattern": "(" })).toEqual([
      "Directory " + join(dir, "nope") + " does not exist",
      "Invalid value ( for configuration input.file.pattern: Invalid regular expression: /(/: Unterminated group",
    ]);
  });
});
