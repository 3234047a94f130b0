import { createHash, timingSafeEqual } from "node:crypto";
import { auditOutcome, type AuditEntry } from "../../../lib/auth/audit";
import { connectActionName, connectRequestRole, hasRole, isRole, missingRoleMessage, seesSecrets, type Role } from "../../../lib/auth/roles";
import type { AuditLog } from "../../security/audit-log";
import { parseBasicAuthorization, type UserStore } from "../../security/credentials";
import { describeWait, LoginThrottle, retryAfterSeconds } from "../../security/login-throttle";
import { errorResponse } from "./error-mapper";
import { carriesSignature } from "./internal-request-signature";
import { json } from "./responses";
import type { RestHandler, RestRequestInfo } from "./rest-api";

/**
 * Authentication, roles and the audit log around the Connect REST API.
 *
 * Authentication follows Kafka's BasicAuthSecurityRestExtension (JaasBasicAuthFilter): with a users
 * file configured (`rest.auth.users.file`) every request needs `Authorization: Basic …` of a user in
 * it, else 401 (Kafka answers "User cannot access the resource."; Ferry adds `WWW-Authenticate` and
 * the usual JSON error body). As in Kafka, the internal requests between distributed workers
 * (`POST /connectors/{n}/tasks`, `PUT /connectors/{n}/fence`) need no credentials when they carry a
 * session-key signature (internal-request-signature.ts): they pass here, and the herder checks the
 * signature before acting (400 without one, 403 when it does not match). Such a request without
 * signature headers needs credentials like any other, and the herder still wants a signature.
 * A forwarded user request carries the caller's own Authorization header.
 *
 * Roles (lib/auth/roles.ts) go beyond Kafka: a user whose role is below what the request needs gets
 * a 403. Viewers and operators see PASSWORD values of connector configs as "[hidden]".
 *
 * The console is trusted through a per-process token: `Authorization: Bearer <token>` with headers
 * `x-ferry-user` / `x-ferry-role` acts for the console's logged-in user; the console audits its own
 * users' actions, so those requests are not audited again here.
 *
 * Failed Basic credentials are throttled (a Ferry addition: Kafka has no such limit): after 5
 * failures for the same user name or from the same client address within 15 minutes, requests with
 * credentials for it answer 429 with `Retry-After`, without the password being checked
 * (server/security/login-throttle.ts).
 *
 * Every mutation (a method other than GET, HEAD and OPTIONS, except config validation, which reads)
 * is appended to the audit log, refusals included.
 */

export const AUTH_REALM = "Ferry";
export const UNAUTHORIZED_MESSAGE = "User cannot access the resource.";
export const HIDDEN_VALUE = "[hidden]";
export const CONSOLE_USER_HEADER = "x-ferry-user";
export const CONSOLE_ROLE_HEADER = "x-ferry-role";
export const AUDIT_PATH = "/ferry/audit";
/** The audit log's name for a signed request of another worker. */
export const INTERNAL_CALLER = "internal-request";

export interface RestAuthOptions {
  /** The users file; undefined: authentication off, every caller is "anonymous" with the admin role. */
  users?: UserStore;
  /** Where mutations are recorded; undefined: not recorded (and GET /ferry/audit answers 404). */
  auditLog?: AuditLog;
  /** The console's per-process token (`ferry start`), accepted as `Authorization: Bearer <token>`. */
  consoleToken?: string;
  /** The keys of a connector config whose values are secrets (PASSWORD), for masking. */
  secretKeys?: (config: Readonly<Record<string, string>>) => ReadonlySet<string>;
  /** Failed Basic logins; default: one for this handler with the default limits. */
  loginThrottle?: LoginThrottle;
}

