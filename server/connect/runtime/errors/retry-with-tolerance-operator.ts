import { ConnectError, RetriableError, type SourceRecord } from "../../api";
import { sleepUnlessAborted, type Clock } from "../clock";
import { SKIP, type ConsumedRecord, type Stage } from "../record-stages";

/**
 * Kafka's RetryWithToleranceOperator (KIP-298): runs one stage of one record, retrying
 * RetriableErrors with exponential backoff within `errors.retry.timeout`, reporting failures to the
 * reporters (log, dead letter queue), then skipping the record (`errors.tolerance=all`) or failing
 * the task with `Tolerance exceeded in error handler` (`none`).
 *
 * Converters and SMTs are synchronous, and the task's loop must not block the event loop while it
 * backs off: so the operator never sleeps in `onFailure`/`execute`. When a RetriableError may be
 * retried they throw a {@link RetryLater} naming the delay; the task awaits {@link RetryWithToleranceOperator.retry},
 * which waits out the backoff and runs the record's stages again (converters and SMTs are pure, so
 * running the stages before the failing one again changes nothing), continuing the attempt count
 * and the `errors.retry.timeout` deadline of the failing stage.
 *
 * Stopping: `triggerStop()` (called when the task is asked to stop) ends a backoff at once. Kafka
 * then marks the record failed (reported, skipped); here the record is abandoned instead: the task
 * neither processes it nor commits its offset, so it is processed again after a restart.
 */

/** Any exception is tolerated in these stages; elsewhere only RetriableError (as Kafka's TOLERABLE_EXCEPTIONS). */
const TOLERATE_ANY: ReadonlySet<Stage> = new Set<Stage>(["TRANSFORMATION", "KEY_CONVERTER", "VALUE_CONVERTER", "HEADER_CONVERTER"]);

export const RETRIES_DELAY_MIN_MS = 300;

/** Resolved by {@link RetryWithToleranceOperator.retry} when the task stopped during a backoff. */
export const STOPPED: unique symbol = Symbol("STOPPED");

/**
 * Thrown by `onFailure`/`execute` when a RetriableError is to be retried after `delayMs`: the task
 * hands it to `retry()`, which waits and runs the record again. Never a failure of the task.
 */
export class RetryLater extends Error {
  override name = "RetryLater";

  constructor(
    readonly stage: Stage,
    /** Attempts made so far. */
    readonly attempt: number,
    /** When the first attempt failed (clock ms): the `errors.retry.timeout` deadline counts from here. */
    readonly start: number,
    readonly delayMs: number,
    readonly error: RetriableError,
  ) {
    super(`Retrying stage ${stage} in ${delayMs} ms (attempt ${attempt + 1})`, { cause: error });
  }
}

/** What reporters learn about one failure (Kafka's ProcessingContext). */
export interface ErrorContext {
  stage: Stage;
  executingClass: string;
  error: Error;
  /** Sinks: the record as consumed (what the DLQ receives). */
  consumed: ConsumedRecord | null;
  /** Sources: the record as polled. */
  source: SourceRecord | null;
  attempt: number;
}

