import {
  ConfigError,
  ConnectError,
  NotFoundError,
  type ConfigMap,
  type Connector,
  type Converter,
  type HeaderConverter,
  type SinkTask,
  type SourceTask,
  type TaskClass,
} from "../api";
import type { ConnectorTaskId, TargetState } from "../../../lib/connect/schemas";
import type { ConnectorPlugin, PluginRegistry } from "../plugins/types";
import { originalsWithPrefix, type WorkerConfig } from "../worker-config";
import { compileJavaRegex, parseTopicsList } from "./connector-config";
import type { OffsetStore } from "../storage/offset-store";
import { OffsetStorageReaderImpl } from "../storage/offset-storage-reader";
import { OffsetStorageWriter } from "../storage/offset-storage-writer";
import { systemClock, type Clock } from "./clock";
import { kafkajsClientFactory, type ClientFactory } from "./kafka-clients";
import { loggingContext, type Logger, type Loggers } from "./loggers";
import { createRecordStagesFactory } from "./default-record-stages";
import type { RecordStagesFactory } from "./record-stages";
import { taskKey, type StatusListener } from "./status";
import { WorkerConnector } from "./worker-connector";
import { ConfigTransformer, reverseTransform } from "../config-providers/config-transformer";
import { createWorkerConfigTransformer } from "../config-providers/worker-config-providers";
import { HIDDEN, redactError, type SecretRedactor } from "../config-providers/redactor";
import { isClientPasswordConfig, secretConfigKeys } from "../herder/secret-keys";
import { WorkerSinkTask } from "./worker-sink-task";
import { WorkerSourceTask } from "./worker-source-task";
import type { WorkerTask } from "./worker-task";

/**
 * Owns the connectors and tasks running in this process (Kafka's Worker): creates Connector and Task
 * instances from plugins, their converters and Kafka clients, and stops them within
 * `task.shutdown.graceful.timeout.ms`. What should run is decided by the herder; the worker only
 * runs it and reports status through the listener.
 */
export interface WorkerOptions {
  workerId: string;
  config: WorkerConfig;
  plugins: PluginRegistry;
  offsetStore: OffsetStore;
  listener: StatusListener;
  loggers: Loggers;
  clock?: Clock;
  clients?: ClientFactory;
  /** The transformation chain / error tolerance hook (none by default). */
  stages?: RecordStagesFactory;
  /** Resolves `${provider:path:key}` placeholders (default: the worker config's `config.providers`). */
  configTransformer?: ConfigTransformer;
}

export const TASK_CLASS_CONFIG = "task.class";

const LOGGER = "org.apache.kafka.connect.runtime.Worker";
const PROVIDER_LOGGER = "org.apache.kafka.common.config.provider";

export class Worker {
  readonly workerId: string;
  readonly config: WorkerConfig;
  readonly #options: WorkerOptions;
  readonly #plugins: PluginRegistry;
  readonly #loggers: Loggers;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #clients: ClientFactory;
  readonly #connectors = new Map<string, WorkerConnector>();
  readonly #tasks = new Map<string, WorkerTask>();
  readonly #stages: RecordStagesFactory;
  readonly #transformer: ConfigTransformer;
  readonly #secrets: SecretRedactor;
  /** The herder's listener, behind one that masks secrets in the errors it reports (status traces). */
  readonly #listener: StatusListener;

  constructor(options: WorkerOptions) {
    this.workerId = options.workerId;
    this.config = options.config;
    this.#options = options;
    this.#plugins = options.plugins;
    this.#loggers = options.loggers;
    this.#log = options.loggers.logger(LOGGER);
    this.#transformer =
      options.configTransformer ??
      createWorkerConfigTransformer(options.config.originals, { warn: (message) => options.loggers.logger(PROVIDER_LOGGER).warn(message) });
    this.#secrets = options.loggers.secrets;
    this.#secrets.set(WORKER_SECRETS, workerSecrets(options.config));
    this.#listener = redactingListener(options.listener, this.#secrets);
    this.#clock = options.clock ?? systemClock;
    this.#clients = options.clients ?? kafkajsClientFactory(options.loggers);
    this.#stages =
      options.stages ??
      createRecordStagesFactory({
        plugins: this.#plugins,
        loggers: this.#loggers,
        clock: this.#clock,
        clients: () => this.#clients,
        // Kafka's DLQ clients: the worker's producer/admin settings plus the connector's overrides.
        clientConfigs: (connector, task, connectorConfig, kind) =>
          kind === "producer"
            ? this.#clientConfigs(connectorConfig, "producer", { "client.id": `connector-dlq-producer-${connector}-${task}`, acks: "all" })
            : this.#clientConfigs(connectorConfig, "admin", { "client.id": `connector-dlq-adminclient-${connector}-${task}` }),
      });
  }