interface Caller {
  name: string;
  role: Role;
  /** False for the console acting for its user: the console writes that entry itself. */
  audited: boolean;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Wraps the REST handler with authentication, authorization, masking and the audit log. */
export function withRestAuth(handler: RestHandler, options: RestAuthOptions): RestHandler {
  const tokenDigest = options.consoleToken ? digest(options.consoleToken) : undefined;
  const throttle = options.loginThrottle ?? new LoginThrottle();

  async function identify(request: Request, info: RestRequestInfo | undefined): Promise<Caller | { denied: string; retryAfterMs?: number }> {
    if (!options.users) return { name: "anonymous", role: "admin", audited: true };
    const authorization = request.headers.get("authorization");
    const bearer = authorization ? /^Bearer[ ]+(\S+)\s*$/i.exec(authorization) : null;
    if (bearer && tokenDigest && timingSafeEqual(digest(bearer[1] as string), tokenDigest)) {
      const role = request.headers.get(CONSOLE_ROLE_HEADER) ?? "";
      // An unknown role gets the least one rather than an error the console could not explain.
      return { name: request.headers.get(CONSOLE_USER_HEADER) || "console", role: isRole(role) ? role : "viewer", audited: false };
    }
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) return { denied: "anonymous" };
    const attempt = { user: credentials.user, address: info?.remoteAddress };
    const wait = throttle.retryAfterMs(attempt);
    if (wait > 0) return { denied: credentials.user || "anonymous", retryAfterMs: wait };
    const principal = await options.users.authenticate(credentials.user, credentials.password);
    if (!principal) {
      throttle.recordFailure(attempt);
      return { denied: credentials.user || "anonymous" };
    }
    throttle.recordSuccess(attempt);
    return { name: principal.name, role: principal.role, audited: true };
  }

  return async (request, info) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const segments = pathSegments(url.pathname);
    if (isInternalRequest(method, segments) && carriesSignature(request.headers)) {
      // Verified by the herder; only a refusal is worth an audit entry (a forgery, or workers that disagree).
      const response = await handler(request, info);
      if (response.status >= 400 && options.auditLog) {
        await options.auditLog.record(await auditEntry({ name: INTERNAL_CALLER }, method, url, segments, response, info));
      }
      return response;
    }
    const isAudit = segments.length === 2 && segments[0] === "ferry" && segments[1] === "audit";
    const mutation = !READ_METHODS.has(method) && !isValidation(method, segments);
    const audit = async (caller: { name: string; role?: Role }, response: Response) => {
      if (!mutation || !options.auditLog) return;
      await options.auditLog.record(await auditEntry(caller, method, url, segments, response, info));
    };

    const caller = await identify(request, info);
    if ("denied" in caller) {
      const response =
        caller.retryAfterMs !== undefined
          ? errorResponse(429, `Too many failed logins: try again in ${describeWait(caller.retryAfterMs)}`, 429, { "retry-after": String(retryAfterSeconds(caller.retryAfterMs)) })
          : errorResponse(401, UNAUTHORIZED_MESSAGE, 401, { "www-authenticate": `Basic realm="${AUTH_REALM}"` });
      await audit({ name: caller.denied }, response);
      return response;
    }
    const needed = isAudit ? "operator" : connectRequestRole(method, segments);
    if (!hasRole(caller.role, needed)) {
      const response = errorResponse(403, missingRoleMessage(needed));
      if (caller.audited) await audit(caller, response);
      return response;
    }

