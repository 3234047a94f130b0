import { open, type FileHandle } from "node:fs/promises";
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
  type PluginDescriptor,
  type SinkRecord,
  type TaskClass,
  type TopicPartition,
} from "../../api";

/**
 * org.apache.kafka.connect.file.FileStreamSinkConnector and its task: appends each record's value,
 * as Java's `String.valueOf` prints it, plus the platform line separator to a file (or standard
 * output). Keys, headers and topics are ignored. Each put() is written out before it returns (one
 * write per batch), so lines appear in the file as they arrive, as with Kafka's unbuffered stream.
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

export class FileStreamSinkConnector extends SinkConnector {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};

  version(): string {
    return CONNECT_VERSION;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  start(props: ConfigMap): void {
    new AbstractConfig(CONFIG_DEF, props);
    this.#props = { ...props };
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
    try {
      this.#file = await open(this.#filename, "a");
    } catch (err) {
      throw new ConnectError(`Couldn't find or create file '${this.#filename}' for FileStreamSinkTask`, { cause: err });
    }
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = "";
    for (const record of records) text += toJavaString(record.value, record.valueSchema) + EOL;
    if (this.#file !== null) await this.#file.appendFile(text, "utf8");
    else if (this.#stdout !== null) await writeTo(this.#stdout, text);
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

export const fileStreamSinkPlugin: PluginDescriptor<FileStreamSinkConnector> = {
  className: CONNECTOR_CLASS,
  types: ["sink"],
  version: CONNECT_VERSION,
  create: () => new FileStreamSinkConnector(),
};
