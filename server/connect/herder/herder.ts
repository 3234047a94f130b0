import type {
  ConfigInfos,
  ConfigKeyInfoJson,
  ConnectorConfig,
  ConnectorInfo,
  ConnectorOffset,
  ConnectorOffsets,
  ConnectorStateInfo,
  FerryWorkers,
  LoggerLevel,
  PluginInfo,
  ServerInfo,
  TargetState,
  TaskInfo,
  TaskStateInfo,
} from "../../../lib/connect/schemas";

export interface RestartRequest {
  connector: string;
  onlyFailed: boolean;
  includeTasks: boolean;
}

export interface PutConnectorResult {
  created: boolean;
  info: ConnectorInfo;
}

export type WorkerHealth = { status: "healthy" | "starting" | "unhealthy"; message: string };

/**
 * The one façade for every control operation on a Connect cluster (Kafka's `Herder`). The REST API,
 * the console's route handlers and the CLI are thin adapters over it: they parse input, call one
 * method and shape the output. Errors are the Connect error classes of `server/connect/api/errors`
 * (NotFoundError → 404, AlreadyExistsError → 409, BadRequestError → 400, ConflictError → 409, others 500),
 * with Kafka's messages (see the reference §1.2).
 */
export interface Herder {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<WorkerHealth>;
  serverInfo(): ServerInfo;
  /** `host:port` of this worker's advertised REST address. */
  readonly workerId: string;

  connectors(): Promise<string[]>;
  connectorInfo(name: string): Promise<ConnectorInfo>;
  connectorConfig(name: string): Promise<ConnectorConfig>;
  /**
   * Creates or replaces a connector after full validation (400 listing the errors). With
   * allowReplace false an existing name is a 409. `name` is inserted into the config.
   */
  putConnectorConfig(name: string, config: ConnectorConfig, options: { allowReplace: boolean; initialState?: TargetState }): Promise<PutConnectorResult>;
  /** KIP-477: non-null values overwrite or add, null removes. */
  patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo>;
  deleteConnector(name: string): Promise<void>;

  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  taskStatus(name: string, task: number): Promise<TaskStateInfo>;
  taskConfigs(name: string): Promise<TaskInfo[]>;

  /** Restart of the connector instance only (legacy form, 204). */
  restartConnector(name: string): Promise<void>;
  /** KIP-745: returns the plan (instances to restart shown as RESTARTING). */
  restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo>;
  restartTask(name: string, task: number): Promise<void>;
  pauseConnector(name: string): Promise<void>;
  resumeConnector(name: string): Promise<void>;
  stopConnector(name: string): Promise<void>;

  connectorActiveTopics(name: string): Promise<string[]>;
  resetConnectorActiveTopics(name: string): Promise<void>;

  connectorOffsets(name: string): Promise<ConnectorOffsets>;
  /** Returns the success message of Kafka's `Message` entity. */
  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<string>;
  resetConnectorOffsets(name: string): Promise<string>;

  plugins(connectorsOnly: boolean): PluginInfo[];
  pluginConfig(plugin: string): ConfigKeyInfoJson[];
  /** Never throws for invalid values: they are reported inside ConfigInfos. */
  validateConnectorConfig(config: ConnectorConfig): Promise<ConfigInfos>;

  /**
   * The keys of the connector's stored config whose values are secrets (PASSWORD keys of the
   * connector, its converters, transforms and predicates, and password client overrides).
   * Optional: herders without it are treated as knowing none. 404 for an unknown connector.
   */
  secretKeys?(name: string): Promise<Set<string>>;

  loggers(): Record<string, LoggerLevel>;
  loggerLevel(logger: string): LoggerLevel;
  /** Returns the names of the loggers whose level was set. */
  setWorkerLoggerLevel(namespace: string, level: string): string[];
  setClusterLoggerLevel(namespace: string, level: string): Promise<void>;

  /**
   * Kafka's internal `POST /connectors/{name}/tasks`: the worker running a connector hands the task
   * configs it generated to the leader, which writes them. Standalone: unsupported (500).
   */
  putTaskConfigs(name: string, configs: ConnectorConfig[]): Promise<void>;

  /** Ferry's `GET /ferry/workers`: the cluster's workers and their assignments, as this worker sees them. */
  clusterWorkers(): FerryWorkers;
}
