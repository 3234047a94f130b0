import { open, stat, type FileHandle } from "node:fs/promises";
import { EOL } from "node:os";
import type { Writable } from "node:stream";
import {
  AbstractConfig,
  CONNECT_VERSION,
  ConfigDef,
  ConnectError,
  SinkConnector,
  SinkTask,
  toJavaString,
  type ConfigMap,
  type ConfigValue,
  type PluginDescriptor,
  type SinkRecord,
  type TaskClass,
  type TopicPartition,
} from "../../api";
import { checkPathSettings, type FileAccessAware, type FileAccessPolicy } from "./file-access";

/**
 * org.apache.kafka.connect.file.FileStreamSinkConnector and its task: appends each record's value,
 * as Java's `String.valueOf` prints it, plus the platform line separator to a file (or standard
 * output). Keys, headers and topics are ignored. Each put() is written out before it returns (one
 * write per batch), so lines appear in the file as they arrive, as with Kafka's unbuffered stream.
 * Unlike Kafka's, a file moved away or removed (log rotation) is created again at the next put(),
 * and a file that cannot be opened or written fails the put() with the path and the system's
 * reason (EACCES, ENOSPC…), so nothing past it is committed.
 */

const CONNECTOR_CLASS = "org.apache.kafka.connect.file.FileStreamSinkConnector";
const TASK_CLASS = "org.apache.kafka.connect.file.FileStreamSinkTask";

export const FILE_CONFIG = "file";

const CONFIG_DEF = new ConfigDef().define({
  name: FILE_CONFIG,
  type: "STRING",
  defaultValue: null,
  importance: "HIGH",
  documentation: "Destination filename. If not specified, the standard output will be used",
});

export class FileStreamSinkConnector extends SinkConnector implements FileAccessAware {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};
  #fileAccess: FileAccessPolicy | undefined;

  setFileAccess(policy: FileAccessPolicy): void {
    this.#fileAccess = policy;
  }

  /** The file must lie under the worker's allowed directories (standard output is always allowed). */
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
    const file = new AbstractConfig(CONFIG_DEF, props).getString(FILE_CONFIG);
    this.#props = { ...props };
    // Checked again here: a config stored before the rule (or under another one) must not bypass it.
    if (this.#fileAccess && file) return this.#fileAccess.require(FILE_CONFIG, file);
  }

  taskClass(): TaskClass<SinkTask> {
    return FileStreamSinkTask;
  }

  /** `maxTasks` identical tasks, all appending to the same file. */
  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}

  /** No offsets kept outside Kafka and nothing to check. */
  override alterOffsets(_config: ConfigMap, _offsets: Map<TopicPartition, number | null>): boolean {
    return true;
  }
}

export interface FileStreamSinkTaskOptions {
  /** Write here instead of the process's standard output when `file` is unset (tests). */
  stdout?: Writable;
}

function writeTo(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, "utf8", (err) => (err ? reject(err) : resolve()));
  });
}

export class FileStreamSinkTask extends SinkTask {
  static readonly className = TASK_CLASS;

  readonly #stdoutOverride: Writable | undefined;
  #filename: string | null = null;
  #file: FileHandle | null = null;
  /** `dev:ino` of the open file, to notice it was moved away or removed. */
  #identity: string | null = null;
  #stdout: Writable | null = null;

  constructor(options: FileStreamSinkTaskOptions = {}) {
    super();
    this.#stdoutOverride = options.stdout;
  }

  version(): string {
    return CONNECT_VERSION;
  }

  async start(props: ConfigMap): Promise<void> {
    this.#filename = new AbstractConfig(CONFIG_DEF, props).getString(FILE_CONFIG);
    if (this.#filename === null || this.#filename === "") {
      this.#stdout = this.#stdoutOverride ?? process.stdout;
      return;
    }
    await this.#open(this.#filename);
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = "";
    for (const record of records) text += toJavaString(record.value, record.valueSchema) + EOL;
    if (this.#filename !== null && this.#stdout === null) {
      const file = await this.#currentFile(this.#filename);
      try {
        await file.appendFile(text, "utf8");
      } catch (err) {
        throw new ConnectError(`Couldn't write to file '${this.#filename}' for FileStreamSinkTask: ${reason(err)}`, { cause: err });
      }
    } else if (this.#stdout !== null) await writeTo(this.#stdout, text);
  }

  async #open(path: string): Promise<FileHandle> {
    try {
      const file = await open(path, "a");
      const { dev, ino } = await file.stat();
      this.#file = file;
      this.#identity = `${dev}:${ino}`;
      return file;
    } catch (err) {
      // Kafka's message; the cause (in the status trace) names the reason: EACCES, ENOENT…
      throw new ConnectError(`Couldn't find or create file '${path}' for FileStreamSinkTask`, { cause: err });
    }
  }

  /** The open file while `path` still names it; else (rotated, removed, closed) the file at `path` again. */
  async #currentFile(path: string): Promise<FileHandle> {
    if (this.#file !== null) {
      const now = await stat(path).then(
        ({ dev, ino }) => `${dev}:${ino}`,
        () => null,
      );
      if (now === this.#identity) return this.#file;
      const old = this.#file;
      this.#file = null;
      this.#identity = null;
      // What was written before the move is in the moved file: make it durable, then let it go.
      await old.sync().catch(() => {});
      await old.close().catch(() => {});
    }
    return this.#open(path);
  }

  override async flush(_currentOffsets: Map<TopicPartition, number>): Promise<void> {
    // put() already wrote everything; fsync makes it survive a machine crash before offsets commit.
    await this.#file?.sync();
  }

  async stop(): Promise<void> {
    try {
      await this.#file?.sync();
    } finally {
      const file = this.#file;
      this.#file = null;
      this.#stdout = null;
      await file?.close();
    }
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const fileStreamSinkPlugin: PluginDescriptor<FileStreamSinkConnector> = {
  className: CONNECTOR_CLASS,
  types: ["sink"],
  version: CONNECT_VERSION,
  create: () => new FileStreamSinkConnector(),
};
