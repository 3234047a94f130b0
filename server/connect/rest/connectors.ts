import { z } from "zod";
import {
  configBodySchema,
  connectorOffsetSchema,
  createConnectorRequestSchema,
  type ConfigBody,
  type ConnectorConfig,
  type TargetState,
} from "../../../lib/connect/schemas";
import { BadRequestError, ConnectRestError, isConnectError } from "../api/errors";
import type { Herder } from "../herder/herder";
import { empty, json } from "./responses";
import { javaBoolean, route, routeWithBody, type Route } from "./router";

/** POST /connectors: unknown top-level fields are refused as Jackson does; `config` is required. */
const createBodySchema = z.strictObject({
  ...createConnectorRequestSchema.shape,
  name: z.string().nullish(),
  config: configBodySchema,
});

/** Jackson reads a missing `partition`/`offset` as null; the herder then judges it. */
const offsetBodySchema = z.strictObject({
  partition: connectorOffsetSchema.shape.partition.optional().transform((v) => v ?? null),
  offset: connectorOffsetSchema.shape.offset.optional().transform((v) => v ?? null),
});
const alterOffsetsBodySchema = z.strictObject({ offsets: z.array(offsetBodySchema).nullish() }).nullable();

const INITIAL_STATES: Record<"RUNNING" | "PAUSED" | "STOPPED", TargetState> = { RUNNING: "STARTED", PAUSED: "PAUSED", STOPPED: "STOPPED" };

/** Kafka's ConnectorsResource: one herder call per endpoint. */
export function connectorRoutes(): Route[] {
  return [
    // GET /connectors[?expand=status&expand=info]
    route("GET", "/connectors", async ({ herder, url }) => {
      const names = await herder.connectors();
      const expand = url.searchParams.getAll("expand");
      if (expand.length === 0) return json(200, names);
      const expanded = await Promise.all(names.map(async (name) => [name, await expandConnector(herder, name, expand)] as const));
      // A connector deleted while we looked it up is left out (ConnectorsResource#listConnectors).
      return json(200, Object.fromEntries(expanded.filter(([, value]) => value !== undefined)));
    }),

    // POST /connectors → 201 + Location
    routeWithBody("POST", "/connectors", createBodySchema, async ({ herder, body, url }) => {
      const name = (body.name ?? "").trim();
      const config = nonNullConfig(withConnectorName(name, body.config));
      const initialState = body.initial_state ? INITIAL_STATES[body.initial_state] : undefined;
      const { info } = await herder.putConnectorConfig(name, config, { allowReplace: false, initialState });
      return json(201, info, { location: connectorLocation(url, info.name) });
    }),

    // GET /connectors/{name}
    route("GET", "/connectors/{name}", async ({ herder, params }) => json(200, await herder.connectorInfo(params.name))),

    // GET /connectors/{name}/config
    route("GET", "/connectors/{name}/config", async ({ herder, params }) => json(200, await herder.connectorConfig(params.name))),

    // PUT /connectors/{name}/config → 201 + Location when created, 200 when replaced
    routeWithBody("PUT", "/connectors/{name}/config", configBodySchema, async ({ herder, params, body, url }) => {
      const config = nonNullConfig(withConnectorName(params.name, body));
      const { created, info } = await herder.putConnectorConfig(params.name, config, { allowReplace: true });
      return created ? json(201, info, { location: connectorLocation(url, info.name) }) : json(200, info);
    }),

    // PATCH /connectors/{name}/config (KIP-477): null removes a key; no name check, always 200
    routeWithBody("PATCH", "/connectors/{name}/config", configBodySchema, async ({ herder, params, body }) =>
      json(200, await herder.patchConnectorConfig(params.name, body)),
    ),

    // DELETE /connectors/{name} → 204
    route("DELETE", "/connectors/{name}", async ({ herder, params }) => {
      await herder.deleteConnector(params.name);
      return empty(204);
    }),

    // GET /connectors/{name}/status
    route("GET", "/connectors/{name}/status", async ({ herder, params }) => json(200, await herder.connectorStatus(params.name))),

    // GET /connectors/{name}/tasks
    route("GET", "/connectors/{name}/tasks", async ({ herder, params }) => json(200, await herder.taskConfigs(params.name))),

    // GET /connectors/{name}/tasks-config (deprecated by KIP-970, removed in Kafka 4.0)
    route("GET", "/connectors/{name}/tasks-config", async ({ herder, params, logger }) => {
      logger.warn("The GET /connectors/{connector}/tasks-config endpoint is deprecated and will be removed; use GET /connectors/{connector}/tasks instead");
      const tasks = await herder.taskConfigs(params.name);
      return json(200, Object.fromEntries(tasks.map((t) => [`${t.id.connector}-${t.id.task}`, t.config])));
    }),

    // GET /connectors/{name}/tasks/{task}/status
    route("GET", "/connectors/{name}/tasks/{task}/status", async ({ herder, params }) =>
      json(200, await herder.taskStatus(params.name, taskId(params.task))),
    ),

    // POST /connectors/{name}/tasks/{task}/restart → 204
    route("POST", "/connectors/{name}/tasks/{task}/restart", async ({ herder, params }) => {
      await herder.restartTask(params.name, taskId(params.task));
      return empty(204);
    }),

    // POST /connectors/{name}/restart[?includeTasks=…&onlyFailed=…] → 204 (no flags) or 202 + plan
    route("POST", "/connectors/{name}/restart", async ({ herder, params, url }) => {
      const includeTasks = javaBoolean(url.searchParams.get("includeTasks"), false);
      const onlyFailed = javaBoolean(url.searchParams.get("onlyFailed"), false);
      if (!includeTasks && !onlyFailed) {
        await herder.restartConnector(params.name);
        return empty(204);
      }
      return json(202, await herder.restartConnectorAndTasks({ connector: params.name, includeTasks, onlyFailed }));
    }),

    // PUT /connectors/{name}/pause → 202
    route("PUT", "/connectors/{name}/pause", async ({ herder, params }) => {
      await herder.pauseConnector(params.name);
      return empty(202);
    }),

    // PUT /connectors/{name}/resume → 202
    route("PUT", "/connectors/{name}/resume", async ({ herder, params }) => {
      await herder.resumeConnector(params.name);
      return empty(202);
    }),

    // PUT /connectors/{name}/stop → 204
    route("PUT", "/connectors/{name}/stop", async ({ herder, params }) => {
      await herder.stopConnector(params.name);
      return empty(204);
    }),

    // GET /connectors/{name}/topics (no existence check)
    route("GET", "/connectors/{name}/topics", async ({ herder, params }) =>
      json(200, { [params.name]: { topics: await herder.connectorActiveTopics(params.name) } }),
    ),

    // PUT /connectors/{name}/topics/reset → 202
    route("PUT", "/connectors/{name}/topics/reset", async ({ herder, params }) => {
      await herder.resetConnectorActiveTopics(params.name);
      return empty(202);
    }),

    // GET /connectors/{name}/offsets
    route("GET", "/connectors/{name}/offsets", async ({ herder, params }) => json(200, await herder.connectorOffsets(params.name))),

    // PATCH /connectors/{name}/offsets → 200 {"message"}
    routeWithBody("PATCH", "/connectors/{name}/offsets", alterOffsetsBodySchema, async ({ herder, params, body }) => {
      const offsets = body?.offsets;
      if (!offsets || offsets.length === 0) throw new BadRequestError("Partitions / offsets need to be provided for an alter offsets request");
      return json(200, { message: await herder.alterConnectorOffsets(params.name, offsets) });
    }),

    // DELETE /connectors/{name}/offsets → 200 {"message"}
    route("DELETE", "/connectors/{name}/offsets", async ({ herder, params }) =>
      json(200, { message: await herder.resetConnectorOffsets(params.name) }),
    ),
  ];
}

