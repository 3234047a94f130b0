import { existsSync, mkdirSync } from "node:fs";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  ConfigValue,
  ConnectError,
  NonEmptyString,
  Range,
  Schema,
  SchemaBuilder,
  SourceConnector,
  SourceRecord,
  SourceTask,
  Struct,
  ValidString,
  type ConfigMap,
  type ConnectSchema,
  type PluginDescriptor,
  type RecordMetadata,
  type SourcePartition,
  type TaskClass,
} from "../../api";
import { CsvError, parseCsv } from "./csv";
import type { FileAccessAware, FileAccessPolicy } from "./file-access";

/**
 * SpoolDir source, after jcustenborder's kafka-connect-spooldir (the answer Kafka's docs give to
 * "FileStreamSource is not for production"): files dropped into `input.path` are read one at a
 * time, in name order, each row (CSV) or line (JSON lines) becoming a record; a file is moved to
 * `finished.path` once Kafka has acknowledged all its records, or to `error.path` (with a
 * `<name>.error.txt` giving the reason) when it cannot be parsed; nothing of a bad file is written.
 *
 * CSV values are structs whose field names come from the header row (`csv.first.row.as.header`)
 * or are column_1..n; fields are optional strings, or with `schema.inference` typed from the file's
 * values (INT64, FLOAT64, BOOLEAN or STRING). JSON lines are schemaless values.
 *
 * Position: partition `{"file", "size", "modified"}` (a new file of the same name is another
 * partition), offset `{"row": rows written}`. A task restarted in the middle of a file skips the
 * rows it wrote. Files are read whole into memory.
 */

const CONNECTOR_CLASS = "ferry.connect.spooldir.SpoolDirSourceConnector";
const TASK_CLASS = "ferry.connect.spooldir.SpoolDirSourceTask";
export const SPOOLDIR_VERSION = "1.0.0";

export const INPUT_PATH_CONFIG = "input.path";
export const FINISHED_PATH_CONFIG = "finished.path";
export const ERROR_PATH_CONFIG = "error.path";
export const PATTERN_CONFIG = "input.file.pattern";
export const FORMAT_CONFIG = "input.format";
export const TOPIC_CONFIG = "topic";
export const HEADER_CONFIG = "csv.first.row.as.header";
export const SEPARATOR_CONFIG = "csv.separator.char";
export const INFERENCE_CONFIG = "schema.inference";
export const KEY_FIELD_CONFIG = "key.field";
export const BATCH_SIZE_CONFIG = "batch.size";
export const MIN_AGE_CONFIG = "file.minimum.age.ms";
export const EMPTY_WAIT_CONFIG = "empty.poll.wait.ms";
/** The directories SpoolDir reads, moves to and writes: each must be allowed by the worker. */
const PATH_CONFIGS = [INPUT_PATH_CONFIG, FINISHED_PATH_CONFIG, ERROR_PATH_CONFIG] as const;

const FILES = "Files";
const FORMAT = "Format";
const RECORDS = "Records";

const validRegex = {
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== "string") return;
    try {
      new RegExp(value);
    } catch (err) {
      throw ConfigError.invalidValue(name, value, (err as Error).message);
    }
  },
  toString: () => "a regular expression",
};

