import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { z } from "zod";
import { join, resolve } from "node:path";
import { startBroker, type Broker } from "../broker/broker";
import { startConsoleServer, type ConsoleServer } from "../console/console-server";
import { exposedWarning, isLoopbackHost } from "./exposure";
import { listenAddress, parseOptions, untilSignal } from "./options";
import { reportStartupFailure } from "./standalone-command";
import { UsageError } from "./usage-error";
import { exitOnSecondSignal, startWorker, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime";

const usage = `Usage: ferry start [options]

Starts Ferry on one machine: the embedded Kafka-protocol broker (unless --bootstrap-servers points
at another Kafka) and a standalone Connect worker whose REST API is Kafka Connect's. JSON converters
with schemas enabled; all state under --data-dir.

Options:
  --data-dir DIR                 where all state is kept (default ./data): broker/, connect.offsets,
                                 connect-configs.json, audit.log; FileStream and SpoolDir connectors
                                 may use files under it and under the current directory
  --users-file FILE              users and roles for the REST API and the console (see
                                 \`ferry users\`; default: DIR/users when it exists, else no login)
  --broker-listen HOST:PORT      embedded broker address (default 127.0.0.1:9092)
  --bootstrap-servers LIST       use this Kafka cluster instead of the embedded broker
  --rest-listen HOST:PORT        Connect REST API address (default 127.0.0.1:8083)
  --console-listen HOST:PORT     web console address (default 127.0.0.1:3000), or "none"
  --plugin-path LIST             plugin.path: comma-separated folders of connector plugins
                                 (default: FERRY_PLUGIN_PATH)
  --file-allowed-paths LIST      connector.file.allowed.paths: comma-separated directories the
                                 FileStream and SpoolDir connectors may use (default: DIR and the
                                 current directory)`;

const schema = z.object({
  "data-dir": z.string().min(1).default("./data"),
  "broker-listen": listenAddress.prefault("127.0.0.1:9092"),
  "bootstrap-servers": z.string().trim().min(1).optional(),
  "rest-listen": listenAddress.prefault("127.0.0.1:8083"),
  "plugin-path": z.string().trim().min(1).optional(),
  "users-file": z.string().trim().min(1).optional(),
  "file-allowed-paths": z.string().trim().min(1).optional(),
  "console-listen": z.union([z.literal("none"), listenAddress]).prefault("127.0.0.1:3000"),
});

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const OFFSETS_FILE = "connect.offsets";
const CONFIGS_FILE = "connect-configs.json";
const AUDIT_FILE = "audit.log";
export const USERS_FILE = "users";

/** The worker properties `ferry start` runs with (Kafka's connect-standalone.properties, under dataDir). */
export function startWorkerProps(options: {
  bootstrapServers: string;
  dataDir: string;
  rest: { host: string; port: number };
  pluginPath?: string;
  usersFile?: string;
  fileAllowedPaths?: string;
}): Record<string, string> {
  const host = options.rest.host.includes(":") ? `[${options.rest.host}]` : options.rest.host;
  return {
    "bootstrap.servers": options.bootstrapServers,
    "key.converter": JSON_CONVERTER,
    "value.converter": JSON_CONVERTER,
    "key.converter.schemas.enable": "true",
    "value.converter.schemas.enable": "true",
    "offset.storage.file.filename": join(options.dataDir, OFFSETS_FILE),
    "config.storage.file.filename": join(options.dataDir, CONFIGS_FILE),
    "offset.flush.interval.ms": "10000",
    listeners: `http://${host}:${options.rest.port}`,
    "audit.log.file": join(options.dataDir, AUDIT_FILE),
    ...(options.pluginPath ? { "plugin.path": options.pluginPath } : {}),
    ...(options.usersFile ? { "rest.auth.users.file": options.usersFile } : {}),
    ...(options.fileAllowedPaths ? { "connector.file.allowed.paths": options.fileAllowedPaths } : {}),
  };
}

export interface StartDeps {
  startConsole?: typeof startConsoleServer;
  worker?: Omit<WorkerRuntimeOptions, "workerProps">;
  stopSignal?: (parts: { broker?: Broker; worker: WorkerRuntime }) => Promise<unknown>;
  print?: (line: string) => void;
}

/** `ferry start`; returns the process exit code. */
export async function runStart(args: string[], deps: StartDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  const { values, positionals } = parseOptions(args, Object.keys(schema.shape), schema);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const dataDir = resolve(values["data-dir"]);
  // An explicit --users-file, else the data directory's users file once `ferry users add` made one.
  const defaultUsers = join(dataDir, USERS_FILE);
  const usersFile = values["users-file"] !== undefined ? resolve(values["users-file"]) : existsSync(defaultUsers) ? defaultUsers : undefined;
  // The console calls the bundled worker with this token, for its signed-in users; new per process.
  const consoleToken = randomBytes(32).toString("base64url");

  let broker: Broker | undefined;
  let worker: WorkerRuntime;
  let bootstrapServers: string;
  try {
    if (values["bootstrap-servers"] === undefined) {
      broker = await startBroker({ host: values["broker-listen"].host, port: values["broker-listen"].port, dataDir: join(dataDir, "broker") });
      print(`Ferry embedded broker listening on ${broker.host}:${broker.port} (data in ${broker.dataDir})`);
      // The embedded broker has no authentication at all.
      if (!isLoopbackHost(broker.host)) {
        print(exposedWarning("The embedded broker", `${broker.host}:${broker.port}`, "Any Kafka client that reaches it can read and write every topic; use --broker-listen 127.0.0.1:PORT."));
      }
    }
    bootstrapServers = values["bootstrap-servers"] ?? (broker as Broker).bootstrapServers;
    const workerProps = startWorkerProps({ bootstrapServers, dataDir, rest: values["rest-listen"], pluginPath: values["plugin-path"],
      usersFile,
      fileAllowedPaths: values["file-allowed-paths"],
    });
    worker = await startWorker({ ...deps.worker, consoleToken, workerProps });
  } catch (err) {
    await broker?.close();
    return reportStartupFailure(err);
  }
  worker.markReady();

  print(
    `Ferry worker ${worker.workerId} on Kafka cluster ${worker.clusterId}: offsets in ${join(dataDir, OFFSETS_FILE)}, connector configs in ${join(dataDir, CONFIGS_FILE)}`,
  );
  for (const url of worker.urls) print(`Ferry worker REST API listening on ${url}`);
  print(usersFile ? `Ferry authentication on: users from ${usersFile}` : `Ferry authentication off (no users file; create one with \`ferry users add NAME --role admin\`)`);
  // An exposed REST API without authentication is warned about by the worker itself (as for standalone).
  print(`Ferry audit log: ${join(dataDir, AUDIT_FILE)}`);
  let console_: ConsoleServer | undefined;
  const consoleListen = values["console-listen"];
  if (consoleListen !== "none") {
    try {
      console_ = await (deps.startConsole ?? startConsoleServer)({
        host: consoleListen.host,
        port: consoleListen.port,
        connectUrl: worker.urls[0] as string,
        bootstrapServers,
        usersFile,
        auditFile: join(dataDir, AUDIT_FILE),
        connectToken: consoleToken,
        print,
      });
      print(`Ferry console listening on ${console_.url}`);
      if (!usersFile && !isLoopbackHost(consoleListen.host)) {
        print(exposedWarning("The console", console_.url, "Anyone who reaches it can manage connectors and topics; add users with `ferry users add` or use --console-listen 127.0.0.1:PORT."));
      }
    } catch (err) {
      // The worker keeps running: the REST API is what connectors need.
      worker.logger.error(`The console did not start: ${err instanceof Error ? err.message : String(err)}`);
      print("The Ferry console did not start (see the log); the worker and its REST API are running.");
    }
  }

  const reason = await (deps.stopSignal ?? (() => untilSignal()))({ broker, worker });
  print(`ferry: ${typeof reason === "string" ? `${reason} received, ` : ""}shutting down`);
  const unhook = deps.stopSignal ? () => {} : exitOnSecondSignal(worker.logger);
  await console_?.close();
  await worker.stop();
  await broker?.close();
  unhook();
  return 0;
}

export const startCommand = {
  summary: "start Ferry: embedded broker + Connect worker (what `npm start` runs)",
  usage,
  run: (args: string[]) => runStart(args),
};
