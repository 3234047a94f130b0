import { AlreadyExistsError, BadRequestError, ConflictError, ConnectError, ConnectRestError, NotFoundError, type ConfigMap } from "../api";
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
  LoggerLevel,
  PluginInfo,
  ServerInfo,
  TargetState,
  TaskInfo,
  TaskStateInfo,
} from "../../../lib/connect/schemas";
import type { Herder, PutConnectorResult, RestartRequest, WorkerHealth } from "../herder/herder";
import { createStandaloneHerder, type StandaloneHerder } from "../herder/standalone-herder";
import { clientOverridePolicies, configValidationError, validateConnectorConfig } from "../herder/validation";
import type { PluginRegistry } from "../plugins/types";
import { systemClock, type Clock } from "../runtime/clock";
import type { ClientFactory } from "../runtime/kafka-clients";
import { Loggers, type Logger } from "../runtime/loggers";
import type { RecordStagesFactory } from "../runtime/record-stages";
import type { Worker } from "../runtime/worker";
import { errorTrace } from "../runtime/status";
import { KafkaConfigStore, type ConfigUpdate } from "../storage/kafka-config-store";
import { KafkaOffsetStore } from "../storage/kafka-offset-store";
import { KafkaStatusStore } from "../storage/kafka-status-store";
import { requireDistributedKeys, type WorkerConfig } from "../worker-config";
import { taskKey, type AssignorState } from "./assignor";
import { CONNECT_PROTOCOL_TYPE, FERRY_PROTOCOL, decodeAssignment, encodeMetadata, leaderAssignments, type Assignment, type WorkerInfo } from "./connect-protocol";
import { ensureInternalTopics } from "./internal-topics";
import { KafkaProtocolClient } from "./kafka-protocol";
import { WorkerGroupMember } from "./worker-group-member";

/**
 * A distributed worker's herder (Kafka's DistributedHerder). Workers sharing a `group.id` keep
 * connector configs, offsets and statuses in compacted Kafka topics, and divide connectors and tasks
 * through the Kafka group protocol (incremental cooperative assignment, see assignor.ts).
 *
 * - Reads (connectors, configs, statuses, offsets, plugins, validation) are answered from this
 *   worker's view of the topics, by an embedded standalone herder over the Kafka stores.
 * - Config writes (create, update, delete, stop, offsets, restarts with flags) are made by the
 *   leader; other workers forward them to the leader's REST API with `?forward=true`, and relay its
 *   answer. Restarts of one connector or task go to the worker that runs it. Pause, resume and
 *   cluster log levels are written by any worker.
 * - Without a known leader (before the first assignment), writes answer 409 with Kafka's message.
 * - The worker that runs a connector regenerates its task configs and writes them (Kafka's followers
 *   send them to the leader over an internal endpoint; Ferry's REST API has none, and the writer is
 *   still a current member of the group when it writes).
 *
 * What runs here follows the current assignment: every assignment, config change and restart
 * request leads to one reconcile pass that stops what is no longer wanted and starts what is missing.
 */
export interface DistributedHerderOptions {
  config: WorkerConfig;
  plugins: PluginRegistry;
  clusterId?: string;
  /** `host:port` of the advertised REST address; also the base of this worker's REST URL. */
  workerId: string;
  /** Default `http://<workerId>`. */
  restUrl?: string;
  loggers?: Loggers;
  clock?: Clock;
  commit?: string;
  clients?: ClientFactory;
  stages?: RecordStagesFactory;
}

export interface DistributedHerder extends Herder {
  /** What runs in this process (tests and diagnostics). */
  readonly worker: Worker;
  /** The workers of the cluster after the last rebalance (empty before the first). */
  workers(): WorkerInfo[];
  /** True when this worker leads the group. */
  isLeader(): boolean;
}

export function createDistributedHerder(options: DistributedHerderOptions): DistributedHerder {
  return new DistributedHerderImpl(options);
}

const HERDER_LOGGER = "org.apache.kafka.connect.runtime.distributed.DistributedHerder";

export const NO_LEADER_MESSAGE = "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.";
export const CONFLICT_MESSAGE = "Cannot complete request because of a conflicting operation (e.g. worker rebalance)";

const STARTING: WorkerHealth = { status: "starting", message: "Worker is still starting up." };

const INITIAL_STATES: Record<TargetState, string> = { STARTED: "RUNNING", PAUSED: "PAUSED", STOPPED: "STOPPED" };

