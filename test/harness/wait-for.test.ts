import { describe, expect, it } from "vitest";
import { WaitForTimeoutError, waitFor } from "./wait-for";

describe("waitFor", () => {
  it("returns the first truthy value", async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : null), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it("returns at once when the condition already holds", async () => {
    let calls = 0;
    await expect(waitFor(() => ++calls)).resolves.toBe(1);
    expect(calls).toBe(1);
  });

  it("awaits async conditions", async () => {
    let calls = 0;
    const value = await waitFor(async () => (++calls === 2 ? "ready" : ""), { intervalMs: 1 });
    expect(value).toBe("ready");
  });

  it("treats a throwing condition as not yet", async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        if (++calls < 3) throw new Error("not yet");
        return calls;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it("throws a clear error with the message at the deadline", async () => {
    const started = Date.now();
    const error = await waitFor(() => false, {
      timeoutMs: 100,
      intervalMs: 10,
      message: "topic t to have 3 records",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as Error).message).toMatch(
      /^Timed out after 100 ms waiting for topic t to have 3 records \(\d+ checks\)$/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("keeps the last error of a throwing condition as the cause", async () => {
    const error = await waitFor(
      () => {
        throw new Error("connection refused");
      },
      { timeoutMs: 50, intervalMs: 5, message: "the broker" },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as Error).message).toContain("last error: Error: connection refused");
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("does not let a hanging check hold the wait past its deadline", async () => {
    // A wait held by the hanging check would never settle: the test's own timeout would fail it.
    const pending = waitFor(() => new Promise<boolean>(() => {}), { timeoutMs: 50, message: "a hang" });
    await expect(pending).rejects.toThrow("Timed out after 50 ms waiting for a hang (1 check)");
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    const pending = waitFor(() => false, { timeoutMs: 10_000, intervalMs: 5, signal: controller.signal });
    controller.abort(new Error("test over"));
    await expect(pending).rejects.toThrow("test over");
  });
});
