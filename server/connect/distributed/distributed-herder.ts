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
  FerryWorkers,
  LoggerLevel,
  PluginInfo,
  ServerInfo,
  TargetState,
  TaskInfo,
  TaskStateInfo,
} from "../../../lib/connect/schemas";
import type { Herder, PutConnectorResult, RestartRequest, WorkerHealth } from "../herder/herder";
import { createStandaloneHerder, type StandaloneHerder } from "../herder/standalone-herder";
import { clientOverridePolicies, configValidationError, validateConnectorConfig, type ValidationOptions } from "../herder/validation";
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
import { requireDistributedKeys, WorkerConfigError, type WorkerConfig } from "../worker-config";
import { taskKey, type AssignorState } from "./assignor";
import { ASSIGNMENT_CONFIG_MISMATCH, CONNECT_PROTOCOL_TYPE, FERRY_PROTOCOL, decodeAssignment, encodeMetadata, leaderAssignments, type Assignment, type WorkerInfo } from "./connect-protocol";
import { ensureInternalTopics } from "./internal-topics";
import { KafkaProtocolClient } from "./kafka-protocol";
import { WorkerGroupMember } from "./worker-group-member";
import { CONFLICT_MESSAGE, forwardRequest, type ForwardOptions } from "../rest/forwarding";
import { currentInternalRequest, generateSessionKey, isSupportedAlgorithm, signatureHeaders, verifyInternalRequest } from "../rest/internal-request-signature";

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
 *   Forwarding follows Kafka's hop rule and passes the caller's identity on (rest/forwarding.ts).
 * - Without a known leader (before the first assignment), writes answer 409 with Kafka's message;
 *   while a rebalance asked for by a config change is pending, writes answer 409 (stale
 *   configuration) and config reads 500, after waiting up to `worker.sync.timeout.ms` for it.
 * - The worker that runs a connector regenerates its task configs and sends them to the leader
 *   (Kafka's internal `POST /connectors/{name}/tasks`), which alone writes them. The request is
 *   signed with the cluster's session key, which the leader writes to the config topic and renews
 *   every `inter.worker.key.ttl.ms` (KIP-507); the receiver checks the signature first.
 * - A leader that has read less of the config topic than a member assigns nothing that round
 *   (CONFIG_MISMATCH): everyone catches up and rejoins.
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
export { CONFLICT_MESSAGE };
/** A write while a rebalance made necessary by a config change has not happened yet (Kafka's RebalanceNeededException, forwarded). */
export const STALE_CONFIG_MESSAGE = "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)";
/** The same on reads answered by the herder (DistributedHerder#checkRebalanceNeeded): a 500. */
export const REBALANCE_EXPECTED_MESSAGE = "Request cannot be completed because a rebalance is expected";

/** Back-off before task configs are sent again after the leader could not be reached or refused them. */
const TASK_CONFIG_RETRY_MS = 1_000;
/** Back-off before the leader tries again to write a session key. */
const SESSION_KEY_RETRY_MS = 1_000;

/** `inter.worker.*`: the session key and the signatures of requests between workers. */
interface KeySettings {
  generationAlgorithm: string;
  sizeBits: number | undefined;
  ttlMs: number;
  signatureAlgorithm: string;
  verificationAlgorithms: readonly string[];
}

/** Kafka's DistributedConfig checks of the inter.worker.* keys. */
function keySettings(config: WorkerConfig): KeySettings {
  const v = config.values;
  const settings: KeySettings = {
    generationAlgorithm: v["inter.worker.key.generation.algorithm"],
    sizeBits: v["inter.worker.key.size"],
    ttlMs: v["inter.worker.key.ttl.ms"],
    signatureAlgorithm: v["inter.worker.signature.algorithm"],
    verificationAlgorithms: v["inter.worker.verification.algorithms"],
  };
  const check = (key: string, algorithm: string) => {
    if (!isSupportedAlgorithm(algorithm)) throw new WorkerConfigError(`Invalid value ${algorithm} for configuration ${key}: Algorithm ${algorithm} not available`);
  };
  check("inter.worker.key.generation.algorithm", settings.generationAlgorithm);
  check("inter.worker.signature.algorithm", settings.signatureAlgorithm);
  if (settings.verificationAlgorithms.length === 0) {
    throw new WorkerConfigError("Invalid value for configuration inter.worker.verification.algorithms: at least one signature verification algorithm must be provided");
  }
  for (const algorithm of settings.verificationAlgorithms) check("inter.worker.verification.algorithms", algorithm);
  if (!settings.verificationAlgorithms.includes(settings.signatureAlgorithm)) {
    throw new WorkerConfigError(
      `Invalid value ${settings.signatureAlgorithm} for configuration inter.worker.signature.algorithm: Signature algorithm must be present in the list of permitted key verification algorithms`,
    );
  }
  return settings;
}

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
  /** The newest generation handed to this worker, possibly still waiting for the herder's lock. */
  #latestGeneration = -1;
  /** Task configs on their way to the leader, per connector, sent one after the other. */
  readonly #taskConfigSends = new Map<string, { done: Promise<void>; configs: string }>();
  #assignorState: AssignorState | undefined;
  #leaving = false;
  #stopping = false;
  #ready = false;
  #reconcileQueued = false;
  /** A config change altered what there is to assign, and no assignment has followed yet. */
  #rebalanceNeeded = false;
  readonly #rebalanceWaiters = new Set<() => void>();
  #cancelDelay: (() => void) | undefined;
  readonly #keySettings: KeySettings;
  /** The leader's timer for renewing the session key when it expires. */
  #cancelKeyRotation: (() => void) | undefined;
  #keyWrite: Promise<void> | undefined;
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
    this.#keySettings = keySettings(options.config);
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
      // Joins only between two passes of the herder: what it reports running is what runs.
      beforeJoin: () => this.#mutex.run(async () => {}),
      assign: (members, generation, leaderId) => this.#assign(members, generation, leaderId),
      onAssigned: (bytes, generation) => {
        this.#latestGeneration = Math.max(this.#latestGeneration, generation);
        void this.#onAssigned(bytes, generation);
      },
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
    this.#cancelKeyRotation?.();
    this.#cancelKeyRotation = undefined;
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

  clusterWorkers(): FerryWorkers {
    const assignment = this.#assignment;
    return {
      mode: "distributed",
      worker_id: this.workerId,
      generation: assignment ? this.#generation : null,
      workers: (assignment?.workers ?? []).map((w) => ({
        id: w.workerId,
        url: w.url === "" ? null : w.url,
        leader: w.leader,
        connectors: [...w.connectors],
        tasks: w.tasks.map((t) => ({ ...t })),
      })),
    };
  }

  isLeader(): boolean {
    return this.#assignment !== undefined && this.#assignment.leaderId === this.#member.memberId;
  }

  // ---- reads: this worker's view -------------------------------------------------------------------

  connectors(): Promise<string[]> {
    return this.#local.connectors();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    await this.#checkRebalanceNeeded("read");
    return this.#local.connectorInfo(name);
  }

  async connectorConfig(name: string): Promise<ConnectorConfig> {
    await this.#checkRebalanceNeeded("read");
    return this.#local.connectorConfig(name);
  }

  connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.#local.connectorStatus(name);
  }

  taskStatus(name: string, task: number): Promise<TaskStateInfo> {
    return this.#local.taskStatus(name, task);
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    await this.#checkRebalanceNeeded("read");
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

  async validateConnectorConfig(config: ConnectorConfig): Promise<ConfigInfos> {
    return (await validateConnectorConfig(this.#plugins, config, this.#validationOptions())) as ConfigInfos;
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
    await this.#checkRebalanceNeeded("write");
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
    await this.#checkRebalanceNeeded("write");
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      // Forwarded as the PATCH it is: the leader merges it into the config it writes, so a change
      // made meanwhile through another worker is not overwritten with this worker's older view.
      const res = await this.#forward(leaderUrl, "PATCH", `/connectors/${encodeURIComponent(name)}/config`, patch);
      return res.body as ConnectorInfo;
    }
    return this.#writes.run(async () => {
      await this.#configStore.readToEnd();
      const current = await this.#local.connectorConfig(name);
      const merged: ConfigMap = { ...current };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      merged["name"] = name;
      const error = configValidationError(await validateConnectorConfig(this.#plugins, merged, this.#validationOptions()));
      if (error) throw error;
      const before = this.#configStore.get(name)?.taskConfigs.length ?? 0;
      await this.#configStore.putConnectorConfig(name, merged);
      this.#log.info(`Reconfigured connector ${name}`);
      const info = await this.#local.connectorInfo(name);
      return { ...info, tasks: info.tasks.slice(0, before) };
    });
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#checkRebalanceNeeded("write");
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
    await this.#checkRebalanceNeeded("write");
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
    await this.#checkRebalanceNeeded("write");
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
    await this.#checkRebalanceNeeded("write");
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
    await this.#checkRebalanceNeeded("write");
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
    await this.#checkRebalanceNeeded("write");
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      const res = await this.#forward(leaderUrl, "PATCH", `/connectors/${encodeURIComponent(name)}/offsets`, { offsets });
      return (res.body as { message: string }).message;
    }
    return this.#local.alterConnectorOffsets(name, offsets);
  }

  async resetConnectorOffsets(name: string): Promise<string> {
    await this.#checkRebalanceNeeded("write");
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
    const { assignments, state, workers, configMismatch } = leaderAssignments({
      members,
      leaderId,
      configured,
      configOffset: this.#configStore.offset,
      now: this.#clock.now(),
      maxDelayMs: this.#config.values["scheduled.rebalance.max.delay.ms"],
      state: this.#assignorState,
    });
    this.#assignorState = state;
    if (configMismatch || !state) {
      this.#log.warn(`Generation ${generation}: a member has read more of the config topic than this leader (offset ${this.#configStore.offset}); no assignment this round`);
      return assignments;
    }
    this.#log.info(
      `Generation ${generation}: assigned ${configured.size} connectors and ${[...configured.values()].reduce((a, b) => a + b, 0)} tasks to ${workers.length} workers` +
        (state.delayDeadline !== null ? ` (work of departed workers held back for ${state.delayDeadline - this.#clock.now()} ms)` : ""),
    );
    return assignments;
  }

  async #onAssigned(bytes: Buffer, generation: number): Promise<void> {
    await this.#mutex.run(async () => {
      // Assignments are whole (what this worker should run), so only the newest matters: applying an
      // older one that waited behind a long reconcile would start work already given to others.
      if (generation < this.#latestGeneration) {
        this.#log.debug(`Skipping the assignment of generation ${generation}: generation ${this.#latestGeneration} followed`);
        return;
      }
      const assignment = decodeAssignment(bytes);
      if (assignment.error === ASSIGNMENT_CONFIG_MISMATCH) {
        // The leader was behind this worker in the config topic: keep the current work, catch up, rejoin.
        this.#log.warn(`Generation ${generation}: the leader had read less of the config topic than a member; rejoining`);
        await this.#configStore.readToEnd();
        this.#member.requestRejoin();
        return;
      }
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
      this.#rebalanceDone();
      await this.#reconcile();
      if (assignment.revokedConnectors.length + assignment.revokedTasks.length > 0) this.#member.requestRejoin();
      this.#cancelDelay?.();
      this.#cancelDelay = undefined;
      if (assignment.delayMs > 0) this.#cancelDelay = this.#clock.schedule(assignment.delayMs, () => this.#member.requestRejoin());
      this.#maintainSessionKey();
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
        if (update.removed || !known) this.#needRebalance();
        this.#scheduleReconcile();
        return;
      }
      case "tasks": {
        this.#taskGenerations.set(update.name, (this.#taskGenerations.get(update.name) ?? 0) + 1);
        const count = this.#configStore.get(update.name)?.taskConfigs.length ?? 0;
        if (this.#taskCounts.get(update.name) !== count) this.#needRebalance();
        this.#taskCounts.set(update.name, count);
        this.#scheduleReconcile();
        return;
      }
      case "target-state":
        this.#scheduleReconcile();
        return;
      case "session-key":
        this.#log.info(`Read a session key (${this.#configStore.sessionKey?.algorithm ?? "?"}, created ${new Date(this.#configStore.sessionKey?.creationTimestamp ?? 0).toISOString()})`);
        this.#maintainSessionKey();
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
    if (!taskConfigsChanged(entry.taskConfigs, generated, entry.appliedConfig, entry.config)) return;
    const assignment = this.#assignment;
    if (!assignment) return;
    if (assignment.leaderId === this.#member.memberId) {
      this.#log.info(`Writing ${generated.length} task config(s) of connector ${name}`);
      await this.#writes.run(() => this.#configStore.putTaskConfigs(name, generated, entry.config));
      return;
    }
    // Only the leader writes task configs (Kafka's internal POST /connectors/{name}/tasks). Sent
    // without holding the herder's lock, so assignments are not held up by the round trip.
    const configs = JSON.stringify(generated);
    const previous = this.#taskConfigSends.get(name);
    if (previous?.configs === configs) return; // the same configs are on their way already
    this.#log.info(`Sending ${generated.length} task config(s) of connector ${name} to the leader`);
    const send = { configs, done: (previous?.done ?? Promise.resolve()).then(() => this.#sendTaskConfigs(assignment.leaderUrl, name, generated)) };
    this.#taskConfigSends.set(name, send);
    void send.done.finally(() => {
      if (this.#taskConfigSends.get(name) === send) this.#taskConfigSends.delete(name);
    });
  }

  async #sendTaskConfigs(leaderUrl: string, name: string, generated: ConfigMap[]): Promise<void> {
    const sign = this.#signer();
    if (!sign) {
      // No session key read yet (the leader writes the first one after its first assignment).
      this.#log.info(`No session key yet to sign the task configs of connector ${name}; sending them in ${TASK_CONFIG_RETRY_MS} ms`);
      this.#clock.schedule(TASK_CONFIG_RETRY_MS, () => this.#requestTaskReconfiguration(name));
      return;
    }
    try {
      await forwardRequest(leaderUrl, "POST", `/connectors/${encodeURIComponent(name)}/tasks`, generated, { ownRequest: true, sign });
    } catch (err) {
      if (this.#stopping) return;
      if (err instanceof ConnectRestError && err.status >= 400 && err.status < 500 && err.status !== 404 && err.status !== 409) {
        // A refused signature: the key may have just been renewed, or the workers disagree on
        // inter.worker.* settings. Only the leader writes task configs, so this worker tries again.
        this.#log.error(
          `The leader refused the task configs of connector ${name} (${err.status}: ${err.message}); sending them again in ${TASK_CONFIG_RETRY_MS} ms. ` +
            "If this persists, check that every worker has the same inter.worker.* settings.",
        );
      } else {
        // The leader may be going away: generate and send again once things settle.
        this.#log.warn(`Failed to send the task configs of connector ${name} to the leader; retrying`, err);
      }
      this.#clock.schedule(TASK_CONFIG_RETRY_MS, () => this.#requestTaskReconfiguration(name));
    }
  }

  async putTaskConfigs(name: string, configs: ConnectorConfig[]): Promise<void> {
    // Through REST (Kafka's internal endpoint) only with a valid signature; in-process calls are trusted.
    const internal = currentInternalRequest();
    if (internal) {
      verifyInternalRequest(internal, {
        sessionKey: this.#configStore.sessionKey,
        verificationAlgorithms: this.#keySettings.verificationAlgorithms,
        ttlMs: this.#keySettings.ttlMs,
        now: this.#clock.now(),
      });
    }
    const leaderUrl = this.#leaderUrlOrSelf();
    if (leaderUrl !== null) {
      // Checked here; signed again by this worker for the leader.
      const sign = this.#signer();
      await this.#forward(leaderUrl, "POST", `/connectors/${encodeURIComponent(name)}/tasks`, configs, sign ? { sign } : {});
      return;
    }
    await this.#writes.run(async () => {
      const entry = this.#configStore.get(name);
      if (!entry) throw new NotFoundError(`Connector ${name} not found`);
      this.#log.info(`Writing ${configs.length} task config(s) of connector ${name}`);
      await this.#configStore.putTaskConfigs(name, configs, entry.config);
    });
  }

  // ---- session key ---------------------------------------------------------------------------------

  /** Signs a request body with the current session key; undefined before the first key is read. */
  #signer(): ((body: string) => Record<string, string>) | undefined {
    const key = this.#configStore.sessionKey;
    if (!key) return undefined;
    const algorithm = this.#keySettings.signatureAlgorithm;
    return (body) => signatureHeaders(key.key, body, algorithm);
  }

  /**
   * The leader keeps a valid session key in the config topic (Kafka's DistributedHerder#tick):
   * it writes one when there is none, when it has expired or was made with another algorithm, and
   * schedules the next renewal for the key's expiry.
   */
  #maintainSessionKey(): void {
    this.#cancelKeyRotation?.();
    this.#cancelKeyRotation = undefined;
    if (!this.isLeader() || this.#stopping || this.#leaving || this.#keyWrite) return;
    const { generationAlgorithm, sizeBits, ttlMs } = this.#keySettings;
    const current = this.#configStore.sessionKey;
    const now = this.#clock.now();
    if (current && current.algorithm === generationAlgorithm && current.creationTimestamp + ttlMs > now) {
      this.#cancelKeyRotation = this.#clock.schedule(current.creationTimestamp + ttlMs - now, () => this.#maintainSessionKey());
      return;
    }
    const fresh = generateSessionKey(generationAlgorithm, sizeBits, now);
    this.#log.info(current ? "The session key has expired; writing a new one" : "Writing the cluster's first session key");
    const write = this.#writes.run(() => this.#configStore.putSessionKey(fresh));
    this.#keyWrite = write;
    write
      .catch((err: unknown) => {
        this.#log.error(`Failed to write a session key; trying again in ${SESSION_KEY_RETRY_MS} ms`, err);
        this.#cancelKeyRotation = this.#clock.schedule(SESSION_KEY_RETRY_MS, () => this.#maintainSessionKey());
      })
      .finally(() => {
        if (this.#keyWrite === write) this.#keyWrite = undefined;
        // The record read back scheduled nothing while the write was under way.
        if (!this.#cancelKeyRotation) this.#maintainSessionKey();
      });
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

  // ---- rebalances needed by config changes ------------------------------------------------------------

  #needRebalance(): void {
    this.#rebalanceNeeded = true;
    this.#member.requestRejoin();
  }

  #rebalanceDone(): void {
    this.#rebalanceNeeded = false;
    for (const wake of this.#rebalanceWaiters) wake();
    this.#rebalanceWaiters.clear();
  }

  /**
   * Kafka's herder answers requests only after the rebalance its last config change asked for
   * (its tick rejoins first). Here a request waits for that rebalance up to `worker.sync.timeout.ms`;
   * still pending, a write answers 409 (stale configuration) and a read 500, as Kafka's do.
   */
  async #checkRebalanceNeeded(kind: "read" | "write"): Promise<void> {
    if (!this.#rebalanceNeeded) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        cancel();
        this.#rebalanceWaiters.delete(wake);
        resolve();
      };
      const cancel = this.#clock.schedule(this.#config.values["worker.sync.timeout.ms"], wake);
      this.#rebalanceWaiters.add(wake);
    });
    if (!this.#rebalanceNeeded) return;
    if (kind === "write") throw new ConflictError(STALE_CONFIG_MESSAGE);
    throw new ConnectError(REBALANCE_EXPECTED_MESSAGE);
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
  #forward(baseUrl: string, method: string, path: string, body?: unknown, options: ForwardOptions = {}): Promise<{ status: number; body: unknown }> {
    this.#log.debug(`Forwarding ${method} ${path} to ${baseUrl}`);
    return forwardRequest(baseUrl, method, path, body, options);
  }

  /** Standalone's checks plus DistributedHerder's: a sink's consumer group must not be the workers' group. */
  #validationOptions(): ValidationOptions {
    const policy = (this.#config.originals["connector.client.config.override.policy"] ?? "All").trim();
    const known = Object.values(clientOverridePolicies).find((p) => p.name.toLowerCase() === policy.toLowerCase());
    return {
      clientOverridePolicy: known ?? clientOverridePolicies.All,
      configTransformer: this.#local.worker.configTransformer,
      distributed: {
        workerGroupId: this.#config.values["group.id"] ?? "",
        exactlyOnceSourceEnabled: (this.#config.originals["exactly.once.source.support"] ?? "disabled").trim().toLowerCase() === "enabled",
      },
    };
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
