import type { WorkerHealth } from "../herder/herder";
import { json } from "./responses";
import { route, type Route } from "./router";

const STARTING: WorkerHealth = { status: "starting", message: "Worker is still starting up." };

const HEALTH_STATUS: Record<WorkerHealth["status"], number> = { healthy: 200, starting: 503, unhealthy: 500 };

/** Kafka's RootResource: server info and the KIP-1017 health check. */
export function rootRoutes(): Route[] {
  return [
    // GET / → ServerInfo
    route("GET", "/", async ({ herder }) => json(200, herder.serverInfo())),

    // GET /health → 200 healthy, 503 starting, 500 unhealthy
    route(
      "GET",
      "/health",
      async ({ herder, ready }) => {
        // Standalone is ready only once its command-line connectors exist (ConnectStandalone#processExtraArgs).
        const health = ready ? await herder.health() : STARTING;
        return json(HEALTH_STATUS[health.status], health);
      },
      { whileStarting: () => json(503, STARTING) },
    ),
  ];
}
