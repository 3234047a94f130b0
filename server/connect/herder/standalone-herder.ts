import {
  AlreadyExistsError,
  BadRequestError,
  CONNECT_VERSION,
  ConnectError,
  ConnectRestError,
  NotFoundError,
  type ConfigMap,
  type Connector,
  type SourceConnectorContext,
  type SourceOffset,
  type SourcePartition,
  type TopicPartition,
} from "../api";
import type {
  ConfigInfos,
  ConfigKeyInfoJson,
  ConnectorConfig,
  ConnectorInfo,
  ConnectorOffset,
  ConnectorOffsets,
  ConnectorState,
  ConnectorStateInfo,
  ConnectorTaskId,
  ConnectorType,
  FerryWorkers,
  LoggerLevel,
  PluginInfo,
  ServerInfo,
  TargetState,
  TaskInfo,
  TaskStateInfo,
} from "../../../lib/connect/schemas";
import type { PluginRegistry } from "../plugins/types";
import { FileConfigStore, MemoryConfigStore, configStoreFile, type ConfigStore } from "../storage/config-store";
import { FileOffsetStore } from "../storage/file-offset-store";
import { MemoryOffsetStore } from "../storage/memory-offset-store";
import { offsetKey, offsetValue, parseOffsetValue, validateOffsetFormat, type OffsetStore } from "../storage/offset-store";
import { OffsetStorageReaderImpl } from "../storage/offset-storage-reader";
import { MemoryStatusStore, type StatusStore } from "../storage/status-store";
import { originalsWithPrefix, type WorkerConfig } from "../worker-config";
import { systemClock, type Clock } from "../runtime/clock";
import { compileJavaRegex, parseTopicsList } from "../runtime/connector-config";
import { GroupNotEmptyError, kafkajsClientFactory, type ClientFactory, type ConnectAdmin, type GroupOffset } from "../runtime/kafka-clients";
import { Loggers, type Logger } from "../runtime/loggers";
import type { RecordStagesFactory } from "../runtime/record-stages";
import { errorTrace, taskKey, type StatusListener } from "../runtime/status";
import { Worker, commonClientConfigs, sinkGroupId } from "../runtime/worker";
import type { Herder, PutConnectorResult, RestartRequest, WorkerHealth } from "./herder";
import { clientOverridePolicies, configValidationError, pluginConfig, validateConnectorConfig } from "./validation";
import { secretConfigKeys } from "./secret-keys";

/**
 * A standalone worker's herder (Kafka's StandaloneHerder): the one façade for every control
 * operation, with Kafka's semantics and messages. Operations that change anything run one at a time
 * (Kafka's methods are `synchronized`); status reads do not wait for them.
 *
 * Unlike Kafka's standalone mode, connector configs, target states and task configs persist in a
 * config file (next to the offsets file by default), so connectors created through REST are
 * restarted, from their committed offsets, when the worker restarts.
 *
 * Where Kafka's standalone herder answers 500 for an unknown connector (task restart, restart without
 * flags, stop), Ferry answers 404, as the reference notes say it should.
 */
export interface StandaloneHerderOptions {
  config: WorkerConfig;
  plugins: PluginRegistry;
  /** Kafka's cluster id; looked up with `describeCluster` at start when absent. */
  clusterId?: string;
  workerId: string;
  loggers?: Loggers;
  clock?: Clock;
  /** The build's commit id for `GET /`. */
  commit?: string;
  /** Test seams: Kafka clients, stores and the record stages (transforms / error tolerance). */
  clients?: ClientFactory;
  offsetStore?: OffsetStore;
  configStore?: ConfigStore;
  statusStore?: StatusStore;
  stages?: RecordStagesFactory;
  /** GET /health deadline (Kafka: 10 s). */
  healthCheckTimeoutMs?: number;
  /**
   * Distributed mode reuses this herder for its local reads and offsets operations and decides
   * itself what runs: false skips restarting the stored connectors at start (default true).
   */
  restoreOnStart?: boolean;
  /** The group generation written with every status (distributed mode; standalone: 0). */
  generation?: () => number;
}

/** A connector given on the command line (`ferry standalone worker.properties c1.properties …`). */
export interface CommandLineConnector {
  name: string;
  config: ConnectorConfig;
  initialState?: TargetState;
}

export interface StandaloneHerder extends Herder {
  /**
   * Starts the stores and worker, restarts persisted connectors, then creates the command-line
   * connectors ("fail if exists", except those restored from the config file, which they replace).
   * `health()` is healthy from then on.
   */
  start(commandLineConnectors?: readonly CommandLineConnector[]): Promise<void>;
  readonly worker: Worker;
}

