import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ConnectRestError } from "../api/errors";
import type { Herder } from "../herder/herder";
import { withRestAuth, type RestAuthOptions } from "./auth";
import { toErrorResponse } from "./error-mapper";
import { createRestApi, DEFAULT_REQUEST_TIMEOUT_MS, type RestHandler } from "./rest-api";
import type { RestLogger } from "./router";
import { FERRY_VERSION, FERRY_VERSION_HEADER } from "../../../lib/ferry-version";

export interface RestServerOptions {
  /** May be attached later: Kafka binds the REST listeners before the herder exists (worker id = bound address). */
  herder?: Herder;
  /** Kafka's `listeners`: `http://host:port`, an empty host binds all interfaces, port 0 picks a free one. */
  listeners: string[];
  logger?: RestLogger;
  /** Larger request bodies get a 413 (default 10 MiB). */
  maxBodyBytes?: number;
  /** A herder call running longer answers 500 `Request timed out` (Kafka: 90 s). */
  requestTimeoutMs?: number;
  /** Authentication, roles, masking and the audit log (./auth.ts); absent: none of them. */
  auth?: RestAuthOptions;
}

export interface RestListenerAddress {
  /** As bound: `http://127.0.0.1:8083`; all interfaces show as `0.0.0.0`. */
  url: string;
  /** The listener's host; "" for all interfaces. */
  host: string;
  port: number;
}

export interface RestServer {
  readonly urls: string[];
  readonly addresses: RestListenerAddress[];
  /** Serves the Connect resources from now on (before this, requests answer 503). */
  attachHerder(herder: Herder): void;
  /** Standalone: the command-line connectors exist, GET /health may say healthy. */
  markReady(): void;
  /** The fetch-style handler behind the listeners (for in-process callers). */
  readonly handler: RestHandler;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** `http://host:port` as Kafka's RestServerConfig accepts it (IPv6 hosts in brackets). */
export function parseListener(listener: string): { protocol: "http"; host: string; port: number } {
  const m = /^([a-zA-Z]+):\/\/(\[[0-9a-fA-F:.%a-zA-Z]*\]|[^:/[\]]*):(\d{1,5})\/?$/.exec(listener.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`Could not parse listener '${listener}': expected http://host:port`);
  const protocol = (m[1] as string).toLowerCase();
  if (protocol === "https") throw new Error(`Listener '${listener}': https listeners are not supported by Ferry yet`);
  if (protocol !== "http") throw new Error(`Listener '${listener}' has unsupported protocol '${protocol}'; only http is supported`);
  return { protocol, host: (m[2] as string).replace(/^\[|\]$/g, ""), port };
}

/** Binds the Connect REST API on every listener (node:http), converting node requests to `Request` and back. */
export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  const logger = options.logger ?? { debug() {}, info() {}, warn() {}, error() {} };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let herder = options.herder;
  let ready = false;
  const api = createRestApi({ herder: () => herder, ready: () => ready, logger, requestTimeoutMs: options.requestTimeoutMs });
  const handler = options.auth ? withRestAuth(api, options.auth) : api;
  const listeners = options.listeners.map(parseListener);
  if (listeners.length === 0) throw new Error("No REST listeners configured (listeners is empty)");

