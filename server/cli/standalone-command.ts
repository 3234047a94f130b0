import { readConnectorFile } from "./connector-files";
import { untilSignal } from "./options";
import { readPropertiesFile } from "../connect/properties";
import { exitOnSecondSignal, StartupError, startWorker, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime";

const usage = `Usage: ferry standalone worker.properties [connector1.properties connector2.json ...]

Runs a standalone Connect worker, as Kafka's connect-standalone.sh does. The worker properties
are Kafka's (bootstrap.servers, key.converter, value.converter, offset.storage.file.filename,
listeners...); an empty string means no properties. Each connector file is a JSON object of
strings, a JSON {"name","config","initial_state"} object or a .properties file; its connector is
created, or updated when it already exists (Ferry keeps standalone connector configs across restarts).

Exit codes: 1 usage, 2 startup error, 3 failure to start Connect or to create a connector.`;

export interface StandaloneDeps {
  /** Test seams for the worker composition (cluster id lookup, herder factory). */
  worker?: Omit<WorkerRuntimeOptions, "workerProps">;
  /** Resolves when the worker should stop (default: SIGINT/SIGTERM). */
  stopSignal?: (runtime: WorkerRuntime) => Promise<unknown>;
  /** Where the "listening on" lines go (default: stdout). */
  print?: (line: string) => void;
}

/** `ferry standalone`; returns the process exit code. */
export async function runStandalone(args: string[], deps: StandaloneDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  const [workerFile, ...connectorFiles] = args;
  if (workerFile === undefined || args.includes("--help") || args.includes("-h")) {
    console.error(usage);
    return 1;
  }

  let runtime: WorkerRuntime;
  try {
    const workerProps = await readPropertiesFile(workerFile).catch((err: unknown) => {
      throw new StartupError(`Could not read worker properties '${workerFile}': ${err instanceof Error ? err.message : String(err)}`, 2, { cause: err });
    });
    runtime = await startWorker({ ...deps.worker, workerProps });
  } catch (err) {
    return reportStartupFailure(err);
  }

  try {
    for (const path of connectorFiles) {
      const request = await readConnectorFile(path);
      const { created } = await runtime.herder.putConnectorConfig(request.name, request.config, {
        allowReplace: true,
        initialState: request.initialState,
      });
      runtime.logger.info(`${created ? "Created" : "Updated"} connector ${request.name} from '${path}'`);
    }
  } catch (err) {
    runtime.logger.error(`Stopping after connector error: ${err instanceof Error ? err.message : String(err)}`);
    await runtime.stop();
    return 3;
  }
  runtime.markReady();

  for (const url of runtime.urls) print(`Ferry worker REST API listening on ${url}`);
  const reason = await (deps.stopSignal ?? (() => untilSignal()))(runtime);
  runtime.logger.info(`Ferry worker stopping${typeof reason === "string" ? ` (${reason})` : ""}`);
  const unhook = deps.stopSignal ? () => {} : exitOnSecondSignal(runtime.logger);
  await runtime.stop();
  unhook();
  return 0;
}

/** Logs a startup failure the way Kafka's CLI does and returns its exit code. */
export function reportStartupFailure(err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`Stopping due to error: ${message}`);
  return err instanceof StartupError ? err.exitCode : 2;
}

export const standaloneCommand = {
  summary: "run a standalone Connect worker (like connect-standalone.sh)",
  usage,
  /** Kafka's CLI exits 1 after printing its usage, --help included. */
  usageExitCode: 1,
  run: (args: string[]) => runStandalone(args),
};
