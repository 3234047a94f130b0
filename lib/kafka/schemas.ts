import { z } from "zod";
import { DECODE_MODES, PAYLOAD_ENCODINGS } from "./decode";
import { messageFilterSchema } from "./filters";

/**
 * The wire contract of the console's Kafka endpoints (`/api/kafka/<cluster>/…`): route handlers
 * parse requests with these schemas and the browser client builds requests and reads answers with
 * them. Offsets are decimal strings (Kafka offsets are 64-bit); timestamps are epoch milliseconds.
 */

// --- shared pieces ------------------------------------------------------------------------------

const offsetString = z.string().regex(/^\d+$/, "an offset is a non-negative integer");

export const decodedPayloadSchema = z.object({
  encoding: z.enum(PAYLOAD_ENCODINGS),
  data: z.string(),
  schema: z.string().optional(),
  size: z.number().int().nonnegative(),
  truncated: z.boolean().optional(),
  error: z.string().optional(),
});

export const decodedHeaderSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
  encoding: z.enum(["text", "hex"]),
});

/** One record as the viewer shows it. */
export const wireRecordSchema = z.object({
  partition: z.number().int().nonnegative(),
  offset: offsetString,
  timestamp: z.number(),
  timestampType: z.enum(["CreateTime", "LogAppendTime"]),
  key: decodedPayloadSchema.nullable(),
  value: decodedPayloadSchema.nullable(),
  headers: z.array(decodedHeaderSchema),
  /** Bytes of key + value + headers as stored. */
  size: z.number().int().nonnegative(),
});
export type WireRecord = z.infer<typeof wireRecordSchema>;

export const errorBodySchema = z.object({ error_code: z.number(), message: z.string().nullable() });

// --- topics -------------------------------------------------------------------------------------

export const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
export const topicNameSchema = z
  .string()
  .regex(TOPIC_NAME, "a topic name uses letters, digits, '.', '_' and '-' (at most 249)")
  .refine((n) => n !== "." && n !== "..", "a topic cannot be named '.' or '..'");

export const topicSummarySchema = z.object({
  name: z.string(),
  /** Starts with '_' (Kafka's and Connect's own topics: __consumer_offsets, _connect-configs…). */
  internal: z.boolean(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  /** Sum of end − start offsets: an estimate (compaction, transaction markers). */
  messages: z.number(),
  /** Bytes on disk over all replicas' logs, or null when the cluster does not report it. */
  sizeBytes: z.number().nullable(),
  /** e.g. "delete", "compact", "compact,delete"; null when configs cannot be read. */
  cleanupPolicy: z.string().nullable(),
});
export type TopicSummary = z.infer<typeof topicSummarySchema>;

export const topicListSchema = z.object({
  topics: z.array(topicSummarySchema),
  /** Why sizes are null, when they are. */
  sizeNote: z.string().optional(),
});
export type TopicList = z.infer<typeof topicListSchema>;

export const partitionInfoSchema = z.object({
  partition: z.number().int(),
  leader: z.number().int(),
  replicas: z.array(z.number().int()),
  isr: z.array(z.number().int()),
  start: offsetString,
  end: offsetString,
  messages: z.number(),
});
export type PartitionInfo = z.infer<typeof partitionInfoSchema>;

export const topicConfigSchema = z.object({
  name: z.string(),
  value: z.string().nullable(),
  isDefault: z.boolean(),
  isSensitive: z.boolean(),
  readOnly: z.boolean(),
  source: z.string().optional(),
});

export const groupPartitionLagSchema = z.object({
  partition: z.number().int(),
  /** Committed offset, or null when the group has not committed on this partition. */
  committed: offsetString.nullable(),
  end: offsetString,
  lag: z.number().nullable(),
});

export const consumerGroupLagSchema = z.object({
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  members: z.number().int(),
  /** Sum over partitions with a committed offset. */
  lag: z.number(),
  partitions: z.array(groupPartitionLagSchema),
});
export type ConsumerGroupLag = z.infer<typeof consumerGroupLagSchema>;

export const topicDetailSchema = z.object({
  name: z.string(),
  internal: z.boolean(),
  replicationFactor: z.number().int(),
  messages: z.number(),
  partitions: z.array(partitionInfoSchema),
  /** null when the cluster cannot describe configs. */
  configs: z.array(topicConfigSchema).nullable(),
  /** Groups with committed offsets on this topic; null when groups cannot be listed. */
  consumerGroups: z.array(consumerGroupLagSchema).nullable(),
  notes: z.array(z.string()),
});
export type TopicDetail = z.infer<typeof topicDetailSchema>;

export const createTopicBodySchema = z.object({
  name: topicNameSchema,
  partitions: z.number().int().min(1).max(10_000).default(1),
  /** -1: the broker's default. */
  replicationFactor: z.number().int().min(-1).max(32).refine((n) => n !== 0, "replicationFactor is -1 (broker default) or ≥ 1").default(-1),
  configs: z.record(z.string(), z.string()).default({}),
});
export type CreateTopicBody = z.input<typeof createTopicBodySchema>;

// --- scanning messages --------------------------------------------------------------------------

export const START_MODES = ["oldest", "newest", "end", "offset", "timestamp"] as const;
export type StartMode = (typeof START_MODES)[number];

/** `0:120,1:340`: next offset per partition (a scan cursor, or per-partition start offsets). */
export const partitionOffsetsSchema = z
  .string()
  .trim()
  .regex(/^\d+:\d+(,\d+:\d+)*$/, "expected partition:offset pairs, e.g. 0:120,1:340")
  .transform((text) => {
    const out = new Map<number, bigint>();
    for (const pair of text.split(",")) {
      const [p, o] = pair.split(":");
      out.set(Number(p), BigInt(o as string));
    }
    return out;
  });

export function formatPartitionOffsets(offsets: ReadonlyMap<number, bigint | string | number>): string {
  return [...offsets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([p, o]) => `${p}:${String(o)}`)
    .join(",");
}

/** Epoch milliseconds or an ISO-8601 date-time. */
const instantSchema = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms) || ms < 0) {
      ctx.addIssue({ code: "custom", message: "expected epoch milliseconds or an ISO-8601 date-time" });
      return z.NEVER;
    }
    return ms;
  });

const booleanParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const intParam = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * `GET …/topics/<topic>/messages` query. Start (`from`): `oldest`, `newest` (the last `count`
 * records, default `limit`), `end` (only what arrives next), `offset` (`offset=N` on every
 * partition, or `offsets=0:10,1:20`), `timestamp` (`timestamp=` ms or ISO). `cursor` (from a `done`
 * event) continues a scan and overrides `from`. Optional end bound: `endOffset` (exclusive) or
 * `endTimestamp`. `live=true` keeps streaming new records until `limit` or the client leaves.
 */
export const scanQuerySchema = z
  .object({
    from: z.enum(START_MODES).default("oldest"),
    count: intParam(1, 1_000_000).optional(),
    offset: z.string().regex(/^\d+$/, "an offset is a non-negative integer").transform(BigInt).optional(),
    offsets: partitionOffsetsSchema.optional(),
    timestamp: instantSchema.optional(),
    cursor: partitionOffsetsSchema.optional(),
    endOffset: z.string().regex(/^\d+$/, "an offset is a non-negative integer").transform(BigInt).optional(),
    endTimestamp: instantSchema.optional(),
    partitions: z
      .string()
      .trim()
      .regex(/^\d+(,\d+)*$/, "expected partition numbers, e.g. 0,2,3")
      .transform((t) => [...new Set(t.split(",").map(Number))])
      .optional(),
    limit: intParam(1, 1_000_000).optional(),
    live: booleanParam.default(false),
    keyEncoding: z.enum(DECODE_MODES).default("auto"),
    valueEncoding: z.enum(DECODE_MODES).default("auto"),
    /** Shorthand for a text filter: key, value or a header contains this (case-insensitive). */
    q: z.string().max(10_000).optional(),
    /** A JSON array of filters (see lib/kafka/filters.ts), combined with AND. */
    filters: z
      .string()
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: "not JSON: expected an array of filters" });
          return z.NEVER;
        }
      })
      .pipe(z.array(messageFilterSchema).max(20))
      .optional(),
    /** Values and keys longer than this are cut (default 1 MiB). */
    maxBytes: intParam(1, 64 * 1024 * 1024).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.cursor) return;
    if (q.from === "offset" && q.offset === undefined && q.offsets === undefined) {
      ctx.addIssue({ code: "custom", path: ["offset"], message: "from=offset needs offset=N or offsets=p:o,…" });
    }
    if (q.from === "timestamp" && q.timestamp === undefined) {
      ctx.addIssue({ code: "custom", path: ["timestamp"], message: "from=timestamp needs timestamp=" });
    }
    if (q.endOffset !== undefined && q.endTimestamp !== undefined) {
      ctx.addIssue({ code: "custom", path: ["endTimestamp"], message: "give endOffset or endTimestamp, not both" });
    }
  });
