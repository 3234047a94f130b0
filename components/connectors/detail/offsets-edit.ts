import { z } from "zod";
import type { ConnectorOffset, ConnectorType } from "@/lib/connect/schemas";

/**
 * The offsets editor's text, checked before it is sent (PATCH /connectors/{n}/offsets). Sink
 * offsets have Connect's fixed shape; source offsets are the connector's own maps of primitives.
 */

const primitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const intLike = z.union([z.number().int(), z.string().regex(/^-?\d+$/, "must be an integer")]);

const sourceOffsetSchema = z.object({
  partition: z.record(z.string(), primitive, { error: "partition must be an object of primitive values" }),
  offset: z.record(z.string(), primitive, { error: "offset must be an object of primitive values, or null" }).nullable(),
});

const sinkOffsetSchema = z.object({
  partition: z.object(
    { kafka_topic: z.string({ error: "kafka_topic must be a string" }).min(1, "kafka_topic must not be empty"), kafka_partition: intLike },
    { error: "partition must be {\"kafka_topic\": …, \"kafka_partition\": …}" },
  ),
  offset: z.object({ kafka_offset: intLike }, { error: "offset must be {\"kafka_offset\": …} or null" }).nullable(),
});

function listSchema(type: ConnectorType) {
  const item = type === "sink" ? sinkOffsetSchema : sourceOffsetSchema;
  return z.object({ offsets: z.array(item).min(1, "give at least one partition") }, { error: "expected {\"offsets\": [ … ]}" });
}

export type OffsetsParse = { ok: true; offsets: ConnectorOffset[] } | { ok: false; errors: string[] };

export function parseOffsetsText(text: string, type: ConnectorType): OffsetsParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`Not JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  // A bare list is accepted as the offsets list.
  const body = Array.isArray(json) ? { offsets: json } : json;
  const parsed = listSchema(type).safeParse(body);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)) };
  }
  return { ok: true, offsets: parsed.data.offsets as ConnectorOffset[] };
}

/** The editor's starting text: the current offsets, or a template of the right shape. */
export function offsetsEditorText(offsets: ConnectorOffset[], type: ConnectorType): string {
  const list: unknown[] =
    offsets.length > 0
      ? offsets
      : type === "sink"
        ? [{ partition: { kafka_topic: "my-topic", kafka_partition: 0 }, offset: { kafka_offset: 0 } }]
        : [{ partition: {}, offset: {} }];
  return JSON.stringify({ offsets: list }, null, 2);
}

/** Sink offsets are topic/partition/offset rows; anything else is shown as its JSON maps. */
export function sinkRow(o: ConnectorOffset): { topic: string; partition: string; offset: string } | undefined {
  const p = o.partition;
  if (!p || typeof p.kafka_topic !== "string" || p.kafka_partition === undefined) return undefined;
  const offset = o.offset?.kafka_offset;
  return { topic: p.kafka_topic, partition: String(p.kafka_partition), offset: offset === undefined || offset === null ? "—" : String(offset) };
}
