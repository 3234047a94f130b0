import { watch, type FSWatcher } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  AbstractConfig,
  CONNECT_VERSION,
  ConfigDef,
  ConnectError,
  JsonNumber,
  NonEmptyString,
  Schema,
  SourceConnector,
  SourceRecord,
  SourceTask,
  type ConfigMap,
  type ConfigValue,
  type PluginDescriptor,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from "../../api";
import { checkPathSettings, type FileAccessAware, type FileAccessPolicy } from "./file-access";

/**
 * org.apache.kafka.connect.file.FileStreamSourceConnector and its task: each line of a file (or of
 * standard input) becomes one record with a STRING value. The source partition is
 * `{"filename": file}` and the offset `{"position": bytes after the line}`, so a restarted task
 * resumes after the last committed line.
 */

const CONNECTOR_CLASS = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const TASK_CLASS = "org.apache.kafka.connect.file.FileStreamSourceTask";

export const FILE_CONFIG = "file";
export const TOPIC_CONFIG = "topic";
export const TASK_BATCH_SIZE_CONFIG = "batch.size";
export const DEFAULT_TASK_BATCH_SIZE = 2000;
export const FILENAME_FIELD = "filename";
export const POSITION_FIELD = "position";

const CONFIG_DEF = new ConfigDef()
  .define({
    name: FILE_CONFIG,
    type: "STRING",
    defaultValue: null,
    importance: "HIGH",
    documentation: "Source filename. If not specified, the standard input will be used",
  })
  .define({
    name: TOPIC_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The topic to publish data to",
  })
  .define({
    name: TASK_BATCH_SIZE_CONFIG,
    type: "INT",
    defaultValue: DEFAULT_TASK_BATCH_SIZE,
    importance: "LOW",
    documentation: "The maximum number of records the source task can read from the file each time it is polled",
  });

/** Kafka waits this long when there is no data (or no file yet); new data wakes the wait early. */
const IDLE_WAIT_MS = 1000;
/** Bytes read per read call: big enough that one read usually fills a batch. */
const READ_CHUNK_BYTES = 256 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** An offset `position` as a Java Long: an integral number (offsets come back from JSON). */
function asLong(value: unknown): number | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof JsonNumber && value.isIntegral()) return Number(value.text);
  return null;
}

function fileSetting(props: ConfigMap): string | null {
  return new AbstractConfig(CONFIG_DEF, props).getString(FILE_CONFIG);
}

