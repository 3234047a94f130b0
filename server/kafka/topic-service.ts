import kafkajs, { type Admin } from "kafkajs";

// kafkajs is CommonJS, and Node's ESM loader cannot see ConfigResourceTypes as a named export.
const { ConfigResourceTypes } = kafkajs;
import type { ConsumerGroupLag, CreateTopicBody, TopicDetail, TopicList, TopicSummary } from "@/lib/kafka/schemas";
import { createTopicBodySchema } from "@/lib/kafka/schemas";
import { NotFoundError } from "../connect/api/errors";
import type { KafkaClients } from "./clients";
import { kafkaError } from "./errors";
import { createKafkajsCluster, type KafkajsCluster, type PartitionMetadata } from "./kafkajs-internal";

/**
 * Topics of one Kafka cluster for the console: list with sizes and counts, describe one with its
 * partitions, configs and the consumer groups reading it, create and delete. Works against any
 * Kafka cluster; what a cluster cannot answer (configs on librdkafka's mock, log-dir sizes) comes
 * back as null with a note instead of failing the page.
 */

/** Kafka's, Connect's and the console's own topics: `__consumer_offsets`, `_connect-configs`, `_schemas`. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("_");
}

const SIZE_NOTE = "Sizes on disk are unknown: reading them needs DescribeLogDirs, which the console's Kafka client does not send.";

interface PartitionOffsets {
  low: bigint;
  high: bigint;
}

/**
 * Runs `fn` with a fresh kafkajs cluster connection that knows `topics` (all topics when omitted).
 * A fresh one per call keeps no stale topic list between calls (a topic deleted elsewhere would
 * otherwise break every later metadata refresh).
 */
async function withCluster<T>(clients: KafkaClients, topics: string[] | undefined, fn: (cluster: KafkajsCluster, names: string[]) => Promise<T>): Promise<T> {
  const cluster = createKafkajsCluster(clients.kafka);
  try {
    await cluster.connect();
    let names = topics;
    if (names === undefined) {
      names = (await cluster.metadata({ topics: [] })).topicMetadata.map((t) => t.topic);
    }
    if (names.length > 0) await cluster.addMultipleTargetTopics(names);
    return await fn(cluster, names);
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

/** Start (log start) and end (high watermark) offsets of every partition of the topics, two ListOffsets per leader. */
export async function partitionOffsets(cluster: KafkajsCluster, topics: string[]): Promise<Map<string, Map<number, PartitionOffsets>>> {
  const queries = topics.map((topic) => ({ topic, partitions: cluster.findTopicPartitionMetadata(topic).map((p) => ({ partition: p.partitionId })) }));
  const nonEmpty = queries.filter((q) => q.partitions.length > 0);
  const out = new Map<string, Map<number, PartitionOffsets>>(topics.map((t) => [t, new Map()]));
  if (nonEmpty.length === 0) return out;
  const [lows, highs] = await Promise.all([
    cluster.fetchTopicsOffset(nonEmpty.map((q) => ({ ...q, fromBeginning: true }))),
    cluster.fetchTopicsOffset(nonEmpty.map((q) => ({ ...q, fromBeginning: false }))),
  ]);
  for (const { topic, partitions } of highs) {
    const byPartition = out.get(topic) ?? new Map<number, PartitionOffsets>();
    for (const p of partitions) byPartition.set(p.partition, { low: 0n, high: BigInt(p.offset) });
    out.set(topic, byPartition);
  }
  for (const { topic, partitions } of lows) {
    for (const p of partitions) {
      const entry = out.get(topic)?.get(p.partition);
      if (entry) entry.low = BigInt(p.offset);
    }
  }
  return out;
}

function countMessages(offsets: Map<number, PartitionOffsets> | undefined): number {
  let total = 0n;
  for (const { low, high } of offsets?.values() ?? []) if (high > low) total += high - low;
  return Number(total);
}

async function cleanupPolicies(admin: Admin, topics: string[]): Promise<Map<string, string> | null> {
  if (topics.length === 0) return new Map();
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ["cleanup.policy"] })),
    });
    const out = new Map<string, string>();
    for (const r of described.resources) {
      const entry = r.configEntries.find((e) => e.configName === "cleanup.policy");
      if (entry?.configValue != null) out.set(r.resourceName, entry.configValue);
    }
    return out;
  } catch {
    return null;
  }
}

export async function listTopics(clients: KafkaClients): Promise<TopicList> {
  try {
    const { summaries, names } = await withCluster(clients, undefined, async (cluster, names) => {
      const offsets = await partitionOffsets(cluster, names);
      const summaries = names.map((name): Omit<TopicSummary, "cleanupPolicy"> => {
        const partitions = cluster.findTopicPartitionMetadata(name);
        return {
          name,
          internal: isInternalTopic(name),
          partitions: partitions.length,
          replicationFactor: replicationOf(partitions),
          messages: countMessages(offsets.get(name)),
          sizeBytes: null,
        };
      });
      return { summaries, names };
    });
    const policies = await cleanupPolicies(await clients.admin(), names);
    const topics = summaries
      .map((s) => ({ ...s, cleanupPolicy: policies?.get(s.name) ?? null }))
      .sort((a, b) => Number(a.internal) - Number(b.internal) || a.name.localeCompare(b.name));
    return { topics, sizeNote: SIZE_NOTE };
  } catch (err) {
    throw kafkaError(err, { cluster: clients.cluster.name });
  }
}

function replicationOf(partitions: PartitionMetadata[]): number {
  return partitions.reduce((max, p) => Math.max(max, p.replicas.length), 0);
}

