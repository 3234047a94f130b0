import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CONSOLE_ENV, loadConsoleConfig } from "./config";
import { ensureConsoleBuild, PROJECT_ROOT } from "./console-build";

export interface ConsoleServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The bundled worker's REST URL (the "local" Connect cluster). */
  connectUrl?: string;
  /** The embedded broker or the worker's Kafka (the "local" Kafka cluster). */
  bootstrapServers?: string;
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
  loadConsoleConfig(); // fail now, with the reason, rather than on the first request
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  await ensureConsoleBuild({ print: options.print });
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: PROJECT_ROOT, hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => void handle(req, res));
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
