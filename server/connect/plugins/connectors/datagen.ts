import {
  AbstractConfig,
  ConfigDef,
  ConfigValue,
  NonEmptyString,
  Range,
  SourceConnector,
  SourceRecord,
  SourceTask,
  ValidString,
  type ConfigMap,
  type PluginDescriptor,
  type SourcePartition,
  type TaskClass,
} from "../../api";
import { QUICKSTART_NAMES, QUICKSTARTS, Random, recordSeed, type Quickstart, type QuickstartName } from "./datagen-quickstarts";

/**
 * Datagen source, after Confluent's kafka-connect-datagen: synthetic records from a quickstart data
 * set (users, orders, pageviews, clickstream) with Connect schemas, keyed by one of their fields.
 * Each task writes up to `iterations` records, waiting a random 0..`max.interval` ms before each;
 * with `random.seed` the data is the same on every run. The source partition is `{"task": i}` and
 * the offset `{"iteration": n}`: record n is computed from (seed, task, n) alone, so a restarted
 * task continues the very same sequence.
 */

const CONNECTOR_CLASS = "ferry.connect.datagen.DatagenConnector";
const TASK_CLASS = "ferry.connect.datagen.DatagenTask";
export const DATAGEN_VERSION = "1.0.0";

export const TOPIC_CONFIG = "kafka.topic";
export const QUICKSTART_CONFIG = "quickstart";
export const KEY_FIELD_CONFIG = "schema.keyfield";
export const MAX_INTERVAL_CONFIG = "max.interval";
export const ITERATIONS_CONFIG = "iterations";
export const SEED_CONFIG = "random.seed";
/** Set by the connector in each task config: the task's index. */
export const TASK_INDEX_CONFIG = "datagen.task.index";

const GROUP = "Datagen";

export const DATAGEN_CONFIG_DEF = new ConfigDef()
  .define({
    name: TOPIC_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The topic the generated records are written to.",
    group: GROUP,
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Topic",
  })
  .define({
    name: QUICKSTART_CONFIG,
    type: "STRING",
    validator: ValidString.in(...QUICKSTART_NAMES),
    importance: "HIGH",
    documentation: `The data set to generate: ${QUICKSTART_NAMES.join(", ")}. Values are structs with a Connect schema (ksql.<data set>).`,
    group: GROUP,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Quickstart data set",
  })
  .define({
    name: KEY_FIELD_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "MEDIUM",
    documentation:
      "The value field whose content becomes the record key (users: userid, orders: orderid, pageviews: viewtime, clickstream: ip when empty).",
    group: GROUP,
    orderInGroup: 3,
    width: "SHORT",
    displayName: "Key field",
  })
  .define({
    name: MAX_INTERVAL_CONFIG,
    type: "LONG",
    defaultValue: 500,
    validator: Range.atLeast(0),
    importance: "MEDIUM",
    documentation: "The longest wait before a record, in ms: each record waits a random time up to this. 0 writes as fast as possible.",
    group: GROUP,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Max interval (ms)",
  })
  .define({
    name: ITERATIONS_CONFIG,
    type: "INT",
    defaultValue: -1,
    importance: "MEDIUM",
    documentation: "How many records each task writes; less than 1 means no limit.",
    group: GROUP,
    orderInGroup: 5,
    width: "SHORT",
    displayName: "Iterations",
  })
  .define({
    name: SEED_CONFIG,
    type: "LONG",
    defaultValue: null,
    importance: "LOW",
    documentation: "Seed of the random generator: the same seed gives the same records. Empty picks one at connector start.",
    group: GROUP,
    orderInGroup: 6,
    width: "SHORT",
    displayName: "Random seed",
  });

/** Records per poll when max.interval is 0. */
const BATCH_SIZE = 1000;
const IDLE_WAIT_MS = 1000;

interface DatagenSettings {
  topic: string;
  quickstart: Quickstart;
  keyField: string;
  maxIntervalMs: number;
  iterations: number;
  seed: bigint | null;
}

