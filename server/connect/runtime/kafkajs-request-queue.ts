import { createRequire } from "node:module";

/**
 * kafkajs 2.2.4's RequestQueue re-checks its pending requests on a timer that it arms after every
 * response, even with nothing pending; with no client-side throttle the delay is `-1 - Date.now()`,
 * which Node runs after 1 ms, and the check arms it again. Every connection that has had a response
 * thus spins a 1 ms timer until it is disconnected: measured, ~20,000 timer runs a second for 30
 * idle Datagen tasks, most of an idle worker's CPU. Only a queue with pending requests needs the
 * check (a push() of a request that must wait arms it again), so it is skipped otherwise.
 * Applied once, when the runtime's Kafka clients module loads.
 */
interface RequestQueueLike {
  pending: unknown[];
  scheduleCheckPendingRequests(): void;
}

let patched = false;

export function patchKafkajsRequestQueue(): void {
  if (patched) return;
  patched = true;
  const require = createRequire(import.meta.url);
  let RequestQueue: { prototype: RequestQueueLike } | undefined;
  try {
    RequestQueue = require("kafkajs/src/network/requestQueue/index.js") as { prototype: RequestQueueLike };
  } catch {
    return; // another kafkajs layout: nothing to patch
  }
  const original = RequestQueue.prototype.scheduleCheckPendingRequests;
  if (typeof original !== "function") return;
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueLike) {
    if (this.pending.length === 0) return;
    original.call(this);
  };
}
