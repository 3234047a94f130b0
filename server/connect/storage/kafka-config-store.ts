import { NotFoundError, type ConfigMap } from "../api";
import type { TargetState } from "../../../lib/connect/schemas";
import { KafkaBasedLog } from "../distributed/kafka-based-log";
import type { FetchedRecord } from "../distributed/kafka-protocol";
import type { Logger } from "../runtime/loggers";
import type { SessionKey } from "../rest/internal-request-signature";
import type { ConfigStore, ConnectorConfigState } from "./config-store";

/**
 * Connector configs, target states and task configs in the single-partition compacted
 * `config.storage.topic` (Kafka's KafkaConfigBackingStore), with Kafka's keys and JSON values:
 *
 *   connector-<name>          {"properties":{...}}                     (tombstone: deleted)
 *   target-state-<name>       {"state":"STARTED|PAUSED","state.v2":"STARTED|PAUSED|STOPPED"}
 *   task-<name>-<n>           {"properties":{...,"task.class":"..."}}
 *   commit-<name>             {"tasks":<count>}   (the task records before it take effect together)
 *   restart-connector-<name>  {"include-tasks":<bool>,"only-failed":<bool>}
 *   logger-cluster-<ns>       {"level":"DEBUG"}
 *   session-key               {"key":"<base64>","algorithm":"HmacSHA256","creation-timestamp":<ms>}
 *
 * Every write resolves after the worker has read it back, so reads right after a write see it.
 * `offset` is the position in the topic: workers exchange it when they join the group so the
 * leader can tell that a member has seen configs it has not (Kafka's config offset).
 */
export type ConfigUpdate =
  | { kind: "connector"; name: string; removed: boolean }
  | { kind: "target-state"; name: string }
  | { kind: "tasks"; name: string }
  | { kind: "restart"; name: string; includeTasks: boolean; onlyFailed: boolean }
  | { kind: "logger"; namespace: string; level: string }
  | { kind: "session-key" };

export interface KafkaConfigStoreOptions {
  topic: string;
  bootstrapServers: readonly string[];
  clientId: string;
  logger: Logger;
  onUpdate?: (update: ConfigUpdate) => void;
}

const TARGET_STATES: readonly TargetState[] = ["STARTED", "PAUSED", "STOPPED"];

export class KafkaConfigStore implements ConfigStore {
  readonly #log: KafkaBasedLog;
  readonly #logger: Logger;
  readonly #connectors = new Map<string, ConnectorConfigState>();
  /** Target states may be read before their connector (Kafka writes them first on create). */
  readonly #targetStates = new Map<string, TargetState>();
  /** Task records not yet committed: connector → task number → config. */
  readonly #pendingTasks = new Map<string, Map<number, ConfigMap>>();
  #sessionKey: SessionKey | undefined;
  #offset = 0n;
  onUpdate: ((update: ConfigUpdate) => void) | undefined;

