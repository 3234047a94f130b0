import { hostname } from "node:os";
import { Kafka, logLevel } from "kafkajs";
import type { Herder } from "../connect/herder/herder";
import { createStandaloneHerder } from "../connect/herder/standalone-herder";
import { loadPluginPath, type PluginLoadFailure } from "../connect/plugins/loader";
import { FileAccessPolicy, withFileAccess } from "../connect/plugins/connectors/file-access";
import { fileStreamSinkPlugin } from "../connect/plugins/connectors/file-stream-sink";
import { fileStreamSourcePlugin } from "../connect/plugins/connectors/file-stream-source";
import { spoolDirPlugin } from "../connect/plugins/connectors/spooldir";
import { createPluginRegistry } from "../connect/plugins/registry";
import { secretConfigKeys } from "../connect/herder/secret-keys";
import { AuditLog } from "../security/audit-log";
import { UserStore } from "../security/credentials";
import { isLoopbackHost } from "./exposure";
import type { PluginRegistry } from "../connect/plugins/types";
import { startRestServer, type RestListenerAddress, type RestServer } from "../connect/rest/rest-server";
import { Loggers, type Logger } from "../connect/runtime/loggers";
import { fileAllowedPaths, parseWorkerConfig, WorkerConfigError, type WorkerConfig } from "../connect/worker-config";

/**
 * Startup failed. `exitCode` follows Kafka's connect-standalone: 2 for anything before the herder
 * runs (config, plugins, Kafka, REST bind), 3 when starting Connect or a command-line connector fails.
 */