export class FileStreamSourceConnector extends SourceConnector implements FileAccessAware {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};
  #fileAccess: FileAccessPolicy | undefined;

  setFileAccess(policy: FileAccessPolicy): void {
    this.#fileAccess = policy;
  }

  /** The file must lie under the worker's allowed directories (standard input is always allowed). */
  override async validate(props: ConfigMap): Promise<ConfigValue[]> {
    return checkPathSettings(this.#fileAccess, props, [FILE_CONFIG], CONFIG_DEF.validate(props));
  }

  version(): string {
    return CONNECT_VERSION;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  start(props: ConfigMap): void | Promise<void> {
    // Parsing fails the start on an invalid config, as Kafka's AbstractConfig does.
    const file = new AbstractConfig(CONFIG_DEF, props).getString(FILE_CONFIG);
    this.#props = { ...props };
    // Checked again here: a config stored before the rule (or under another one) must not bypass it.
    if (this.#fileAccess && file) return this.#fileAccess.require(FILE_CONFIG, file);
  }

  taskClass(): TaskClass<SourceTask> {
    return FileStreamSourceTask;
  }

  /** Only one input stream makes sense: always one task, whatever tasks.max says. */
  taskConfigs(_maxTasks: number): ConfigMap[] {
    return [{ ...this.#props }];
  }

  stop(): void {}

  /** Kafka's `exactlyOnceSupport`: a real file can be re-read exactly; stdin cannot. */
  exactlyOnceSupport(props: ConfigMap): "SUPPORTED" | "UNSUPPORTED" {
    const file = fileSetting(props);
    return file !== null && file !== "" ? "SUPPORTED" : "UNSUPPORTED";
  }

  override alterOffsets(config: ConfigMap, offsets: Map<SourcePartition, SourceOffset | null>): boolean {
    const file = fileSetting(config);
    if (file === null || file === "") {
      throw new ConnectError(
        `Offsets cannot be modified if the '${FILE_CONFIG}' configuration is unspecified. ` +
          "This is because stdin is used for input and offsets are not tracked.",
      );
    }
    for (const [partition, offset] of offsets) {
      // Tombstones are always allowed, so that garbage offsets can be cleaned up.
      if (offset === null) continue;
      if (!Object.prototype.hasOwnProperty.call(offset, POSITION_FIELD)) {
        throw new ConnectError(`Offset objects should either be null or contain the key '${POSITION_FIELD}'`);
      }
      const position = asLong(offset[POSITION_FIELD]);
      if (position === null) {
        throw new ConnectError(`The value for the '${POSITION_FIELD}' key in the offset is expected to be a Long value`);
      }
      if (position < 0) {
        throw new ConnectError(`The value for the '${POSITION_FIELD}' key in the offset should be a non-negative value`);
      }
      if (partition === null || partition === undefined) throw new ConnectError("Partition objects cannot be null");
      if (!Object.prototype.hasOwnProperty.call(partition, FILENAME_FIELD)) {
        throw new ConnectError(`Partition objects should contain the key '${FILENAME_FIELD}'`);
      }
    }
    // The task checks on start whether the position fits the file.
    return true;
  }
}

/** A wait that ends after a timeout, on abort, or when woken (new data, stop). */
class Wakeup {
  #pending = false;
  #resolve: (() => void) | null = null;

  wake(): void {
    if (this.#resolve) {
      const resolve = this.#resolve;
      this.#resolve = null;
      resolve();
    } else {
      // Remember a wake-up that came while nobody waited, so that data is not waited on.
      this.#pending = true;
    }
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.#resolve = done;
    });
  }
}

export interface FileStreamSourceTaskOptions {
  /** Read this instead of the process's standard input when `file` is unset (tests). */
  stdin?: Readable;
}

export class FileStreamSourceTask extends SourceTask {
  static readonly className = TASK_CLASS;

  readonly #stdinOverride: Readable | undefined;
  #filename: string | null = null;
  #topic = "";
  #batchSize = DEFAULT_TASK_BATCH_SIZE;
  #partition: SourcePartition = {};

  #file: FileHandle | null = null;
  #watcher: FSWatcher | null = null;
  #stdin: Readable | null = null;
  #stdinChunks: Buffer[] = [];
  readonly #onStdinData = (chunk: Buffer | string): void => {
    this.#stdinChunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
    this.#wakeup.wake();
  };

  /** Bytes read but not yet emitted (a partial last line, or lines beyond a full batch). */
  #pending: Buffer = Buffer.alloc(0);
  /** File position of the first pending byte; null for stdin (offsets are not tracked). */
  #position: number | null = null;
  #stopped = false;
  readonly #wakeup = new Wakeup();

  constructor(options: FileStreamSourceTaskOptions = {}) {
    super();
    this.#stdinOverride = options.stdin;
  }

  version(): string {
    return CONNECT_VERSION;
  }

  start(props: ConfigMap): void {
    const config = new AbstractConfig(CONFIG_DEF, props);
    this.#filename = config.getString(FILE_CONFIG);
    this.#topic = config.getString(TOPIC_CONFIG) ?? "";
    this.#batchSize = config.getInt(TASK_BATCH_SIZE_CONFIG) ?? DEFAULT_TASK_BATCH_SIZE;
    this.#partition = { [FILENAME_FIELD]: this.#filename };
    this.#stopped = false;
    if (this.#filename === null || this.#filename === "") {
      this.#stdin = this.#stdinOverride ?? process.stdin;
      this.#stdin.on("data", this.#onStdinData);
      this.#position = null;
    }
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    if (this.#stopped) return null;
    if (this.#stdin === null && this.#file === null) {
      const opened = await this.#openFile();
      if (!opened) {
        // Missing file: wait for it to be created, the task stays running.
        await this.#wakeup.wait(IDLE_WAIT_MS, signal);
        return null;
      }
    }

    const records: SourceRecord[] = [];
    // Lines left over from a poll that filled its batch come first.
    if (this.#extractLines(records)) return records;
    while (!this.#stopped) {
      const chunk = await this.#read();
      if (chunk === null) break;
      this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
      if (this.#extractLines(records)) return records;
    }
    if (records.length > 0) return records;
    await this.#wakeup.wait(IDLE_WAIT_MS, signal);
    return null;
  }

  /** Opens the file and seeks to the committed position; false when it does not exist yet. */
  async #openFile(): Promise<boolean> {
    const filename = this.#filename as string;
    let file: FileHandle;
    try {
      file = await open(filename, "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw new ConnectError(`Error while trying to open file ${filename}: ${(err as Error).message}`, { cause: err });
    }
    try {
      const offset = await this.context.offsetStorageReader().offset(this.#partition);
      let position = 0;
      const recorded = offset?.[POSITION_FIELD];
      if (recorded !== null && recorded !== undefined) {
        const long = asLong(recorded);
        if (long === null) throw new ConnectError("Offset position is the incorrect type");
        position = long;
      }
      if (this.#stopped) {
        await file.close();
        return false;
      }
      this.#file = file;
      this.#position = position;
      this.#pending = Buffer.alloc(0);
      this.#watch(filename);
      return true;
    } catch (err) {
      await file.close().catch(() => undefined);
      throw err;
    }
  }

  #watch(filename: string): void {
    try {
      this.#watcher = watch(filename, { persistent: false }, () => this.#wakeup.wake());
      this.#watcher.on("error", () => undefined);
    } catch {
      // No file watching here: the idle wait's timeout still picks up new data.
      this.#watcher = null;
    }
  }

  /** The next chunk of input, or null when none is available right now. */
  async #read(): Promise<Buffer | null> {
    if (this.#stdin !== null) {
      if (this.#stdinChunks.length === 0) return null;
      const chunks = this.#stdinChunks;
      this.#stdinChunks = [];
      return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    }
    const file = this.#file;
    if (file === null) return null;
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const readAt = (this.#position ?? 0) + this.#pending.length;
    let bytesRead: number;
    try {
      ({ bytesRead } = await file.read(buffer, 0, buffer.length, readAt));
    } catch (err) {
      // The handle was closed by stop(): no more data, the runtime handles the shutdown.
      if (this.#stopped) return null;
      throw new ConnectError(`Error while reading file ${this.#filename ?? ""}: ${(err as Error).message}`, { cause: err });
    }
    return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
  }

  /**
   * Moves every complete line of the pending bytes into `records` (Kafka's `extractLine`: `\n`,
   * `\r\n` or `\r` end a line; a `\r` that ends the data waits for the next byte). Returns true
   * once the batch is full. Bytes, not characters, are scanned: in UTF-8 CR and LF never occur
   * inside a multi-byte character.
   */
  #extractLines(records: SourceRecord[]): boolean {
    const buf = this.#pending;
    let start = 0;
    let lf = buf.indexOf(LF, 0);
    let cr = buf.indexOf(CR, 0);
    // Kafka checks the batch size after adding a record: at least one record per poll.
    const limit = Math.max(1, this.#batchSize);
    let full = records.length >= limit;
    while (!full && (lf !== -1 || cr !== -1)) {
      let until: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // Need the next byte to tell `\r\n` from `\r`.
        if (cr + 1 >= buf.length) break;
        until = cr;
        next = buf[cr + 1] === LF ? cr + 2 : cr + 1;
      } else {
        until = lf;
        next = lf + 1;
      }
      const line = buf.toString("utf8", start, until);
      // Stdin positions are not tracked: Kafka's offset is then {"position": null}.
      if (this.#position !== null) this.#position += next - start;
      const sourceOffset: SourceOffset = { [POSITION_FIELD]: this.#position };
      records.push(
        new SourceRecord({
          sourcePartition: this.#partition,
          sourceOffset,
          topic: this.#topic,
          kafkaPartition: null,
          keySchema: null,
          key: null,
          valueSchema: Schema.STRING_SCHEMA,
          value: line,
          timestamp: Date.now(),
        }),
      );
      start = next;
      if (lf !== -1 && lf < start) lf = buf.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = buf.indexOf(CR, start);
      full = records.length >= limit;
    }
    if (start > 0) this.#pending = buf.subarray(start);
    return full;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#stdin !== null) {
      // Standard input stays open (as in Kafka); this task just stops listening.
      this.#stdin.off("data", this.#onStdinData);
      this.#stdin = null;
    }
    const file = this.#file;
    this.#file = null;
    this.#wakeup.wake();
    await file?.close().catch(() => undefined);
  }
}

export const fileStreamSourcePlugin: PluginDescriptor<FileStreamSourceConnector> = {
  className: CONNECTOR_CLASS,
  types: ["source"],
  version: CONNECT_VERSION,
  create: () => new FileStreamSourceConnector(),
};
