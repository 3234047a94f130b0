import { dirname, resolve } from "node:path";
import { z } from "zod";
import { createConfigProviders } from "./config-providers/worker-config-providers";

/**
 * A worker's configuration (Kafka's WorkerConfig + StandaloneConfig keys), parsed with zod from the
 * string map of a `worker.properties` file. Unknown keys are kept in `originals`: prefixed settings
 * (`producer.*`, `consumer.*`, `key.converter.*`…) are read from there.
 */
const int = (def: number, min = 0) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, "must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(min))
    .optional()
    .transform((v) => v ?? def);

const bool = (def: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"]))
    .optional()
    .transform((v) => (v === undefined ? def : v === "true"));

const list = (def: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? def : v.split(",").map((s) => s.trim()).filter(Boolean)));

const required = (key: string) => {
  const message = `Missing required configuration "${key}" which has no default value.`;
  return z.string({ error: message }).trim().min(1, message);
};

export const workerConfigSchema = z.object({
  "bootstrap.servers": list(["localhost:9092"]),
  "key.converter": required("key.converter"),
  "value.converter": required("value.converter"),
  "header.converter": z.string().trim().optional().transform((v) => v || "org.apache.kafka.connect.storage.SimpleHeaderConverter"),
  "task.shutdown.graceful.timeout.ms": int(5000),
  "offset.flush.interval.ms": int(60000),
  "offset.flush.timeout.ms": int(5000),
  "plugin.path": list([]),
  listeners: list(["http://:8083"]),
  "rest.advertised.host.name": z.string().trim().optional(),
  "rest.advertised.port": int(0).optional(),
  "topic.tracking.enable": bool(true),
  "topic.tracking.allow.reset": bool(true),
  "topic.creation.enable": bool(true),
  /** Standalone: source offsets (required there, as in Kafka). */
  "offset.storage.file.filename": z.string().trim().optional(),
  /** Ferry: connectors created through REST in standalone mode persist here (default: next to the offsets file). */
  "config.storage.file.filename": z.string().trim().optional(),
  // Distributed mode (Kafka's DistributedConfig); required there, checked by `requireDistributedKeys`.
  "group.id": z.string().trim().optional(),
  "config.storage.topic": z.string().trim().optional(),
  "config.storage.replication.factor": int(3, -1),
  "offset.storage.topic": z.string().trim().optional(),
  "offset.storage.partitions": int(25, -1),
  "offset.storage.replication.factor": int(3, -1),
  "status.storage.topic": z.string().trim().optional(),
  "status.storage.partitions": int(5, -1),
  "status.storage.replication.factor": int(3, -1),
  "session.timeout.ms": int(10000, 1),
  "heartbeat.interval.ms": int(3000, 1),
  "rebalance.timeout.ms": int(60000, 1),
  "scheduled.rebalance.max.delay.ms": int(300000),
  "worker.sync.timeout.ms": int(3000, 1),
  // Signed requests between workers (Kafka's DistributedConfig, KIP-507): the leader's session key.
  "inter.worker.key.generation.algorithm": z.string().trim().optional().transform((v) => v || "HmacSHA256"),
  /** Bits; unset: the algorithm's default size. */
  "inter.worker.key.size": z.string().trim().regex(/^\d+$/, "must be an integer").transform(Number).pipe(z.number().int().min(8)).optional(),
  "inter.worker.key.ttl.ms": int(3_600_000, 1000),
  "inter.worker.signature.algorithm": z.string().trim().optional().transform((v) => v || "HmacSHA256"),
  "inter.worker.verification.algorithms": list(["HmacSHA256"]),
  // Ferry security settings (docs/security.md).
  /** Ferry: a users file (`ferry users`); when set, every REST request needs HTTP Basic credentials of a user in it. */
  "rest.auth.users.file": z.string().trim().optional().transform((v) => v || undefined),
  /** Ferry: where REST mutations are recorded, one JSON line each (`ferry start`: `<data-dir>/audit.log`). */
  "audit.log.file": z.string().trim().optional().transform((v) => v || undefined),
  /**
   * Ferry: comma-separated directories the FileStream and SpoolDir connectors may read and write under.
   * Unset: the directory of offset.storage.file.filename (the data directory) and the current directory.
   */
  "connector.file.allowed.paths": z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean))),
});

export type WorkerConfigValues = z.output<typeof workerConfigSchema>;

export interface WorkerConfig {
  values: WorkerConfigValues;
  /** Every key as given, for prefixed sub-configs. */
  originals: Record<string, string>;
}

export class WorkerConfigError extends Error {
  override name = "WorkerConfigError";
}

/** Parses a worker properties map; errors name the key, as Kafka's ConfigException does. */
export function parseWorkerConfig(props: Record<string, string>): WorkerConfig {
  const result = workerConfigSchema.safeParse(props);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? "?");
    const message = issue?.message ?? "invalid";
    throw new WorkerConfigError(message.startsWith("Missing required") ? message : `Invalid value ${props[key] ?? "null"} for configuration ${key}: ${message}`);
  }
  checkConfigProviders(props);
  return { values: result.data, originals: { ...props } };
}

/** `config.providers`: every listed provider must exist and accept its parameters, or the worker does not start. */
function checkConfigProviders(props: Record<string, string>): void {
  let providers;
  try {
    providers = createConfigProviders(props);
  } catch (err) {
    throw new WorkerConfigError(err instanceof Error ? err.message : String(err));
  }
  for (const provider of providers.values()) provider.close();
}

/** `connector.file.allowed.paths`, or its default: the data directory (of the offsets file) and the current directory. */
export function fileAllowedPaths(config: WorkerConfig, cwd: string = process.cwd()): string[] {
  const configured = config.values["connector.file.allowed.paths"];
  if (configured !== undefined) return configured;
  const offsets = config.values["offset.storage.file.filename"];
  return offsets ? [dirname(resolve(cwd, offsets)), cwd] : [cwd];
}

/** The settings under a prefix, with the prefix removed (`producer.` → producer client configs). */
export function originalsWithPrefix(config: WorkerConfig, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** The keys distributed mode cannot do without (Kafka's DistributedConfig has no default for them). */
export const DISTRIBUTED_REQUIRED_KEYS = ["group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic"] as const;

/** A parsed config with every distributed key present; WorkerConfigError naming the first missing one. */
export function requireDistributedKeys(config: WorkerConfig): WorkerConfigValues & Record<(typeof DISTRIBUTED_REQUIRED_KEYS)[number], string> {
  for (const key of DISTRIBUTED_REQUIRED_KEYS) {
    if (!config.values[key]) throw new WorkerConfigError(`Missing required configuration "${key}" which has no default value.`);
  }
  return config.values as WorkerConfigValues & Record<(typeof DISTRIBUTED_REQUIRED_KEYS)[number], string>;
}