const HERDER_LOGGER = "org.apache.kafka.connect.runtime.standalone.StandaloneHerder";

const HEALTHY: WorkerHealth = { status: "healthy", message: "Worker has completed startup and is ready to handle requests." };
const STARTING: WorkerHealth = { status: "starting", message: "Worker is still starting up." };
const UNHEALTHY: WorkerHealth = { status: "unhealthy", message: "Worker was unable to handle this request and may be unable to handle other requests." };

const ALTERED = "The offsets for this connector have been altered successfully";
const ALTERED_FRAMEWORK =
  "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.";
const RESET = "The offsets for this connector have been reset successfully";
const RESET_FRAMEWORK =
  "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.";

export function createStandaloneHerder(options: StandaloneHerderOptions): StandaloneHerder {
  return new StandaloneHerderImpl(options);
}

/** Runs async operations one at a time, in call order (Kafka's `synchronized`). */
class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation);
    this.#tail = result.catch(() => {});
    return result;
  }
}

class StandaloneHerderImpl implements StandaloneHerder, StatusListener {
  readonly workerId: string;
  readonly worker: Worker;
  readonly #config: WorkerConfig;
  readonly #plugins: PluginRegistry;
  readonly #loggers: Loggers;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #clients: ClientFactory;
  readonly #offsetStore: OffsetStore;
  readonly #configStore: ConfigStore;
  readonly #statusStore: StatusStore;
  readonly #mutex = new AsyncMutex();
  readonly #commit: string;
  readonly #healthTimeoutMs: number;
  #clusterId: string | null;
  readonly #restoreOnStart: boolean;
  readonly #generation: () => number;
  #ready = false;
  #stopped = false;

