import { configBodySchema } from "../../../lib/connect/schemas";
import { BadRequestError, NotFoundError } from "../api/errors";
import { empty, json } from "./responses";
import { route, routeWithBody, type Route } from "./router";

/** log4j's levels, the only ones `Level.toLevel(level, null)` accepts. */
const LEVELS = new Set(["OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL"]);

/** Body `{"level":"DEBUG"}`, a Map<String,String> in Kafka; an empty body reads as no level. */
const levelBodySchema = configBodySchema.nullable();

/** Kafka's LoggingResource (served on the main listeners: admin.listeners unset). */
export function loggerRoutes(): Route[] {
  return [
    // GET /admin/loggers
    route("GET", "/admin/loggers", async ({ herder }) => json(200, herder.loggers())),

    // GET /admin/loggers/{logger}
    route("GET", "/admin/loggers/{logger}", async ({ herder, params }) => json(200, herder.loggerLevel(params.logger))),

    // PUT /admin/loggers/{logger}[?scope=worker|cluster] → 200 names (worker) or 204 (cluster)
    routeWithBody("PUT", "/admin/loggers/{logger}", levelBodySchema, async ({ herder, params, body, url, logger }) => {
      const level = body?.level;
      if (level === null || level === undefined) throw new BadRequestError("Desired 'level' parameter was not specified in request.");
      const normalized = level.toUpperCase();
      if (!LEVELS.has(normalized)) throw new NotFoundError(`invalid log level '${level}'.`);
      const scope = (url.searchParams.get("scope") ?? "worker").toLowerCase();
      if (scope === "cluster") {
        await herder.setClusterLoggerLevel(params.logger, normalized);
        return empty(204);
      }
      if (scope !== "worker") logger.warn(`Received invalid scope '${scope}' in request to adjust logging level; will use default scope 'worker'`);
      return json(200, herder.setWorkerLoggerLevel(params.logger, normalized));
    }),
  ];
}
