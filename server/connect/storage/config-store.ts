import { dirname, join } from "node:path";
import { ConnectError, NotFoundError, type ConfigMap } from "../api";
import type { TargetState } from "../../../lib/connect/schemas";
import type { WorkerConfig } from "../worker-config";
import { readFileIfExists, SaveQueue, writeFileAtomic } from "./atomic-file";

/**
 * Connector configs, target states and task configs of a standalone worker (Kafka's
 * ConfigBackingStore). Kafka's standalone keeps these only in memory; Ferry also persists them to a
 * JSON file so that connectors created through REST survive a restart (and resume from their
 * offsets). Memory and file implementations; the file one only adds a `save` hook.
 */
export interface ConnectorConfigState {
  config: ConfigMap;
  targetState: TargetState;
  /** The current task configs (empty when stopped, paused at creation, or not generated yet). */
  taskConfigs: ConfigMap[];
  /** The connector config the task configs were generated from (Kafka's "applied" config). */
  appliedConfig: ConfigMap | null;
}

export interface ConfigStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  connectors(): string[];
  contains(name: string): boolean;
  get(name: string): Readonly<ConnectorConfigState> | undefined;
  /** Creates or replaces a connector config; an existing connector keeps its target state unless one is given. */
  putConnectorConfig(name: string, config: ConfigMap, targetState?: TargetState): Promise<void>;
  removeConnectorConfig(name: string): Promise<void>;
  putTaskConfigs(name: string, taskConfigs: readonly ConfigMap[], appliedConfig: ConfigMap): Promise<void>;
  removeTaskConfigs(name: string): Promise<void>;
  /** NotFoundError for an unknown connector. */
  putTargetState(name: string, state: TargetState): Promise<void>;
}

export class MemoryConfigStore implements ConfigStore {
  protected readonly state = new Map<string, ConnectorConfigState>();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  connectors(): string[] {
    return [...this.state.keys()];
  }

  contains(name: string): boolean {
    return this.state.has(name);
  }

  get(name: string): Readonly<ConnectorConfigState> | undefined {
    return this.state.get(name);
  }

  async putConnectorConfig(name: string, config: ConfigMap, targetState?: TargetState): Promise<void> {
    const existing = this.state.get(name);
    if (existing) {
      existing.config = { ...config };
      if (targetState) existing.targetState = targetState;
    } else {
      this.state.set(name, { config: { ...config }, targetState: targetState ?? "STARTED", taskConfigs: [], appliedConfig: null });
    }
    await this.save();
  }

  async removeConnectorConfig(name: string): Promise<void> {
    if (this.state.delete(name)) await this.save();
  }

  async putTaskConfigs(name: string, taskConfigs: readonly ConfigMap[], appliedConfig: ConfigMap): Promise<void> {
    const entry = this.#require(name);
    entry.taskConfigs = taskConfigs.map((c) => ({ ...c }));
    entry.appliedConfig = { ...appliedConfig };
    await this.save();
  }

  async removeTaskConfigs(name: string): Promise<void> {
    const entry = this.state.get(name);
    if (!entry || (entry.taskConfigs.length === 0 && entry.appliedConfig === null)) return;
    entry.taskConfigs = [];
    entry.appliedConfig = null;
    await this.save();
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    const entry = this.#require(name);
    if (entry.targetState === state) return;
    entry.targetState = state;
    await this.save();
  }

  #require(name: string): ConnectorConfigState {
    const entry = this.state.get(name);
    if (!entry) throw new NotFoundError(`No connector \`${name}\` configured`);
    return entry;
  }

  /** Persists the current contents; nothing to do in memory. */
  protected async save(): Promise<void> {}
}

/**
 * The config store in a JSON file, rewritten atomically on every change:
 *
 *   {"version":1,"connectors":{"<name>":{"config":{...},"targetState":"STARTED","taskConfigs":[...],"appliedConfig":{...}}}}
 */
export class FileConfigStore extends MemoryConfigStore {
  readonly file: string;
  readonly #saves = new SaveQueue();

  constructor(file: string) {
    super();
    this.file = file;
  }

  override async start(): Promise<void> {
    const text = await readFileIfExists(this.file);
    if (text === undefined || text.trim() === "") return;
    try {
      for (const [name, entry] of parseConfigsFile(text)) this.state.set(name, entry);
    } catch (err) {
      throw new ConnectError(`Failed to read connector configs from ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  override async stop(): Promise<void> {
    await this.#saves.run(async () => {});
  }

  protected override save(): Promise<void> {
    return this.#saves.run(async () => {
      const connectors = Object.fromEntries(this.state);
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, connectors }, null, 2) + "\n");
    });
  }
}

const TARGET_STATES: readonly TargetState[] = ["STARTED", "PAUSED", "STOPPED"];

function isStringMap(value: unknown): value is ConfigMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
}

function parseConfigsFile(text: string): [string, ConnectorConfigState][] {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || !("connectors" in parsed) || typeof parsed.connectors !== "object" || parsed.connectors === null) {
    throw new Error("not a Ferry connector configs file (expected {\"version\":1,\"connectors\":{...}})");
  }
  return Object.entries(parsed.connectors as Record<string, unknown>).map(([name, raw]): [string, ConnectorConfigState] => {
    const entry = raw as Partial<Record<keyof ConnectorConfigState, unknown>> | null;
    if (!entry || !isStringMap(entry.config)) throw new Error(`connector ${name} has no config map`);
    const targetState = TARGET_STATES.find((s) => s === entry.targetState) ?? "STARTED";
    const taskConfigs = Array.isArray(entry.taskConfigs) ? entry.taskConfigs.filter(isStringMap) : [];
    const appliedConfig = isStringMap(entry.appliedConfig) ? entry.appliedConfig : null;
    return [name, { config: entry.config, targetState, taskConfigs, appliedConfig }];
  });
}

/**
 * The config store file of a standalone worker: `config.storage.file.filename`, else
 * `connect-configs.json` next to the offsets file; undefined (memory only) when neither is set.
 */
export function configStoreFile(config: WorkerConfig): string | undefined {
  const explicit = config.values["config.storage.file.filename"];
  if (explicit) return explicit;
  const offsets = config.values["offset.storage.file.filename"];
  return offsets ? join(dirname(offsets), "connect-configs.json") : undefined;
}
