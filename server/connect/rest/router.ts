import type { z } from "zod";
import type { Herder } from "../herder/herder";

/** What the REST layer logs through: structurally the runtime's named `Logger` (runtime/loggers.ts). */
export interface RestLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `"/connectors/{name}/tasks/{task}"` → `"name" | "task"`: path params are typed from the template. */
type ParamNames<P extends string> = P extends `${string}{${infer K}}${infer Rest}` ? K | ParamNames<Rest> : never;
export type PathParams<P extends string> = { readonly [K in ParamNames<P>]: string };

export interface RouteContext<P extends string = string, B = undefined> {
  request: Request;
  url: URL;
  /** URL-decoded path parameters. */
  params: PathParams<P>;
  /** The JSON body, parsed by the route's schema (undefined for routes without a body). */
  body: B;
  herder: Herder;
  /** Standalone: false until the command-line connectors are created (GET /health answers 503 till then). */
  ready: boolean;
  logger: RestLogger;
}

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly segments: readonly string[];
  /** Present when the route consumes a JSON body: Content-Type must be JSON (415) and the body parse (400). */
  readonly bodySchema?: z.ZodType;
  /** Answer while the worker has no herder yet (only GET /health); otherwise such requests get a 503. */
  readonly whileStarting?: () => Response;
  handle(ctx: RouteContext<string, unknown>): Promise<Response>;
}

function segmentsOf(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/** A route without a request body. */
export function route<P extends string>(
  method: HttpMethod,
  path: P,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
  options: { whileStarting?: () => Response } = {},
): Route {
  return {
    method,
    path,
    segments: segmentsOf(path),
    whileStarting: options.whileStarting,
    handle: (ctx) => handler(ctx as unknown as RouteContext<P>),
  };
}

/** A route that consumes a JSON body parsed with `schema` before the handler runs. */
export function routeWithBody<P extends string, S extends z.ZodType>(
  method: HttpMethod,
  path: P,
  schema: S,
  handler: (ctx: RouteContext<P, z.output<S>>) => Promise<Response>,
): Route {
  return {
    method,
    path,
    segments: segmentsOf(path),
    bodySchema: schema,
    handle: (ctx) => handler(ctx as unknown as RouteContext<P, z.output<S>>),
  };
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string>; allow: HttpMethod[] }
  | { kind: "method-not-allowed"; allow: HttpMethod[] }
  | { kind: "not-found" };

/**
 * Matches a raw (still percent-encoded) path against the table. Paths match with or without a
 * trailing slash, as Jersey's do; each segment is decoded on its own so `%2F` stays inside a
 * parameter. A segment that does not decode matches no parameter (404, like an unknown path).
 */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch {
  const raw = rawPath.split("/").slice(1);
  if (raw.length > 0 && raw[raw.length - 1] === "") raw.pop();
  const decoded = raw.map(decodeSegment);
  const allow: HttpMethod[] = [];
  let found: { route: Route; params: Record<string, string> } | undefined;
  for (const candidate of routes) {
    const params = matchSegments(candidate.segments, decoded);
    if (!params) continue;
    if (!allow.includes(candidate.method)) allow.push(candidate.method);
    if (candidate.method === method && !found) found = { route: candidate, params };
  }
  if (found) return { kind: "found", ...found, allow };
  return allow.length > 0 ? { kind: "method-not-allowed", allow } : { kind: "not-found" };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function matchSegments(template: readonly string[], path: readonly (string | undefined)[]): Record<string, string> | undefined {
  if (template.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const p = path[i];
    if (p === undefined) return undefined;
    if (t.startsWith("{") && t.endsWith("}")) {
      // JAX-RS `{name}` is `[^/]+`: an empty segment does not match.
      if (p === "") return undefined;
      params[t.slice(1, -1)] = p;
    } else if (t !== p) {
      return undefined;
    }
  }
  return params;
}

/** `application/json` (any parameters), or no Content-Type at all (Jersey treats that as a wildcard). */
export function isJsonContentType(header: string | null): boolean {
  if (header === null || header.trim() === "") return true;
  const type = header.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/** Whether an Accept header admits `application/json` (q > 0); no header accepts anything. */
export function acceptsJson(header: string | null): boolean {
  if (header === null || header.trim() === "") return true;
  return header.split(",").some((range) => {
    const [type = "", ...params] = range.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    return type === "*/*" || type === "application/*" || type === "application/json";
  });
}

/** Java's Boolean.valueOf: only a case-insensitive "true" is true; absent means the default. */
export function javaBoolean(value: string | null, defaultValue: boolean): boolean {
  return value === null ? defaultValue : value.toLowerCase() === "true";
}