export type ScanQuery = z.output<typeof scanQuerySchema>;
/** What the browser asks for; {@link scanSearchParams} turns it into the query string. */
export type ScanParams = z.input<typeof scanQuerySchema>;

export function scanSearchParams(params: ScanParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    search.set(key, String(value));
  }
  return search;
}

export const DONE_REASONS = ["end-bound", "max-results", "cancelled", "caught-up"] as const;
export type DoneReason = (typeof DONE_REASONS)[number];

export const partitionProgressSchema = z.object({
  partition: z.number().int(),
  /** Where the scan started on this partition. */
  start: offsetString,
  /** Next offset to read. */
  position: offsetString,
  /** Where it stops (exclusive), or null while live tailing without a bound. */
  end: offsetString.nullable(),
});

export const scanProgressSchema = z.object({
  /** Records read from Kafka (matched or not). */
  scanned: z.number(),
  /** Records that passed the filters and were sent. */
  matched: z.number(),
  /** Bytes of the scanned records (key + value + headers). */
  bytes: z.number(),
  elapsedMs: z.number(),
  /** Records on which an expression filter failed (counted as not matching). */
  filterErrors: z.number(),
  /** The first filter error, to show why. */
  firstFilterError: z.string().optional(),
  partitions: z.array(partitionProgressSchema),
});
export type ScanProgress = z.infer<typeof scanProgressSchema>;

export const scanDoneSchema = scanProgressSchema.extend({
  reason: z.enum(DONE_REASONS),
  /** `partition:offset,…`: pass as `cursor=` to continue where this scan stopped. */
  cursor: z.string(),
});
export type ScanDone = z.infer<typeof scanDoneSchema>;

export const scanErrorSchema = z.object({ message: z.string(), status: z.number().optional() });
export type ScanError = z.infer<typeof scanErrorSchema>;

/** The Server-Sent Events of a scan, by event name. */
export type ScanEvent =
  | { type: "records"; records: WireRecord[] }
  | { type: "progress"; progress: ScanProgress }
  | { type: "done"; done: ScanDone }
  | { type: "error"; error: ScanError };

// --- one record, produce, filter test -----------------------------------------------------------

export const recordQuerySchema = z.object({
  keyEncoding: z.enum(DECODE_MODES).default("auto"),
  valueEncoding: z.enum(DECODE_MODES).default("auto"),
});

export const PRODUCE_ENCODINGS = ["text", "json", "connect-json", "hex", "base64"] as const;

export const producePayloadSchema = z.object({
  encoding: z.enum(PRODUCE_ENCODINGS).default("text"),
  data: z.string(),
  /** connect-json only: the schema as JSON text (the record is written as {"schema","payload"}). */
  schema: z.string().optional(),
});
export type ProducePayload = z.input<typeof producePayloadSchema>;

export const produceBodySchema = z.object({
  /** Omitted or null: the default partitioner (by key hash, or spread when the key is null). */
  partition: z.number().int().nonnegative().nullable().optional(),
  key: producePayloadSchema.nullable().default(null),
  /** null writes a tombstone. */
  value: producePayloadSchema.nullable(),
  headers: z
    .array(
      z.object({
        key: z.string().min(1, "a header needs a key"),
        value: z.string().nullable(),
        encoding: z.enum(["text", "hex", "base64"]).default("text"),
      }),
    )
    .max(1000)
    .default([]),
  timestamp: z.number().int().nonnegative().optional(),
});
export type ProduceBody = z.input<typeof produceBodySchema>;

export const produceResultSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: offsetString,
});
export type ProduceResult = z.infer<typeof produceResultSchema>;

export const filterTestBodySchema = z.object({
  filter: messageFilterSchema,
  record: wireRecordSchema.extend({ topic: z.string().default("") }),
});
export type FilterTestBody = z.input<typeof filterTestBodySchema>;

export const filterTestResultSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    matched: z.boolean(),
    /** What an expression returned, as text (a non-boolean result does not match). */
    result: z.string().optional(),
  }),
  z.object({ ok: z.literal(false), phase: z.enum(["compile", "evaluate"]), error: z.string() }),
]);
export type FilterTestResult = z.infer<typeof filterTestResultSchema>;