  constructor(options: KafkaConfigStoreOptions) {
    this.#logger = options.logger;
    this.onUpdate = options.onUpdate;
    this.#log = new KafkaBasedLog({
      topic: options.topic,
      bootstrapServers: options.bootstrapServers,
      clientId: options.clientId,
      logger: options.logger,
      consume: (record) => this.#consume(record),
    });
  }

  /** The position after the last record read from the config topic. */
  get offset(): bigint {
    return this.#offset;
  }

  async start(): Promise<void> {
    await this.#log.start();
  }

  async stop(): Promise<void> {
    await this.#log.stop();
  }

  readToEnd(): Promise<void> {
    return this.#log.readToEnd();
  }

  /** The newest session key of the cluster (signed requests between workers); undefined before the first. */
  get sessionKey(): SessionKey | undefined {
    return this.#sessionKey;
  }

  connectors(): string[] {
    return [...this.#connectors.keys()];
  }

  contains(name: string): boolean {
    return this.#connectors.has(name);
  }

  get(name: string): Readonly<ConnectorConfigState> | undefined {
    return this.#connectors.get(name);
  }

  async putConnectorConfig(name: string, config: ConfigMap, targetState?: TargetState): Promise<void> {
    const records: { key: string; value: string | null }[] = [];
    if (targetState) records.push(targetStateRecord(name, targetState));
    records.push({ key: `connector-${name}`, value: JSON.stringify({ properties: config }) });
    await this.#write(records);
  }

  async removeConnectorConfig(name: string): Promise<void> {
    await this.#write([
      { key: `connector-${name}`, value: null },
      { key: `target-state-${name}`, value: null },
    ]);
  }

  async putTaskConfigs(name: string, taskConfigs: readonly ConfigMap[], _appliedConfig: ConfigMap): Promise<void> {
    if (!this.#connectors.has(name)) throw new NotFoundError(`No connector \`${name}\` configured`);
    await this.#write([
      ...taskConfigs.map((config, task) => ({ key: `task-${name}-${task}`, value: JSON.stringify({ properties: config }) })),
      { key: `commit-${name}`, value: JSON.stringify({ tasks: taskConfigs.length }) },
    ]);
  }

  async removeTaskConfigs(name: string): Promise<void> {
    const entry = this.#connectors.get(name);
    if (!entry || (entry.taskConfigs.length === 0 && entry.appliedConfig === null)) return;
    await this.#write([{ key: `commit-${name}`, value: JSON.stringify({ tasks: 0 }) }]);
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    const entry = this.#connectors.get(name);
    if (!entry) throw new NotFoundError(`No connector \`${name}\` configured`);
    if (entry.targetState === state) return;
    await this.#write([targetStateRecord(name, state)]);
  }

  /** Kafka's `restart-connector-<name>` record: every worker restarts what it runs of the connector. */
  async putRestartRequest(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    await this.#write([{ key: `restart-connector-${name}`, value: JSON.stringify({ "include-tasks": includeTasks, "only-failed": onlyFailed }) }]);
  }

  async putLoggerLevel(namespace: string, level: string): Promise<void> {
    await this.#write([{ key: `logger-cluster-${namespace}`, value: JSON.stringify({ level }) }]);
  }

  /** Kafka's `session-key` record, written by the leader. */
  async putSessionKey(key: SessionKey): Promise<void> {
    const value = { key: key.key.toString("base64"), algorithm: key.algorithm, "creation-timestamp": key.creationTimestamp };
    await this.#write([{ key: "session-key", value: JSON.stringify(value) }]);
  }

  async #write(records: { key: string; value: string | null }[]): Promise<void> {
    await this.#log.send(records);
    await this.#log.readToEnd();
  }

  #consume(record: FetchedRecord): void {
    this.#offset = record.offset + 1n;
    const key = record.key?.toString("utf8");
    if (key === undefined) return;
    const value = parseValue(record.value);
    if (value === null && record.value !== null) {
      this.#logger.error(`Ignoring record ${key} of the config topic: its value is not a JSON object`);
      return;
    }
    if (key.startsWith("connector-")) this.#applyConnector(key.slice("connector-".length), value);
    else if (key.startsWith("target-state-")) this.#applyTargetState(key.slice("target-state-".length), value);
    else if (key.startsWith("task-")) this.#applyTask(key.slice("task-".length), value);
    else if (key.startsWith("commit-")) this.#applyCommit(key.slice("commit-".length), value);
    else if (key.startsWith("restart-connector-")) {
      const name = key.slice("restart-connector-".length);
      if (value && this.#connectors.has(name)) {
        this.onUpdate?.({ kind: "restart", name, includeTasks: value["include-tasks"] === true, onlyFailed: value["only-failed"] === true });
      }
    } else if (key.startsWith("logger-cluster-")) {
      const level = value?.["level"];
      if (typeof level === "string") this.onUpdate?.({ kind: "logger", namespace: key.slice("logger-cluster-".length), level });
    } else if (key === "session-key") this.#applySessionKey(value);
    // tasks-fencing-*: not used by Ferry's workers.
  }

  #applySessionKey(value: Record<string, unknown> | null): void {
    const key = value?.["key"];
    const algorithm = value?.["algorithm"];
    const created = value?.["creation-timestamp"];
    if (typeof key !== "string" || typeof algorithm !== "string" || typeof created !== "number" || key === "") {
      this.#logger.error("Ignoring the session key record of the config topic: it needs key, algorithm and creation-timestamp");
      return;
    }
    this.#sessionKey = { key: Buffer.from(key, "base64"), algorithm, creationTimestamp: created };
    this.onUpdate?.({ kind: "session-key" });
  }

  #applyConnector(name: string, value: Record<string, unknown> | null): void {
    if (value === null) {
      if (!this.#connectors.delete(name)) return;
      this.#targetStates.delete(name);
      this.#pendingTasks.delete(name);
      this.onUpdate?.({ kind: "connector", name, removed: true });
      return;
    }
    const properties = stringMap(value["properties"]);
    if (!properties) {
      this.#logger.error(`Ignoring connector config record for ${name}: no properties map`);
      return;
    }
    const existing = this.#connectors.get(name);
    if (existing) existing.config = properties;
    else this.#connectors.set(name, { config: properties, targetState: this.#targetStates.get(name) ?? "STARTED", taskConfigs: [], appliedConfig: null });
    this.onUpdate?.({ kind: "connector", name, removed: false });
  }

  #applyTargetState(name: string, value: Record<string, unknown> | null): void {
    if (value === null) {
      this.#targetStates.delete(name);
      return;
    }
    const raw = value["state.v2"] ?? value["state"];
    const state = TARGET_STATES.find((s) => s === raw);
    if (!state) {
      this.#logger.error(`Ignoring target state record for ${name}: invalid state ${String(raw)}`);
      return;
    }
    this.#targetStates.set(name, state);
    const entry = this.#connectors.get(name);
    if (entry && entry.targetState !== state) {
      entry.targetState = state;
      this.onUpdate?.({ kind: "target-state", name });
    }
  }

  #applyTask(rest: string, value: Record<string, unknown> | null): void {
    const dash = rest.lastIndexOf("-");
    const task = Number(rest.slice(dash + 1));
    if (dash <= 0 || !Number.isInteger(task) || task < 0) return;
    const name = rest.slice(0, dash);
    const properties = value ? stringMap(value["properties"]) : undefined;
    if (!properties) return;
    let pending = this.#pendingTasks.get(name);
    if (!pending) this.#pendingTasks.set(name, (pending = new Map()));
    pending.set(task, properties);
  }

  #applyCommit(name: string, value: Record<string, unknown> | null): void {
    const count = value?.["tasks"];
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) return;
    const entry = this.#connectors.get(name);
    const pending = this.#pendingTasks.get(name) ?? new Map<number, ConfigMap>();
    const taskConfigs: ConfigMap[] = [];
    for (let i = 0; i < count; i++) {
      const config = pending.get(i);
      if (!config) {
        this.#logger.error(`Ignoring task config commit for ${name}: task ${i} of ${count} is missing`);
        return;
      }
      taskConfigs.push(config);
    }
    this.#pendingTasks.delete(name);
    if (!entry) return;
    entry.taskConfigs = taskConfigs;
    // The connector config the tasks were generated from (Kafka's applied connector config).
    entry.appliedConfig = count === 0 ? null : { ...entry.config };
    this.onUpdate?.({ kind: "tasks", name });
  }
}

function targetStateRecord(name: string, state: TargetState): { key: string; value: string } {
  // Workers that only know STARTED/PAUSED read `state`; STOPPED is in `state.v2`.
  return { key: `target-state-${name}`, value: JSON.stringify({ state: state === "STOPPED" ? "PAUSED" : state, "state.v2": state }) };
}

function parseValue(value: Buffer | null): Record<string, unknown> | null {
  if (value === null) return null;
  try {
    const parsed: unknown = JSON.parse(value.toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function stringMap(value: unknown): ConfigMap | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const out: ConfigMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
    else if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}
