import { describe, expect, it } from "vitest";
import { ConnectError, DataError, RetriableError, SourceRecord, Schema } from "../../api";
import { FakeClock, type Clock } from "../clock";
import { SKIP, type ConsumedRecord } from "../record-stages";
import { errorTrace } from "../status";
import { RetryLater, RetryWithToleranceOperator, STOPPED, ToleranceExceededError, type ErrorContext, type RetryWithToleranceOptions } from "./retry-with-tolerance-operator";

const consumed: ConsumedRecord = { topic: "t", partition: 2, offset: 7, key: null, value: Buffer.from("x"), headers: undefined, timestamp: 5 };

/** A clock whose timers fire on the next turn of the event loop, moving time forward by their delay. */
class SkippingClock implements Clock {
  readonly waits: number[] = [];
  #now = 0;
  now(): number {
    return this.#now;
  }
  schedule(ms: number, fn: () => void): () => void {
    this.waits.push(ms);
    const timer = setImmediate(() => {
      this.#now += ms;
      fn();
    });
    return () => clearImmediate(timer);
  }
}

function operator(options: Partial<RetryWithToleranceOptions> = {}) {
  const clock = new SkippingClock();
  const reported: ErrorContext[] = [];
  const op = new RetryWithToleranceOperator({
    retryTimeoutMs: 0,
    maxDelayMs: 60000,
    tolerance: "none",
    reporters: [{ report: (c) => void reported.push(c) }],
    clock,
    random: () => 0.5,
    ...options,
  });
  return { op, clock, sleeps: clock.waits, reported };
}

/** Runs one stage the way a task does: execute, and on a RetryLater, retry() until it completes. */
async function run<T>(op: RetryWithToleranceOperator, operation: () => T) {
  const process = () => op.execute("TRANSFORMATION", "S", consumed, null, operation);
  try {
    return process();
  } catch (err) {
    return op.retry(err, process);
  }
}

