import { ConnectError, type ConfigMap, type Connector, type ConnectorContext, type SourceConnectorContext } from "../api";
import type { ConnectorState, TargetState } from "../../../lib/connect/schemas";
import type { OffsetStorageReaderImpl } from "../storage/offset-storage-reader";
import type { Logger } from "./loggers";
import { nextState, type StatusEvent, type StatusListener } from "./status";

/**
 * Runs one Connector instance through its target states (Kafka's WorkerConnector): STARTED calls
 * start(), PAUSED and STOPPED call stop(); a connector that FAILED refuses PAUSED/STARTED until it
 * is restarted, but can be STOPPED. Failures never escape: the status becomes FAILED with the trace.
 */
export interface WorkerConnectorOptions {
  name: string;
  connector: Connector;
  config: ConfigMap;
  listener: StatusListener;
  logger: Logger;
  /** Source connectors read committed offsets through it. */
  offsetReader: OffsetStorageReaderImpl | null;
  /** The connector asked for its task configs to be regenerated. */
  onTaskReconfiguration: () => void;
}

type InstanceState = "INIT" | "STARTED" | "PAUSED" | "STOPPED" | "FAILED";

export class WorkerConnector {
  readonly name: string;
  readonly connector: Connector;
  readonly config: ConfigMap;
  readonly #options: WorkerConnectorOptions;
  readonly #log: Logger;
  #state: InstanceState = "INIT";
  #status: ConnectorState = "UNASSIGNED";
  #shutdown = false;
  /** Transitions run one after another. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: WorkerConnectorOptions) {
    this.name = options.name;
    this.connector = options.connector;
    this.config = options.config;
    this.#options = options;
    this.#log = options.logger;
  }

  get kind(): "source" | "sink" {
    return this.connector.kind;
  }

  /** Initializes the connector with its context; a failure marks it FAILED and is rethrown. */
  initialize(): void {
    try {
      const context: SourceConnectorContext = {
        requestTaskReconfiguration: () => {
          if (!this.#shutdown && this.#state === "STARTED") this.#options.onTaskReconfiguration();
        },
        raiseError: (error: Error) => this.#fail(error),
        offsetStorageReader: () => {
          if (!this.#options.offsetReader) throw new ConnectError("Sink connectors have no offset storage reader");
          return this.#options.offsetReader;
        },
      };
      // Sink connectors get the same object; they only see the ConnectorContext part.
      (this.connector.initialize as (ctx: ConnectorContext) => void).call(this.connector, context);
    } catch (err) {
      this.#fail(err);
      throw new ConnectError(`Failed to initialize connector ${this.name}`, { cause: err });
    }
  }

  /**
   * Moves the instance to a target state. Rejects with Kafka's `Failed to transition connector <name>
   * to state <S>` (cause attached) when the connector's start/stop threw, or when it has failed.
   */
  transitionTo(target: TargetState): Promise<void> {
    const run = this.#tail.then(() => this.#doTransitionTo(target));
    this.#tail = run.catch(() => {});
    return run;
  }

  /** True while the connector is STARTED (tasks may be generated). */
  isRunning(): boolean {
    return this.#state === "STARTED";
  }

  isFailed(): boolean {
    return this.#state === "FAILED";
  }

  async taskConfigs(maxTasks: number): Promise<ConfigMap[]> {
    return await this.connector.taskConfigs(maxTasks);
  }

  /** Stops the instance for good (rebalance, removal, worker shutdown): status UNASSIGNED. */
  async shutdown(): Promise<void> {
    await this.#tail;
    this.#shutdown = true;
    if (this.#state === "STARTED") {
      try {
        await this.connector.stop();
      } catch (err) {
        this.#log.error(`${this.#describe()} Error while shutting down connector`, err);
        this.#report("failure", err);
        this.#state = "FAILED";
        return;
      }
    }
    this.#state = "STOPPED";
    this.#report("shutdown");
  }

  async #doTransitionTo(target: TargetState): Promise<void> {
    if (this.#shutdown) return;
    if (this.#state === "FAILED" && target !== "STOPPED") {
      throw new ConnectError(`${this.#describe()} Cannot transition connector to ${target} since it has failed`);
    }
    this.#log.debug(`${this.#describe()} Transition connector to ${target}`);
    if (target === "STARTED") {
      if (this.#state === "STARTED") return;
      const resuming = this.#state === "PAUSED" || this.#state === "STOPPED";
      try {
        await this.connector.start(this.config);
      } catch (err) {
        this.#log.error(`${this.#describe()} Error while starting connector`, err);
        this.#fail(err);
        throw new ConnectError(`Failed to transition connector ${this.name} to state ${target}`, { cause: err });
      }
      this.#state = "STARTED";
      this.#report(resuming ? "resume" : "startup");
      return;
    }
    const newState = target === "PAUSED" ? "PAUSED" : "STOPPED";
    if (this.#state === "STARTED") {
      try {
        await this.connector.stop();
      } catch (err) {
        this.#log.error(`${this.#describe()} Error while stopping connector`, err);
        if (target === "PAUSED") {
          this.#fail(err);
          throw new ConnectError(`Failed to transition connector ${this.name} to state ${target}`, { cause: err });
        }
        // A failure in stop() during STOP still yields STOPPED.
      }
    }
    this.#state = newState;
    this.#report(target === "PAUSED" ? "pause" : "stop");
  }

  /** Marks the connector FAILED (e.g. it generated more tasks than tasks.max). */
  fail(error: unknown): void {
    this.#fail(error);
  }

  #fail(error: unknown): void {
    this.#state = "FAILED";
    this.#report("failure", error);
  }

  #report(event: StatusEvent, error?: unknown): void {
    const next = nextState(this.#status, event);
    if (next === null) return;
    this.#status = next;
    try {
      this.#options.listener.onConnectorStatus(this.name, next, error);
    } catch (err) {
      this.#log.error("Status listener failed", err);
    }
  }

  #describe(): string {
    return `WorkerConnector{id=${this.name}}`;
  }
}
