import { ConnectError, RetriableError, type SourceRecord } from "../../api";
import type { Clock } from "../clock";
import { SKIP, type ConsumedRecord, type Stage } from "../record-stages";

/**
 * Kafka's RetryWithToleranceOperator (KIP-298): runs one stage of one record, retrying
 * RetriableErrors with exponential backoff within `errors.retry.timeout`, reporting failures to the
 * reporters (log, dead letter queue), then skipping the record (`errors.tolerance=all`) or failing
 * the task with `Tolerance exceeded in error handler` (`none`).
 *
 * Divergence from Kafka: converters and SMTs are synchronous here and share one event loop with the
 * other tasks (and, under `ferry start`, with the broker), so a backoff would have to block the whole
 * process. They cannot wait on anything either, so a delay cannot change their outcome. A
 * RetriableError in these stages is therefore retried at once, at most IMMEDIATE_ATTEMPTS times
 * within `errors.retry.timeout`, then handled by `errors.tolerance`. Tests inject `sleep` to check
 * Kafka's backoff schedule; put() and poll() retry asynchronously in the task loops.
 */

/** Any exception is tolerated in these stages; elsewhere only RetriableError (as Kafka's TOLERABLE_EXCEPTIONS). */
const TOLERATE_ANY: ReadonlySet<Stage> = new Set<Stage>(["TRANSFORMATION", "KEY_CONVERTER", "VALUE_CONVERTER", "HEADER_CONVERTER"]);

export const RETRIES_DELAY_MIN_MS = 300;
/** Attempts of one synchronous stage when no sleep is injected (see the class comment). */
export const IMMEDIATE_ATTEMPTS = 3;

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
  clock: Clock;
  /** Waits ms between attempts (tests pass one that advances a fake clock); without it, retries are immediate and bounded. */
  sleep?: (ms: number) => void;
  /** [0, 1) (default Math.random). */
  random?: () => number;
  /** True once the task is stopping: retries end early. */
  isStopping?: () => boolean;
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
  readonly #sleep: ((ms: number) => void) | undefined;
  readonly #random: () => number;
  readonly #pending = new Set<Promise<void>>();
  #totalFailures = 0;
  #firstReportError: unknown = null;

  constructor(options: RetryWithToleranceOptions) {
    this.#options = options;
    this.#sleep = options.sleep;
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

  /**
   * Runs the operation: its result, or SKIP when it failed and the failure is tolerated. Throws
   * ToleranceExceededError when it is not, ConnectError("Unhandled exception in error handler") for
   * a non-retriable failure in a stage that tolerates only retriable ones.
   */
  execute<T>(stage: Stage, executingClass: string | (() => string), consumed: ConsumedRecord | null, source: SourceRecord | null, operation: () => T): T | typeof SKIP {
    let attempt = 0;
    const start = this.#options.clock.now();
    for (;;) {
      attempt++;
      try {
        return operation();
      } catch (err) {
        if (err instanceof RetriableError && this.#canRetry(start, attempt)) {
          this.#backoff(attempt, start);
          if (!this.#options.isStopping?.()) continue;
        }
        if (!TOLERATE_ANY.has(stage) && !(err instanceof RetriableError)) {
          throw new ConnectError("Unhandled exception in error handler", { cause: err });
        }
        const cls = typeof executingClass === "string" ? executingClass : executingClass();
        const context: ErrorContext = { stage, executingClass: cls, error: asError(err), consumed, source, attempt };
        this.#totalFailures++;
        this.#dispatch(context);
        if (this.#options.tolerance === "all") return SKIP;
        throw new ToleranceExceededError(context, err);
      }
    }
  }

  /**
   * Sends a failure to every reporter (errant records reported by a task come here too); the
   * promise settles when they are done (rejects when one failed).
   */
  report(context: ErrorContext): Promise<void> {
    const done = this.#dispatch(context);
    return done.then(() => {
      if (this.#firstReportError !== null) throw this.#firstReportError;
    });
  }

  /** Never rejects: a failure is kept for flush(). */
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

  #canRetry(start: number, attempt: number): boolean {
    const timeout = this.#options.retryTimeoutMs;
    if (this.#options.isStopping?.()) return false;
    if (timeout === 0) return false;
    if (this.#sleep === undefined && attempt >= IMMEDIATE_ATTEMPTS) return false;
    if (timeout < 0) return true;
    return this.#options.clock.now() - start < timeout;
  }

  /** Kafka: 300 ms × 2^(attempt−1), then a random delay under the max; never past the deadline. */
  #backoff(attempt: number, start: number): void {
    const { maxDelayMs, retryTimeoutMs, clock } = this.#options;
    let delay = RETRIES_DELAY_MIN_MS * 2 ** (attempt - 1);
    if (delay > maxDelayMs) delay = Math.floor(this.#random() * maxDelayMs);
    if (retryTimeoutMs >= 0) delay = Math.min(delay, Math.max(0, start + retryTimeoutMs - clock.now()));
    this.#sleep?.(delay);
  }
}
