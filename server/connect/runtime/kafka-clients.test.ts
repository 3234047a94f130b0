import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import { ConfigError } from "../api";
import { kafkajsClientFactory, PRODUCER_RETRY_DEFAULTS, producerConfig, producerRetryOptions, retriesCovering } from "./kafka-clients";
import { Loggers } from "./loggers";

type Retrier = (fn: () => Promise<unknown>) => Promise<unknown>;
// kafkajs' own retrier, the one its producer runs a send under.
const createRetry = createRequire(import.meta.url)("kafkajs/src/retry") as (options: object) => Retrier;

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** How long kafkajs' retrier keeps retrying an always-failing send, with jitter pinned low (0) or high (1). */
async function timeUntilGivingUp(configs: Record<string, string>, jitter: 0 | 1): Promise<{ ms: number; attempts: number }> {
  vi.useFakeTimers();
  // Math.random() is kept just below 1: the retrier's `random(min, max)` is then its max.
  vi.spyOn(Math, "random").mockReturnValue(jitter === 0 ? 0 : 0.999999);
  const retrier = createRetry(producerRetryOptions(configs));
  let attempts = 0;
  const start = Date.now();
  const outcome = retrier(async () => {
    attempts++;
    throw Object.assign(new Error("Connection error: connect ECONNREFUSED"), { retriable: true });
  }).then(
    () => "sent",
    (err: unknown) => err,
  );
  await vi.runAllTimersAsync();
  const err = await outcome;
  expect(err).toMatchObject({ name: "KafkaJSNumberOfRetriesExceeded" });
  return { ms: Date.now() - start, attempts };
}

describe("producer retries", () => {
  it("maps Kafka's backoff settings and defaults onto kafkajs' retrier", () => {
    expect(producerRetryOptions({})).toMatchObject({ initialRetryTime: 100, maxRetryTime: 1000, multiplier: 2, factor: 0.2 });
    expect(producerRetryOptions({ "retry.backoff.ms": "250", "retry.backoff.max.ms": "4000" })).toMatchObject({ initialRetryTime: 250, maxRetryTime: 4000 });
    // A backoff above its maximum stays constant.
    expect(producerRetryOptions({ "retry.backoff.ms": "2000" })).toMatchObject({ initialRetryTime: 2000, maxRetryTime: 2000 });
  });

  it("keeps retrying an always-failing send for delivery.timeout.ms (default 120 s), and not much longer", async () => {
    const cases: Record<string, string>[] = [{}, { "delivery.timeout.ms": "45000", "retry.backoff.ms": "500", "retry.backoff.max.ms": "5000" }, { "delivery.timeout.ms": "300000" }];
    for (const configs of cases) {
      const budget = Number(configs["delivery.timeout.ms"] ?? PRODUCER_RETRY_DEFAULTS.deliveryTimeoutMs);
      const max = Number(configs["retry.backoff.max.ms"] ?? PRODUCER_RETRY_DEFAULTS.retryBackoffMaxMs);
      const low = await timeUntilGivingUp(configs, 0);
      expect(low.ms, JSON.stringify(configs)).toBeGreaterThanOrEqual(budget);
      // One wait fewer would not have covered it.
      expect(low.ms - max, JSON.stringify(configs)).toBeLessThan(budget);
      const high = await timeUntilGivingUp(configs, 1);
      expect(high.ms, JSON.stringify(configs)).toBeGreaterThanOrEqual(budget);
      expect(high.attempts).toBe(low.attempts);
    }
  });

  it("retries fewer times when `retries` says so, and not at all with retries=0", async () => {
    expect(producerRetryOptions({ retries: "3" }).retries).toBe(3);
    expect(producerRetryOptions({ retries: "0" }).retries).toBe(0);
    expect(producerRetryOptions({ retries: "2147483647" }).retries).toBe(producerRetryOptions({}).retries);
    expect((await timeUntilGivingUp({ retries: "0" }, 0)).attempts).toBe(1);
    expect(() => producerRetryOptions({ retries: "-1" })).toThrow(ConfigError);
  });

  it("checks delivery.timeout.ms against request.timeout.ms + linger.ms as Kafka does", () => {
    expect(() => producerRetryOptions({ "delivery.timeout.ms": "20000", "request.timeout.ms": "30000" })).toThrow(
      /Invalid value 20000 for configuration delivery.timeout.ms: delivery.timeout.ms should be equal to or larger than linger.ms \+ request.timeout.ms/,
    );
    // Unset, the default is raised to fit a long request timeout.
    const raised = producerRetryOptions({ "request.timeout.ms": "150000", "linger.ms": "10" });
    expect(raised.retries).toBe(retriesCovering(150_010, 100, 1000));
    expect(raised.retries).toBeGreaterThan(producerRetryOptions({}).retries);
  });

  it("is the producer's retry (worker producer.* and connector producer.override.* both end up in these configs)", () => {
    const config = producerConfig({ "delivery.timeout.ms": "60000", "retry.backoff.ms": "200" });
    expect(config.retry).toEqual(producerRetryOptions({ "delivery.timeout.ms": "60000", "retry.backoff.ms": "200" }));
    expect(() => producerConfig({ "enable.idempotence": "true", retries: "0" })).toThrow(/Must set retries to non-zero/);
  });

  it("counts waits at the cap without looping over each one", () => {
    expect(retriesCovering(2_147_483_647, 100, 1000)).toBeGreaterThan(2_000_000);
    expect(retriesCovering(1, 100, 1000)).toBe(1);
  });
});

describe("a producer closed while it retries", () => {
  it("stops retrying (its retries would otherwise run for delivery.timeout.ms)", async () => {
    // A port nothing listens on: every connection is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const lines: string[] = [];
    const { producer } = kafkajsClientFactory(new Loggers({ write: (line) => lines.push(line) })).producer({ "bootstrap.servers": `127.0.0.1:${port}`, "client.id": "closed-producer" });
    let settled: "pending" | "connected" | "failed" = "pending";
    void producer.connect().then(
      () => (settled = "connected"),
      () => (settled = "failed"),
    );
    await waitFor(() => lines.some((l) => l.includes("ECONNREFUSED")), { message: "a refused connection" });
    await producer.disconnect();
    await waitFor(() => settled !== "pending", { message: "the retrying connect to end after disconnect()" });
    expect(settled).toBe("failed");
  });
});
