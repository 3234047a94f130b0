import { createDistributedHerder } from "../connect/distributed/distributed-herder";
import { DISTRIBUTED_REQUIRED_KEYS } from "../connect/worker-config";
import { untilSignal } from "./options";
import { readPropertiesFile } from "../connect/properties";
import { reportStartupFailure } from "./standalone-command";
import { exitOnSecondSignal, StartupError, startWorker, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime";

const usage = `Usage: ferry distributed worker.properties

Runs a distributed Connect worker, as Kafka's connect-distributed.sh does. Workers with the same
group.id share connectors and tasks through Kafka: configs, offsets and statuses live in the
compacted topics named by config.storage.topic, offset.storage.topic and status.storage.topic
(created when missing), and the group protocol assigns the work. Worker properties are Kafka's:
bootstrap.servers, group.id, key.converter, value.converter, listeners,
rest.advertised.host.name/port, session.timeout.ms, heartbeat.interval.ms, rebalance.timeout.ms,
scheduled.rebalance.max.delay.ms, plugin.path...

Exit codes: 1 usage, 2 startup error, 3 failure to start Connect.`;

export interface DistributedDeps {
  /** Test seams for the worker composition (cluster id lookup). */
  worker?: Omit<WorkerRuntimeOptions, "workerProps" | "createHerder" | "requiredKeys">;
  /** Resolves when the worker should stop (default: SIGINT/SIGTERM). */
  stopSignal?: (runtime: WorkerRuntime) => Promise<unknown>;
  print?: (line: string) => void;
}

/** `ferry distributed`; returns the process exit code. */
export async function runDistributed(args: string[], deps: DistributedDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  const [workerFile] = args;
  if (workerFile === undefined || args.length > 1 || args.includes("--help") || args.includes("-h")) {
    console.error(usage);
    return 1;
  }
  let runtime: WorkerRuntime;
  try {
    const workerProps = await readPropertiesFile(workerFile).catch((err: unknown) => {
      throw new StartupError(`Could not read worker properties '${workerFile}': ${err instanceof Error ? err.message : String(err)}`, 2, { cause: err });
    });
    runtime = await startWorker({
      ...deps.worker,
      workerProps,
      requiredKeys: DISTRIBUTED_REQUIRED_KEYS,
      createHerder: (options) => createDistributedHerder(options),
    });
  } catch (err) {
    return reportStartupFailure(err);
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

export const distributedCommand = {
  summary: "run a distributed Connect worker (like connect-distributed.sh)",
  usage,
  usageExitCode: 1,
  run: (args: string[]) => runDistributed(args),
};