/** The requested expansions of one connector, or undefined when it no longer exists. */
async function expandConnector(herder: Herder, name: string, expand: string[]): Promise<Record<string, unknown> | undefined> {
  const out: Record<string, unknown> = {};
  try {
    for (const kind of expand) {
      if (kind === "status") out.status = await herder.connectorStatus(name);
      else if (kind === "info") out.info = await herder.connectorInfo(name);
      // Unknown expansions are ignored, as Kafka does.
    }
  } catch (err) {
    if (isConnectError(err) && err.status === 404) return undefined;
    throw err;
  }
  return out;
}

/**
 * ConnectorsResource#checkAndPutConnectorConfigName: a `name` in the config must equal the connector
 * name; when absent it is added (at the end, like Java's putIfAbsent on a LinkedHashMap).
 */
function withConnectorName(name: string, config: ConfigBody): ConfigBody {
  if (Object.hasOwn(config, "name") && config.name !== name) {
    throw new BadRequestError(`Connector name configuration (${config.name ?? "null"}) doesn't match connector name in the URL (${name})`);
  }
  return { ...config, name };
}

/**
 * Kafka keeps JSON nulls and its validation reports each one; the herder takes string maps only,
 * so the REST layer answers the same 400 for them (only the null errors are listed).
 */
function nonNullConfig(config: ConfigBody): ConnectorConfig {
  const nulls = Object.keys(config).filter((k) => config[k] === null);
  if (nulls.length > 0) {
    throw new BadRequestError(
      [
        `Connector configuration is invalid and contains the following ${nulls.length} error(s):`,
        ...nulls.map(() => "Null value can not be supplied as the configuration value."),
        "You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
      ].join("\n"),
    );
  }
  return config as ConnectorConfig;
}

/**
 * Jersey resolves the relative `/connectors/<name>` of `Response.created` against the base URI, so
 * Kafka's Location is absolute; the name is URL-encoded.
 */
function connectorLocation(url: URL, name: string): string {
  return new URL(`/connectors/${encodeURIComponent(name)}`, url).href;
}

/** JAX-RS `@PathParam int`: a value that is not a Java int fails conversion, which Jersey answers with 404. */
function taskId(raw: string): number {
  const n = /^[+-]?\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new ConnectRestError(404, "HTTP 404 Not Found");
  return n;
}