export const SPOOLDIR_CONFIG_DEF = new ConfigDef()
  .define({
    name: INPUT_PATH_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The directory files are read from.",
    group: FILES,
    orderInGroup: 1,
    width: "LONG",
    displayName: "Input directory",
  })
  .define({
    name: FINISHED_PATH_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "Where a file is moved once all its records are in Kafka.",
    group: FILES,
    orderInGroup: 2,
    width: "LONG",
    displayName: "Finished directory",
  })
  .define({
    name: ERROR_PATH_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "Where a file that cannot be parsed is moved (with <name>.error.txt saying why).",
    group: FILES,
    orderInGroup: 3,
    width: "LONG",
    displayName: "Error directory",
  })
  .define({
    name: PATTERN_CONFIG,
    type: "STRING",
    defaultValue: "^[^.].*\\.(csv|jsonl|ndjson|json)$",
    validator: validRegex,
    importance: "MEDIUM",
    documentation: "Regular expression the names of the files to read must match.",
    group: FILES,
    orderInGroup: 4,
    width: "MEDIUM",
    displayName: "File name pattern",
  })
  .define({
    name: MIN_AGE_CONFIG,
    type: "INT",
    defaultValue: 0,
    validator: Range.atLeast(0),
    importance: "LOW",
    documentation: "A file is read only once it was last modified at least this long ago, in ms (so half-written files wait).",
    group: FILES,
    orderInGroup: 5,
    width: "SHORT",
    displayName: "Minimum file age (ms)",
  })
  .define({
    name: FORMAT_CONFIG,
    type: "STRING",
    defaultValue: "auto",
    validator: ValidString.in("auto", "csv", "jsonl"),
    importance: "HIGH",
    documentation: "csv: one record per row; jsonl: one JSON value per line; auto: by file name (.csv is CSV, anything else JSON lines).",
    group: FORMAT,
    orderInGroup: 1,
    width: "SHORT",
    displayName: "Input format",
  })
  .define({
    name: HEADER_CONFIG,
    type: "BOOLEAN",
    defaultValue: true,
    importance: "MEDIUM",
    documentation: "CSV: the first row names the fields. Otherwise they are column_1, column_2...",
    group: FORMAT,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "First row is a header",
  })
  .define({
    name: SEPARATOR_CONFIG,
    type: "STRING",
    defaultValue: ",",
    importance: "LOW",
    documentation: "CSV: the character between two fields.",
    group: FORMAT,
    orderInGroup: 3,
    width: "SHORT",
    displayName: "Separator",
  })
  .define({
    name: INFERENCE_CONFIG,
    type: "BOOLEAN",
    defaultValue: false,
    importance: "MEDIUM",
    documentation: "CSV: type each field from the file's values (INT64, FLOAT64, BOOLEAN, else STRING) instead of all strings.",
    group: FORMAT,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Infer schema",
  })
  .define({
    name: TOPIC_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The topic the records are written to.",
    group: RECORDS,
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Topic",
  })
  .define({
    name: KEY_FIELD_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "LOW",
    documentation: "The field (CSV column or top-level JSON member) whose value, as a string, is the record key; empty for no key.",
    group: RECORDS,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Key field",
  })
  .define({
    name: BATCH_SIZE_CONFIG,
    type: "INT",
    defaultValue: 1000,
    validator: Range.atLeast(1),
    importance: "LOW",
    documentation: "Most records returned by one poll.",
    group: RECORDS,
    orderInGroup: 3,
    width: "SHORT",
    displayName: "Batch size",
  })
  .define({
    name: EMPTY_WAIT_CONFIG,
    type: "INT",
    defaultValue: 500,
    validator: Range.atLeast(0),
    importance: "LOW",
    documentation: "Wait before looking at the input directory again when there is no file, in ms.",
    group: RECORDS,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Empty poll wait (ms)",
  });

interface SpoolDirSettings {
  inputPath: string;
  finishedPath: string;
  errorPath: string;
  pattern: RegExp;
  minAgeMs: number;
  format: "auto" | "csv" | "jsonl";
  header: boolean;
  separator: string;
  inference: boolean;
  topic: string;
  keyField: string;
  batchSize: number;
  emptyWaitMs: number;
}

