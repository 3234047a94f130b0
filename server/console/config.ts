import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * Which Connect clusters and Kafka clusters the console shows. The bundled worker and the embedded
 * broker come from `ferry console`/`ferry start` flags (as environment variables, since the Next.js
 * server runs the route handlers); more clusters come from a JSON file or from environment variables:
 *
 *   FERRY_CONSOLE_CONFIG=/etc/ferry/console.json   {"connectClusters":[{"name","url","auth"?:{"username","password"}}],"kafkaClusters":[{"name","bootstrapServers"}]}
 *   FERRY_CONNECT_CLUSTERS="prod=http://connect-1:8083,staging=http://connect-s:8083"
 *   FERRY_KAFKA_CLUSTERS="prod=b1:9092,b2:9092;staging=s1:9092"
 */

/** Names appear in URLs (`/api/connect/<name>/…`, `?cluster=<name>`). */
const clusterName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "cluster names use letters, digits, '.', '_' and '-' (at most 63)");

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "a Connect REST URL starts with http:// or https://")
  .transform((u) => u.replace(/\/+$/, ""));

export const connectClusterSchema = z.object({
  name: clusterName,
  url: httpUrl,
  /** The Kafka cluster its connectors read and write, for links to topics. */
  kafkaCluster: clusterName.optional(),
  /** Basic credentials for a cluster whose REST API requires authentication. */
  auth: z.object({ username: z.string().min(1), password: z.string() }).optional(),
});
export type ConnectCluster = z.infer<typeof connectClusterSchema> & {
  /**
   * The worker `ferry start` runs next to this console (set by the loader, never from a file): the
   * console calls it with its per-process token, acting for the logged-in user.
   */
  bundled?: boolean;
};

export const kafkaClusterSchema = z.object({
  name: clusterName,
  bootstrapServers: z.string().trim().min(1, "bootstrapServers is empty"),
});
export type KafkaCluster = z.infer<typeof kafkaClusterSchema>;

export const consoleConfigSchema = z.object({
  connectClusters: z.array(connectClusterSchema).default([]),
  kafkaClusters: z.array(kafkaClusterSchema).default([]),
});
export type ConsoleConfig = Omit<z.infer<typeof consoleConfigSchema>, "connectClusters"> & { connectClusters: ConnectCluster[] };

export class ConsoleConfigError extends Error {
  override name = "ConsoleConfigError";
}

/** The bundled worker's and embedded broker's cluster name. */
export const LOCAL_CLUSTER = "local";

export const CONSOLE_ENV = {
  /** Set by `ferry console --connect-url`: the bundled worker. */
  connectUrl: "FERRY_CONSOLE_CONNECT_URL",
  /** Set by `ferry console --bootstrap-servers`: the embedded broker (or the worker's Kafka). */
  bootstrapServers: "FERRY_CONSOLE_BOOTSTRAP_SERVERS",
  configFile: "FERRY_CONSOLE_CONFIG",
  connectClusters: "FERRY_CONNECT_CLUSTERS",
  kafkaClusters: "FERRY_KAFKA_CLUSTERS",
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the console's clusters from the environment (and the file it names). Throws ConsoleConfigError. */
export function loadConsoleConfig(env: Env = process.env, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): ConsoleConfig {
  const connect: unknown[] = [];
  const kafka: unknown[] = [];
  const local = env[CONSOLE_ENV.connectUrl];
  const localKafka = env[CONSOLE_ENV.bootstrapServers];
  if (localKafka) kafka.push({ name: LOCAL_CLUSTER, bootstrapServers: localKafka });
  if (local) connect.push({ name: LOCAL_CLUSTER, url: local, ...(localKafka ? { kafkaCluster: LOCAL_CLUSTER } : {}) });

  const file = env[CONSOLE_ENV.configFile];
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFile(file));
    } catch (err) {
      throw new ConsoleConfigError(`${CONSOLE_ENV.configFile}=${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const config = parse(consoleConfigSchema, parsed, file);
    connect.push(...config.connectClusters);
    kafka.push(...config.kafkaClusters);
  }
  connect.push(...pairs(env[CONSOLE_ENV.connectClusters], ",", CONSOLE_ENV.connectClusters).map(([name, url]) => ({ name, url })));
  kafka.push(...pairs(env[CONSOLE_ENV.kafkaClusters], ";", CONSOLE_ENV.kafkaClusters).map(([name, bootstrapServers]) => ({ name, bootstrapServers })));

  const config: ConsoleConfig = parse(consoleConfigSchema, { connectClusters: connect, kafkaClusters: kafka }, "console clusters");
  const first = config.connectClusters[0];
  if (local && first) first.bundled = true;
  for (const list of [config.connectClusters, config.kafkaClusters]) {
    const seen = new Set<string>();
    for (const { name } of list) {
      if (seen.has(name)) throw new ConsoleConfigError(`console clusters: the name '${name}' is used twice`);
      seen.add(name);
    }
  }
  const kafkaNames = new Set(config.kafkaClusters.map((k) => k.name));
  for (const c of config.connectClusters) {
    if (c.kafkaCluster !== undefined && !kafkaNames.has(c.kafkaCluster)) {
      throw new ConsoleConfigError(`console clusters: Connect cluster '${c.name}' names an unknown Kafka cluster '${c.kafkaCluster}'`);
    }
  }
  return config;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConsoleConfigError(`${where}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
}

/** `a=x<sep>b=y` → [[a,x],[b,y]]; the value keeps any further '='. */
function pairs(text: string | undefined, separator: string, variable: string): [string, string][] {
  if (!text?.trim()) return [];
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf("=");
      if (at <= 0) throw new ConsoleConfigError(`${variable}: expected name=value, got '${entry}'`);
      return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
    });
}

let cached: { key: string; config: ConsoleConfig } | undefined;

/** loadConsoleConfig for the running process, read once per distinct environment. */
export function consoleConfig(): ConsoleConfig {
  const key = Object.values(CONSOLE_ENV)
    .map((name) => process.env[name] ?? "")
    .join("\n");
  if (cached?.key !== key) cached = { key, config: loadConsoleConfig() };
  return cached.config;
}

export function findConnectCluster(name: string): ConnectCluster | undefined {
  return consoleConfig().connectClusters.find((c) => c.name === name);
}

export function findKafkaCluster(name: string): KafkaCluster | undefined {
  return consoleConfig().kafkaClusters.find((c) => c.name === name);
}
