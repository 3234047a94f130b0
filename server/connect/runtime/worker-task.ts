import type { ConnectorState, ConnectorTaskId, TargetState } from "../../../lib/connect/schemas";
import type { Clock } from "./clock";
import type { Logger } from "./loggers";
import { nextState, type StatusEvent, type StatusListener } from "./status";

/**
 * The template every running task follows (Kafka's WorkerTask): the base class owns the lifecycle —
 * wait while paused before starting, start, run the loop, report status, close — and subclasses fill
 * in three hooks: `initializeAndStart`, `execute` and `close` (plus optional pause/resume/stop
 * reactions). Errors in task code never escape: the status becomes FAILED with the trace.
 */
export interface WorkerTaskOptions {
  id: ConnectorTaskId;
  listener: StatusListener;
  /** A logger carrying the task's `[name|task-n]` context. */
  logger: Logger;
  clock: Clock;
  /** STARTED or PAUSED (tasks are never created for a STOPPED connector). */
  initialState: TargetState;
}

export abstract class WorkerTask {
  readonly id: ConnectorTaskId;
  protected readonly log: Logger;
  protected readonly clock: Clock;
  readonly #listener: StatusListener;
  #target: TargetState;
  #status: ConnectorState = "UNASSIGNED";
  #started = false;
  #stopping = false;
  #cancelled = false;
  #done: Promise<void> | undefined;
  /** Aborted on pause and on stop: what a blocking poll()/wait listens to. Replaced on resume. */
  #activeController = new AbortController();
  readonly #stopController = new AbortController();
  #resumeWaiters: ((resumed: boolean) => void)[] = [];

  constructor(options: WorkerTaskOptions) {
    this.id = options.id;
    this.log = options.logger;
    this.clock = options.clock;
    this.#listener = options.listener;
    this.#target = options.initialState === "PAUSED" ? "PAUSED" : "STARTED";
    if (this.#target === "PAUSED") this.#activeController.abort();
  }

  /** Starts the task's lifecycle; the promise settles (never rejects) once it has closed. */
  run(): Promise<void> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /** Asks the task to stop; `awaitStop` waits for it. */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#activeController.abort();
    this.#stopController.abort();
    for (const waiter of this.#resumeWaiters.splice(0)) waiter(false);
    try {
      this.onStopRequested();
    } catch (err) {
      this.log.warn("Error while requesting the task to stop", err);
    }
  }

  /** Abandons a task that did not stop in time: it reports nothing more and releases what it can. */
  cancel(): void {
    this.#cancelled = true;
    this.stop();
    try {
      this.onCancel();
    } catch (err) {
      this.log.warn("Error while cancelling the task", err);
    }
  }

  /** True when the task finished within `timeoutMs` (or never ran). */
  async awaitStop(timeoutMs: number): Promise<boolean> {
    if (!this.#done) return true;
    let cancelTimer: () => void = () => {};
    const timedOut = new Promise<false>((resolve) => {
      cancelTimer = this.clock.schedule(timeoutMs, () => resolve(false));
    });
    const finished = this.#done.then(() => true as const);
    try {
      return await Promise.race([finished, timedOut]);
    } finally {
      cancelTimer();
    }
  }

  /** Applies a target state (PAUSED or STARTED) to the running task. */
  transitionTo(target: TargetState): void {
    if (this.#stopping || target === "STOPPED" || target === this.#target) return;
    this.#target = target;
    if (target === "PAUSED") {
      this.#activeController.abort();
      if (this.#started) this.#report("pause");
      this.onPaused();
    } else {
      this.#activeController = new AbortController();
      for (const waiter of this.#resumeWaiters.splice(0)) waiter(true);
      if (this.#started) this.#report("resume");
      this.onResumed();
    }
  }

  get targetState(): TargetState {
    return this.#target;
  }

  get status(): ConnectorState {
    return this.#status;
  }

  isStopping(): boolean {
    return this.#stopping;
  }

  isPaused(): boolean {
    return this.#target === "PAUSED";
  }

  isCancelled(): boolean {
    return this.#cancelled;
  }

  /** Aborts when the task is paused or stopped: pass it to anything that may block. */
  protected get activeSignal(): AbortSignal {
    return this.#activeController.signal;
  }

  /** Aborts when the task is stopped. */
  protected get stopSignal(): AbortSignal {
    return this.#stopController.signal;
  }

  /** Resolves true once resumed, false if the task is stopped first. */
  protected awaitUnpause(): Promise<boolean> {
    if (this.#stopping) return Promise.resolve(false);
    if (!this.isPaused()) return Promise.resolve(true);
    return new Promise((resolve) => this.#resumeWaiters.push(resolve));
  }

  /** Creates the task's resources and calls the plugin's start(). */
  protected abstract initializeAndStart(): Promise<void>;
  /** The task's loop; returns when the task is stopping, throws to fail the task. */
  protected abstract execute(): Promise<void>;
  /** Releases everything; called once, whether the task stopped or failed. */
  protected abstract close(): Promise<void>;
  protected onPaused(): void {}
  protected onResumed(): void {}
  protected onStopRequested(): void {}
  protected onCancel(): void {}

  async #run(): Promise<void> {
    let failure: unknown;
    let failed = false;
    try {
      let proceed = true;
      if (this.isPaused()) {
        this.#report("pause");
        proceed = await this.awaitUnpause();
      }
      if (proceed && !this.#stopping) {
        await this.initializeAndStart();
        this.#started = true;
        this.#report("startup");
        if (this.isPaused()) this.#report("pause");
        await this.execute();
      }
    } catch (err) {
      failed = true;
      failure = err;
    } finally {
      try {
        await this.close();
      } catch (err) {
        this.log.warn("Error while closing the task", err);
      }
    }
    if (failed) {
      if (this.#cancelled) {
        this.log.warn(`${this.#describe()} After being scheduled for shutdown, the orphan task threw an uncaught exception. A newer instance of this task might be already running`, failure);
      } else {
        this.log.error(`${this.#describe()} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`, failure);
        this.#report("failure", failure);
      }
      return;
    }
    this.#report("shutdown");
  }

  #describe(): string {
    return `WorkerTask{id=${this.id.connector}-${this.id.task}}`;
  }

  #report(event: StatusEvent, error?: unknown): void {
    if (this.#cancelled) return;
    const next = nextState(this.#status, event);
    if (next === null) {
      this.log.debug(`Ignoring ${event} of a task in state ${this.#status}`);
      return;
    }
    this.#status = next;
    try {
      this.#listener.onTaskStatus(this.id, next, error);
    } catch (err) {
      this.log.error("Status listener failed", err);
    }
  }
}