    let response = isAudit ? await auditRoute(method, url, options.auditLog) : await handler(request, info);
    if (!seesSecrets(caller.role) && options.secretKeys && carriesConfigs(method, segments, url)) {
      response = await maskResponse(response, segments, options.secretKeys);
    }
    if (caller.audited) await audit(caller, response);
    return response;
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Decoded path segments; a segment that does not decode is kept as sent. */
function pathSegments(pathname: string): string[] {
  return pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** Kafka's internal endpoints (JaasBasicAuthFilter#isInternalRequest). */
function isInternalRequest(method: string, segments: readonly string[]): boolean {
  if (segments.length !== 3 || segments[0] !== "connectors") return false;
  return (method === "POST" && segments[2] === "tasks") || (method === "PUT" && segments[2] === "fence");
}

/** `PUT /connector-plugins/{p}/config/validate` changes nothing: it is not audited. */
function isValidation(method: string, segments: readonly string[]): boolean {
  return method === "PUT" && segments[0] === "connector-plugins" && segments.at(-1) === "validate";
}

async function auditEntry(
  caller: { name: string; role?: Role },
  method: string,
  url: URL,
  segments: readonly string[],
  response: Response,
  info: RestRequestInfo | undefined,
): Promise<Omit<AuditEntry, "time">> {
  const [first, name, sub, task] = segments;
  const target = first === "connectors" && name !== undefined ? (sub === "tasks" && task !== undefined ? `${name}/${task}` : name) : undefined;
  return {
    user: caller.name,
    ...(caller.role ? { role: caller.role } : {}),
    source: "rest",
    action: connectActionName(method, segments),
    ...(target !== undefined ? { target } : {}),
    method,
    path: `${url.pathname}${url.search}`,
    status: response.status,
    outcome: auditOutcome(response.status),
    ...(response.status >= 400 ? { message: await errorMessage(response) } : {}),
    ...(info?.remoteAddress ? { remote: info.remoteAddress } : {}),
  };
}

/** The `message` of a Connect error body, read from a copy so the response stays intact. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { message?: unknown };
    if (typeof body.message === "string") return body.message.length > 500 ? `${body.message.slice(0, 500)}…` : body.message;
  } catch {
    // Not a JSON error body.
  }
  return `HTTP ${response.status}`;
}

/** `GET /ferry/audit?limit=N`: the newest entries first. */
async function auditRoute(method: string, url: URL, auditLog: AuditLog | undefined): Promise<Response> {
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { allow: "GET,HEAD,OPTIONS" } });
  if (method !== "GET" && method !== "HEAD") return errorResponse(405, "HTTP 405 Method Not Allowed", 405, { allow: "GET,HEAD,OPTIONS" });
  if (!auditLog) return errorResponse(404, "The audit log is not enabled on this worker (set audit.log.file)");
  const raw = url.searchParams.get("limit");
  const limit = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return errorResponse(400, "limit must be an integer between 1 and 10000");
  const entries = await auditLog.read({ limit });
  return method === "HEAD" ? new Response(null, { status: 200 }) : json(200, { entries });
}

/** GET responses that hold connector configs (connector info, config, task configs, `expand=info`). */
function carriesConfigs(method: string, segments: readonly string[], url: URL): boolean {
  if (method !== "GET" || segments[0] !== "connectors") return false;
  if (segments.length === 1) return url.searchParams.getAll("expand").includes("info");
  if (segments.length === 2) return true;
  return segments.length === 3 && (segments[2] === "config" || segments[2] === "tasks" || segments[2] === "tasks-config");
}

type SecretKeys = NonNullable<RestAuthOptions["secretKeys"]>;

/** A config-provider placeholder (`${file:/path:key}`) is no secret: shown as it is. */
function isPlaceholder(value: string): boolean {
  return /^\$\{[^{}]+\}$/.test(value.trim());
}

/** The config with its secret values replaced by "[hidden]". */
export function maskConfig(config: unknown, secretKeys: SecretKeys): unknown {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return config;
  const map = config as Record<string, unknown>;
  const strings = Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === "string"));
  const secrets = secretKeys(strings);
  if (secrets.size === 0) return config;
  return Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key, secrets.has(key) && typeof value === "string" && !isPlaceholder(value) ? HIDDEN_VALUE : value]),
  );
}

async function maskResponse(response: Response, segments: readonly string[], secretKeys: SecretKeys): Promise<Response> {
  if (response.status !== 200 || !(response.headers.get("content-type") ?? "").includes("json")) return response;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return response;
  }
  const withConfig = (value: unknown): unknown =>
    typeof value === "object" && value !== null && "config" in value ? { ...value, config: maskConfig((value as { config: unknown }).config, secretKeys) } : value;
  const sub = segments[2];
  let masked: unknown;
  if (segments.length === 1) {
    // GET /connectors?expand=info: {name: {info: {config…}, status…}}
    masked = mapValues(body, (entry) =>
      typeof entry === "object" && entry !== null && "info" in entry ? { ...entry, info: withConfig((entry as { info: unknown }).info) } : entry,
    );
  } else if (sub === undefined) masked = withConfig(body);
  else if (sub === "config") masked = maskConfig(body, secretKeys);
  else if (sub === "tasks") masked = Array.isArray(body) ? body.map(withConfig) : body;
  else masked = mapValues(body, (config) => maskConfig(config, secretKeys));
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(masked), { status: response.status, headers });
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}