  const servers: Server[] = [];
  const addresses: RestListenerAddress[] = [];
  try {
    for (const listener of listeners) {
      const server = createHttpServer(handler, { maxBodyBytes, logger, requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS });
      servers.push(server);
      const port = await listen(server, listener.host, listener.port);
      const shown = listener.host === "" ? "0.0.0.0" : listener.host.includes(":") ? `[${listener.host}]` : listener.host;
      addresses.push({ url: `http://${shown}:${port}`, host: listener.host, port });
    }
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    urls: addresses.map((a) => a.url),
    addresses,
    handler,
    attachHerder(h) {
      herder = h;
    },
    markReady() {
      ready = true;
    },
    close() {
      closing ??= Promise.all(servers.map(closeServer)).then(() => undefined);
      return closing;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${host === "" ? "all interfaces" : host} port ${port}`;
      reject(new Error(`Could not bind the REST listener on ${where}: ${err.code === "EADDRINUSE" ? "address already in use" : err.message}`, { cause: err }));
    };
    server.once("error", onError);
    server.listen({ host: host === "" ? undefined : host, port }, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/** Stops accepting, lets idle keep-alive sockets go, and cuts what is still open after a grace period. */
function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 2000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

interface HttpOptions {
  maxBodyBytes: number;
  logger: RestLogger;
  requestTimeoutMs: number;
}

function createHttpServer(handler: RestHandler, options: HttpOptions): Server {
  // A missing Host is refused in toRequest, with the error entity node's own 400 lacks.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    void serve(handler, req, res, options);
  });
  // Receiving a request (headers + body) may not take forever; the herder call has its own timeout.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 30_000;
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
  // node answers these itself with an empty body (417) or by closing (CONNECT): answer with the error entity.
  server.on("checkExpectation", (_req: IncomingMessage, res: ServerResponse) => {
    void writeResponse(res, toErrorResponse(new ConnectRestError(417, "HTTP 417 Expectation Failed"))).catch(() => {});
  });
  server.on("connect", (_req: IncomingMessage, socket: Socket) => answerAndClose(socket, 405, "Method Not Allowed"));
  return server;
}

async function serve(handler: RestHandler, req: IncomingMessage, res: ServerResponse, options: HttpOptions): Promise<void> {
  res.on("error", (err) => options.logger.debug(`REST response not delivered: ${err.message}`));
  const started = Date.now();
  let response: Response;
  try {
    const request = await toRequest(req, options.maxBodyBytes);
    response = request instanceof Response ? request : await handler(request, { remoteAddress: req.socket.remoteAddress });
  } catch (err) {
    if (req.destroyed && !req.complete) {
      // The client went away while sending; nobody is left to answer.
      options.logger.debug(`REST request aborted by the client: ${req.method} ${req.url}`);
      return;
    }
    response = toErrorResponse(err, options.logger);
    if (err instanceof BodyTooLarge) {
      // Discard the rest of the upload (the request timeout bounds it) and keep the connection
      // open meanwhile: closing a socket with unread input resets it, and the client's TCP stack
      // then drops the 413 before the client reads it.
      req.resume();
    }
  }
  options.logger.debug(`${req.socket.remoteAddress ?? "-"} "${req.method} ${req.url} HTTP/${req.httpVersion}" ${response.status} ${Date.now() - started}ms`);
  await writeResponse(res, response).catch((err: Error) => options.logger.debug(`REST response not delivered: ${err.message}`));
}

class BodyTooLarge extends ConnectRestError {
  constructor(limit: number) {
    super(413, `Request body is larger than the limit of ${limit} bytes`);
  }
}

/** Builds the WHATWG Request; answers directly (as a Response) what cannot become one. */
async function toRequest(req: IncomingMessage, maxBodyBytes: number): Promise<Request | Response> {
  const method = (req.method ?? "GET").toUpperCase();
  // HTTP/1.1 requires Host (RFC 9112 §3.2; Jetty answers 400 as well).
  if (req.httpVersion === "1.1" && req.headers.host === undefined) throw new ConnectRestError(400, "HTTP 400 Bad Request: missing Host header");
  const url = requestUrl(req);
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    } catch {
      // A header value fetch refuses is not one the REST API reads.
    }
  }
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > maxBodyBytes) throw new BodyTooLarge(maxBodyBytes);
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req, maxBodyBytes);
  try {
    return new Request(url, { method, headers, body: body && body.length > 0 ? new Uint8Array(body) : undefined });
  } catch {
    // fetch forbids CONNECT, TRACE and TRACK: no resource answers them anyway.
    return toErrorResponse(new ConnectRestError(405, "HTTP 405 Method Not Allowed"));
  }
}

/** The request URL from the Host header, or the local address when Host is missing or not a host. */
function requestUrl(req: IncomingMessage): string {
  let target: URL;
  try {
    target = new URL(req.url ?? "/", "http://placeholder");
  } catch {
    // An absolute-form target that is no URL (`http://[::1`).
    throw new ConnectRestError(400, "HTTP 400 Bad Request: invalid request target");
  }
  const host = req.headers.host;
  const valid = host !== undefined && /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._~%-]+)(:\d{1,5})?$/.test(host);
  const local = req.socket.localAddress ?? "127.0.0.1";
  const authority = valid ? host : `${local.includes(":") ? `[${local}]` : local}:${req.socket.localPort ?? 80}`;
  return `http://${authority}${target.pathname}${target.search}`;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onAbort = () => {
      cleanup();
      reject(new Error("request aborted"));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onClose);
    };
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onClose);
  });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  if (res.destroyed || res.writableEnded) return;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // Kafka clients ignore it; Ferry's console reads it from `GET /` to offer Ferry-only extras.
  res.setHeader(FERRY_VERSION_HEADER, FERRY_VERSION);
  if (response.status !== 204 && response.status !== 304) res.setHeader("content-length", body?.length ?? 0);
  await new Promise<void>((resolve) => res.end(body, () => resolve()));
}

/** Malformed HTTP (bad request line, oversized headers, receive timeout): a Connect error body, then close. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // node's parser stays in error and reports each later chunk of the same upload again: answered once.
  if (answered.has(socket)) return;
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large"]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout"]
        : [400, "Bad Request"];
  answerAndClose(socket, status, reason);
}

/** Sockets answered by answerAndClose, still reading what the client sends. */
const answered = new WeakSet<Socket>();
/** How long an answered socket keeps discarding the client's upload before it is destroyed. */
const LINGER_MS = 2_000;

/**
 * A Connect error entity written straight to the socket, then the connection closed. Whatever the
 * client still sends is read and dropped until it closes (LINGER_MS at most): destroying a socket with
 * unread input resets it, and the client's TCP stack then drops the answer before the client reads it.
 */
function answerAndClose(socket: Socket, status: number, reason: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  const body = JSON.stringify({ error_code: status, message: `HTTP ${status} ${reason}` });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once("close", () => clearTimeout(linger));
  socket.resume();
}
