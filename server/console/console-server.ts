import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { UserStore } from "../security/credentials";
import type { AddressInfo } from "node:net";
import { CONSOLE_ENV, loadConsoleConfig } from "./config";
import { ensureConsoleBuild, PROJECT_ROOT } from "./console-build";
import { CLIENT_ADDRESS_HEADER } from "./login";
import { SESSION_ENV } from "./session";

export interface ConsoleServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The bundled worker's REST URL (the "local" Connect cluster). */
  connectUrl?: string;
  /** The embedded broker or the worker's Kafka (the "local" Kafka cluster). */
  bootstrapServers?: string;
  /** A users file (`ferry users add`): every page and API route then needs a login. */
  usersFile?: string;
  /** Where the console appends its users' changes (JSON lines; `ferry start` shares it with the REST API). */
  auditFile?: string;
  /** The bundled worker's trust token: the console calls it as the signed-in user with it. */
  connectToken?: string;
  print?: (line: string) => void;
}

export interface ConsoleServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The console's Next.js server in this process (production build, built first if needed). The
 * route handlers read their clusters from the environment, so the options become variables here.
 */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  if (options.connectUrl) process.env[CONSOLE_ENV.connectUrl] = options.connectUrl;
  if (options.bootstrapServers) process.env[CONSOLE_ENV.bootstrapServers] = options.bootstrapServers;
  if (options.usersFile) {
    await UserStore.open(options.usersFile); // a missing or broken users file stops the start, with its reason
    process.env[SESSION_ENV.usersFile] = options.usersFile;
  }
  if (options.auditFile) process.env[SESSION_ENV.auditFile] = options.auditFile;
  if (options.connectToken) process.env[SESSION_ENV.connectToken] = options.connectToken;
  // One signing secret for every part of the server (page proxy, layouts, routes): sessions end with the process.
  process.env[SESSION_ENV.secret] ||= randomBytes(32).toString("base64url");
  loadConsoleConfig(); // fail now, with the reason, rather than on the first request
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  await ensureConsoleBuild({ print: options.print });
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: PROJECT_ROOT, hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    // The socket's address for the login throttle and the audit log; a value the client sent is dropped.
    delete req.headers[CLIENT_ADDRESS_HEADER];
    if (req.socket.remoteAddress) req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress;
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () => closeServer(server).then(() => app.close()),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
