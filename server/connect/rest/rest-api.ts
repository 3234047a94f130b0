import { ConnectError, ConnectRestError } from "../api/errors";
import type { Herder } from "../herder/herder";
import { connectorPluginRoutes } from "./connector-plugins";
import { connectorRoutes } from "./connectors";
import { toErrorResponse } from "./error-mapper";
import { withForwardingContext } from "./forwarding";
import { internalRoutes } from "./internal";
import { parseJsonBody } from "./json-body";
import { loggerRoutes } from "./loggers";
import { rootRoutes } from "./root";
import { ferryWorkerRoutes } from "./workers";
import { acceptsJson, isJsonContentType, matchRoute, type Route, type RestLogger } from "./router";

export interface RestApiOptions {
  /** The herder once it exists; until then requests get a 503 (GET /health answers "starting"). */
  herder: () => Herder | undefined;
  /** False while standalone still creates its command-line connectors. */
  ready?: () => boolean;
  logger?: RestLogger;
  /** Kafka's REST request timeout: a herder call running longer answers 500 `Request timed out`. */
  requestTimeoutMs?: number;
}

/** What the listener knows about a request beyond the `Request` itself. */
export interface RestRequestInfo {
  /** The client's address, for the audit log. */
  remoteAddress?: string;
}

export type RestHandler = (request: Request, info?: RestRequestInfo) => Promise<Response>;

export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000;

const silent: RestLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Every resource of the Connect REST API, in Kafka's registration order. */
export function connectRoutes(): Route[] {
  return [...rootRoutes(), ...connectorRoutes(), ...connectorPluginRoutes(), ...loggerRoutes(), ...internalRoutes(), ...ferryWorkerRoutes()];
}

/** The Connect REST API as one fetch-style handler: `Request` in, `Response` out, never throws. */
export function createRestApi(options: RestApiOptions): RestHandler {
  const routes = connectRoutes();
  const logger = options.logger ?? silent;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const ready = options.ready ?? (() => true);

  async function dispatch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    if (method === "OPTIONS") {
      const match = matchRoute(routes, "GET", url.pathname);
      if (match.kind === "not-found") throw new ConnectRestError(404, "HTTP 404 Not Found");
      return new Response(null, { status: 204, headers: { allow: allowHeader(match.allow) } });
    }
    // Jersey answers HEAD with the GET resource method, without the entity.
    const match = matchRoute(routes, method === "HEAD" ? "GET" : method, url.pathname);
    if (match.kind === "not-found") throw new ConnectRestError(404, "HTTP 404 Not Found");
    if (match.kind === "method-not-allowed") throw new MethodNotAllowed(match.allow);
    const { route, params } = match;
    if (route.bodySchema && !isJsonContentType(request.headers.get("content-type"))) {
      throw new ConnectRestError(415, "HTTP 415 Unsupported Media Type");
    }
    if (!acceptsJson(request.headers.get("accept"))) throw new ConnectRestError(406, "HTTP 406 Not Acceptable");

    const herder = options.herder();
    if (!herder) {
      if (route.whileStarting) return route.whileStarting();
      throw new ConnectRestError(503, "Worker is still starting up.");
    }
    const body = route.bodySchema ? parseJsonBody(await request.text(), route.bodySchema) : undefined;
    const response = await withTimeout(
      withForwardingContext(request, url, () => route.handle({ request, url, params, body, herder, ready: ready(), logger })),
      timeoutMs,
    );
    return method === "HEAD" ? new Response(null, { status: response.status, headers: response.headers }) : response;
  }

  return async (request) => {
    try {
      return await dispatch(request);
    } catch (err) {
      const response = toErrorResponse(err, logger);
      if (err instanceof MethodNotAllowed) response.headers.set("allow", allowHeader(err.allow));
      return response;
    }
  };
}

class MethodNotAllowed extends ConnectRestError {
  constructor(readonly allow: string[]) {
    super(405, "HTTP 405 Method Not Allowed");
  }
}

function allowHeader(methods: string[]): string {
  const all = new Set(methods);
  if (all.has("GET")) all.add("HEAD");
  all.add("OPTIONS");
  return [...all].join(",");
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectError("Request timed out")), ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
