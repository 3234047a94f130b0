import { createServer, type Server, type Socket } from "node:net";
import { ApiKey, defineApi, type ApiDefinition, type RequestHeader } from "./api";
import { decodeApiVersionsRequest, encodeApiVersionsResponse, type ApiVersionRange } from "./protocol/apis/api-versions";
import { ErrorCode } from "./protocol/error-codes";
import { ProtocolError } from "./protocol/protocol-error";
import { Reader } from "./protocol/reader";
import { Writer } from "./protocol/writer";
import type { Logger } from "./util/logger";

export interface KafkaServerOptions {
  host: string;
  port: number;
  apis: readonly ApiDefinition[];
  logger: Logger;
  /** socket.request.max.bytes: a larger frame closes the connection. */
  maxRequestBytes: number;
  /** connections.max.idle.ms: a connection silent this long is closed. */
  idleTimeoutMs: number;
}

export interface KafkaServer {
  readonly host: string;
  readonly port: number;
  readonly connectionCount: number;
  close(): Promise<void>;
}

/** Stop reading a connection while this much response data waits for the client. */
const HIGH_WATER = 16 * 1024 * 1024;

/**
 * The Kafka wire protocol over TCP: size-prefixed frames, requests of one connection answered
 * strictly in order (as Kafka does), any number of connections. A bad frame costs its connection
 * one log line and a close; nothing a client sends can stop the server.
 */
export function startKafkaServer(options: KafkaServerOptions): Promise<KafkaServer> {
  const { logger } = options;
  const apis = new Map<number, ApiDefinition>(options.apis.map((a) => [a.key, a]));
  const apiVersions: ApiVersionRange[] = [];
  apis.set(
    ApiKey.ApiVersions,
    defineApi({
      key: ApiKey.ApiVersions,
      name: "ApiVersions",
      minVersion: 0,
      maxVersion: 2,
      decodeRequest: decodeApiVersionsRequest,
      encodeResponse: encodeApiVersionsResponse,
      handle: () => ({ errorCode: ErrorCode.NONE, apiKeys: apiVersions, throttleTimeMs: 0 }),
    }),
  );
  for (const a of [...apis.values()].sort((x, y) => x.key - y.key)) {
    apiVersions.push({ apiKey: a.key, minVersion: a.minVersion, maxVersion: a.maxVersion });
  }
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;

  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    const connection = new Connection(socket, nextConnectionId++, apis, apiVersions, options);
    socket.once("close", () => {
      sockets.delete(socket);
      connection.closed();
    });
  });
  server.on("error", (err) => logger.error("listener error", { error: err.message }));

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolve({
        host: options.host,
        port,
        get connectionCount() {
          return sockets.size;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Buffer[] = [];
  private processing = false;
  private readonly abort = new AbortController();
  private readonly remote: string;

  constructor(
    private readonly socket: Socket,
    private readonly id: number,
    private readonly apis: Map<number, ApiDefinition>,
    private readonly apiVersions: ApiVersionRange[],
    private readonly options: KafkaServerOptions,
  ) {
    this.remote = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    socket.setTimeout(options.idleTimeoutMs, () => this.fail("idle connection closed"));
    socket.on("data", (data) => this.onData(data));
    socket.on("error", () => socket.destroy());
    socket.on("drain", () => socket.resume());
  }

  closed(): void {
    this.abort.abort();
    this.queue.length = 0;
    this.chunks = [];
  }

  private fail(reason: string, fields?: Record<string, unknown>): void {
    if (this.socket.destroyed) return;
    this.options.logger.warn(`closing connection: ${reason}`, { connection: this.id, remote: this.remote, ...fields });
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    this.chunks.push(data);
    this.buffered += data.length;
    while (this.buffered >= 4) {
      const head = this.peek(4);
      const size = head.readInt32BE(0);
      if (size < 8 || size > this.options.maxRequestBytes) {
        return this.fail(size < 8 ? "malformed frame size" : "request larger than socket.request.max.bytes", { size });
      }
      if (this.buffered < 4 + size) return;
      const frame = this.take(4 + size).subarray(4);
      this.queue.push(frame);
    }
    if (!this.processing) void this.drain();
  }

  /** The first n buffered bytes, merging chunks only when a value straddles them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first;
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged;
  }

  private take(n: number): Buffer {
    const merged = this.peek(n);
    const out = merged.subarray(0, n);
    const rest = merged.subarray(n);
    this.chunks[0] = rest;
    if (rest.length === 0) this.chunks.shift();
    this.buffered -= n;
    return out;
  }

  private async drain(): Promise<void> {
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.socket.destroyed) {
        const frame = this.queue.shift() as Buffer;
        await this.handle(frame);
      }
    } finally {
      this.processing = false;
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    const r = new Reader(frame);
    let header: RequestHeader | undefined;
    let api: ApiDefinition | undefined;
    try {
      const apiKey = r.int16();
      const apiVersion = r.int16();
      const correlationId = r.int32();
      api = this.apis.get(apiKey);
      if (apiKey === ApiKey.ApiVersions && api && apiVersion > api.maxVersion) {
        // KIP-511: a newer client (kcat sends v3) gets UNSUPPORTED_VERSION with the v0 list and retries lower.
        const w = new Writer();
        encodeApiVersionsResponse(w, 0, { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: this.apiVersions, throttleTimeMs: 0 });
        return this.send(correlationId, w);
      }
      if (!api) return this.fail("unknown API key", { apiKey, apiVersion });
      if (apiVersion < api.minVersion || apiVersion > api.maxVersion) {
        return this.fail("unsupported API version", { api: api.name, apiVersion });
      }
      header = { apiKey, apiVersion, correlationId, clientId: r.nullableString() };
      const request = api.decodeRequest(r, apiVersion);
      const pending = api.handle(request, {
        header,
        connectionId: this.id,
        remoteAddress: this.remote,
        signal: this.abort.signal,
      });
      const response = pending instanceof Promise ? await pending : pending;
      if (response === null || this.socket.destroyed) return;
      const w = new Writer();
      api.encodeResponse(w, apiVersion, response);
      this.send(correlationId, w);
    } catch (err) {
      if (err instanceof ProtocolError) return this.fail(`malformed request: ${err.message}`, { api: api?.name });
      this.options.logger.error("request failed", { api: api?.name, version: header?.apiVersion, error: err instanceof Error ? err.stack : String(err) });
      this.socket.destroy();
    }
  }

  private send(correlationId: number, body: Writer): void {
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE(4 + body.length, 0);
    head.writeInt32BE(correlationId, 4);
    this.socket.cork();
    this.socket.write(head);
    for (const chunk of body.toBuffers()) this.socket.write(chunk);
    this.socket.uncork();
    if (this.socket.writableLength > HIGH_WATER) this.socket.pause();
  }
}