function parseSettings(props: ConfigMap): SpoolDirSettings {
  const c = new AbstractConfig(SPOOLDIR_CONFIG_DEF, props);
  return {
    inputPath: c.getString(INPUT_PATH_CONFIG) ?? "",
    finishedPath: c.getString(FINISHED_PATH_CONFIG) ?? "",
    errorPath: c.getString(ERROR_PATH_CONFIG) ?? "",
    pattern: new RegExp(c.getString(PATTERN_CONFIG) ?? ".*"),
    minAgeMs: c.getInt(MIN_AGE_CONFIG) ?? 0,
    format: (c.getString(FORMAT_CONFIG) ?? "auto") as "auto" | "csv" | "jsonl",
    header: c.getBoolean(HEADER_CONFIG) ?? true,
    separator: props[SEPARATOR_CONFIG] ?? ",",
    inference: c.getBoolean(INFERENCE_CONFIG) ?? false,
    topic: c.getString(TOPIC_CONFIG) ?? "",
    keyField: c.getString(KEY_FIELD_CONFIG) ?? "",
    batchSize: c.getInt(BATCH_SIZE_CONFIG) ?? 1000,
    emptyWaitMs: c.getInt(EMPTY_WAIT_CONFIG) ?? 500,
  };
}

export class SpoolDirSourceConnector extends SourceConnector implements FileAccessAware {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};
  #fileAccess: FileAccessPolicy | undefined;

  setFileAccess(policy: FileAccessPolicy): void {
    this.#fileAccess = policy;
  }

  version(): string {
    return SPOOLDIR_VERSION;
  }

  config(): ConfigDef {
    return SPOOLDIR_CONFIG_DEF;
  }

  /** The three directories must differ, lie under the worker's allowed directories, and the input directory must exist. */
  override async validate(props: ConfigMap): Promise<ConfigValue[]> {
    const values = SPOOLDIR_CONFIG_DEF.validate(props);
    const error = (name: string, message: string) => values.find((v) => v.name === name)?.addErrorMessage(message);
    for (const key of PATH_CONFIGS) {
      const path = props[key]?.trim();
      const denied = this.#fileAccess && path ? await this.#fileAccess.check(key, path) : undefined;
      if (denied) error(key, denied);
    }
    const input = props[INPUT_PATH_CONFIG]?.trim();
    if (input && !existsSync(input)) error(INPUT_PATH_CONFIG, `Directory ${input} does not exist`);
    for (const other of [FINISHED_PATH_CONFIG, ERROR_PATH_CONFIG]) {
      if (input && props[other]?.trim() === input) error(other, `${other} must not be the input directory`);
    }
    const separator = props[SEPARATOR_CONFIG];
    if (separator !== undefined && separator.length !== 1) error(SEPARATOR_CONFIG, `Invalid value ${separator} for configuration ${SEPARATOR_CONFIG}: one character expected`);
    return values;
  }

  start(props: ConfigMap): void | Promise<void> {
    parseSettings(props);
    this.#props = { ...props };
    // Checked again here: a config stored before the rule (or under another one) must not bypass it.
    const policy = this.#fileAccess;
    if (policy) return requireAllowed(policy, props);
  }

  taskClass(): TaskClass<SourceTask> {
    return SpoolDirSourceTask;
  }

  /** One task: files are taken in order from one directory. */
  taskConfigs(_maxTasks: number): ConfigMap[] {
    return [{ ...this.#props }];
  }

  stop(): void {}
}

/** A file being written: its parsed records, how far it got and how many Kafka acknowledged. */
interface CurrentFile {
  path: string;
  name: string;
  partition: SourcePartition;
  schema: ConnectSchema | null;
  values: unknown[];
  keys: (string | null)[];
  /** Index of the next record to emit. */
  next: number;
  /** Records written before this task started (from the committed offset). */
  skipped: number;
  acked: number;
}

class ParseError extends Error {}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The narrowest type every non-empty value of a column fits. */
function inferType(values: string[]): "INT64" | "FLOAT64" | "BOOLEAN" | "STRING" {
  const present = values.filter((v) => v !== "");
  if (present.length === 0) return "STRING";
  if (present.every((v) => INTEGER.test(v) && Number.isSafeInteger(Number(v)))) return "INT64";
  if (present.every((v) => DECIMAL.test(v))) return "FLOAT64";
  if (present.every((v) => /^(true|false)$/i.test(v))) return "BOOLEAN";
  return "STRING";
}

export class SpoolDirSourceTask extends SourceTask {
  static readonly className = TASK_CLASS;
  #settings!: SpoolDirSettings;
  #current: CurrentFile | null = null;
  #stopController = new AbortController();

  version(): string {
    return SPOOLDIR_VERSION;
  }

  start(props: ConfigMap): void {
    this.#settings = parseSettings(props);
    this.#current = null;
    this.#stopController = new AbortController();
    for (const dir of [this.#settings.finishedPath, this.#settings.errorPath]) mkdirSync(dir, { recursive: true });
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    const current = this.#current;
    if (current !== null) {
      if (current.next < current.values.length) return this.#emit(current);
      // Everything is emitted; the file moves once Kafka has acknowledged it all (commitRecord).
      await sleep(50, signal);
      return null;
    }
    const next = await this.#nextFile();
    if (next === null) {
      await sleep(this.#settings.emptyWaitMs, signal);
      return null;
    }
    await this.#open(next);
    return this.#current !== null && this.#current.next < this.#current.values.length ? this.#emit(this.#current) : null;
  }

  async #nextFile(): Promise<string | null> {
    let names: string[];
    try {
      names = await readdir(this.#settings.inputPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new ConnectError(`Cannot list ${this.#settings.inputPath}: ${(err as Error).message}`, { cause: err });
    }
    const now = Date.now();
    for (const name of names.filter((n) => this.#settings.pattern.test(n)).sort()) {
      const path = join(this.#settings.inputPath, name);
      const info = await stat(path).catch(() => null);
      if (info === null || !info.isFile()) continue;
      if (now - info.mtimeMs < this.#settings.minAgeMs) continue;
      return path;
    }
    return null;
  }

  async #open(path: string): Promise<void> {
    const name = basename(path);
    const info = await stat(path);
    const partition: SourcePartition = { file: name, size: info.size, modified: Math.trunc(info.mtimeMs) };
    let parsed: { schema: ConnectSchema | null; values: unknown[]; keys: (string | null)[] };
    try {
      const format = this.#settings.format === "auto" ? (/\.csv$/i.test(name) ? "csv" : "jsonl") : this.#settings.format;
      parsed = this.#parse(await readFile(path, "utf8"), format);
    } catch (err) {
      if (!(err instanceof ParseError || err instanceof CsvError)) throw err;
      await this.#moveTo(path, this.#settings.errorPath);
      await writeFile(join(this.#settings.errorPath, `${name}.error.txt`), `${err.message}\n`);
      return;
    }
    const offset = await this.context.offsetStorageReader().offset(partition);
    const row = offset?.["row"];
    const skipped = typeof row === "number" && Number.isSafeInteger(row) && row > 0 ? Math.min(row, parsed.values.length) : 0;
    this.#current = { path, name, partition, ...parsed, next: skipped, skipped, acked: 0 };
    if (skipped === parsed.values.length) await this.#finish(this.#current);
  }

  #parse(text: string, format: "csv" | "jsonl"): { schema: ConnectSchema | null; values: unknown[]; keys: (string | null)[] } {
    const { keyField } = this.#settings;
    if (format === "jsonl") {
      const values: unknown[] = [];
      const keys: (string | null)[] = [];
      text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === "") return;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (err) {
          throw new ParseError(`Line ${i + 1}: ${(err as Error).message}`);
        }
        values.push(value);
        const key = keyField && value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[keyField] : undefined;
        keys.push(key === undefined || key === null ? null : typeof key === "string" ? key : JSON.stringify(key));
      });
      return { schema: null, values, keys };
    }

    const rows = parseCsv(text, this.#settings.separator);
    const header = this.#settings.header ? rows.shift() : undefined;
    const width = header ? header.fields.length : Math.max(0, ...rows.map((r) => r.fields.length));
    const names = header ? header.fields.map((f) => f.trim()) : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
    if (new Set(names).size !== names.length || names.some((n) => n === "")) throw new ParseError(`The header row names a field twice or not at all: ${names.join(",")}`);
    for (const row of rows) {
      if (row.fields.length !== width) throw new ParseError(`Line ${row.line}: ${row.fields.length} fields where the ${header ? "header has" : "first row has"} ${width}`);
    }
    const types = names.map((_, i) => (this.#settings.inference ? inferType(rows.map((r) => r.fields[i] as string)) : "STRING"));
    const builder = SchemaBuilder.struct().name("ferry.spooldir.Row");
    const fieldSchemas = {
      INT64: Schema.OPTIONAL_INT64_SCHEMA,
      FLOAT64: Schema.OPTIONAL_FLOAT64_SCHEMA,
      BOOLEAN: Schema.OPTIONAL_BOOLEAN_SCHEMA,
      STRING: Schema.OPTIONAL_STRING_SCHEMA,
    };
    names.forEach((n, i) => builder.field(n, fieldSchemas[types[i] ?? "STRING"]));
    const schema = builder.build();
    const keyIndex = keyField ? names.indexOf(keyField) : -1;
    if (keyField && keyIndex < 0) throw new ParseError(`key.field ${keyField} is not a column (${names.join(", ")})`);
    const values: unknown[] = [];
    const keys: (string | null)[] = [];
    for (const row of rows) {
      const struct = new Struct(schema);
      row.fields.forEach((text, i) => {
        const type = types[i];
        const name = names[i] as string;
        if (type === "STRING") struct.put(name, text);
        else if (text === "") struct.put(name, null);
        else if (type === "INT64") struct.put(name, Number(text));
        else if (type === "FLOAT64") struct.put(name, Number(text));
        else struct.put(name, text.toLowerCase() === "true");
      });
      values.push(struct);
      keys.push(keyIndex >= 0 ? (row.fields[keyIndex] ?? null) : null);
    }
    return { schema, values, keys };
  }

  #emit(file: CurrentFile): SourceRecord[] {
    const end = Math.min(file.values.length, file.next + this.#settings.batchSize);
    const records: SourceRecord[] = [];
    for (let i = file.next; i < end; i++) {
      const key = file.keys[i] ?? null;
      records.push(
        new SourceRecord({
          sourcePartition: file.partition,
          sourceOffset: { row: i + 1 },
          topic: this.#settings.topic,
          keySchema: key === null ? null : Schema.OPTIONAL_STRING_SCHEMA,
          key,
          valueSchema: file.schema,
          value: file.values[i],
          timestamp: Date.now(),
        }),
      );
    }
    file.next = end;
    return records;
  }

  /** Kafka has the record (or a transform dropped it): once a file's records all are, it is finished. */
  override async commitRecord(record: SourceRecord, _metadata: RecordMetadata | null): Promise<void> {
    const file = this.#current;
    if (file === null || record.sourcePartition?.["file"] !== file.name || record.sourcePartition["modified"] !== file.partition["modified"]) return;
    file.acked++;
    if (file.skipped + file.acked === file.values.length) await this.#finish(file);
  }

  async #finish(file: CurrentFile): Promise<void> {
    if (this.#current === file) this.#current = null;
    if (this.#stopController.signal.aborted) return;
    await this.#moveTo(file.path, this.#settings.finishedPath);
  }

  async #moveTo(path: string, dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await rename(path, join(dir, basename(path)));
  }

  stop(): void {
    this.#stopController.abort();
    this.#current = null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export const spoolDirPlugin: PluginDescriptor<SpoolDirSourceConnector> = {
  className: CONNECTOR_CLASS,
  types: ["source"],
  version: SPOOLDIR_VERSION,
  create: () => new SpoolDirSourceConnector(),
};

/** One key after the other, so the error names the first refused directory in config order. */
async function requireAllowed(policy: FileAccessPolicy, props: ConfigMap): Promise<void> {
  for (const key of PATH_CONFIGS) {
    const path = props[key]?.trim();
    if (path) await policy.require(key, path);
  }
}