describe("RetryWithToleranceOperator", () => {
  it("returns the operation's result", () => {
    const { op, reported } = operator();
    expect(op.execute("VALUE_CONVERTER", "C", consumed, null, () => 42)).toBe(42);
    expect(reported).toEqual([]);
  });

  it("tolerance none: reports, then fails with 'Tolerance exceeded in error handler' naming stage, class and record", () => {
    const { op, reported } = operator();
    const cause = new DataError("bad bytes");
    let thrown: unknown;
    try {
      op.execute("VALUE_CONVERTER", "org.apache.kafka.connect.json.JsonConverter", consumed, null, () => {
        throw cause;
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ToleranceExceededError);
    const error = thrown as ToleranceExceededError;
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      "Tolerance exceeded in error handler. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='t', partition=2, offset=7}.",
    );
    expect(errorTrace(error)).toContain("Caused by: org.apache.kafka.connect.errors.DataException: bad bytes");
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ stage: "VALUE_CONVERTER", error: cause, consumed, attempt: 1 });
  });

  it("tolerance all: reports and skips", () => {
    const { op, reported } = operator({ tolerance: "all" });
    const result = op.execute("TRANSFORMATION", () => "test.Smt", consumed, null, () => {
      throw new Error("boom");
    });
    expect(result).toBe(SKIP);
    expect(reported.map((r) => r.executingClass)).toEqual(["test.Smt"]);
    expect(op.failures).toBe(1);
  });

  it("fails at once on a non-retriable error in a stage that only tolerates retriable ones", () => {
    const { op, reported } = operator({ tolerance: "all" });
    expect(() =>
      op.execute("KAFKA_PRODUCE", "P", consumed, null, () => {
        throw new Error("fatal");
      }),
    ).toThrow(new ConnectError("Unhandled exception in error handler"));
    expect(reported).toEqual([]);
  });

  it("does not retry by default (errors.retry.timeout=0)", async () => {
    const { op, sleeps } = operator({ tolerance: "all" });
    let calls = 0;
    expect(
      await run(op, () => {
        calls++;
        throw new RetriableError("again");
      }),
    ).toBe(SKIP);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("asks for a retry instead of sleeping: execute throws RetryLater naming the backoff", () => {
    const { op, reported } = operator({ retryTimeoutMs: 1000 });
    let thrown: unknown;
    try {
      op.execute("VALUE_CONVERTER", "C", consumed, null, () => {
        throw new RetriableError("later");
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RetryLater);
    expect(thrown).toMatchObject({ stage: "VALUE_CONVERTER", attempt: 1, delayMs: 300 });
    expect(reported).toEqual([]);
  });

  it("retries RetriableErrors with 300 ms × 2^n backoff, never past the deadline", async () => {
    const { op, sleeps, reported } = operator({ tolerance: "all", retryTimeoutMs: 5000 });
    let calls = 0;
    expect(
      await run(op, () => {
        calls++;
        throw new RetriableError("again");
      }),
    ).toBe(SKIP);
    // 300, 600, 1200, 2400 (= 4500), then the 500 ms left.
    expect(sleeps).toEqual([300, 600, 1200, 2400, 500]);
    expect(calls).toBe(6);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.attempt).toBe(6);
  });

  it("succeeds when a retry succeeds; non-retriable errors are not retried", async () => {
    const { op, sleeps } = operator({ retryTimeoutMs: 1000 });
    let calls = 0;
    expect(
      await run(op, () => {
        if (++calls === 1) throw new RetriableError("once");
        return "ok";
      }),
    ).toBe("ok");
    expect(sleeps).toEqual([300]);
    const { op: op2, sleeps: sleeps2 } = operator({ retryTimeoutMs: 1000, tolerance: "all" });
    await run(op2, () => {
      throw new DataError("no");
    });
    expect(sleeps2).toEqual([]);
  });

  it("uses a random delay under errors.retry.delay.max.ms once the backoff exceeds it; -1 retries until it works", async () => {
    const { op, sleeps } = operator({ retryTimeoutMs: -1, maxDelayMs: 1000 });
    let calls = 0;
    await run(op, () => {
      if (++calls < 5) throw new RetriableError("again");
      return 1;
    });
    expect(sleeps).toEqual([300, 600, 500, 500]);
  });

  it("a retried record runs its earlier stages again; the failing stage keeps its attempt count", async () => {
    const { op, sleeps } = operator({ retryTimeoutMs: 10_000 });
    const calls: string[] = [];
    let values = 0;
    const record = () => {
      const key = op.execute("KEY_CONVERTER", "K", consumed, null, () => {
        calls.push("key");
        return "k";
      });
      const value = op.execute("VALUE_CONVERTER", "V", consumed, null, () => {
        calls.push("value");
        if (++values < 3) throw new RetriableError("not yet");
        return "v";
      });
      return [key, value];
    };
    let result: unknown;
    try {
      result = record();
    } catch (err) {
      result = await op.retry(err, record);
    }
    expect(result).toEqual(["k", "v"]);
    expect(calls).toEqual(["key", "value", "key", "value", "key", "value"]);
    // The third attempt of VALUE_CONVERTER backs off 300 then 600 ms.
    expect(sleeps).toEqual([300, 600]);
    // A new record starts from the first attempt again.
    expect(() =>
      op.execute("VALUE_CONVERTER", "V", consumed, null, () => {
        throw new RetriableError("new record");
      }),
    ).toThrow(expect.objectContaining({ attempt: 1, delayMs: 300 }));
  });

  it("stops retrying at once when the task stops during a backoff (no waiting out errors.retry.timeout)", async () => {
    const clock = new FakeClock(0);
    const reported: ErrorContext[] = [];
    const op = new RetryWithToleranceOperator({ retryTimeoutMs: -1, maxDelayMs: 60_000, tolerance: "none", reporters: [{ report: (c) => void reported.push(c) }], clock });
    let calls = 0;
    const process = () =>
      op.execute("TRANSFORMATION", "S", consumed, null, () => {
        calls++;
        throw new RetriableError("forever");
      });
    let first: unknown;
    try {
      process();
    } catch (err) {
      first = err;
    }
    let outcome: unknown = "pending";
    const retried = op.retry(first, process).then((r) => (outcome = r));
    // Time never moves: only the stop can end the 300 ms backoff.
    await new Promise((r) => setImmediate(r));
    expect(outcome).toBe("pending");
    expect(clock.pending).toBe(1);
    op.triggerStop();
    await retried;
    expect(outcome).toBe(STOPPED);
    expect(calls).toBe(1);
    expect(clock.pending).toBe(0);
    // Abandoned, not failed: nothing reported.
    expect(reported).toEqual([]);
    // Once stopping, a retriable failure is not retried: it is handled by the tolerance at once.
    expect(() => process()).toThrow(ToleranceExceededError);
    expect(reported).toHaveLength(1);
  });

  it("tolerates a RetriableError in TASK_POLL and TASK_PUT; anything else there is an unhandled exception (as Kafka's operator)", () => {
    const { op } = operator({ tolerance: "all" });
    for (const stage of ["TASK_POLL", "TASK_PUT"] as const) {
      expect(
        op.execute(stage, "T", null, null, () => {
          throw new RetriableError("transient");
        }),
      ).toBe(SKIP);
      expect(() =>
        op.execute(stage, "T", null, null, () => {
          throw new Error("fatal");
        }),
      ).toThrow(new ConnectError("Unhandled exception in error handler"));
    }
  });

  it("executeFailed (KAFKA_PRODUCE, errant records): reports, then nothing more with tolerance all, ToleranceExceededError with none", async () => {
    const source = new SourceRecord({ sourcePartition: { file: "a" }, sourceOffset: { position: 3 }, topic: "out", valueSchema: Schema.STRING_SCHEMA, value: "v" });
    const context = { stage: "KAFKA_PRODUCE" as const, executingClass: "org.apache.kafka.connect.runtime.WorkerSourceTask", error: new Error("too large"), consumed: null, source, attempt: 1 };
    const { op: all, reported: allReported } = operator({ tolerance: "all" });
    await all.executeFailed(context);
    expect(allReported).toEqual([context]);
    expect(all.failures).toBe(1);

    const { op: none, reported: noneReported } = operator({ tolerance: "none" });
    let thrown: unknown;
    try {
      void none.executeFailed(context);
    } catch (err) {
      thrown = err;
    }
    expect(noneReported).toEqual([context]);
    expect(thrown).toBeInstanceOf(ToleranceExceededError);
    expect((thrown as Error).message).toBe(
      "Tolerance exceeded in error handler. Executing stage 'KAFKA_PRODUCE' with class 'org.apache.kafka.connect.runtime.WorkerSourceTask', where source record is {topic='out', partition=null, sourcePartition={\"file\":\"a\"}, sourceOffset={\"position\":3}}.",
    );
  });

  it("flush waits for asynchronous reports and surfaces their failure", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { op } = operator({ tolerance: "all", reporters: [{ report: () => gate }] });
    op.execute("TRANSFORMATION", "S", consumed, null, () => {
      throw new Error("x");
    });
    let flushed = false;
    const flush = op.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    release();
    await flush;
    expect(flushed).toBe(true);

    const { op: failing } = operator({ tolerance: "all", reporters: [{ report: () => Promise.reject(new Error("dlq down")) }] });
    failing.execute("TRANSFORMATION", "S", consumed, null, () => {
      throw new Error("x");
    });
    await expect(failing.flush()).rejects.toThrow("Failed to report an error");
  });
});