export class StartupError extends Error {
  override name = "StartupError";
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface HerderFactoryOptions {
  config: WorkerConfig;
  plugins: PluginRegistry;
  clusterId: string;
  workerId: string;
  /** Shared with the REST server and the CLI, so `/admin/loggers` governs every line. */
  loggers: Loggers;
}

export interface WorkerRuntimeOptions {
  /** The worker properties (a parsed `worker.properties`, or what `ferry start` composes). */
  workerProps: Record<string, string>;
  loggers?: Loggers;
  /** Kafka's cluster id lookup (default: kafkajs admin `describeCluster` on `bootstrap.servers`). */
  lookupClusterId?: (config: WorkerConfig) => Promise<string>;
  /** Default: the standalone herder. */
  createHerder?: (options: HerderFactoryOptions) => Herder;
  rest?: { maxBodyBytes?: number; requestTimeoutMs?: number };
  /** How long stop() waits for herder.stop before closing the REST listeners anyway (default 30 s). */
  stopTimeoutMs?: number;
  /** Keys the worker cannot start without (default: standalone's `offset.storage.file.filename`). */
  requiredKeys?: readonly string[];
  /** Where FERRY_PLUGIN_PATH is read from when the worker properties have no plugin.path (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `ferry start`: the console's per-process token, accepted by the REST API for the console's users. */
  consoleToken?: string;
}

export interface WorkerRuntime {
  readonly herder: Herder;
  readonly workerId: string;
  readonly clusterId: string;
  /** One per REST listener, as bound. */
  readonly urls: string[];
  readonly logger: Logger;
  /** plugin.path entries that could not be loaded (each also logged at ERROR); the others are installed. */
  readonly pluginFailures: readonly PluginLoadFailure[];
  /** The users file when REST authentication is on (`rest.auth.users.file`). */
  readonly usersFile: string | undefined;
  /** Where REST mutations are recorded (`audit.log.file`). */
  readonly auditFile: string | undefined;
  /** GET /health says healthy from now on (standalone: after the command-line connectors). */
  markReady(): void;
  /** herder.stop, then the REST listeners close (Kafka's Connect#stop). Safe to call twice. */
  stop(): Promise<void>;
}

const REST_LOGGER = "org.apache.kafka.connect.runtime.rest.RestServer";
const CLI_LOGGER = "org.apache.kafka.connect.cli.ConnectStandalone";
const PLUGIN_LOGGER = "org.apache.kafka.connect.runtime.isolation.PluginScanner";

/**
 * Composes and starts a standalone worker in Kafka's order (AbstractConnectCli#startConnect):
 * worker config → plugins → Kafka cluster id → REST listeners bound → herder created → herder
 * started → REST resources served. The caller then creates its connectors and calls markReady.
 */
export async function startWorker(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const loggers = options.loggers ?? new Loggers();
  const logger = loggers.logger(CLI_LOGGER);

  const config = startupStep(2, () => {
    const parsed = parseWorkerConfig(options.workerProps);
    for (const key of options.requiredKeys ?? ["offset.storage.file.filename"]) {
      if (!parsed.originals[key]?.trim()) throw new WorkerConfigError(`Missing required configuration "${key}" which has no default value.`);
    }
    return parsed;
  });
  // plugin.path (or FERRY_PLUGIN_PATH): a plugin that fails to load is logged and left out, never fatal.
  const pluginPath = config.values["plugin.path"].length > 0 ? config.values["plugin.path"] : pluginPathFromEnv(options.env ?? process.env);
  const builtins = createPluginRegistry();
  const loaded = await loadPluginPath(pluginPath, {
    logger: loggers.logger(PLUGIN_LOGGER),
    installed: (className) => builtins.find(className) !== undefined,
  });
  // The file connectors get the worker's allow-list (connector.file.allowed.paths) from the registry that creates them.
  const fileAccess = new FileAccessPolicy(fileAllowedPaths(config));
  const fileConnectors = [
    withFileAccess(fileStreamSourcePlugin, fileAccess),
    withFileAccess(fileStreamSinkPlugin, fileAccess),
    withFileAccess(spoolDirPlugin, fileAccess),
  ];
  const plugins = startupStep(2, () => createPluginRegistry([...fileConnectors, ...loaded.plugins.map((p) => p.descriptor)]));
  const usersFile = config.values["rest.auth.users.file"];
  const users = usersFile ? await startupStepAsync(2, () => UserStore.open(usersFile)) : undefined;
  const auditFile = config.values["audit.log.file"];
  const clusterId = await startupStepAsync(2, () => (options.lookupClusterId ?? lookupKafkaClusterId)(config));
  logger.info(`Kafka cluster ID: ${clusterId}`);

  const rest = await startupStepAsync(2, () =>
    startRestServer({
      listeners: config.values.listeners,
      logger: loggers.logger(REST_LOGGER),
      ...options.rest,
      auth: {
        users,
        auditLog: auditFile ? new AuditLog(auditFile, (err) => logger.error(`Cannot write the audit log ${auditFile}`, err)) : undefined,
        consoleToken: options.consoleToken,
        secretKeys: (connectorConfig) => secretConfigKeys(plugins, connectorConfig),
      },
    }),
  );
  if (users) logger.info(`REST authentication on: users from ${usersFile}`);
  for (const address of rest.addresses) {
    if (!users && !isLoopbackHost(address.host)) {
      logger.warn(
        `The REST API listens on ${address.url}, reachable from other machines, without authentication: anyone who reaches it can run connectors. ` +
          "Set rest.auth.users.file (see docs/security.md) or listen on 127.0.0.1.",
      );
    }
  }
  let herder: Herder;
  try {
    const workerId = advertisedWorkerId(config, rest.addresses);
    herder = startupStep(2, () => (options.createHerder ?? createStandaloneHerder)({ config, plugins, clusterId, workerId, loggers }));
    await startupStepAsync(3, () => herder.start(), "Failed to start Connect");
  } catch (err) {
    await rest.close();
    throw err;
  }
  rest.attachHerder(herder);
  return { ...runtime(herder, rest, clusterId, logger, options.stopTimeoutMs ?? 30_000, loaded.failures), usersFile, auditFile };
}

/** FERRY_PLUGIN_PATH: plugin.path for workers whose properties Ferry composes (`ferry start`). */
function pluginPathFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env["FERRY_PLUGIN_PATH"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function runtime(
  herder: Herder,
  rest: RestServer,
  clusterId: string,
  logger: Logger,
  stopTimeoutMs: number,
  pluginFailures: readonly PluginLoadFailure[],
): Omit<WorkerRuntime, "usersFile" | "auditFile"> {
  let stopping: Promise<void> | undefined;
  return {
    herder,
    workerId: herder.workerId,
    clusterId,
    urls: rest.urls,
    logger,
    pluginFailures,
    markReady: () => rest.markReady(),
    stop() {
      stopping ??= (async () => {
        try {
          // A herder stuck in stop must not keep the REST port (and the process) forever.
          const stopped = await withDeadline(herder.stop(), stopTimeoutMs);
          if (!stopped) logger.error(`The herder did not stop within ${stopTimeoutMs} ms; closing the REST listeners anyway`);
        } catch (err) {
          logger.error("Failed to stop the herder cleanly", err);
        }
        await rest.close();
      })();
      return stopping;
    },
  };
}

/**
 * Kafka's worker id: the advertised REST `host:port` (`rest.advertised.host.name` / `.port`), else
 * the first listener's host and bound port; an all-interfaces listener advertises the machine's
 * host name.
 */
export function advertisedWorkerId(config: WorkerConfig, addresses: readonly RestListenerAddress[], machine: () => string = hostname): string {
  const first = addresses[0];
  const listenerHost = first && !["", "0.0.0.0", "::"].includes(first.host) ? first.host : undefined;
  const host = config.values["rest.advertised.host.name"] || listenerHost || machine();
  const port = config.values["rest.advertised.port"] || first?.port || 8083;
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** ConnectUtils#lookupKafkaClusterId, with a kafkajs admin client. */
export async function lookupKafkaClusterId(config: WorkerConfig): Promise<string> {
  // kafkajs wants host:port; Kafka's parser tolerates a `PLAINTEXT://` style prefix.
  const brokers = config.values["bootstrap.servers"].map((b) => b.replace(/^[A-Za-z_]+:\/\//, ""));
  const admin = new Kafka({
    clientId: "ferry-worker-cluster-id",
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 300 },
  }).admin();
  try {
    await admin.connect();
    const { clusterId } = await admin.describeCluster();
    return clusterId;
  } catch (err) {
    throw new Error(
      `Failed to connect to and describe Kafka cluster at ${brokers.join(",")}. Check worker's broker connection and security properties. (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function startupStep<T>(exitCode: 2 | 3, step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw asStartupError(err, exitCode);
  }
}

async function startupStepAsync<T>(exitCode: 2 | 3, step: () => Promise<T>, prefix?: string): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw asStartupError(err, exitCode, prefix);
  }
}

function asStartupError(err: unknown, exitCode: 2 | 3, prefix?: string): StartupError {
  if (err instanceof StartupError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StartupError(prefix ? `${prefix}: ${message}` : message, exitCode, { cause: err });
}

/** True when work settles in time, false when the deadline passes first. */
async function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * After the first SIGINT/SIGTERM started a graceful shutdown, a second one exits at once (a stuck
 * task or Kafka client must not make Ctrl-C useless). Returns a function that removes the hook.
 */
export function exitOnSecondSignal(logger: Logger): () => void {
  const force = (signal: NodeJS.Signals) => {
    logger.warn(`${signal} received again; exiting without waiting for a clean shutdown`);
    process.exit(130);
  };
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  return () => {
    process.off("SIGINT", force);
    process.off("SIGTERM", force);
  };
}