  constructor(options: StandaloneHerderOptions) {
    this.workerId = options.workerId;
    this.#config = options.config;
    this.#plugins = options.plugins;
    this.#loggers = options.loggers ?? new Loggers();
    this.#log = this.#loggers.logger(HERDER_LOGGER);
    this.#clock = options.clock ?? systemClock;
    this.#clients = options.clients ?? kafkajsClientFactory(this.#loggers);
    this.#clusterId = options.clusterId ?? null;
    this.#commit = options.commit ?? "unknown";
    this.#healthTimeoutMs = options.healthCheckTimeoutMs ?? 10_000;
    this.#restoreOnStart = options.restoreOnStart ?? true;
    this.#generation = options.generation ?? (() => 0);
    const offsetsFile = options.config.values["offset.storage.file.filename"];
    this.#offsetStore = options.offsetStore ?? (offsetsFile ? new FileOffsetStore(offsetsFile) : new MemoryOffsetStore());
    const configsFile = configStoreFile(options.config);
    this.#configStore = options.configStore ?? (configsFile ? new FileConfigStore(configsFile) : new MemoryConfigStore());
    this.#statusStore = options.statusStore ?? new MemoryStatusStore();
    this.worker = new Worker({
      workerId: options.workerId,
      config: options.config,
      plugins: options.plugins,
      offsetStore: this.#offsetStore,
      listener: this,
      loggers: this.#loggers,
      clock: this.#clock,
      clients: this.#clients,
      stages: options.stages,
    });
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async start(commandLineConnectors: readonly CommandLineConnector[] = []): Promise<void> {
    this.#log.info("Herder starting");
    await this.#offsetStore.start();
    await this.#configStore.start();
    await this.#statusStore.start();
    if (this.#clusterId === null) this.#clusterId = await this.#lookupClusterId();
    const restored = new Set(this.#restoreOnStart ? this.#configStore.connectors() : []);
    await this.#mutex.run(async () => {
      for (const name of restored) {
        this.#log.info(`Restoring connector ${name} from ${this.#configStore instanceof FileConfigStore ? this.#configStore.file : "the config store"}`);
        await this.#startConnectorAndTasks(name, { restoring: true });
      }
    });
    for (const { name, config, initialState } of commandLineConnectors) {
      await this.putConnectorConfig(name, config, { allowReplace: restored.has(name), initialState });
    }
    this.#ready = true;
    this.#log.info("Herder started");
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#log.info("Herder stopping");
    await this.#mutex.run(async () => {
      // Task configs stay in the config store: a restarted worker runs the same tasks again.
      await this.worker.stop();
      await this.#statusStore.stop();
      await this.#configStore.stop();
      await this.#offsetStore.stop();
    });
    this.#ready = false;
    this.#log.info("Herder stopped");
  }

  async health(): Promise<WorkerHealth> {
    if (!this.#ready) return STARTING;
    // Kafka runs a no-op on the herder thread with a deadline; here: through the operation queue.
    let cancel: () => void = () => {};
    const timedOut = new Promise<false>((resolve) => {
      cancel = this.#clock.schedule(this.#healthTimeoutMs, () => resolve(false));
    });
    try {
      const ok = await Promise.race([this.#mutex.run(async () => true as const), timedOut]);
      return ok ? HEALTHY : UNHEALTHY;
    } finally {
      cancel();
    }
  }

  serverInfo(): ServerInfo {
    return { version: CONNECT_VERSION, commit: this.#commit, kafka_cluster_id: this.#clusterId };
  }

  // ---- connectors ----------------------------------------------------------------------------

  async connectors(): Promise<string[]> {
    return this.#configStore.connectors();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    if (!this.#configStore.contains(name)) throw new NotFoundError(`Connector ${name} not found`);
    return this.#connectorInfo(name);
  }

  async connectorConfig(name: string): Promise<ConnectorConfig> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    return { ...entry.config };
  }

  async putConnectorConfig(
    name: string,
    config: ConnectorConfig,
    options: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<PutConnectorResult> {
    const named = config["name"];
    if (named !== undefined && named !== name) {
      throw new BadRequestError(`Connector name configuration (${named}) doesn't match connector name in the URL (${name})`);
    }
    const full: ConfigMap = { ...config, name };
    // Validation runs outside the operation queue (Kafka validates on a separate executor).
    await this.#validateOrThrow(full);
    return this.#mutex.run(async () => {
      const exists = this.#configStore.contains(name);
      if (exists && !options.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`);
      if (exists) await this.worker.stopAndAwaitConnector(name);
      await this.#configStore.putConnectorConfig(name, full, exists ? options.initialState : (options.initialState ?? "STARTED"));
      this.#log.info(`${exists ? "Reconfigured" : "Created"} connector ${name}`);
      await this.#startConnector(name);
      await this.#updateConnectorTasks(name);
      return { created: !exists, info: this.#connectorInfo(name) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    const merged: ConfigMap = { ...entry.config };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    merged["name"] = name;
    const result = await this.putConnectorConfig(name, merged, { allowReplace: true });
    return result.info;
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#mutex.run(async () => {
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Connector ${name} not found`);
      await this.#removeConnectorTasks(name);
      await this.worker.stopAndAwaitConnector(name);
      await this.#configStore.removeConnectorConfig(name);
      this.#statusStore.deleteConnector(name);
      for (const topic of this.#statusStore.getAllTopics(name)) this.#statusStore.deleteTopic(name, topic.topic);
      this.#log.info(`Deleted connector ${name}`);
    });
  }

  // ---- status ---------------------------------------------------------------------------------

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const status = this.#statusStore.getConnector(name);
    if (!status) throw new NotFoundError(`No status found for connector ${name}`);
    return {
      name,
      connector: stateInfo(status.state, status.workerId, status.trace),
      tasks: this.#statusStore.getAllTasks(name).map((t) => ({ id: t.id.task, ...stateInfo(t.state, t.workerId, t.trace) })),
      type: this.#connectorType(this.#configStore.get(name)?.config),
    };
  }

  async taskStatus(name: string, task: number): Promise<TaskStateInfo> {
    const status = this.#statusStore.getTask({ connector: name, task });
    if (!status) throw new NotFoundError(`No status found for task ${name}-${task}`);
    return { id: task, ...stateInfo(status.state, status.workerId, status.trace) };
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    return entry.taskConfigs.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  // ---- restarts and target states -----------------------------------------------------------------

  async restartConnector(name: string): Promise<void> {
    await this.#mutex.run(async () => {
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Connector ${name} not found`);
      await this.worker.stopAndAwaitConnector(name);
      this.#log.info(`Restarting connector ${name}`);
      await this.#startConnector(name);
      await this.#updateConnectorTasks(name);
    });
  }

  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    return this.#mutex.run(async () => {
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector: ${name}`);
      const connectorStatus = this.#statusStore.getConnector(name);
      if (!connectorStatus) throw new NotFoundError(`Status for connector ${name} not found`);
      // Kafka's RestartRequest rules; the plan shows every instance to restart as RESTARTING.
      const restartConnector = !request.onlyFailed || connectorStatus.state === "FAILED";
      const taskStatuses = this.#statusStore.getAllTasks(name);
      const tasksToRestart = taskStatuses.filter((t) => request.includeTasks && (!request.onlyFailed || t.state === "FAILED")).map((t) => t.id);
      const restarting = new Set(tasksToRestart.map((id) => id.task));
      const plan: ConnectorStateInfo = {
        name,
        connector: stateInfo(restartConnector ? "RESTARTING" : connectorStatus.state, connectorStatus.workerId, connectorStatus.trace),
        tasks: taskStatuses.map((t) => ({ id: t.id.task, ...stateInfo(restarting.has(t.id.task) ? "RESTARTING" : t.state, t.workerId, t.trace) })),
        type: this.#connectorType(this.#configStore.get(name)?.config),
      };
      this.#log.info(`Received restart plan for connector ${name}: connector=${restartConnector}, tasks=[${tasksToRestart.map(taskKey).join(", ")}]`);
      if (restartConnector) {
        await this.worker.stopAndAwaitConnector(name);
        this.onConnectorStatus(name, "RESTARTING");
      }
      if (tasksToRestart.length > 0) {
        await this.worker.stopAndAwaitTasks(tasksToRestart);
        for (const id of tasksToRestart) this.onTaskStatus(id, "RESTARTING");
      }
      if (restartConnector) {
        try {
          await this.#startConnector(name);
          this.#log.info(`Connector '${name}' restart successful`);
        } catch (err) {
          this.#log.error(`Connector '${name}' restart failed`, err);
        }
      }
      if (tasksToRestart.length > 0) this.#createConnectorTasks(name, tasksToRestart.map((id) => id.task));
      return plan;
    });
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.#mutex.run(async () => {
      const entry = this.#configStore.get(name);
      if (!entry) throw new NotFoundError(`Connector ${name} not found`);
      const taskConfig = entry.taskConfigs[task];
      const id = { connector: name, task };
      if (!taskConfig) throw new NotFoundError(`Task ${taskKey(id)} not found`);
      await this.worker.stopAndAwaitTasks([id]);
      if (!this.worker.startTask(id, entry.config, taskConfig, entry.targetState)) {
        throw new ConnectError(`Failed to start task: ${taskKey(id)}`);
      }
    });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.#setTargetState(name, "PAUSED");
  }

  async resumeConnector(name: string): Promise<void> {
    await this.#setTargetState(name, "STARTED");
  }

  async stopConnector(name: string): Promise<void> {
    await this.#mutex.run(async () => {
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector ${name}`);
      await this.#removeConnectorTasks(name);
      await this.#configStore.putTargetState(name, "STOPPED");
      await this.#applyTargetState(name);
    });
  }

  // ---- topics -----------------------------------------------------------------------------------

  async connectorActiveTopics(name: string): Promise<string[]> {
    if (!this.#config.values["topic.tracking.enable"]) throw new ConnectRestError(403, "Topic tracking is disabled.");
    return this.#statusStore
      .getAllTopics(name)
      .map((t) => t.topic)
      .sort();
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    if (!this.#config.values["topic.tracking.enable"]) throw new ConnectRestError(403, "Topic tracking is disabled.");
    if (!this.#config.values["topic.tracking.allow.reset"]) throw new ConnectRestError(403, "Topic tracking reset is disabled.");
    for (const topic of this.#statusStore.getAllTopics(name)) this.#statusStore.deleteTopic(name, topic.topic);
  }

  // ---- offsets (KIP-875) ---------------------------------------------------------------------------

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    const connector = this.worker.connectorPlugin(entry.config).create();
    if (connector.kind === "sink") {
      try {
        const committed = await this.#withAdmin(name, (admin) => this.#sinkGroupOffsets(admin, name, entry.config, []));
        return {
          offsets: [...committed].map(([tp, offset]) => ({
            partition: { kafka_topic: tp.topic, kafka_partition: tp.partition },
            offset: { kafka_offset: offset },
          })),
        };
      } catch (err) {
        throw new ConnectError(`Failed to retrieve consumer group offsets for sink connector ${name}`, { cause: err });
      }
    }
    try {
      const partitions = await this.#offsetStore.connectorPartitions(name);
      const values = await this.#offsetStore.get(partitions.map((p) => offsetKey(name, p)));
      const offsets: ConnectorOffset[] = [];
      partitions.forEach((partition, i) => {
        const offset = parseOffsetValue(values[i] ?? null);
        if (offset !== null) offsets.push({ partition: { ...partition }, offset: { ...offset } });
      });
      return { offsets };
    } catch (err) {
      throw new ConnectError(`Failed to retrieve offsets for source connector ${name}`, { cause: err });
    }
  }

  async alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<string> {
    if (offsets.length === 0) throw new BadRequestError("Partitions / offsets need to be provided for an alter offsets request");
    return this.#mutex.run(async () => {
      const entry = this.#requireStopped(name);
      const connector = this.#offsetsConnector(name, entry.config);
      if (connector.kind === "sink") {
        const parsed = parseSinkOffsets(offsets);
        const altered = await connector.alterOffsets(this.#resolved(entry.config), parsed);
        await this.#withAdmin(name, (admin) => this.#alterSinkOffsets(admin, name, entry.config, parsed));
        return altered ? ALTERED : ALTERED_FRAMEWORK;
      }
      const normalized = new Map<SourcePartition, SourceOffset | null>();
      for (const { partition, offset } of offsets) {
        validateOffsetFormat(partition);
        validateOffsetFormat(offset);
        normalized.set((partition ?? null) as SourcePartition, offset as SourceOffset | null);
      }
      const altered = await connector.alterOffsets(this.#resolved(entry.config), normalized);
      await this.#offsetStore.set([...normalized].map(([partition, offset]) => ({ key: offsetKey(name, partition), value: offsetValue(offset) })));
      return altered ? ALTERED : ALTERED_FRAMEWORK;
    });
  }

  async resetConnectorOffsets(name: string): Promise<string> {
    return this.#mutex.run(async () => {
      const entry = this.#requireStopped(name);
      const connector = this.#offsetsConnector(name, entry.config);
      if (connector.kind === "sink") {
        return this.#withAdmin(name, async (admin) => {
          const committed = await this.#sinkGroupOffsets(admin, name, entry.config, []);
          const toReset = new Map<TopicPartition, number | null>([...committed.keys()].map((tp) => [tp, null]));
          const altered = await connector.alterOffsets(this.#resolved(entry.config), toReset);
          await this.#deleteGroup(admin, name, sinkGroupId(name, entry.config), "reset");
          return altered ? RESET : RESET_FRAMEWORK;
        });
      }
      const partitions = await this.#offsetStore.connectorPartitions(name);
      const toReset = new Map<SourcePartition, SourceOffset | null>(partitions.map((p) => [p, null]));
      const altered = await connector.alterOffsets(this.#resolved(entry.config), toReset);
      if (partitions.length > 0) await this.#offsetStore.set(partitions.map((p) => ({ key: offsetKey(name, p), value: null })));
      return altered ? RESET : RESET_FRAMEWORK;
    });
  }

  // ---- plugins, validation, loggers ---------------------------------------------------------------

  plugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#plugins.list(connectorsOnly);
  }

  pluginConfig(plugin: string): ConfigKeyInfoJson[] {
    return pluginConfig(this.#plugins, plugin);
  }

  async validateConnectorConfig(config: ConnectorConfig): Promise<ConfigInfos> {
    return (await validateConnectorConfig(this.#plugins, config, this.#validationOptions())) as ConfigInfos;
  }

  async secretKeys(name: string): Promise<Set<string>> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    return secretConfigKeys(this.#plugins, entry.config);
  }

  loggers(): Record<string, LoggerLevel> {
    return this.#loggers.loggers();
  }

  loggerLevel(logger: string): LoggerLevel {
    return this.#loggers.loggerLevel(logger);
  }

  setWorkerLoggerLevel(namespace: string, level: string): string[] {
    return this.#loggers.setLevel(namespace, level);
  }

  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    // Standalone: the cluster is this worker.
    this.#loggers.setLevel(namespace, level);
  }

  async putTaskConfigs(): Promise<void> {
    throw new ConnectError("Kafka Connect in standalone mode does not support externally setting task configurations.");
  }

  clusterWorkers(): FerryWorkers {
    const self = { id: this.workerId, url: null, leader: true, connectors: this.worker.connectorNames(), tasks: this.worker.taskIds() };
    return { mode: "standalone", worker_id: this.workerId, generation: null, workers: [self] };
  }

  // ---- status listener (Kafka's AbstractHerder callbacks) -----------------------------------------

  onConnectorStatus(connector: string, state: ConnectorState, error?: unknown): void {
    this.#statusStore.putConnector({ name: connector, state, trace: error === undefined ? undefined : errorTrace(error), workerId: this.workerId, generation: this.#generation() });
  }

  onTaskStatus(id: ConnectorTaskId, state: ConnectorState, error?: unknown): void {
    this.#statusStore.putTask({ id, state, trace: error === undefined ? undefined : errorTrace(error), workerId: this.workerId, generation: this.#generation() });
  }

  onTopicActive(connector: string, topic: string, task: number): void {
    if (!this.#config.values["topic.tracking.enable"] || !this.#configStore.contains(connector)) return;
    if (this.#statusStore.getTopic(connector, topic)) return;
    this.#statusStore.putTopic({ topic, connector, task, discoverTimestamp: this.#clock.now() });
  }

  // ---- internals (called inside the operation queue) -----------------------------------------------

  async #validateOrThrow(config: ConfigMap): Promise<void> {
    const infos = await validateConnectorConfig(this.#plugins, config, this.#validationOptions());
    const error = configValidationError(infos);
    if (error) throw error;
  }

  /** The connector config with its placeholders resolved (what alterOffsets gets, as in Kafka). */
  #resolved(config: ConfigMap): ConfigMap {
    const transformer = this.worker.configTransformer;
    return transformer.active ? transformer.transform(config).data : { ...config };
  }

  #validationOptions() {
    const policy = (this.#config.originals["connector.client.config.override.policy"] ?? "All").trim();
    const known = Object.values(clientOverridePolicies).find((p) => p.name.toLowerCase() === policy.toLowerCase());
    return { clientOverridePolicy: known ?? clientOverridePolicies.All, configTransformer: this.worker.configTransformer };
  }

  #connectorInfo(name: string): ConnectorInfo {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    return {
      name,
      config: { ...entry.config },
      tasks: entry.taskConfigs.map((_c, task) => ({ connector: name, task })),
      type: this.#connectorType(entry.config),
    };
  }

  #connectorType(config: ConfigMap | undefined): ConnectorType {
    const cls = config?.["connector.class"];
    const plugin = cls ? this.#plugins.findConnector(cls) : undefined;
    if (!plugin) return "unknown";
    return plugin.types.includes("sink") ? "sink" : plugin.types.includes("source") ? "source" : "unknown";
  }

  /** Starts the Connector instance in its target state; rejects when it failed to start. */
  async #startConnector(name: string): Promise<void> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    await this.worker.startConnector(name, entry.config, entry.targetState, () => this.#requestTaskReconfiguration(name));
  }

  async #startConnectorAndTasks(name: string, { restoring }: { restoring: boolean }): Promise<void> {
    try {
      await this.#startConnector(name);
    } catch (err) {
      this.#log.error(`Failed to start connector ${name}`, err);
      return;
    }
    const entry = this.#configStore.get(name);
    if (entry?.targetState === "STARTED") await this.#updateConnectorTasks(name, { startMissing: restoring });
    else if (entry?.targetState === "PAUSED") this.#createConnectorTasks(name);
  }

  #requestTaskReconfiguration(name: string): void {
    void this.#mutex
      .run(async () => {
        if (this.#configStore.contains(name)) await this.#updateConnectorTasks(name);
      })
      .catch((err: unknown) => this.#log.error(`Failed to reconfigure tasks of connector ${name}`, err));
  }

  /**
   * Regenerates the task configs of a STARTED connector; when they (or the connector config they
   * were made from) changed, stops the old tasks and starts the new ones.
   */
  async #updateConnectorTasks(name: string, { startMissing = false }: { startMissing?: boolean } = {}): Promise<void> {
    if (!this.worker.isRunning(name)) {
      this.#log.info(`Skipping update of connector ${name} since it is not running`);
      return;
    }
    const entry = this.#configStore.get(name);
    if (!entry) return;
    let generated: ConfigMap[];
    try {
      generated = await this.worker.connectorTaskConfigs(name, entry.config);
    } catch (err) {
      this.#log.error(`Failed to generate task configs of connector ${name}`, err);
      return;
    }
    if (taskConfigsChanged(entry.taskConfigs, generated, entry.appliedConfig, entry.config)) {
      await this.#removeConnectorTasks(name);
      await this.#configStore.putTaskConfigs(name, generated, entry.config);
      this.#createConnectorTasks(name);
    } else if (startMissing) {
      this.#createConnectorTasks(name);
    }
  }

  #createConnectorTasks(name: string, only?: readonly number[]): void {
    const entry = this.#configStore.get(name);
    if (!entry) return;
    entry.taskConfigs.forEach((taskConfig, task) => {
      if (only && !only.includes(task)) return;
      const id = { connector: name, task };
      if (this.worker.hasTask(id)) return;
      this.worker.startTask(id, entry.config, taskConfig, entry.targetState);
    });
  }

  async #removeConnectorTasks(name: string): Promise<void> {
    const entry = this.#configStore.get(name);
    const ids = new Map<string, ConnectorTaskId>();
    for (const id of this.worker.taskIds(name)) ids.set(taskKey(id), id);
    entry?.taskConfigs.forEach((_c, task) => ids.set(taskKey({ connector: name, task }), { connector: name, task }));
    if (ids.size === 0 && !entry?.appliedConfig) return;
    await this.worker.stopAndAwaitTasks([...ids.values()]);
    await this.#configStore.removeTaskConfigs(name);
    for (const status of this.#statusStore.getAllTasks(name)) this.#statusStore.deleteTask(status.id);
  }

  async #setTargetState(name: string, state: TargetState): Promise<void> {
    await this.#mutex.run(async () => {
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector ${name}`);
      await this.#configStore.putTargetState(name, state);
      await this.#applyTargetState(name);
    });
  }

  async #applyTargetState(name: string): Promise<void> {
    const entry = this.#configStore.get(name);
    if (!entry) return;
    try {
      await this.worker.setTargetState(name, entry.targetState);
    } catch (err) {
      this.#log.error(`Failed to transition connector ${name} to target state ${entry.targetState}`, err);
      return;
    }
    if (entry.targetState === "STARTED") await this.#updateConnectorTasks(name);
  }

  #requireStopped(name: string) {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Connector ${name} not found`);
    if (entry.targetState !== "STOPPED" || entry.taskConfigs.length !== 0) {
      throw new BadRequestError(
        `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
      );
    }
    return entry;
  }

  /** A fresh, initialized (not started) connector instance for alterOffsets, as Kafka uses. */
  #offsetsConnector(name: string, config: ConfigMap): Connector {
    const connector = this.worker.connectorPlugin(config).create();
    const context: SourceConnectorContext = {
      requestTaskReconfiguration: () => {},
      raiseError: (error: Error) => {
        throw error;
      },
      offsetStorageReader: () => new OffsetStorageReaderImpl(this.#offsetStore, name),
    };
    (connector.initialize as (ctx: SourceConnectorContext) => void).call(connector, context);
    return connector;
  }

  #adminConfigs(name: string): Record<string, string> {
    return {
      "bootstrap.servers": this.#config.values["bootstrap.servers"].join(","),
      ...commonClientConfigs(this.#config),
      ...originalsWithPrefix(this.#config, "admin."),
      "client.id": `connector-adminclient-${name}`,
    };
  }

  async #withAdmin<T>(name: string, action: (admin: ConnectAdmin) => Promise<T>): Promise<T> {
    const admin = this.#clients.admin(this.#adminConfigs(name));
    await admin.connect();
    try {
      return await action(admin);
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** The sink's topics that exist: `topics`, or every topic matching `topics.regex`, plus `extra`. */
  async #sinkTopics(admin: ConnectAdmin, config: ConfigMap, extra: readonly string[]): Promise<string[]> {
    const existing = new Set(await admin.listTopics());
    const wanted = new Set([...parseTopicsList(config), ...extra]);
    const regex = (config["topics.regex"] ?? "").trim();
    if (regex) {
      const compiled = compileJavaRegex(regex);
      const full = new RegExp(`^(?:${compiled.source})$`, compiled.flags);
      for (const topic of existing) if (full.test(topic)) wanted.add(topic);
    }
    return [...wanted].filter((t) => existing.has(t)).sort();
  }

  async #sinkGroupOffsets(admin: ConnectAdmin, name: string, config: ConfigMap, extraTopics: readonly string[]): Promise<Map<TopicPartition, number>> {
    const groupId = sinkGroupId(name, config);
    const topics = await this.#sinkTopics(admin, config, extraTopics);
    const out = new Map<TopicPartition, number>();
    if (topics.length === 0) return out;
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      for (const { partition, offset } of partitions) {
        const value = Number(offset);
        if (value >= 0) out.set({ topic, partition }, value);
      }
    }
    return out;
  }

  /**
   * Commits (non-null) or removes (null) the sink group's offsets. kafkajs has no OffsetDelete, so a
   * partial reset rewrites the group: remaining offsets are read, the group deleted, and written back.
   */
  async #alterSinkOffsets(admin: ConnectAdmin, name: string, config: ConfigMap, offsets: Map<TopicPartition, number | null>): Promise<void> {
    const groupId = sinkGroupId(name, config);
    const toSet = new Map<string, { tp: TopicPartition; offset: number }>();
    const hasResets = [...offsets.values()].some((o) => o === null);
    if (hasResets) {
      const topics = [...new Set([...offsets.keys()].map((tp) => tp.topic))];
      const current = await this.#sinkGroupOffsets(admin, name, config, topics);
      for (const [tp, offset] of current) toSet.set(`${tp.topic}\u0000${tp.partition}`, { tp, offset });
      await this.#deleteGroup(admin, name, groupId, "alter");
    }
    for (const [tp, offset] of offsets) {
      const key = `${tp.topic}\u0000${tp.partition}`;
      if (offset === null) toSet.delete(key);
      else toSet.set(key, { tp, offset });
    }
    const commits: GroupOffset[] = [...toSet.values()].map(({ tp, offset }) => ({ topic: tp.topic, partition: tp.partition, offset }));
    if (commits.length === 0) return;
    try {
      await this.#clients.commitGroupOffsets(this.#adminConfigs(name), groupId, commits);
    } catch (err) {
      if (err instanceof GroupNotEmptyError) throw zombieError(name, "alter", err);
      throw new ConnectError(`Failed to alter consumer group offsets for connector ${name}`, { cause: err });
    }
  }

  async #deleteGroup(admin: ConnectAdmin, name: string, groupId: string, operation: "alter" | "reset"): Promise<void> {
    try {
      await admin.deleteGroups([groupId]);
    } catch (err) {
      const groups = (err as { groups?: { errorCode?: number; error?: { type?: string } }[] }).groups ?? [];
      const types = groups.map((g) => g.error?.type);
      if (types.length > 0 && types.every((t) => t === "GROUP_ID_NOT_FOUND")) return;
      if (types.includes("NON_EMPTY_GROUP")) throw zombieError(name, operation, err);
      throw new ConnectError(`Failed to ${operation} consumer group offsets for connector ${name}`, { cause: err });
    }
  }

  async #lookupClusterId(): Promise<string | null> {
    try {
      return await this.#withAdmin("cluster-id", async (admin) => (await admin.describeCluster()).clusterId);
    } catch (err) {
      this.#log.warn("Could not look up the Kafka cluster id", err);
      return null;
    }
  }
}

function stateInfo(state: ConnectorState, workerId: string, trace: string | undefined): { state: ConnectorState; worker_id: string; trace?: string } {
  // Kafka omits an empty trace (@JsonInclude(NON_EMPTY)).
  return trace ? { state, worker_id: workerId, trace } : { state, worker_id: workerId };
}

function sameMap(a: Readonly<ConfigMap>, b: Readonly<ConfigMap>): boolean {
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Kafka's AbstractHerder#taskConfigsChanged. */
function taskConfigsChanged(current: readonly ConfigMap[], generated: readonly ConfigMap[], applied: ConfigMap | null, connectorConfig: ConfigMap): boolean {
  if (current.length !== generated.length) return true;
  if (current.some((c, i) => !sameMap(c, generated[i]!))) return true;
  return applied !== null && !sameMap(applied, connectorConfig);
}

/** Kafka's SinkUtils#parseSinkConnectorOffsets, with its 400 messages. */
export function parseSinkOffsets(offsets: readonly ConnectorOffset[]): Map<TopicPartition, number | null> {
  const out = new Map<TopicPartition, number | null>();
  for (const { partition, offset } of offsets) {
    if (partition === null || partition === undefined) throw new BadRequestError("The partition for a sink connector offset cannot be null or missing");
    if (!("kafka_topic" in partition) || !("kafka_partition" in partition)) {
      throw new BadRequestError("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");
    }
    const topic = partition["kafka_topic"];
    const rawPartition = partition["kafka_partition"];
    if (topic === null || topic === undefined) throw new BadRequestError("Kafka topic names must be valid strings and may not be null");
    if (rawPartition === null || rawPartition === undefined) throw new BadRequestError("Kafka partitions must be valid numbers and may not be null");
    const partitionNumber = parseJavaInteger(rawPartition, 2 ** 31);
    if (partitionNumber === undefined) {
      throw new BadRequestError(
        `Failed to parse the following Kafka partition value in the provided offsets: '${javaString(rawPartition)}'. Partition values for sink connectors need to be integers.`,
      );
    }
    const tp = { topic: javaString(topic), partition: partitionNumber };
    if (offset === null || offset === undefined) {
      out.set(tp, null);
      continue;
    }
    if (!("kafka_offset" in offset)) throw new BadRequestError("The offset for a sink connector should either be null or contain the key 'kafka_offset'");
    const rawOffset = offset["kafka_offset"];
    const offsetNumber = parseJavaInteger(rawOffset, 2 ** 63);
    if (offsetNumber === undefined) {
      throw new BadRequestError(
        `Failed to parse the following Kafka offset value in the provided offsets: '${javaString(rawOffset)}'. Offset values for sink connectors need to be integers.`,
      );
    }
    out.set(tp, offsetNumber);
  }
  return out;
}

/** Integer.parseInt / Long.parseLong of String.valueOf(value): optional sign and digits, in range. */
function parseJavaInteger(value: unknown, limit: number): number | undefined {
  const text = javaString(value);
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const big = BigInt(text);
  if (big >= BigInt(limit) || big < -BigInt(limit)) return undefined;
  return Number(big);
}

function javaString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function zombieError(name: string, operation: "alter" | "reset", cause: unknown): ConnectError {
  return new ConnectError(
    `Failed to ${operation} consumer group offsets for connector ${name} either because its tasks haven't stopped completely yet or the connector was resumed before the request to ${operation} its offsets could be successfully completed. If the connector is in a stopped state, this operation can be safely retried. If it doesn't eventually succeed, the Connect cluster may need to be restarted to get rid of the zombie sink tasks.`,
    { cause },
  );
}
