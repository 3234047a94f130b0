import { z } from "zod";
import { csrfHeaders, onUnauthorized } from "../auth/session";
import { bulkResponseSchema, type BulkAction, type BulkResponse } from "./bulk";
import { clustersResponseSchema, type ClustersResponse } from "./clusters";
import {
  activeTopicsInfoSchema,
  configInfosSchema,
  configKeyInfoSchema,
  connectorInfoSchema,
  connectorOffsetsSchema,
  connectorStateInfoSchema,
  errorMessageSchema,
  ferryWorkersSchema,
  pluginInfoSchema,
  taskInfoSchema,
  type ConfigInfos,
  type ConnectorConfig,
  type ConnectorInfo,
  type ConnectorOffset,
  type ConnectorStateInfo,
} from "./schemas";

/**
 * The console's typed client of the Connect REST API, through the console server's proxy
 * (`/api/connect/<cluster>/…`). Every answer is checked with the contract's zod schemas, so a
 * cluster that answers something unexpected fails loudly in one place.
 */

/** A Connect error answer (`{"error_code","message"}`) or a transport failure, with its HTTP status. */
export class ConnectApiError extends Error {
  override name = "ConnectApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const expandedConnectorSchema = z.object({
  status: connectorStateInfoSchema.optional(),
  info: connectorInfoSchema.optional(),
});
export type ExpandedConnector = z.infer<typeof expandedConnectorSchema>;
export const expandedConnectorsSchema = z.record(z.string(), expandedConnectorSchema);

export const pluginConfigSchema = z.array(configKeyInfoSchema);

export interface RestartOptions {
  includeTasks?: boolean;
  onlyFailed?: boolean;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function connectClient(cluster: string, fetchImpl: Fetch = (i, init) => fetch(i, init)) {
  const base = `/api/connect/${encodeURIComponent(cluster)}`;
  const path = (...segments: string[]) => `${base}/${segments.map(encodeURIComponent).join("/")}`;

  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetchImpl(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}), ...csrfHeaders(init.method), ...init.headers } });
    } catch (err) {
      throw new ConnectApiError(0, `The console server did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) {
      onUnauthorized(res.status);
      throw await toError(res);
    }
    return res;
  }

  async function get<T extends z.ZodType>(url: string, schema: T): Promise<z.output<T>> {
    return parseBody(await request(url), schema);
  }

  async function send<T extends z.ZodType>(method: string, url: string, body: unknown, schema?: T): Promise<z.output<T> | undefined> {
    const res = await request(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!schema || res.status === 204 || res.status === 202) return undefined;
    return parseBody(res, schema);
  }

  return {
    cluster,
    listConnectors: () => get(`${base}/connectors?expand=status&expand=info`, expandedConnectorsSchema),
    connectorInfo: (name: string) => get(path("connectors", name), connectorInfoSchema),
    connectorStatus: (name: string) => get(path("connectors", name, "status"), connectorStateInfoSchema),
    connectorConfig: (name: string) => get(path("connectors", name, "config"), z.record(z.string(), z.string())),
    connectorTasks: (name: string) => get(path("connectors", name, "tasks"), z.array(taskInfoSchema)),
    connectorTopics: (name: string) => get(path("connectors", name, "topics"), activeTopicsInfoSchema),
    connectorOffsets: async (name: string) => {
      const body = await get(path("connectors", name, "offsets"), connectorOffsetsSchema);
      return { offsets: body.offsets ?? [] };
    },
    /** Ferry clusters only (`GET /ferry/workers`). */
    ferryWorkers: () => get(`${base}/ferry/workers`, ferryWorkersSchema),
    plugins: (connectorsOnly = true) => get(`${base}/connector-plugins?connectorsOnly=${connectorsOnly}`, z.array(pluginInfoSchema)),
    pluginConfig: (plugin: string) => get(path("connector-plugins", plugin, "config"), pluginConfigSchema),
    validate: (plugin: string, config: ConnectorConfig): Promise<ConfigInfos> =>
      send("PUT", path("connector-plugins", plugin, "config", "validate"), config, configInfosSchema) as Promise<ConfigInfos>,
    create: (name: string, config: ConnectorConfig, initialState?: "RUNNING" | "PAUSED" | "STOPPED"): Promise<ConnectorInfo> =>
      send("POST", `${base}/connectors`, { name, config, ...(initialState ? { initial_state: initialState } : {}) }, connectorInfoSchema) as Promise<ConnectorInfo>,
    putConfig: (name: string, config: ConnectorConfig) => send("PUT", path("connectors", name, "config"), config, z.unknown()),
    pause: (name: string) => send("PUT", path("connectors", name, "pause"), undefined),
    resume: (name: string) => send("PUT", path("connectors", name, "resume"), undefined),
    stop: (name: string) => send("PUT", path("connectors", name, "stop"), undefined),
    restart: (name: string, { includeTasks = false, onlyFailed = false }: RestartOptions = {}) =>
      send("POST", `${path("connectors", name, "restart")}?includeTasks=${includeTasks}&onlyFailed=${onlyFailed}`, undefined),
    restartTask: (name: string, task: number) => send("POST", path("connectors", name, "tasks", String(task), "restart"), undefined),
    remove: (name: string) => send("DELETE", path("connectors", name), undefined),
    alterOffsets: (name: string, offsets: ConnectorOffset[]) => send("PATCH", path("connectors", name, "offsets"), { offsets }, z.unknown()),
    resetOffsets: (name: string) => send("DELETE", path("connectors", name, "offsets"), undefined, z.unknown()),
    resetTopics: (name: string) => send("PUT", path("connectors", name, "topics", "reset"), undefined),
    bulk: async (action: BulkAction, connectors: readonly string[]): Promise<BulkResponse> => {
      const res = await request(`/api/bulk/${encodeURIComponent(cluster)}`, { method: "POST", body: JSON.stringify({ action, connectors }) });
      return parseBody(res, bulkResponseSchema);
    },
  };
}

export type ConnectClient = ReturnType<typeof connectClient>;

export async function fetchClusters(fetchImpl: Fetch = (i, init) => fetch(i, init)): Promise<ClustersResponse> {
  const res = await fetchImpl("/api/clusters", { headers: { accept: "application/json" } });
  if (!res.ok) {
    onUnauthorized(res.status);
    throw await toError(res);
  }
  return parseBody(res, clustersResponseSchema);
}

async function parseBody<T extends z.ZodType>(res: Response, schema: T): Promise<z.output<T>> {
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectApiError(res.status, `Unexpected answer from ${res.url || "the Connect cluster"}: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid body"}`);
  }
  return parsed.data;
}

async function toError(res: Response): Promise<ConnectApiError> {
  const text = await res.text().catch(() => "");
  let message = text.trim();
  try {
    const body = errorMessageSchema.safeParse(JSON.parse(text));
    if (body.success && body.data.message) message = body.data.message;
  } catch {
    // not JSON: keep the text
  }
  return new ConnectApiError(res.status, message || `HTTP ${res.status} ${res.statusText}`);
}

export type { ConnectorStateInfo };
