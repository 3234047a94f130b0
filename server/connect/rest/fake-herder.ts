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
import { AlreadyExistsError, BadRequestError, ConnectError, NotFoundError } from "../api/errors";
import type { Herder, PutConnectorResult, RestartRequest, WorkerHealth } from "../herder/herder";

interface FakeConnector {
  config: ConnectorConfig;
  target: TargetState;
  tasks: number;
  failed: Set<number>;
  offsets: ConnectorOffset[];
  topics: string[];
}

const SOURCE_CLASS = "org.apache.kafka.connect.file.FileStreamSourceConnector";

/**
 * An in-memory Herder with Kafka's messages, for REST and CLI tests: one task per connector
 * (none when STOPPED), `connector.class` containing "Sink" makes a sink. Every method can be
 * replaced with `vi.spyOn` to script failures.
 */
export class FakeHerder implements Herder {
  readonly workerId = "127.0.0.1:8083";
  readonly connectorsByName = new Map<string, FakeConnector>();
  health_: WorkerHealth = { status: "healthy", message: "Worker has completed startup and is ready to handle requests." };
  readonly loggerLevels: Record<string, LoggerLevel> = { root: { level: "INFO", last_modified: null } };
  started = false;
  stopped = false;

  async start(): Promise<void> {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  async health(): Promise<WorkerHealth> {
    return this.health_;
  }
  serverInfo(): ServerInfo {
    return { version: "3.9.0", commit: "ferry", kafka_cluster_id: "fake-cluster" };
  }

  async connectors(): Promise<string[]> {
    return [...this.connectorsByName.keys()];
  }
  async connectorInfo(name: string): Promise<ConnectorInfo> {
    const c = this.get(name);
    return { name, config: { ...c.config }, tasks: this.taskIds(name, c).map((task) => ({ connector: name, task })), type: this.typeOf(c) };
  }
  async connectorConfig(name: string): Promise<ConnectorConfig> {
    return { ...this.get(name).config };
  }
  async putConnectorConfig(
    name: string,
    config: ConnectorConfig,
    options: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<PutConnectorResult> {
    if (!config["connector.class"]) throw new BadRequestError(`Connector config {${Object.entries(config).map(([k, v]) => `${k}=${v}`).join(", ")}} contains no connector type`);
    const existing = this.connectorsByName.get(name);
    if (existing && !options.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`);
    const withName = { ...config, name };
    if (existing) existing.config = withName;
    else this.connectorsByName.set(name, { config: withName, target: options.initialState ?? "STARTED", tasks: 1, failed: new Set(), offsets: [], topics: [] });
    return { created: !existing, info: await this.connectorInfo(name) };
  }
  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const c = this.get(name);
    const next = { ...c.config };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    c.config = next;
    return this.connectorInfo(name);
  }
  async deleteConnector(name: string): Promise<void> {
    this.get(name);
    this.connectorsByName.delete(name);
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const c = this.connectorsByName.get(name);
    if (!c) throw new NotFoundError(`No status found for connector ${name}`);
    return {
      name,
      connector: { state: this.stateOf(c), worker_id: this.workerId },
      tasks: this.taskIds(name, c).map((id) => this.taskState(c, id)),
      type: this.typeOf(c),
    };
  }
  async taskStatus(name: string, task: number): Promise<TaskStateInfo> {
    const c = this.connectorsByName.get(name);
    if (!c || !this.taskIds(name, c).includes(task)) throw new NotFoundError(`No status found for task ${name}-${task}`);
    return this.taskState(c, task);
  }
  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const c = this.get(name);
    return this.taskIds(name, c).map((task) => ({ id: { connector: name, task }, config: { ...c.config, "task.class": "FakeTask" } }));
  }

  async restartConnector(name: string): Promise<void> {
    this.known(name);
  }
  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const c = this.known(request.connector);
    const status = await this.connectorStatus(request.connector);
    const connectorFailed = status.connector.state === "FAILED";
    if (!request.onlyFailed || connectorFailed) status.connector.state = "RESTARTING";
    if (request.includeTasks) {
      for (const t of status.tasks) if (!request.onlyFailed || c.failed.has(t.id)) t.state = "RESTARTING";
    }
    return status;
  }
  async restartTask(name: string, task: number): Promise<void> {
    const c = this.known(name);
    if (!this.taskIds(name, c).includes(task)) throw new NotFoundError(`Unknown task: ${name}-${task}`);
    c.failed.delete(task);
  }
  async pauseConnector(name: string): Promise<void> {
    this.unknownConnector(name).target = "PAUSED";
  }
  async resumeConnector(name: string): Promise<void> {
    this.unknownConnector(name).target = "STARTED";
  }
  async stopConnector(name: string): Promise<void> {
    this.unknownConnector(name).target = "STOPPED";
  }

  async connectorActiveTopics(name: string): Promise<string[]> {
    return this.connectorsByName.get(name)?.topics ?? [];
  }
  async resetConnectorActiveTopics(name: string): Promise<void> {
    const c = this.connectorsByName.get(name);
    if (c) c.topics = [];
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return { offsets: this.get(name).offsets };
  }
  async alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<string> {
    const c = this.get(name);
    this.requireStopped(name, c);
    c.offsets = offsets.filter((o) => o.offset !== null);
    return "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.";
  }
  async resetConnectorOffsets(name: string): Promise<string> {
    const c = this.get(name);
    this.requireStopped(name, c);
    c.offsets = [];
    return "The offsets for this connector have been reset successfully";
  }

  plugins(connectorsOnly: boolean): PluginInfo[] {
    const connectors: PluginInfo[] = [
      { class: "org.apache.kafka.connect.file.FileStreamSinkConnector", type: "sink", version: "3.9.0" },
      { class: SOURCE_CLASS, type: "source", version: "3.9.0" },
    ];
    return connectorsOnly ? connectors : [...connectors, { class: "org.apache.kafka.connect.json.JsonConverter", type: "converter", version: "3.9.0" }];
  }
  pluginConfig(plugin: string): ConfigKeyInfoJson[] {
    if (!plugin.includes("FileStream")) throw new NotFoundError(`Unknown plugin ${plugin}.`);
    return [
      {
        name: "file",
        type: "STRING",
        required: false,
        default_value: null,
        importance: "HIGH",
        documentation: "Source filename.",
        group: null,
        order: -1,
        width: "NONE",
        display_name: "file",
        dependents: [],
      },
    ];
  }
  async validateConnectorConfig(config: ConnectorConfig): Promise<ConfigInfos> {
    const cls = config["connector.class"];
    if (!cls) throw new BadRequestError(`Connector config {} contains no connector type`);
    return { name: cls, error_count: config.topic ? 0 : 1, groups: ["Common"], configs: [] };
  }

  loggers(): Record<string, LoggerLevel> {
    return { ...this.loggerLevels };
  }
  loggerLevel(logger: string): LoggerLevel {
    const level = this.loggerLevels[logger];
    if (!level) throw new NotFoundError(`Logger ${logger} not found.`);
    return level;
  }
  setWorkerLoggerLevel(namespace: string, level: string): string[] {
    this.loggerLevels[namespace] = { level, last_modified: 1700000000000 };
    return [namespace];
  }
  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    this.setWorkerLoggerLevel(namespace, level);
  }

  async putTaskConfigs(): Promise<void> {
    throw new ConnectError("Kafka Connect in standalone mode does not support externally setting task configurations.");
  }

  clusterWorkers(): FerryWorkers {
    const names = [...this.connectorsByName.keys()];
    return { mode: "standalone", worker_id: this.workerId, generation: null, workers: [{ id: this.workerId, url: null, leader: true, connectors: names, tasks: [] }] };
  }

  /** Test helper: marks a task (or the connector, with -1) failed. */
  fail(name: string, task: number): void {
    this.get(name).failed.add(task);
  }

  private get(name: string): FakeConnector {
    const c = this.connectorsByName.get(name);
    if (!c) throw new NotFoundError(`Connector ${name} not found`);
    return c;
  }
  private known(name: string): FakeConnector {
    const c = this.connectorsByName.get(name);
    if (!c) throw new NotFoundError(`Unknown connector: ${name}`);
    return c;
  }
  private unknownConnector(name: string): FakeConnector {
    const c = this.connectorsByName.get(name);
    if (!c) throw new NotFoundError(`Unknown connector ${name}`);
    return c;
  }
  private requireStopped(name: string, c: FakeConnector): void {
    if (c.target !== "STOPPED") {
      throw new BadRequestError(
        `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
      );
    }
  }
  private taskIds(_name: string, c: FakeConnector): number[] {
    return c.target === "STOPPED" ? [] : Array.from({ length: c.tasks }, (_, i) => i);
  }
  private typeOf(c: FakeConnector): "source" | "sink" {
    return (c.config["connector.class"] ?? "").includes("Sink") ? "sink" : "source";
  }
  private stateOf(c: FakeConnector): ConnectorStateInfo["connector"]["state"] {
    if (c.failed.has(-1)) return "FAILED";
    return c.target === "STARTED" ? "RUNNING" : c.target;
  }
  private taskState(c: FakeConnector, id: number): TaskStateInfo {
    if (c.failed.has(id)) return { id, state: "FAILED", worker_id: this.workerId, trace: "org.apache.kafka.connect.errors.ConnectException: boom" };
    return { id, state: c.target === "STARTED" ? "RUNNING" : c.target === "PAUSED" ? "PAUSED" : "STOPPED", worker_id: this.workerId };
  }
}