  /** The worker's config providers, for validation (which sees resolved values, as in Kafka). */
  get configTransformer(): ConfigTransformer {
    return this.#transformer;
  }

  /**
   * A connector or task config with its placeholders resolved; the resolved values and the values of
   * its PASSWORD keys are registered as the connector's secrets (masked in logs and traces).
   */
  #resolve(connector: string, config: ConfigMap, options: { reset: boolean; secretsOf?: ConfigMap; log?: Logger; title?: string }): ConfigMap {
    const { data, resolvedValues } = this.#transformer.transform(config);
    const secrets = new Set(resolvedValues);
    const keys = secretConfigKeys(this.#plugins, options.secretsOf ?? data);
    // Kafka's AbstractConfig#logAll: the config as stored (placeholders), PASSWORD values hidden.
    if (options.log && options.title) options.log.info(configDump(options.title, config, keys));
    for (const key of keys) {
      const value = data[key];
      if (value !== undefined) secrets.add(value);
    }
    if (options.reset) this.#secrets.set(connector, secrets);
    else if (secrets.size > 0) this.#secrets.add(connector, secrets);
    return data;
  }

  /** Stops every task, then every connector. */
  async stop(): Promise<void> {
    await this.stopAndAwaitTasks([...this.#tasks.values()].map((t) => t.id));
    await Promise.all([...this.#connectors.keys()].map((name) => this.stopAndAwaitConnector(name)));
  }

  connectorNames(): string[] {
    return [...this.#connectors.keys()];
  }

  taskIds(connector?: string): ConnectorTaskId[] {
    const ids = [...this.#tasks.values()].map((t) => t.id);
    return connector === undefined ? ids : ids.filter((id) => id.connector === connector);
  }

  hasTask(id: ConnectorTaskId): boolean {
    return this.#tasks.has(taskKey(id));
  }

  /** The running task (tests and diagnostics). */
  task(id: ConnectorTaskId): WorkerTask | undefined {
    return this.#tasks.get(taskKey(id));
  }

  /** The connector plugin named by `connector.class`; NotFound-like ConnectError from the registry. */
  connectorPlugin(config: ConfigMap): ConnectorPlugin {
    const cls = config["connector.class"];
    if (!cls) throw new ConfigError(`Connector config ${JSON.stringify(config)} contains no connector type`);
    return this.#plugins.connector(cls);
  }

  /**
   * Creates the Connector instance and moves it to the target state. Resolves once started; rejects
   * with Kafka's `Failed to transition connector <name> to state STARTED` when start() threw (the
   * connector stays registered, FAILED).
   */
  async startConnector(name: string, config: ConfigMap, targetState: TargetState, onTaskReconfiguration: () => void): Promise<void> {
    if (this.#connectors.has(name)) throw new ConnectError(`Connector ${name} already running`);
    const log = this.#loggers.logger("org.apache.kafka.connect.runtime.WorkerConnector", loggingContext.connector(name));
    log.info(`Creating connector ${name} of type ${config["connector.class"] ?? "null"}`);
    let connector: Connector;
    let resolved: ConfigMap;
    try {
      connector = this.connectorPlugin(config).create();
      resolved = this.#resolve(name, config, { reset: true, log, title: "ConnectorConfig" });
    } catch (err) {
      this.#listener.onConnectorStatus(name, "FAILED", err);
      throw err;
    }
    const offsetReader = connector.kind === "source" ? new OffsetStorageReaderImpl(this.#options.offsetStore, name) : null;
    const workerConnector = new WorkerConnector({ name, connector, config: resolved, listener: this.#listener, logger: log, offsetReader, onTaskReconfiguration });
    this.#connectors.set(name, workerConnector);
    workerConnector.initialize();
    log.info(`Instantiated connector ${name} with version ${safeVersion(connector)} of type ${connector.constructor.name}`);
    await workerConnector.transitionTo(targetState);
    log.info(`Finished creating connector ${name}`);
  }

  isRunning(name: string): boolean {
    return this.#connectors.get(name)?.isRunning() ?? false;
  }

  isSinkConnector(name: string): boolean {
    return this.#connectors.get(name)?.kind === "sink";
  }

  async stopAndAwaitConnector(name: string): Promise<void> {
    const connector = this.#connectors.get(name);
    if (!connector) return;
    this.#connectors.delete(name);
    await connector.shutdown();
  }

  /** Applies a target state to the connector and its tasks; rejects if the connector refused it. */
  async setTargetState(name: string, state: TargetState): Promise<void> {
    for (const task of this.#tasks.values()) if (task.id.connector === name && state !== "STOPPED") task.transitionTo(state);
    const connector = this.#connectors.get(name);
    if (connector) await connector.transitionTo(state);
  }

  /**
   * The connector's task configs (Kafka's Worker#connectorTaskConfigs): `taskConfigs(tasks.max)` plus
   * `task.class`, and for sinks `topics`/`topics.regex` copied from the connector config. More
   * configs than `tasks.max` fail the connector unless `tasks.max.enforce=false` (KIP-1004).
   * `config` is the stored (raw) connector config: values the connector derived from resolved
   * placeholders get their placeholders back (Kafka's AbstractHerder#reverseTransform), so stored
   * task configs hold no resolved secret.
   */
  async connectorTaskConfigs(name: string, config: ConfigMap): Promise<ConfigMap[]> {
    const connector = this.#connectors.get(name);
    if (!connector) throw new NotFoundError(`Connector ${name} not found`);
    // tasks.max may itself be a placeholder.
    const resolved = this.#transformer.active ? this.#transformer.transform(config).data : config;
    const maxTasks = parseMaxTasks(resolved);
    const generated = await connector.taskConfigs(maxTasks);
    if (generated.length > maxTasks) {
      const enforce = (resolved["tasks.max.enforce"] ?? "true").trim().toLowerCase() !== "false";
      const message =
        `The connector ${name} has generated ${generated.length} tasks, which is greater than ${maxTasks}, ` +
        `the maximum number of tasks it is configured to create. This behaviour should be considered a bug and is disallowed. ` +
        `If necessary, it can be permitted by reconfiguring the connector with 'tasks.max.enforce' set to false; ` +
        `however, this option will be removed in a future release of Kafka Connect.`;
      if (enforce) {
        const error = new ConnectError(message);
        connector.fail(error);
        throw error;
      }
      this.#log.warn(message);
    }
    const taskClass = connector.connector.taskClass() as TaskClass<unknown>;
    const taskClassName = taskClass.className ?? taskClass.name;
    return reverseTransform(config, connector.config, generated).map((props) => {
      const taskConfig: ConfigMap = { ...props, [TASK_CLASS_CONFIG]: taskClassName };
      if (connector.kind === "sink") {
        if (config["topics"] !== undefined) taskConfig["topics"] = config["topics"];
        if (config["topics.regex"] !== undefined) taskConfig["topics.regex"] = config["topics.regex"];
      }
      return taskConfig;
    });
  }

  /**
   * Creates and starts a task; false (status FAILED) when it could not even be created (plugin,
   * converters, clients). Failures of the task's own start() are reported asynchronously.
   */
  startTask(id: ConnectorTaskId, connectorConfig: ConfigMap, taskConfig: ConfigMap, targetState: TargetState): boolean {
    const key = taskKey(id);
    if (this.#tasks.has(key)) throw new ConnectError(`Task already exists in this worker: ${key}`);
    const log = this.#loggers.logger(LOGGER, loggingContext.task(id.connector, id.task));
    log.info(`Creating task ${key}`);
    let task: WorkerTask;
    try {
      task = this.#buildTask(id, connectorConfig, taskConfig, targetState);
    } catch (err) {
      log.error(`Failed to start task ${key}`, err);
      this.#listener.onTaskStatus(id, "FAILED", err);
      return false;
    }
    this.#tasks.set(key, task);
    void task.run();
    return true;
  }

  /**
   * Stops tasks and waits for them together, at most `task.shutdown.graceful.timeout.ms`; a task
   * still running then is abandoned (cancelled: it reports nothing more) and listed in the result.
   */
  async stopAndAwaitTasks(ids: readonly ConnectorTaskId[]): Promise<ConnectorTaskId[]> {
    const tasks: WorkerTask[] = [];
    for (const id of ids) {
      const task = this.#tasks.get(taskKey(id));
      if (!task) continue;
      this.#tasks.delete(taskKey(id));
      task.stop();
      tasks.push(task);
    }
    if (tasks.length === 0) return [];
    const deadline = this.#clock.now() + this.config.values["task.shutdown.graceful.timeout.ms"];
    const abandoned: ConnectorTaskId[] = [];
    await Promise.all(
      tasks.map(async (task) => {
        const stopped = await task.awaitStop(Math.max(0, deadline - this.#clock.now()));
        if (!stopped) {
          this.#log.error(`Graceful stop of task ${taskKey(task.id)} failed.`);
          task.cancel();
          abandoned.push(task.id);
        }
      }),
    );
    return abandoned;
  }

  #buildTask(id: ConnectorTaskId, rawConnectorConfig: ConfigMap, rawTaskConfig: ConfigMap, targetState: TargetState): WorkerTask {
    const connector = this.connectorPlugin(rawConnectorConfig).create();
    const name = id.connector;
    const logger = this.#loggers.logger(
      connector.kind === "source" ? "org.apache.kafka.connect.runtime.WorkerSourceTask" : "org.apache.kafka.connect.runtime.WorkerSinkTask",
      loggingContext.task(name, id.task),
    );
    // Placeholders are resolved only now, when the task starts (Kafka's ClusterConfigState#taskConfig).
    const connectorConfig = this.#resolve(name, rawConnectorConfig, { reset: false });
    const taskConfig = this.#resolve(name, rawTaskConfig, { reset: false, secretsOf: connectorConfig, log: logger, title: "TaskConfig" });
    const [keyConverter, keyConverterClass] = this.#converter(connectorConfig, "key.converter", true);
    const [valueConverter, valueConverterClass] = this.#converter(connectorConfig, "value.converter", false);
    const [headerConverter, headerConverterClass] = this.#headerConverter(connectorConfig);
    const converters = { keyConverter, valueConverter, headerConverter, keyConverterClass, valueConverterClass, headerConverterClass };
    const flush = this.config.values["offset.flush.interval.ms"];
    const common = { id, listener: this.#listener, logger, clock: this.#clock, initialState: targetState, taskConfig, ...converters };
    if (connector.kind === "source") {
      const task = new (connector.taskClass() as TaskClass<SourceTask>)();
      const clientConfigs = this.#clientConfigs(connectorConfig, "producer", {
        "client.id": `connector-producer-${name}-${id.task}`,
        acks: "all",
        "max.in.flight.requests.per.connection": "1",
        "enable.idempotence": "false",
        // Kafka's Worker#baseProducerConfigs: a task's send is retried until it succeeds (a broker
        // outage stalls the task instead of failing it); overridable by producer.* settings.
        "delivery.timeout.ms": String(2 ** 31 - 1),
      });
      return new WorkerSourceTask({
        ...common,
        task,
        producer: this.#clients.producer(clientConfigs),
        offsetReader: new OffsetStorageReaderImpl(this.#options.offsetStore, name),
        offsetWriter: new OffsetStorageWriter(this.#options.offsetStore, name),
        offsetFlushIntervalMs: flush,
        offsetFlushTimeoutMs: this.config.values["offset.flush.timeout.ms"],
        stages: this.#stages.source(name, id.task, connectorConfig, converters),
      });
    }
    const task = new (connector.taskClass() as TaskClass<SinkTask>)();
    const clientConfigs = this.#clientConfigs(connectorConfig, "consumer", {
      "group.id": sinkGroupId(name, connectorConfig),
      "client.id": `connector-consumer-${name}-${id.task}`,
      "enable.auto.commit": "false",
      "auto.offset.reset": "earliest",
    });
    const topicsRegex = (taskConfig["topics.regex"] ?? connectorConfig["topics.regex"] ?? "").trim();
    return new WorkerSinkTask({
      ...common,
      task,
      consumer: this.#clients.consumer(clientConfigs),
      topics: parseTopicsList({ topics: taskConfig["topics"] ?? connectorConfig["topics"] }),
      topicsRegex: topicsRegex ? fullMatch(compileJavaRegex(topicsRegex)) : null,
      offsetFlushIntervalMs: flush,
      stages: this.#stages.sink(name, id.task, connectorConfig, converters),
    });
  }

  /**
   * A task's client configs: `bootstrap.servers`, the runtime's defaults, then the worker's
   * `producer.*`/`consumer.*`, then the connector's `producer.override.*`/`consumer.override.*`
   * (unless `connector.client.config.override.policy=None`).
   */
  #clientConfigs(connectorConfig: ConfigMap, kind: "producer" | "consumer" | "admin", defaults: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {
      "bootstrap.servers": this.config.values["bootstrap.servers"].join(","),
      ...commonClientConfigs(this.config),
      ...defaults,
      ...originalsWithPrefix(this.config, `${kind}.`),
    };
    // group.id of a sink is the connector's; only consumer.override.group.id changes it.
    if (kind === "consumer" && defaults["group.id"]) out["group.id"] = defaults["group.id"];
    const policy = (this.config.originals["connector.client.config.override.policy"] ?? "All").trim();
    if (policy.toLowerCase() !== "none") {
      const prefix = `${kind}.override.`;
      for (const [k, v] of Object.entries(connectorConfig)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    }
    return out;
  }

  /** The connector's converter when its config names one (with its own prefixed settings), else the worker's. */
  #converter(connectorConfig: ConfigMap, key: "key.converter" | "value.converter", isKey: boolean): [Converter, string] {
    const fromConnector = connectorConfig[key]?.trim();
    const className = fromConnector || this.config.values[key];
    const settings = fromConnector ? prefixed(connectorConfig, `${key}.`) : originalsWithPrefix(this.config, `${key}.`);
    const plugin = this.#plugins.converter(className);
    const converter = plugin.create();
    converter.configure(settings, isKey);
    return [converter, plugin.className];
  }

  #headerConverter(connectorConfig: ConfigMap): [HeaderConverter, string] {
    const fromConnector = connectorConfig["header.converter"]?.trim();
    const className = fromConnector || this.config.values["header.converter"];
    const settings = fromConnector ? prefixed(connectorConfig, "header.converter.") : originalsWithPrefix(this.config, "header.converter.");
    const plugin = this.#plugins.headerConverter(className);
    const converter = plugin.create();
    converter.configure({ ...settings, "converter.type": "header" });
    return [converter, plugin.className];
  }
}

/** Owner of the worker's own secrets in the redactor: connector names never hold control characters. */
const WORKER_SECRETS = "\u0000worker";

/** Password values of the worker's client settings (`sasl.jaas.config`, `producer.ssl.key.password`, …). */
function workerSecrets(config: WorkerConfig): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(config.originals)) {
    const bare = key.replace(/^(producer|consumer|admin)\./, "");
    if (isClientPasswordConfig(bare)) out.push(value);
  }
  return out;
}

/** `<title> values:` and one `\tkey = value` line per key, sorted, secret values as `[hidden]`. */
function configDump(title: string, config: ConfigMap, secretKeys: ReadonlySet<string>): string {
  const lines = Object.keys(config)
    .sort()
    .map((key) => `\t${key} = ${secretKeys.has(key) ? HIDDEN : config[key]}`);
  return [`${title} values: `, ...lines].join("\n");
}

/** A listener that reports errors with the registered secrets masked (status traces). */
function redactingListener(listener: StatusListener, secrets: SecretRedactor): StatusListener {
  return {
    onConnectorStatus: (connector, state, error) => listener.onConnectorStatus(connector, state, error === undefined ? undefined : redactError(error, secrets)),
    onTaskStatus: (id, state, error) => listener.onTaskStatus(id, state, error === undefined ? undefined : redactError(error, secrets)),
    onTopicActive: (connector, topic, task) => listener.onTopicActive(connector, topic, task),
  };
}

/** The consumer group of a sink connector: `connect-<name>` unless `consumer.override.group.id`. */
export function sinkGroupId(name: string, connectorConfig: ConfigMap): string {
  return connectorConfig["consumer.override.group.id"] ?? `connect-${name}`;
}

/** `tasks.max` (default 1). */
export function parseMaxTasks(config: ConfigMap): number {
  const raw = config["tasks.max"];
  if (raw === undefined) return 1;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 1) throw ConfigError.invalidValue("tasks.max", raw, "Value must be at least 1");
  return value;
}

/** Kafka subscribes with `Pattern.matches` (the whole name); kafkajs tests the RegExp as given. */
function fullMatch(regex: RegExp): RegExp {
  return new RegExp(`^(?:${regex.source})$`, regex.flags);
}

function prefixed(config: ConfigMap, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** Worker-level client settings every client inherits (security, DNS, timeouts), as Kafka passes them. */
export function commonClientConfigs(config: WorkerConfig): Record<string, string> {
  const keys = /^(security\.protocol|sasl\.|ssl\.|client\.dns\.lookup|request\.timeout\.ms|retry\.backoff\.|metadata\.max\.age\.ms|socket\.connection\.setup\.timeout\.ms)/;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals)) if (keys.test(k)) out[k] = v;
  return out;
}

function safeVersion(connector: Connector): string {
  try {
    return connector.version();
  } catch {
    return "unknown";
  }
}
