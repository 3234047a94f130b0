import { json } from "./responses";
import { route, type Route } from "./router";

/**
 * Ferry-only: the workers of the cluster (Kafka Connect has no such endpoint). Any worker answers
 * from its view of the last rebalance; a standalone worker lists itself. Ferry extras live under
 * `/ferry/`, never under Kafka's paths.
 */
export function ferryWorkerRoutes(): Route[] {
  return [route("GET", "/ferry/workers", async ({ herder }) => json(200, herder.clusterWorkers()))];
}