function parseSettings(props: ConfigMap): DatagenSettings {
  const config = new AbstractConfig(DATAGEN_CONFIG_DEF, props);
  const quickstart = QUICKSTARTS[config.getString(QUICKSTART_CONFIG) as QuickstartName];
  return {
    topic: config.getString(TOPIC_CONFIG) ?? "",
    quickstart,
    keyField: config.getString(KEY_FIELD_CONFIG) || quickstart.keyField,
    maxIntervalMs: config.getLongNumber(MAX_INTERVAL_CONFIG) ?? 0,
    iterations: config.getInt(ITERATIONS_CONFIG) ?? -1,
    seed: config.getLong(SEED_CONFIG),
  };
}

export class DatagenConnector extends SourceConnector {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};

  version(): string {
    return DATAGEN_VERSION;
  }

  config(): ConfigDef {
    return DATAGEN_CONFIG_DEF;
  }

  /** The key field must be a field of the chosen data set. */
  override validate(props: ConfigMap): ConfigValue[] {
    const values = DATAGEN_CONFIG_DEF.validate(props);
    const quickstart = QUICKSTARTS[props[QUICKSTART_CONFIG]?.trim() as QuickstartName] as Quickstart | undefined;
    const keyField = props[KEY_FIELD_CONFIG]?.trim();
    if (quickstart && keyField && !quickstart.schema.fields().some((f) => f.name() === keyField)) {
      values
        .find((v) => v.name === KEY_FIELD_CONFIG)
        ?.addErrorMessage(`Field ${keyField} is not in the ${props[QUICKSTART_CONFIG]?.trim()} schema (${quickstart.schema.fields().map((f) => f.name()).join(", ")})`);
    }
    return values;
  }

  start(props: ConfigMap): void {
    parseSettings(props);
    this.#props = { ...props };
    // Without a seed, one is chosen now, so that all tasks and their restarts share it.
    if (!this.#props[SEED_CONFIG]?.trim()) this.#props[SEED_CONFIG] = String(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
  }

  taskClass(): TaskClass<SourceTask> {
    return DatagenTask;
  }

  /** tasks.max independent generators, each with its own partition and sequence. */
  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.#props, [TASK_INDEX_CONFIG]: String(i) }));
  }

  stop(): void {}
}

export class DatagenTask extends SourceTask {
  static readonly className = TASK_CLASS;
  #settings!: DatagenSettings;
  #seed = 0n;
  #task = 0;
  #partition: SourcePartition = {};
  #next = 0;

  version(): string {
    return DATAGEN_VERSION;
  }

  async start(props: ConfigMap): Promise<void> {
    this.#settings = parseSettings(props);
    this.#seed = this.#settings.seed ?? BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
    this.#task = Number(props[TASK_INDEX_CONFIG] ?? "0");
    this.#partition = { task: this.#task };
    const offset = await this.context.offsetStorageReader().offset(this.#partition);
    const iteration = offset?.["iteration"];
    this.#next = typeof iteration === "number" && Number.isSafeInteger(iteration) && iteration >= 0 ? iteration : 0;
  }

  /** Record `iteration` of this task: the same for the same seed, task and iteration. */
  record(iteration: number): SourceRecord {
    const { quickstart, keyField, topic } = this.#settings;
    const value = quickstart.generate(new Random(recordSeed(this.#seed, this.#task, iteration)), iteration);
    const field = quickstart.schema.field(keyField);
    return new SourceRecord({
      sourcePartition: this.#partition,
      sourceOffset: { iteration: iteration + 1 },
      topic,
      keySchema: field?.schema() ?? null,
      key: field ? value.get(field) : null,
      valueSchema: quickstart.schema,
      value,
      timestamp: Date.now(),
    });
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    const { iterations, maxIntervalMs } = this.#settings;
    const left = iterations > 0 ? iterations - this.#next : Infinity;
    if (left <= 0) {
      await sleep(IDLE_WAIT_MS, signal);
      return null;
    }
    if (maxIntervalMs > 0) {
      await sleep(Math.floor(Math.random() * maxIntervalMs), signal);
      if (signal.aborted) return null;
      return [this.record(this.#next++)];
    }
    const count = Math.min(BATCH_SIZE, left);
    const records = new Array<SourceRecord>(count);
    for (let i = 0; i < count; i++) records[i] = this.record(this.#next++);
    return records;
  }

  stop(): void {}
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

export const datagenPlugin: PluginDescriptor<DatagenConnector> = {
  className: CONNECTOR_CLASS,
  types: ["source"],
  version: DATAGEN_VERSION,
  create: () => new DatagenConnector(),
};
