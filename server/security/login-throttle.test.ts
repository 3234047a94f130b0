import { describe, expect, it } from "vitest";
import { describeWait, LoginThrottle, retryAfterSeconds } from "./login-throttle";

const MINUTE = 60_000;

function throttle(options: { maxKeys?: number } = {}) {
  const clock = { now: 1_000_000 };
  return { clock, t: new LoginThrottle({ maxFailures: 5, windowMs: 15 * MINUTE, now: () => clock.now, ...options }) };
}

describe("LoginThrottle", () => {
  it("refuses a user name after 5 failures within the window until the oldest leaves it", () => {
    const { clock, t } = throttle();
    for (let i = 0; i < 4; i++) {
      t.recordFailure({ user: "ada", address: `10.0.0.${i}` });
      clock.now += MINUTE;
    }
    expect(t.retryAfterMs({ user: "ada", address: "10.0.0.99" })).toBe(0);
    t.recordFailure({ user: "ada", address: "10.0.0.4" });
    // First failure at 1_000_000, now 4 minutes later: 11 minutes left.
    expect(t.retryAfterMs({ user: "ada", address: "10.0.0.99" })).toBe(11 * MINUTE);
    expect(t.retryAfterMs({ user: "otto", address: "10.0.0.99" })).toBe(0);
    clock.now += 11 * MINUTE;
    expect(t.retryAfterMs({ user: "ada" })).toBe(0);
  });

  it("refuses a client address after 5 failures, whatever the user names", () => {
    const { t } = throttle();
    for (const user of ["a", "b", "c", "d", "e"]) t.recordFailure({ user, address: "192.0.2.7" });
    expect(t.retryAfterMs({ user: "f", address: "192.0.2.7" })).toBe(15 * MINUTE);
    expect(t.retryAfterMs({ user: "f", address: "192.0.2.8" })).toBe(0);
  });

  it("forgets failures older than the window (a sliding window, not a lockout forever)", () => {
    const { clock, t } = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure({ user: "ada" });
    clock.now += 15 * MINUTE;
    t.recordFailure({ user: "ada" });
    expect(t.retryAfterMs({ user: "ada" })).toBe(0);
  });

  it("clears the user's failures on success, not the address's", () => {
    const { t } = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure({ user: "ada", address: "10.1.1.1" });
    t.recordSuccess({ user: "ada", address: "10.1.1.1" });
    t.recordFailure({ user: "ada", address: "10.1.1.1" });
    expect(t.retryAfterMs({ user: "ada" })).toBe(0);
    expect(t.retryAfterMs({ address: "10.1.1.1" })).toBe(15 * MINUTE);
  });

  it("stays within its bound, forgetting the least recently failed first", () => {
    const { clock, t } = throttle({ maxKeys: 10 });
    for (let i = 0; i < 5; i++) t.recordFailure({ user: "target" });
    for (let i = 0; i < 20; i++) {
      clock.now += 1;
      t.recordFailure({ user: `u${i}` });
    }
    expect(t.size).toBe(10);
    expect(t.retryAfterMs({ user: "target" })).toBe(0);
    expect(t.retryAfterMs({ user: "u19" })).toBe(0);
  });

  it("states the wait in whole seconds and in words", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(14_001)).toBe(15);
    expect(describeWait(1_000)).toBe("1 second");
    expect(describeWait(45_000)).toBe("45 seconds");
    expect(describeWait(61_000)).toBe("2 minutes");
    expect(describeWait(15 * MINUTE)).toBe("15 minutes");
  });
});