export async function describeTopic(clients: KafkaClients, topic: string): Promise<TopicDetail> {
  const what = `Topic '${topic}'`;
  try {
    const notes: string[] = [];
    const { partitions, offsets } = await withCluster(clients, [topic], async (cluster) => {
      const partitions = cluster.findTopicPartitionMetadata(topic);
      if (partitions.length === 0) throw new NotFoundError(`${what} does not exist`);
      return { partitions, offsets: (await partitionOffsets(cluster, [topic])).get(topic) ?? new Map<number, PartitionOffsets>() };
    });
    const admin = await clients.admin();
    const [configs, groups] = await Promise.all([
      topicConfigs(admin, topic).catch((err: unknown) => {
        notes.push(`Configs could not be read: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }),
      consumerGroupsOf(admin, topic, offsets).catch((err: unknown) => {
        notes.push(`Consumer groups could not be read: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }),
    ]);
    return {
      name: topic,
      internal: isInternalTopic(topic),
      replicationFactor: replicationOf(partitions),
      messages: countMessages(offsets),
      partitions: partitions
        .map((p) => {
          const o = offsets.get(p.partitionId) ?? { low: 0n, high: 0n };
          return {
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            start: o.low.toString(),
            end: o.high.toString(),
            messages: Number(o.high > o.low ? o.high - o.low : 0n),
          };
        })
        .sort((a, b) => a.partition - b.partition),
      configs,
      consumerGroups: groups,
      notes,
    };
  } catch (err) {
    throw kafkaError(err, { cluster: clients.cluster.name, what });
  }
}

async function topicConfigs(admin: Admin, topic: string): Promise<TopicDetail["configs"]> {
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
  const entries = described.resources[0]?.configEntries ?? [];
  return entries
    .map((e) => ({
      name: e.configName,
      value: e.isSensitive ? null : (e.configValue ?? null),
      isDefault: e.isDefault,
      isSensitive: e.isSensitive,
      readOnly: e.readOnly,
      ...(typeof (e as { configSource?: number }).configSource === "number" ? { source: configSource((e as { configSource: number }).configSource) } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Kafka's DescribeConfigs config_source codes. */
function configSource(code: number): string {
  return (
    ["UNKNOWN", "DYNAMIC_TOPIC_CONFIG", "DYNAMIC_BROKER_CONFIG", "DYNAMIC_DEFAULT_BROKER_CONFIG", "STATIC_BROKER_CONFIG", "DEFAULT_CONFIG", "DYNAMIC_BROKER_LOGGER_CONFIG"][code] ??
    String(code)
  );
}

/** The groups with committed offsets on the topic, with lag per partition (end − committed). */
async function consumerGroupsOf(admin: Admin, topic: string, offsets: Map<number, PartitionOffsets>): Promise<ConsumerGroupLag[]> {
  const { groups } = await admin.listGroups();
  const committed = await Promise.all(
    groups.map(async (g) => {
      const fetched = await admin.fetchOffsets({ groupId: g.groupId, topics: [topic] }).catch(() => []);
      const partitions = fetched.find((t) => t.topic === topic)?.partitions ?? [];
      return { group: g, partitions: partitions.filter((p) => Number(p.offset) >= 0) };
    }),
  );
  const reading = committed.filter((c) => c.partitions.length > 0);
  if (reading.length === 0) return [];
  const described = await admin.describeGroups(reading.map((r) => r.group.groupId)).catch(() => ({ groups: [] as { groupId: string; state: string; members: unknown[] }[] }));
  return reading
    .map(({ group, partitions }) => {
      const description = described.groups.find((d) => d.groupId === group.groupId);
      const byPartition = new Map(partitions.map((p) => [p.partition, BigInt(p.offset)]));
      const rows = [...offsets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([partition, { high }]) => {
          const at = byPartition.get(partition);
          return {
            partition,
            committed: at === undefined ? null : at.toString(),
            end: high.toString(),
            lag: at === undefined ? null : Number(high > at ? high - at : 0n),
          };
        });
      return {
        groupId: group.groupId,
        state: description?.state ?? "Unknown",
        protocolType: group.protocolType,
        members: description?.members.length ?? 0,
        lag: rows.reduce((sum, r) => sum + (r.lag ?? 0), 0),
        partitions: rows,
      };
    })
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
}

export async function createTopic(clients: KafkaClients, input: CreateTopicBody): Promise<TopicSummary> {
  const body = createTopicBodySchema.parse(input);
  const what = `Topic '${body.name}'`;
  try {
    const admin = await clients.admin();
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: body.name,
          numPartitions: body.partitions,
          replicationFactor: body.replicationFactor,
          configEntries: Object.entries(body.configs).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    if (!created) throw Object.assign(new Error(`${what} already exists`), { type: "TOPIC_ALREADY_EXISTS" });
  } catch (err) {
    throw kafkaError(err, { cluster: clients.cluster.name, what });
  }
  return {
    name: body.name,
    internal: isInternalTopic(body.name),
    partitions: body.partitions,
    replicationFactor: body.replicationFactor,
    messages: 0,
    sizeBytes: null,
    cleanupPolicy: body.configs["cleanup.policy"] ?? null,
  };
}

export async function deleteTopic(clients: KafkaClients, topic: string): Promise<void> {
  try {
    const admin = await clients.admin();
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  } catch (err) {
    throw kafkaError(err, { cluster: clients.cluster.name, what: `Topic '${topic}'` });
  }
}
