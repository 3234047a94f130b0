import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { FakeHerder } from "./fake-herder";
import { parseListener, startRestServer, type RestServer } from "./rest-server";

const servers: RestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: { maxBodyBytes?: number; attach?: boolean } = {}): Promise<{ server: RestServer; url: string; herder: FakeHerder }> {
  const herder = new FakeHerder();
  const server = await startRestServer({
    herder: options.attach === false ? undefined : herder,
    listeners: ["http://127.0.0.1:0"],
    maxBodyBytes: options.maxBodyBytes,
  });
  servers.push(server);
  return { server, url: server.urls[0] as string, herder };
}

/** One raw HTTP/1.1 exchange over a socket: what fetch would refuse to send. */
function rawExchange(url: string, payload: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString("utf8")));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
    socket.write(payload);
  });
}

describe("parseListener", () => {
  it("reads Kafka's listener format", () => {
    expect(parseListener("http://:8083")).toEqual({ protocol: "http", host: "", port: 8083 });
    expect(parseListener("HTTP://localhost:0")).toEqual({ protocol: "http", host: "localhost", port: 0 });
    expect(parseListener("http://[::1]:8083")).toEqual({ protocol: "http", host: "::1", port: 8083 });
  });

  it("rejects what it cannot serve", () => {
    expect(() => parseListener("localhost:8083")).toThrow(/expected http:\/\/host:port/);
    expect(() => parseListener("http://localhost:99999")).toThrow(/expected/);
    expect(() => parseListener("https://localhost:8443")).toThrow(/https listeners are not supported/);
    expect(() => parseListener("ftp://localhost:21")).toThrow(/only http/);
  });
});

describe("startRestServer", () => {
  it("serves the API on the bound port and reports its URL", async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toMatchObject({ version: "3.9.0", kafka_cluster_id: "fake-cluster" });
  });

  it("round-trips a create: 201, absolute Location from the Host header, JSON body", async () => {
    const { url } = await start();
    const res = await fetch(`${url}/connectors/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "a/b", config: { "connector.class": "FileStreamSource" } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${url}/connectors/a%2Fb`);
    expect(await (await fetch(`${url}/connectors/a%2Fb/config`)).json()).toEqual({ "connector.class": "FileStreamSource", name: "a/b" });
    const deleted = await fetch(`${url}/connectors/a%2Fb`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get("content-length")).toBeNull();
  });

  it("answers 503 until a herder is attached, and health says starting until ready", async () => {
    const { server, url, herder } = await start({ attach: false });
    expect((await fetch(`${url}/connectors`)).status).toBe(503);
    server.attachHerder(herder);
    expect((await fetch(`${url}/connectors`)).status).toBe(200);
    expect((await fetch(`${url}/health`)).status).toBe(503);
    server.markReady();
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it("a body over the limit is a 413 Connect error (declared length)", async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const res = await fetch(`${url}/connectors/a/config`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ big: "x".repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error_code: 413, message: "Request body is larger than the limit of 1024 bytes" });
  });

  it("a chunked body growing over the limit is a 413 too, and the server keeps serving", async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/connectors/a/config`, { method: "PUT", headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(`{"big":"${"x".repeat(2048)}`);
      req.end(`"}`);
    });
    expect(status).toBe(413);
    expect((await fetch(`${url}/connectors`)).status).toBe(200);
  });

  it("the default limit is 10 MiB", async () => {
    const { url } = await start();
    const body = JSON.stringify({ big: "x".repeat(10 * 1024 * 1024) });
    const res = await fetch(`${url}/connectors/a/config`, { method: "PUT", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(413);
  });

  it("survives a client that disconnects mid-body", async () => {
    const { url } = await start();
    const { hostname, port } = new URL(url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write("PUT /connectors/a/config HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":");
        socket.destroy();
        resolve();
      });
    });
    expect((await fetch(`${url}/connectors`)).status).toBe(200);
  });

  it("malformed HTTP gets a 400 with a Connect error body", async () => {
    const { url } = await start();
    const answer = await rawExchange(url, "THIS IS NOT HTTP\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(answer).toContain('{"error_code":400,"message":"HTTP 400 Bad Request"}');
  });

  it("a malformed request with a large body still gets its 400, read after the upload ended", async () => {
    const { url } = await start();
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    onTestFinished(() => void socket.destroy());
    // The client reads nothing until it has sent everything: a server that resets the connection
    // on the first chunk after its answer makes the client's stack drop that answer unread.
    socket.pause();
    let answer = "";
    const ended = new Promise<string>((resolve, reject) => {
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
      socket.on("end", () => resolve(answer));
      socket.on("error", reject);
    });
    socket.write("get /../../etc/passwd HTTP/1.1\r\nHost: x\r\nContent-Length: 1310720\r\n\r\n");
    const chunk = Buffer.alloc(64 * 1024, "a");
    for (let i = 0; i < 20 && !socket.destroyed; i++) {
      socket.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.resume();
    expect(await ended).toMatch(/^HTTP\/1\.1 400 Bad Request[\s\S]*\{"error_code":400,"message":"HTTP 400 Bad Request"\}$/);
  });

  it("bad percent-encoding and a bogus Host header do not crash", async () => {
    const { url } = await start();
    const answer = await rawExchange(url, "GET /connectors/%E0%A4%A/status HTTP/1.1\r\nHost: evil/..@x\r\nConnection: close\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
    expect(answer).toContain('"HTTP 404 Not Found"');
    const trace = await rawExchange(url, "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(trace).toMatch(/^HTTP\/1\.1 405/);
    expect((await fetch(`${url}/`)).status).toBe(200);
  });

  it("invalid UTF-8 in a JSON body is read with replacement characters, not a crash", async () => {
    const { url } = await start();
    const body = Buffer.concat([Buffer.from('{"connector.class":"FileStreamSource","x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await fetch(`${url}/connectors/u/config`, { method: "PUT", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(201);
  });

  it("close() ends keep-alive connections and frees the port", async () => {
    const { server, url } = await start();
    await fetch(`${url}/`, { headers: { connection: "keep-alive" } });
    await server.close();
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it("a port in use is a clear startup error", async () => {
    const { url } = await start();
    const port = new URL(url).port;
    await expect(startRestServer({ listeners: [`http://127.0.0.1:${port}`] })).rejects.toThrow(/Could not bind the REST listener on 127\.0\.0\.1 port \d+: address already in use/);
  });

  it("binds every listener; an empty host means all interfaces", async () => {
    const server = await startRestServer({ herder: new FakeHerder(), listeners: ["http://:0", "http://127.0.0.1:0"] });
    onTestFinished(() => server.close());
    expect(server.addresses.map((a) => a.host)).toEqual(["", "127.0.0.1"]);
    expect(server.urls[0]).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const port = server.addresses[0]?.port;
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});
