import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BrokerOptions } from "../broker/broker";

const started: BrokerOptions[] = [];
vi.mock("../broker/broker", () => ({
  startBroker: vi.fn(async (options: BrokerOptions) => {
    started.push(options);
    return { nodeId: 1, host: options.host, port: 9092, dataDir: options.dataDir, close: async () => {} };
  }),
}));
// Stopped as soon as it is up, as if SIGTERM came at once.
vi.mock("./options", async (importOriginal) => ({ ...(await importOriginal<typeof import("./options")>()), untilSignal: async () => "SIGTERM" }));
const { brokerCommand } = await import("./broker-command");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ferry-broker-command-"));
  started.length = 0;
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `ferry broker ARGS`: what the broker was started with. */
async function runUntilStarted(args: string[]): Promise<BrokerOptions> {
  expect(await brokerCommand.run(args)).toBe(0);
  expect(started).toHaveLength(1);
  return started[0]!;
}

describe("ferry broker", () => {
  it("waits Kafka's 3000 ms before a new group's first rebalance unless told otherwise", async () => {
    expect((await runUntilStarted(["--listen", "127.0.0.1:0", "--data-dir", dir])).initialRebalanceDelayMs).toBe(3000);
  });

  it("--group-initial-rebalance-delay-ms sets group.initial.rebalance.delay.ms", async () => {
    const options = await runUntilStarted(["--listen", "127.0.0.1:0", "--data-dir", dir, "--group-initial-rebalance-delay-ms", "0"]);
    expect(options.initialRebalanceDelayMs).toBe(0);
  });

  it("refuses a negative delay, naming the option", async () => {
    await expect(brokerCommand.run(["--data-dir", dir, "--group-initial-rebalance-delay-ms", "-5"])).rejects.toThrow(/group-initial-rebalance-delay-ms/);
    expect(started).toHaveLength(0);
  });
});
