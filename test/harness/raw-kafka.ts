// Raw TCP access to a Kafka-protocol broker, for tests that send what no client library would:
// truncated frames, lying sizes, unknown keys, garbled bodies.
import { connect, type Socket } from "node:net";

/** A request frame: size prefix, request header v1 (key, version, correlation id, client id), body. */
export function requestFrame(apiKey: number, apiVersion: number, correlationId: number, body: Buffer, clientId: string | null = "ferry-raw"): Buffer {
  const id = clientId === null ? null : Buffer.from(clientId);
  const header = Buffer.alloc(10);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(id === null ? -1 : id.length, 8);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + (id?.length ?? 0) + body.length, 0);
  return Buffer.concat([size, header, id ?? Buffer.alloc(0), body]);
}

/** One response frame: its correlation id and body (response header v0). */
export interface RawResponse {
  correlationId: number;
  body: Buffer;
}

export class RawConnection {
  readonly responses: RawResponse[] = [];
  /** Set once the socket is closed, by either side. */
  closedAt: number | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on("data", (d: Buffer) => {
      this.pending = this.pending.length === 0 ? d : Buffer.concat([this.pending, d]);
      while (this.pending.length >= 4) {
        const size = this.pending.readInt32BE(0);
        if (this.pending.length < 4 + size) break;
        this.responses.push({ correlationId: this.pending.readInt32BE(4), body: this.pending.subarray(8, 4 + size) });
        this.pending = this.pending.subarray(4 + size);
      }
      this.wake();
    });
    // A reset by the broker is one of the outcomes tests look for, not a test failure.
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closedAt = Date.now();
      this.wake();
    });
  }

  static open(port: number, host = "127.0.0.1", timeoutMs = 5000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(new RawConnection(socket));
      });
      socket.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  write(data: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Sends a request and waits for its response; rejects if the broker closes first or the deadline passes. */
  async request(apiKey: number, apiVersion: number, body: Buffer, { correlationId = nextCorrelationId(), timeoutMs = 5000 } = {}): Promise<Buffer> {
    this.write(requestFrame(apiKey, apiVersion, correlationId, body));
    const outcome = await this.next((r) => r.correlationId === correlationId, timeoutMs);
    if (outcome === "closed") throw new Error(`broker closed the connection instead of answering key ${apiKey} v${apiVersion}`);
    if (outcome === "timeout") throw new Error(`no answer to key ${apiKey} v${apiVersion} within ${timeoutMs} ms`);
    return outcome.body;
  }

  /** Waits for a response matching `match`, the close of the socket, or the deadline, whichever comes first. */
  next(match: (r: RawResponse) => boolean, timeoutMs: number): Promise<RawResponse | "closed" | "timeout"> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const found = this.responses.find(match);
        if (found) resolve(found);
        else if (this.closed) resolve("closed");
        else return false;
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve("timeout");
      }, timeoutMs);
      const waiter = () => {
        if (check()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
        }
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves true once the broker has closed the connection, false if it is still open at the deadline. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    return (await this.next(() => false, timeoutMs)) === "closed";
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

let correlation = 1000;
const nextCorrelationId = () => ++correlation;