class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation);
    this.#tail = result.catch(() => {});
    return result;
  }
}

class DistributedHerderImpl implements DistributedHerder {
  readonly workerId: string;
  readonly #url: string;
  readonly #config: WorkerConfig;
  readonly #plugins: PluginRegistry;
  readonly #loggers: Loggers;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #configStore: KafkaConfigStore;
  readonly #statusStore: KafkaStatusStore;
  readonly #offsetStore: KafkaOffsetStore;
  readonly #local: StandaloneHerder;
  readonly #client: KafkaProtocolClient;
  readonly #member: WorkerGroupMember;
  /** Serialises reconcile passes, assignments and restarts (Kafka's herder thread). */
  readonly #mutex = new AsyncMutex();
  /** Serialises config writes made by this worker as leader. */
  readonly #writes = new AsyncMutex();
  #assignment: Assignment | undefined;
  #generation = 0;
  #assignorState: AssignorState | undefined;
  #leaving = false;
  #stopping = false;
  #ready = false;
  #reconcileQueued = false;
  #cancelDelay: (() => void) | undefined;
  #onNextAssignment: (() => void) | undefined;
  /** What each running connector and task was started from, to restart them when it changes. */
  readonly #startedConnectors = new Map<string, string>();
  readonly #appliedTargets = new Map<string, TargetState>();
  readonly #taskGenerations = new Map<string, number>();
  readonly #startedTasks = new Map<string, number>();
  /** Connectors known from the config topic and their task counts: a change needs a rebalance. */
  readonly #taskCounts = new Map<string, number>();

