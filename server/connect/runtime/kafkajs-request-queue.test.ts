import { createRequire } from "node:module";
import { describe, expect, it, onTestFinished } from "vitest";
import "./kafka-clients";

interface Queue {
  pending: unknown[];
  throttleCheckTimeoutId: unknown;
  checkPendingRequests(): void;
  destroy(): void;
}

const RequestQueue = createRequire(import.meta.url)("kafkajs/src/network/requestQueue/index.js") as new (options: object) => Queue;
const logger = { debug() {}, info() {}, warn() {}, error() {} };

function queue(): Queue {
  const q = new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: "t", broker: "b:1", logger });
  onTestFinished(() => q.destroy());
  return q;
}

describe("kafkajs request queue (patched when the runtime's clients load)", () => {
  it("arms no check timer when nothing is pending (kafkajs 2.2.4 re-armed a 1 ms timer forever)", () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId ?? null).toBeNull();
  });

  it("still checks again later while requests are pending", () => {
    const q = queue();
    // A request that cannot be sent now: the check keeps looking for it.
    q.pending.push({ correlationId: 1 });
    Object.assign(q, { canSendSocketRequestImmediately: () => false });
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    expect(q.throttleCheckTimeoutId).toBeDefined();
  });
});
