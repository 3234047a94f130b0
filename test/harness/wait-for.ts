// Waiting on a condition with a deadline: tests never sleep for a fixed time to let things settle.

export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;

export interface WaitForOptions {
  /** Give up after this long. Default 10 s (below the 30 s test timeout). */
  timeoutMs?: number;
  /** Pause between two checks. Default 25 ms. */
  intervalMs?: number;
  /** What was awaited, for the error on the deadline: "topic t to have 3 records". */
  message?: string;
  /** Stops waiting early (the test was aborted). */
  signal?: AbortSignal;
}

export class WaitForTimeoutError extends Error {
  override readonly name = "WaitForTimeoutError";
  constructor(
    message: string,
    readonly timeoutMs: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Calls `condition` until it returns (or resolves to) a truthy value and returns that value. A
 * condition that throws counts as "not yet"; its last error is kept as the cause of the timeout
 * error. A single check that hangs past the deadline does not hold the wait up.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, message = "condition", signal }: WaitForOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastError: unknown;
  let hasError = false;

  const timeout = (): WaitForTimeoutError => {
    const detail = hasError ? `; last error: ${describeError(lastError)}` : "";
    return new WaitForTimeoutError(
      `Timed out after ${timeoutMs} ms waiting for ${message} (${attempts} ${attempts === 1 ? "check" : "checks"}${detail})`,
      timeoutMs,
      attempts,
      hasError ? { cause: lastError } : undefined,
    );
  };

  for (;;) {
    signal?.throwIfAborted();
    attempts++;
    const remaining = deadline - Date.now();
    try {
      const outcome = await withDeadline(Promise.resolve().then(condition), remaining, signal);
      if (outcome.done && outcome.value) return outcome.value as Truthy<T>;
      if (!outcome.done) throw timeout();
    } catch (error) {
      if (error instanceof WaitForTimeoutError) throw error;
      signal?.throwIfAborted();
      lastError = error;
      hasError = true;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw timeout();
    await delay(Math.min(intervalMs, left), signal);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

type Outcome<T> = { done: true; value: T } | { done: false };

/** Settles with the promise's value, or with `{ done: false }` once `ms` have passed. */
function withDeadline<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<Outcome<T>> {
  return new Promise<Outcome<T>>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve({ done: false });
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve({ done: true, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
