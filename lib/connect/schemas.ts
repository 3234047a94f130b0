import { z } from "zod";

/**
 * The Kafka Connect REST contract (entity names as in Kafka's `rest/entities`), shared by the REST
 * handlers on the server and the console's typed client. Connector configs are string maps on the wire.
 */

export const connectorConfigSchema = z.record(z.string(), z.string());
export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;

/** Jackson accepts numbers and booleans in Map<String,String> bodies and turns them into strings; null stays null. */
export const configBodySchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? null : String(v))));
export type ConfigBody = z.infer<typeof configBodySchema>;

export const targetStateSchema = z.enum(["STARTED", "PAUSED", "STOPPED"]);
export type TargetState = z.infer<typeof targetStateSchema>;

export const connectorStateSchema = z.enum(["UNASSIGNED", "RUNNING", "PAUSED", "FAILED", "RESTARTING", "STOPPED"]);
export type ConnectorState = z.infer<typeof connectorStateSchema>;

export const connectorTypeSchema = z.enum(["source", "sink", "unknown"]);
export type ConnectorType = z.infer<typeof connectorTypeSchema>;

/** POST /connectors body; `initial_state` RUNNING|PAUSED|STOPPED, case-insensitive. */
export const createConnectorRequestSchema = z.object({
  name: z.string().optional(),
  config: configBodySchema.optional(),
  initial_state: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(["RUNNING", "PAUSED", "STOPPED"]))
    .optional()
    .nullable(),
});
export type CreateConnectorRequest = z.infer<typeof createConnectorRequestSchema>;

export const connectorTaskIdSchema = z.object({ connector: z.string(), task: z.number().int() });
export type ConnectorTaskId = z.infer<typeof connectorTaskIdSchema>;

export const connectorInfoSchema = z.object({
  name: z.string(),
  config: connectorConfigSchema,
  tasks: z.array(connectorTaskIdSchema),
  type: connectorTypeSchema,
});
export type ConnectorInfo = z.infer<typeof connectorInfoSchema>;

export const connectorStatusSchema = z.object({ state: connectorStateSchema, worker_id: z.string(), trace: z.string().optional() });
export const taskStatusSchema = z.object({ id: z.number().int(), state: connectorStateSchema, worker_id: z.string(), trace: z.string().optional() });
export type TaskStateInfo = z.infer<typeof taskStatusSchema>;

export const connectorStateInfoSchema = z.object({
  name: z.string(),
  connector: connectorStatusSchema,
  tasks: z.array(taskStatusSchema),
  type: connectorTypeSchema,
});
export type ConnectorStateInfo = z.infer<typeof connectorStateInfoSchema>;

export const taskInfoSchema = z.object({ id: connectorTaskIdSchema, config: connectorConfigSchema });
export type TaskInfo = z.infer<typeof taskInfoSchema>;

export const serverInfoSchema = z.object({ version: z.string(), commit: z.string(), kafka_cluster_id: z.string().nullable() });
export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const pluginTypeSchema = z.enum(["source", "sink", "converter", "header_converter", "transformation", "predicate"]);
export const pluginInfoSchema = z.object({ class: z.string(), type: pluginTypeSchema, version: z.string().optional() });
export type PluginInfo = z.infer<typeof pluginInfoSchema>;

export const configKeyInfoSchema = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  default_value: z.string().nullable(),
  importance: z.string(),
  documentation: z.string().nullable(),
  group: z.string().nullable(),
  width: z.string(),
  display_name: z.string(),
  dependents: z.array(z.string()),
  /** Serialized as `order` by Kafka, although its creator parameter is `order_in_group`. */
  order: z.number().int(),
});
export type ConfigKeyInfoJson = z.infer<typeof configKeyInfoSchema>;

export const configValueInfoSchema = z.object({
  name: z.string(),
  value: z.string().nullable(),
  recommended_values: z.array(z.string()),
  errors: z.array(z.string()),
  visible: z.boolean(),
});

export const configInfosSchema = z.object({
  name: z.string(),
  error_count: z.number().int(),
  groups: z.array(z.string()),
  configs: z.array(z.object({ definition: configKeyInfoSchema.nullable(), value: configValueInfoSchema.nullable() })),
});
export type ConfigInfos = z.infer<typeof configInfosSchema>;

/** Offsets of one source partition or sink topic-partition; `offset: null` resets it (PATCH). */
export const connectorOffsetSchema = z.object({
  partition: z.record(z.string(), z.unknown()).nullable(),
  offset: z.record(z.string(), z.unknown()).nullable(),
});
export const connectorOffsetsSchema = z.object({ offsets: z.array(connectorOffsetSchema).optional().nullable() });
export type ConnectorOffset = z.infer<typeof connectorOffsetSchema>;
export type ConnectorOffsets = { offsets: ConnectorOffset[] };

export const activeTopicsInfoSchema = z.record(z.string(), z.object({ topics: z.array(z.string()) }));

export const loggerLevelSchema = z.object({ level: z.string(), last_modified: z.number().nullable() });
export type LoggerLevel = z.infer<typeof loggerLevelSchema>;

export const errorMessageSchema = z.object({ error_code: z.number().int(), message: z.string().nullable() });
export type ErrorMessage = z.infer<typeof errorMessageSchema>;

export const healthSchema = z.object({ status: z.enum(["healthy", "starting", "unhealthy"]), message: z.string() });

/** One worker of a Connect cluster and what it was assigned (Ferry's `GET /ferry/workers`). */
export const ferryWorkerSchema = z.object({
  /** `host:port` of the worker's advertised REST address, as in statuses' `worker_id`. */
  id: z.string(),
  url: z.string().nullable(),
  leader: z.boolean(),
  connectors: z.array(z.string()),
  tasks: z.array(connectorTaskIdSchema),
});
export type FerryWorker = z.infer<typeof ferryWorkerSchema>;

/**
 * Ferry-only `GET /ferry/workers` (Kafka Connect has no endpoint listing workers): the workers as
 * the answering worker saw them after the last rebalance; a standalone worker lists itself.
 */
export const ferryWorkersSchema = z.object({
  mode: z.enum(["standalone", "distributed"]),
  /** The worker that answered. */
  worker_id: z.string(),
  /** The group generation of that view (null in standalone mode or before the first rebalance). */
  generation: z.number().int().nullable(),
  workers: z.array(ferryWorkerSchema),
});
export type FerryWorkers = z.infer<typeof ferryWorkersSchema>;
