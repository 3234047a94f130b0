import { describe, expect, it } from "vitest";
import { ConnectError, DataError, RetriableError } from "../../api";
import { FakeClock } from "../clock";
import { SKIP, type ConsumedRecord } from "../record-stages";
import { errorTrace } from "../status";
import { RetryWithToleranceOperator, ToleranceExceededError, type ErrorContext, type RetryWithToleranceOptions } from "./retry-with-tolerance-operator";

const consumed: ConsumedRecord = { topic: "t", partition: 2, offset: 7, key: null, value: Buffer.from("x"), headers: undefined, timestamp: 5 };

function operator(options: Partial<RetryWithToleranceOptions> = {}) {
  const clock = new FakeClock(0);
  const sleeps: number[] = [];
  const reported: ErrorContext[] = [];
  const op = new RetryWithToleranceOperator({
    retryTimeoutMs: 0,
    maxDelayMs: 60000,
    tolerance: "none",
    reporters: [{ report: (c) => void reported.push(c) }],
    clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { op, clock, sleeps, reported };
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

  it("does not retry by default (errors.retry.timeout=0)", () => {
    const { op, sleeps } = operator({ tolerance: "all" });
    let calls = 0;
    expect(
      op.execute("TRANSFORMATION", "S", consumed, null, () => {
        calls++;
        throw new RetriableError("again");
      }),
    ).toBe(SKIP);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("retries RetriableErrors with 300 ms × 2^n backoff, never past the deadline", () => {
    const { op, sleeps, reported } = operator({ tolerance: "all", retryTimeoutMs: 5000 });
    let calls = 0;
    expect(
      op.execute("TRANSFORMATION", "S", consumed, null, () => {
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

  it("succeeds when a retry succeeds; non-retriable errors are not retried", () => {
    const { op, sleeps } = operator({ retryTimeoutMs: 1000 });
    let calls = 0;
    expect(
      op.execute("TRANSFORMATION", "S", consumed, null, () => {
        if (++calls === 1) throw new RetriableError("once");
        return "ok";
      }),
    ).toBe("ok");
    expect(sleeps).toEqual([300]);
    const { op: op2, sleeps: sleeps2 } = operator({ retryTimeoutMs: 1000, tolerance: "all" });
    op2.execute("TRANSFORMATION", "S", consumed, null, () => {
      throw new DataError("no");
    });
    expect(sleeps2).toEqual([]);
  });

  it("uses a random delay under errors.retry.delay.max.ms once the backoff exceeds it; -1 retries until it works", () => {
    const { op, sleeps } = operator({ retryTimeoutMs: -1, maxDelayMs: 1000 });
    let calls = 0;
    op.execute("TRANSFORMATION", "S", consumed, null, () => {
      if (++calls < 5) throw new RetriableError("again");
      return 1;
    });
    expect(sleeps).toEqual([300, 600, 500, 500]);
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