export interface ErrorReporter {
  /** May be asynchronous (a DLQ send): the operator keeps the promise for flush(). */
  report(context: ErrorContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

export type ErrorTolerance = "none" | "all";

export interface RetryWithToleranceOptions {
  /** `errors.retry.timeout`: 0 = no retries, -1 = retry forever. */
  retryTimeoutMs: number;
  /** `errors.retry.delay.max.ms`. */
  maxDelayMs: number;
  tolerance: ErrorTolerance;
  reporters: readonly ErrorReporter[];
  /** Measures the retry deadline and times the backoff waits. */
  clock: Clock;
  /** [0, 1) (default Math.random). */
  random?: () => number;
}

/** The error that fails the task when a failure is not tolerated. */
export class ToleranceExceededError extends ConnectError {
  override name = "ToleranceExceededError";

  constructor(
    readonly context: ErrorContext,
    cause: unknown,
  ) {
    super(`Tolerance exceeded in error handler. ${describeContext(context, false)}`, { cause });
  }
}

/** Kafka's ProcessingContext#toString, with the record's coordinates. */
export function describeContext(context: Omit<ErrorContext, "error" | "attempt">, includeMessage: boolean): string {
  let out = `Executing stage '${context.stage}' with class '${context.executingClass}'`;
  const consumed = context.consumed;
  if (consumed) {
    out += `, where consumed record is {topic='${consumed.topic}', partition=${consumed.partition}, offset=${consumed.offset}`;
    if (includeMessage && consumed.timestamp !== null) out += `, timestamp=${consumed.timestamp}, timestampType=CreateTime`;
    out += "}";
  } else if (context.source) {
    const r = context.source;
    if (includeMessage) {
      out += `, where source record is = ${String(r)}`;
    } else {
      out += `, where source record is {topic='${r.topic}', partition=${r.kafkaPartition ?? "null"}, sourcePartition=${JSON.stringify(r.sourcePartition)}, sourceOffset=${JSON.stringify(r.sourceOffset)}}`;
    }
  }
  return `${out}.`;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export class RetryWithToleranceOperator {
  readonly #options: RetryWithToleranceOptions;
  readonly #random: () => number;
  readonly #pending = new Set<Promise<void>>();
  readonly #stop = new AbortController();
  /** The retry `retry()` is running the record again for: a failure of that stage continues its attempts. */
  #resumed: RetryLater | null = null;
  #totalFailures = 0;
  #firstReportError: unknown = null;

  constructor(options: RetryWithToleranceOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
  }

  get tolerance(): ErrorTolerance {
    return this.#options.tolerance;
  }

  /** Failed records so far (tolerated or not). */
  get failures(): number {
    return this.#totalFailures;
  }

  get hasReporters(): boolean {
    return this.#options.reporters.length > 0;
  }

  /** True once {@link triggerStop} was called. */
  get stopping(): boolean {
    return this.#stop.signal.aborted;
  }

  /** Kafka's triggerStop: no more retries; a backoff in progress ends at once. */
  triggerStop(): void {
    this.#stop.abort();
  }

  /**
   * Runs the operation: its result, or SKIP when it failed and the failure is tolerated (see
   * {@link onFailure} for what else may be thrown).
   */
  execute<T>(stage: Stage, executingClass: string | (() => string), consumed: ConsumedRecord | null, source: SourceRecord | null, operation: () => T): T | typeof SKIP {
    try {
      return operation();
    } catch (err) {
      return this.onFailure(stage, executingClass, consumed, source, err);
    }
  }

  /**
   * One attempt of a stage failed with `error` (tasks run their stages directly and call this only
   * when one throws, so the record path pays nothing for error handling until something fails).
   * Returns SKIP when the failure is tolerated (it was reported). Throws {@link RetryLater} when a
   * RetriableError is to be retried after a backoff (see the class comment), ToleranceExceededError
   * when the failure is not tolerated, ConnectError("Unhandled exception in error handler") for a
   * non-retriable failure in a stage that tolerates only retriable ones.
   */
  onFailure(stage: Stage, executingClass: string | (() => string), consumed: ConsumedRecord | null, source: SourceRecord | null, error: unknown): typeof SKIP {
    let attempt = 1;
    let start = -1;
    const resumed = this.#resumed;
    if (resumed !== null && resumed.stage === stage) {
      // The record is being run again after a backoff: this stage continues its attempts.
      this.#resumed = null;
      attempt = resumed.attempt + 1;
      start = resumed.start;
    }
    if (error instanceof RetriableError) {
      if (start < 0) start = this.#options.clock.now();
      const delay = this.#retryDelay(attempt, start);
      if (delay !== null) throw new RetryLater(stage, attempt, start, delay, error);
    }
    if (!TOLERATE_ANY.has(stage) && !(error instanceof RetriableError)) {
      throw new ConnectError("Unhandled exception in error handler", { cause: error });
    }
    const cls = typeof executingClass === "string" ? executingClass : executingClass();
    return this.#failed({ stage, executingClass: cls, error: asError(error), consumed, source, attempt }, error);
  }

  /**
   * Kafka's executeFailed: a failure that happened outside `execute` (a produce the producer gave up
   * on, a record a sink task reported as errant) is reported; then nothing more happens when it is
   * tolerated, and ToleranceExceededError is thrown when it is not. The returned promise settles
   * once the reporters are done with it (rejects when one failed).
   */
  executeFailed(context: ErrorContext): Promise<void> {
    this.#totalFailures++;
    const reported = this.#dispatch(context).then(() => {
      if (this.#firstReportError !== null) throw this.#firstReportError;
    });
    if (this.#options.tolerance === "all") return reported;
    // The caller fails the task; whether the report worked is for flush() to say.
    reported.catch(() => {});
    throw new ToleranceExceededError(context, context.error);
  }

  /**
   * `first` was thrown by a stage of a record's processing: when it is a {@link RetryLater}, waits out
   * its backoff and runs `process` (the record's stages, from the first) again, until it completes
   * without asking for another retry. Resolves STOPPED when the task stopped during a wait; rethrows
   * anything else (also from a later run).
   */
  async retry<T>(first: unknown, process: () => T): Promise<T | typeof STOPPED> {
    let failure = first;
    try {
      for (;;) {
        if (!(failure instanceof RetryLater)) throw failure;
        if (!(await this.#backoff(failure.delayMs))) return STOPPED;
        this.#resumed = failure;
        try {
          return process();
        } catch (err) {
          failure = err;
        }
      }
    } finally {
      this.#resumed = null;
    }
  }

  /** Sends a failure to every reporter; never rejects: a failure is kept for flush(). */
  #dispatch(context: ErrorContext): Promise<void> {
    const all: Promise<void>[] = [];
    for (const reporter of this.#options.reporters) {
      try {
        const result = reporter.report(context);
        if (result instanceof Promise) all.push(result);
      } catch (err) {
        this.#firstReportError ??= err;
      }
    }
    if (all.length === 0) return Promise.resolve();
    const done = Promise.all(all).then(
      () => undefined,
      (err: unknown) => {
        this.#firstReportError ??= err;
      },
    );
    this.#pending.add(done);
    void done.then(() => this.#pending.delete(done));
    return done;
  }

  /** Waits for every report in progress; rejects when one failed (e.g. a DLQ write). */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    if (this.#firstReportError !== null) {
      throw new ConnectError("Failed to report an error to the dead letter queue or log", { cause: this.#firstReportError });
    }
  }

  async close(): Promise<void> {
    this.triggerStop();
    try {
      await this.flush();
    } finally {
      for (const reporter of this.#options.reporters) {
        try {
          await reporter.close?.();
        } catch {
          // Closing: nothing left to do with a reporter that failed to close.
        }
      }
    }
  }

  /** Reports a failure from `execute`, then skips the record (tolerance all) or throws. */
  #failed(context: ErrorContext, cause: unknown): typeof SKIP {
    this.#totalFailures++;
    void this.#dispatch(context);
    if (this.#options.tolerance === "all") return SKIP;
    throw new ToleranceExceededError(context, cause);
  }

  /**
   * Kafka: retry while the clock is before `start + errors.retry.timeout` (-1: forever) and the task
   * is not stopping, after 300 ms × 2^(attempt−1), or a random delay under `errors.retry.delay.max.ms`
   * once that is larger, never past the deadline. Null: no retry.
   */
  #retryDelay(attempt: number, start: number): number | null {
    const { retryTimeoutMs, maxDelayMs, clock } = this.#options;
    if (this.stopping) return null;
    const now = clock.now();
    const deadline = retryTimeoutMs < 0 ? Number.POSITIVE_INFINITY : start + retryTimeoutMs;
    if (now >= deadline) return null;
    let delay = RETRIES_DELAY_MIN_MS * 2 ** (attempt - 1);
    if (delay > maxDelayMs) delay = Math.floor(this.#random() * maxDelayMs);
    return Math.min(delay, Math.max(0, deadline - now));
  }

  /** False when the task stopped before the delay was over. */
  async #backoff(delayMs: number): Promise<boolean> {
    if (this.stopping) return false;
    return (await sleepUnlessAborted(this.#options.clock, delayMs, this.#stop.signal)) && !this.stopping;
  }
}