  constructor(options: DistributedHerderOptions) {
    const values = requireDistributedKeys(options.config);
    this.workerId = options.workerId;
    this.#url = (options.restUrl ?? `http://${options.workerId}`).replace(/\/+$/, "");
    this.#config = options.config;
    this.#plugins = options.plugins;
    this.#loggers = options.loggers ?? new Loggers();
    this.#log = this.#loggers.logger(HERDER_LOGGER);
    this.#clock = options.clock ?? systemClock;
    const servers = values["bootstrap.servers"];
    const clientId = `ferry-${values["group.id"]}-${options.workerId}`;
    const storeLogger = this.#loggers.logger("org.apache.kafka.connect.util.KafkaBasedLog");
    this.#configStore = new KafkaConfigStore({
      topic: values["config.storage.topic"],
      bootstrapServers: servers,
      clientId: `${clientId}-configs`,
      logger: storeLogger,
      onUpdate: (update) => this.#onConfigUpdate(update),
    });
    this.#statusStore = new KafkaStatusStore({ topic: values["status.storage.topic"], bootstrapServers: servers, clientId: `${clientId}-statuses`, logger: storeLogger });
    this.#offsetStore = new KafkaOffsetStore({ topic: values["offset.storage.topic"], bootstrapServers: servers, clientId: `${clientId}-offsets`, logger: storeLogger });
    this.#local = createStandaloneHerder({
      config: options.config,
      plugins: options.plugins,
      clusterId: options.clusterId,
      workerId: options.workerId,
      loggers: this.#loggers,
      clock: this.#clock,
      commit: options.commit,
      clients: options.clients,
      stages: options.stages,
      offsetStore: this.#offsetStore,
      configStore: this.#configStore,
      statusStore: this.#statusStore,
      restoreOnStart: false,
      generation: () => this.#generation,
    });
    this.#client = new KafkaProtocolClient({ brokers: servers, clientId: `${clientId}-group` });
    this.#member = new WorkerGroupMember({
      client: this.#client,
      groupId: values["group.id"],
      protocolType: CONNECT_PROTOCOL_TYPE,
      protocol: FERRY_PROTOCOL,
      sessionTimeoutMs: values["session.timeout.ms"],
      rebalanceTimeoutMs: values["rebalance.timeout.ms"],
      heartbeatIntervalMs: values["heartbeat.interval.ms"],
      logger: this.#loggers.logger("org.apache.kafka.connect.runtime.distributed.WorkerCoordinator"),
      metadata: () => this.#metadata(),
      assign: (members, generation, leaderId) => this.#assign(members, generation, leaderId),
      onAssigned: (bytes, generation) => void this.#onAssigned(bytes, generation),
      onRebalanceStarted: () => this.#log.debug("Rebalance started"),
      onLost: (reason) => void this.#onLost(reason),
    });
  }

  get worker(): Worker {
    return this.#local.worker;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async start(): Promise<void> {
    const values = this.#config.values;
    this.#log.info(`Herder starting (worker ${this.workerId}, group ${values["group.id"] ?? ""})`);
    await ensureInternalTopics(
      values["bootstrap.servers"],
      [
        {
          property: "config.storage.topic",
          topic: values["config.storage.topic"] ?? "",
          partitions: 1,
          replicationFactor: values["config.storage.replication.factor"],
          singlePartition: true,
          configs: topicSettings(this.#config, "config.storage."),
          contents: "connector configurations",
        },
        {
          property: "offset.storage.topic",
          topic: values["offset.storage.topic"] ?? "",
          partitions: values["offset.storage.partitions"],
          replicationFactor: values["offset.storage.replication.factor"],
          configs: topicSettings(this.#config, "offset.storage."),
          contents: "source connector offsets",
        },
        {
          property: "status.storage.topic",
          topic: values["status.storage.topic"] ?? "",
          partitions: values["status.storage.partitions"],
          replicationFactor: values["status.storage.replication.factor"],
          configs: topicSettings(this.#config, "status.storage."),
          contents: "connector and task statuses",
        },
      ],
      this.#loggers.logger("org.apache.kafka.connect.util.TopicAdmin"),
    );
    await this.#local.start();
    await this.#client.connect();
    this.#member.start();
    this.#log.info("Herder started; joining the group");
  }

  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#log.info("Herder stopping");
    this.#cancelDelay?.();
    // Stop local work first (offsets flushed, statuses UNASSIGNED), then tell the group this worker
    // is leaving so its work is handed over at once rather than after the scheduled delay.
    await this.#mutex.run(async () => {
      await this.#local.worker.stop();
      this.#startedConnectors.clear();
      this.#startedTasks.clear();
    });
    if (this.#assignment) {
      this.#leaving = true;
      const handedOver = new Promise<void>((resolve) => (this.#onNextAssignment = resolve));
      this.#member.requestRejoin();
      const deadline = new Promise<void>((resolve) => this.#clock.schedule(Math.min(this.#config.values["rebalance.timeout.ms"], 10_000), resolve));
      await Promise.race([handedOver, deadline]);
    }
    await this.#member.stop();
    await this.#client.disconnect().catch(() => {});
    await this.#local.stop();
    this.#ready = false;
    this.#log.info("Herder stopped");
  }

  async health(): Promise<WorkerHealth> {
    if (!this.#ready) return STARTING;
    return this.#local.health();
  }

  serverInfo(): ServerInfo {
    return this.#local.serverInfo();
  }

  workers(): WorkerInfo[] {
    return this.#assignment?.workers.map((w) => ({ ...w })) ?? [];
  }

  isLeader(): boolean {
    return this.#assignment !== undefined && this.#assignment.leaderId === this.#member.memberId;
  }

  // ---- reads: this worker's view -------------------------------------------------------------------

  connectors(): Promise<string[]> {
    return this.#local.connectors();
  }

  connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.#local.connectorInfo(name);
  }

  connectorConfig(name: string): Promise<ConnectorConfig> {
    return this.#local.connectorConfig(name);
  }

  connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.#local.connectorStatus(name);
  }

  taskStatus(name: string, task: number): Promise<TaskStateInfo> {
    return this.#local.taskStatus(name, task);
  }

  taskConfigs(name: string): Promise<TaskInfo[]> {
    return this.#local.taskConfigs(name);
  }

  connectorActiveTopics(name: string): Promise<string[]> {
    return this.#local.connectorActiveTopics(name);
  }

  resetConnectorActiveTopics(name: string): Promise<void> {
    return this.#local.resetConnectorActiveTopics(name);
  }

  connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return this.#local.connectorOffsets(name);
  }

  plugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#local.plugins(connectorsOnly);
  }

  pluginConfig(plugin: string): ConfigKeyInfoJson[] {
    return this.#local.pluginConfig(plugin);
  }

  validateConnectorConfig(config: ConnectorConfig): Promise<ConfigInfos> {
    return this.#local.validateConnectorConfig(config);
  }

  loggers(): Record<string, LoggerLevel> {
    return this.#local.loggers();
  }

  loggerLevel(logger: string): LoggerLevel {
    return this.#local.loggerLevel(logger);
  }

  setWorkerLoggerLevel(namespace: string, level: string): string[] {
    return this.#local.setWorkerLoggerLevel(namespace, level);
  }

  // ---- writes: on the leader, forwarded otherwise ------------------------------------------------------

  async putConnectorConfig(name: string, config: ConnectorConfig, options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult> {
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      if (!options.allowReplace) {
        const body = { name, config, ...(options.initialState ? { initial_state: INITIAL_STATES[options.initialState] } : {}) };
        const res = await this.#forward(leaderUrl, "POST", "/connectors", body);
        return { created: true, info: res.body as ConnectorInfo };
      }
      const res = await this.#forward(leaderUrl, "PUT", `/connectors/${encodeURIComponent(name)}/config`, config);
      return { created: res.status === 201, info: res.body as ConnectorInfo };
    }
    const named = config["name"];
    if (named !== undefined && named !== name) {
      throw new BadRequestError(`Connector name configuration (${named}) doesn't match connector name in the URL (${name})`);
    }
    const full: ConfigMap = { ...config, name };
    const infos = await validateConnectorConfig(this.#plugins, full, this.#validationOptions());
    const error = configValidationError(infos);
    if (error) throw error;
    return this.#writes.run(async () => {
      await this.#configStore.readToEnd();
      const exists = this.#configStore.contains(name);
      if (exists && !options.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`);
      const before = this.#configStore.get(name)?.taskConfigs.length ?? 0;
      await this.#configStore.putConnectorConfig(name, full, exists ? options.initialState : (options.initialState ?? "STARTED"));
      this.#log.info(`${exists ? "Reconfigured" : "Created"} connector ${name}`);
      const info = await this.#local.connectorInfo(name);
      // Kafka answers with the tasks known before the write (new connectors: none yet).
      return { created: !exists, info: { ...info, tasks: info.tasks.slice(0, before) } };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const current = await this.#local.connectorConfig(name);
    const merged: ConfigMap = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    merged["name"] = name;
    return (await this.putConnectorConfig(name, merged, { allowReplace: true })).info;
  }

  async deleteConnector(name: string): Promise<void> {
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      await this.#forward(leaderUrl, "DELETE", `/connectors/${encodeURIComponent(name)}`);
      return;
    }
    await this.#writes.run(async () => {
      await this.#configStore.readToEnd();
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Connector ${name} not found`);
      await this.#configStore.removeConnectorConfig(name);
      this.#log.info(`Deleted connector ${name}`);
    });
  }

  async restartConnector(name: string): Promise<void> {
    if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector: ${name}`);
    const owner = this.#ownerUrl((w) => w.connectors.includes(name));
    if (owner !== null) {
      await this.#forward(owner, "POST", `/connectors/${encodeURIComponent(name)}/restart`);
      return;
    }
    await this.#mutex.run(async () => {
      this.#log.info(`Restarting connector ${name}`);
      await this.#local.worker.stopAndAwaitConnector(name);
      this.#startedConnectors.delete(name);
      await this.#reconcile();
    });
  }

  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      const query = `includeTasks=${request.includeTasks}&onlyFailed=${request.onlyFailed}`;
      const res = await this.#forward(leaderUrl, "POST", `/connectors/${encodeURIComponent(name)}/restart?${query}`);
      return res.body as ConnectorStateInfo;
    }
    if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector: ${name}`);
    const status = await this.#local.connectorStatus(name).catch(() => undefined);
    if (!status) throw new NotFoundError(`Status for connector ${name} not found`);
    // Kafka's RestartRequest rules; the plan shows every instance to restart as RESTARTING.
    const plan: ConnectorStateInfo = {
      ...status,
      connector: !request.onlyFailed || status.connector.state === "FAILED" ? { ...status.connector, state: "RESTARTING" } : status.connector,
      tasks: status.tasks.map((t) => (request.includeTasks && (!request.onlyFailed || t.state === "FAILED") ? { ...t, state: "RESTARTING" as ConnectorState } : t)),
    };
    await this.#configStore.putRestartRequest(name, request.includeTasks, request.onlyFailed);
    return plan;
  }

  async restartTask(name: string, task: number): Promise<void> {
    const entry = this.#configStore.get(name);
    if (!entry) throw new NotFoundError(`Unknown connector: ${name}`);
    const id = { connector: name, task };
    if (!entry.taskConfigs[task]) throw new NotFoundError(`Unknown task: ${taskKey(id)}`);
    const owner = this.#ownerUrl((w) => w.tasks.some((t) => t.connector === name && t.task === task));
    if (owner !== null) {
      await this.#forward(owner, "POST", `/connectors/${encodeURIComponent(name)}/tasks/${task}/restart`);
      return;
    }
    await this.#mutex.run(async () => {
      await this.#local.worker.stopAndAwaitTasks([id]);
      this.#startedTasks.delete(taskKey(id));
      const current = this.#configStore.get(name);
      const taskConfig = current?.taskConfigs[task];
      if (!current || !taskConfig) throw new NotFoundError(`Unknown task: ${taskKey(id)}`);
      if (!this.#local.worker.startTask(id, current.config, taskConfig, current.targetState)) throw new ConnectError(`Failed to start task: ${taskKey(id)}`);
      this.#startedTasks.set(taskKey(id), this.#taskGenerations.get(name) ?? 0);
    });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.#putTargetState(name, "PAUSED");
  }

  async resumeConnector(name: string): Promise<void> {
    await this.#putTargetState(name, "STARTED");
  }

  async stopConnector(name: string): Promise<void> {
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      await this.#forward(leaderUrl, "PUT", `/connectors/${encodeURIComponent(name)}/stop`);
      return;
    }
    await this.#writes.run(async () => {
      if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector ${name}`);
      // Kafka: an empty task set first, then the STOPPED target state.
      await this.#configStore.removeTaskConfigs(name);
      await this.#configStore.putTargetState(name, "STOPPED");
    });
  }

  async alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<string> {
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      const res = await this.#forward(leaderUrl, "PATCH", `/connectors/${encodeURIComponent(name)}/offsets`, { offsets });
      return (res.body as { message: string }).message;
    }
    return this.#local.alterConnectorOffsets(name, offsets);
  }

  async resetConnectorOffsets(name: string): Promise<string> {
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      const res = await this.#forward(leaderUrl, "DELETE", `/connectors/${encodeURIComponent(name)}/offsets`);
      return (res.body as { message: string }).message;
    }
    return this.#local.resetConnectorOffsets(name);
  }

  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    // Validates the level here (400/404 as for the worker scope), then every worker applies it.
    this.#loggers.loggerLevel(namespace);
    this.#local.setWorkerLoggerLevel(namespace, level);
    await this.#configStore.putLoggerLevel(namespace, level);
  }

  // ---- group membership ----------------------------------------------------------------------------

  #metadata(): Buffer {
    const running = this.#assignment;
    return encodeMetadata({
      workerId: this.workerId,
      url: this.#url,
      configOffset: this.#configStore.offset.toString(),
      connectors: this.#leaving || this.#stopping ? [] : [...(running?.connectors ?? [])],
      tasks: this.#leaving || this.#stopping ? [] : [...(running?.tasks ?? [])],
      leaving: this.#leaving,
    });
  }

  async #assign(members: { memberId: string; metadata: Buffer }[], generation: number, leaderId: string): Promise<Map<string, Buffer>> {
    // The leader must have read at least as much of the config topic as every member.
    await this.#configStore.readToEnd();
    const configured = new Map<string, number>();
    for (const name of this.#configStore.connectors()) configured.set(name, this.#configStore.get(name)?.taskConfigs.length ?? 0);
    const { assignments, state, workers } = leaderAssignments({
      members,
      leaderId,
      configured,
      configOffset: this.#configStore.offset,
      now: this.#clock.now(),
      maxDelayMs: this.#config.values["scheduled.rebalance.max.delay.ms"],
      state: this.#assignorState,
    });
    this.#assignorState = state;
    this.#log.info(
      `Generation ${generation}: assigned ${configured.size} connectors and ${[...configured.values()].reduce((a, b) => a + b, 0)} tasks to ${workers.length} workers` +
        (state.delayDeadline !== null ? ` (work of departed workers held back for ${state.delayDeadline - this.#clock.now()} ms)` : ""),
    );
    return assignments;
  }

  async #onAssigned(bytes: Buffer, generation: number): Promise<void> {
    await this.#mutex.run(async () => {
      const assignment = decodeAssignment(bytes);
      if (BigInt(assignment.configOffset) > this.#configStore.offset) await this.#configStore.readToEnd();
      this.#assignment = assignment;
      this.#generation = generation;
      this.#log.info(
        `Assignment for generation ${generation}: connectors [${assignment.connectors.join(", ")}], tasks [${assignment.tasks.map(taskKey).join(", ")}]` +
          (assignment.revokedConnectors.length + assignment.revokedTasks.length > 0
            ? `, revoked connectors [${assignment.revokedConnectors.join(", ")}], tasks [${assignment.revokedTasks.map(taskKey).join(", ")}]`
            : ""),
      );
      if (this.#leaving) {
        // Handed over once the leader has seen this worker leaving (it is no longer listed);
        // a round that began before that needs another one.
        if (assignment.workers.some((w) => w.workerId === this.workerId)) this.#member.requestRejoin();
        else {
          this.#onNextAssignment?.();
          this.#onNextAssignment = undefined;
        }
        return;
      }
      await this.#reconcile();
      if (assignment.revokedConnectors.length + assignment.revokedTasks.length > 0) this.#member.requestRejoin();
      this.#cancelDelay?.();
      this.#cancelDelay = undefined;
      if (assignment.delayMs > 0) this.#cancelDelay = this.#clock.schedule(assignment.delayMs, () => this.#member.requestRejoin());
      this.#ready = true;
    });
  }

  async #onLost(reason: string): Promise<void> {
    await this.#mutex.run(async () => {
      this.#log.warn(`Stopping all connectors and tasks: ${reason}`);
      this.#assignment = undefined;
      await this.#local.worker.stop();
      this.#startedConnectors.clear();
      this.#startedTasks.clear();
      this.#appliedTargets.clear();
    });
  }

  // ---- config updates and reconciliation ---------------------------------------------------------------

  #onConfigUpdate(update: ConfigUpdate): void {
    switch (update.kind) {
      case "connector": {
        // A new or deleted connector changes what there is to assign; a reconfiguration does not.
        const known = this.#taskCounts.has(update.name);
        if (update.removed) this.#taskCounts.delete(update.name);
        else if (!known) this.#taskCounts.set(update.name, 0);
        if (update.removed || !known) this.#member.requestRejoin();
        this.#scheduleReconcile();
        return;
      }
      case "tasks": {
        this.#taskGenerations.set(update.name, (this.#taskGenerations.get(update.name) ?? 0) + 1);
        const count = this.#configStore.get(update.name)?.taskConfigs.length ?? 0;
        if (this.#taskCounts.get(update.name) !== count) this.#member.requestRejoin();
        this.#taskCounts.set(update.name, count);
        this.#scheduleReconcile();
        return;
      }
      case "target-state":
        this.#scheduleReconcile();
        return;
      case "restart":
        void this.#mutex.run(() => this.#restartOwned(update.name, update.includeTasks, update.onlyFailed)).catch((err: unknown) => this.#log.error(`Restart of ${update.name} failed`, err));
        return;
      case "logger":
        try {
          this.#local.setWorkerLoggerLevel(update.namespace, update.level);
        } catch (err) {
          this.#log.warn(`Ignoring cluster log level ${update.level} for ${update.namespace}`, err);
        }
        return;
    }
  }

  #scheduleReconcile(): void {
    if (this.#reconcileQueued || !this.#assignment) return;
    this.#reconcileQueued = true;
    void this.#mutex
      .run(async () => {
        this.#reconcileQueued = false;
        await this.#reconcile();
      })
      .catch((err: unknown) => this.#log.error("Failed to apply a config change", err));
  }

  /** Stops what this worker should no longer run, starts what it should and does not. */
  async #reconcile(): Promise<void> {
    const assignment = this.#assignment;
    if (!assignment || this.#stopping || this.#leaving) return;
    const worker = this.#local.worker;
    const assignedConnectors = new Set(assignment.connectors);
    const assignedTasks = new Set(assignment.tasks.map(taskKey));

    // Tasks: not assigned, connector gone, task removed, stopped, or regenerated since started.
    const stopTasks: ConnectorTaskId[] = [];
    for (const id of worker.taskIds()) {
      const key = taskKey(id);
      const entry = this.#configStore.get(id.connector);
      const stale = this.#startedTasks.get(key) !== (this.#taskGenerations.get(id.connector) ?? 0);
      if (!assignedTasks.has(key) || !entry || !entry.taskConfigs[id.task] || entry.targetState === "STOPPED" || stale) stopTasks.push(id);
    }
    if (stopTasks.length > 0) {
      await worker.stopAndAwaitTasks(stopTasks);
      for (const id of stopTasks) {
        this.#startedTasks.delete(taskKey(id));
        const entry = this.#configStore.get(id.connector);
        if (!entry || !entry.taskConfigs[id.task]) this.#statusStore.deleteTask(id);
      }
    }

    // Connectors: not assigned, deleted, or reconfigured since started.
    for (const name of worker.connectorNames()) {
      const entry = this.#configStore.get(name);
      if (!assignedConnectors.has(name) || !entry || this.#startedConnectors.get(name) !== JSON.stringify(entry.config)) {
        await worker.stopAndAwaitConnector(name);
        this.#startedConnectors.delete(name);
        this.#appliedTargets.delete(name);
        if (!entry) {
          this.#statusStore.deleteConnector(name);
          for (const t of this.#statusStore.getAllTasks(name)) this.#statusStore.deleteTask(t.id);
          for (const topic of this.#statusStore.getAllTopics(name)) this.#statusStore.deleteTopic(name, topic.topic);
        }
      }
    }

    for (const name of assignedConnectors) {
      const entry = this.#configStore.get(name);
      if (!entry) continue;
      if (!worker.connectorNames().includes(name)) {
        try {
          this.#startedConnectors.set(name, JSON.stringify(entry.config));
          this.#appliedTargets.set(name, entry.targetState);
          await worker.startConnector(name, entry.config, entry.targetState, () => this.#requestTaskReconfiguration(name));
        } catch (err) {
          this.#log.error(`Failed to start connector ${name}`, err);
          continue;
        }
        if (entry.targetState === "STARTED") await this.#updateConnectorTasks(name);
      }
    }

    // Target states of connectors and tasks running here.
    const present = new Set([...worker.connectorNames(), ...worker.taskIds().map((id) => id.connector)]);
    for (const name of present) {
      const entry = this.#configStore.get(name);
      if (!entry || this.#appliedTargets.get(name) === entry.targetState) continue;
      this.#appliedTargets.set(name, entry.targetState);
      try {
        await worker.setTargetState(name, entry.targetState);
      } catch (err) {
        this.#log.error(`Failed to transition connector ${name} to target state ${entry.targetState}`, err);
        continue;
      }
      if (entry.targetState === "STARTED" && worker.connectorNames().includes(name)) await this.#updateConnectorTasks(name);
    }

    for (const key of assignedTasks) {
      const id = assignment.tasks.find((t) => taskKey(t) === key)!;
      const entry = this.#configStore.get(id.connector);
      const taskConfig = entry?.taskConfigs[id.task];
      if (!entry || !taskConfig || entry.targetState === "STOPPED" || worker.hasTask(id)) continue;
      this.#startedTasks.set(key, this.#taskGenerations.get(id.connector) ?? 0);
      if (!this.#appliedTargets.has(id.connector)) this.#appliedTargets.set(id.connector, entry.targetState);
      worker.startTask(id, entry.config, taskConfig, entry.targetState);
    }
  }

  #requestTaskReconfiguration(name: string): void {
    void this.#mutex
      .run(() => this.#updateConnectorTasks(name))
      .catch((err: unknown) => this.#log.error(`Failed to reconfigure tasks of connector ${name}`, err));
  }

  /** The connector's owner regenerates its task configs and writes them when they changed. */
  async #updateConnectorTasks(name: string): Promise<void> {
    const worker = this.#local.worker;
    if (!worker.isRunning(name) || !this.#assignment?.connectors.includes(name)) return;
    const entry = this.#configStore.get(name);
    if (!entry || entry.targetState !== "STARTED") return;
    let generated: ConfigMap[];
    try {
      generated = await worker.connectorTaskConfigs(name, entry.config);
    } catch (err) {
      this.#log.error(`Failed to generate task configs of connector ${name}`, err);
      return;
    }
    if (taskConfigsChanged(entry.taskConfigs, generated, entry.appliedConfig, entry.config)) {
      this.#log.info(`Writing ${generated.length} task config(s) of connector ${name}`);
      await this.#configStore.putTaskConfigs(name, generated, entry.config);
    }
  }

  /** A `restart-connector-<name>` record: restart what this worker runs of the connector. */
  async #restartOwned(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    const worker = this.#local.worker;
    const connectorStatus = this.#statusStore.getConnector(name);
    const restartConnector = worker.connectorNames().includes(name) && (!onlyFailed || connectorStatus?.state === "FAILED");
    const tasks = includeTasks ? worker.taskIds(name).filter((id) => !onlyFailed || this.#statusStore.getTask(id)?.state === "FAILED") : [];
    if (!restartConnector && tasks.length === 0) return;
    this.#log.info(`Restarting connector ${name}: connector=${restartConnector}, tasks=[${tasks.map(taskKey).join(", ")}]`);
    if (restartConnector) {
      await worker.stopAndAwaitConnector(name);
      this.#startedConnectors.delete(name);
      this.#putStatus(name, undefined, "RESTARTING");
    }
    if (tasks.length > 0) {
      await worker.stopAndAwaitTasks(tasks);
      for (const id of tasks) {
        this.#startedTasks.delete(taskKey(id));
        this.#putStatus(name, id, "RESTARTING");
      }
    }
    await this.#reconcile();
  }

  #putStatus(name: string, id: ConnectorTaskId | undefined, state: ConnectorState, error?: unknown): void {
    const trace = error === undefined ? undefined : errorTrace(error);
    if (id) this.#statusStore.putTask({ id, state, trace, workerId: this.workerId, generation: this.#generation });
    else this.#statusStore.putConnector({ name, state, trace, workerId: this.workerId, generation: this.#generation });
  }

  async #putTargetState(name: string, state: TargetState): Promise<void> {
    await this.#configStore.readToEnd();
    if (!this.#configStore.contains(name)) throw new NotFoundError(`Unknown connector ${name}`);
    await this.#configStore.putTargetState(name, state);
  }

  // ---- forwarding --------------------------------------------------------------------------------------

  /** null when this worker is the leader; the leader's URL otherwise; 409 without a known leader. */
  #leaderUrlOrSelf(): string | null {
    const assignment = this.#assignment;
    if (!assignment || !assignment.leaderUrl) throw new ConflictError(NO_LEADER_MESSAGE);
    if (assignment.leaderId === this.#member.memberId) return null;
    return assignment.leaderUrl;
  }

  /** null when this worker runs the work (or nobody is known to); the owner's URL otherwise. */
  #ownerUrl(owns: (w: WorkerInfo) => boolean): string | null {
    const assignment = this.#assignment;
    if (!assignment) throw new ConflictError(NO_LEADER_MESSAGE);
    const owner = assignment.workers.find(owns);
    if (!owner) throw new ConflictError(CONFLICT_MESSAGE);
    return owner.workerId === this.workerId ? null : owner.url;
  }

  /** Kafka's RestClient: the same method and body on the target, its answer relayed. */
  async #forward(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const url = new URL(path, `${baseUrl}/`);
    url.searchParams.set("forward", "true");
    this.#log.debug(`Forwarding ${method} ${path} to ${baseUrl}`);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { "content-type": "application/json", accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(90_000),
      });
    } catch (err) {
      throw new ConnectError(`IO Error trying to forward REST request: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const message = typeof parsed === "object" && parsed !== null && "message" in parsed ? String((parsed as { message: unknown }).message) : response.statusText;
      throw new ConnectRestError(response.status, message);
    }
    return { status: response.status, body: parsed };
  }

  #validationOptions() {
    const policy = (this.#config.originals["connector.client.config.override.policy"] ?? "All").trim();
    const known = Object.values(clientOverridePolicies).find((p) => p.name.toLowerCase() === policy.toLowerCase());
    return { clientOverridePolicy: known ?? clientOverridePolicies.All };
  }
}

/** `config.storage.segment.ms=...` → topic setting `segment.ms` (not the keys Ferry itself reads). */
function topicSettings(config: WorkerConfig, prefix: string): Record<string, string> {
  const own = new Set(["topic", "partitions", "replication.factor", "file.filename"]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (!own.has(rest)) out[rest] = v;
  }
  return out;
}

function sameMap(a: Readonly<ConfigMap>, b: Readonly<ConfigMap>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Kafka's AbstractHerder#taskConfigsChanged. */
function taskConfigsChanged(current: readonly ConfigMap[], generated: readonly ConfigMap[], applied: ConfigMap | null, connectorConfig: ConfigMap): boolean {
  if (current.length !== generated.length) return true;
  if (current.some((c, i) => !sameMap(c, generated[i]!))) return true;
  return applied !== null && !sameMap(applied, connectorConfig);
}
