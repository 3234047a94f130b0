import { Kafka, logLevel } from "kafkajs";
import { ConnectError } from "../api";
import type { Logger } from "../runtime/loggers";

/**
 * Creates a distributed worker's internal topics when missing (compacted; the config topic with one
 * partition) and refuses to start on an existing one that would lose data: more than one partition
 * for the config topic, or a cleanup policy other than `compact` (Kafka's TopicAdmin +
 * KafkaConfigBackingStore/KafkaOffsetBackingStore/KafkaStatusBackingStore checks).
 */
export interface InternalTopicSpec {
  /** The worker property naming the topic (`config.storage.topic`...), for error messages. */
  property: string;
  topic: string;
  partitions: number;
  /** -1: the broker's default. */
  replicationFactor: number;
  /** `config.storage.*` style topic settings; cleanup.policy is always compact. */
  configs?: Record<string, string>;
  /** Only the config topic must have exactly one partition. */
  singlePartition?: boolean;
  /** What the topic keeps, for the cleanup-policy message ("connector configurations"...). */
  contents: string;
}

/** kafkajs's ConfigResourceTypes.TOPIC (not a named export of its CommonJS module under Node's ESM loader). */
const TOPIC_RESOURCE = 2;

export class InternalTopicError extends ConnectError {
  override name = "InternalTopicError";
}

export async function ensureInternalTopics(bootstrapServers: readonly string[], specs: readonly InternalTopicSpec[], logger: Logger): Promise<void> {
  const brokers = bootstrapServers.map((b) => b.replace(/^[A-Za-z_]+:\/\//, ""));
  const admin = new Kafka({ clientId: "ferry-internal-topics", brokers, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const spec of specs) {
      if (!existing.has(spec.topic)) {
        logger.info(`Creating topic '${spec.topic}' (${spec.property}) with ${spec.partitions} partition(s), compacted`);
        try {
          await admin.createTopics({
            waitForLeaders: true,
            topics: [
              {
                topic: spec.topic,
                numPartitions: spec.partitions,
                replicationFactor: spec.replicationFactor,
                configEntries: Object.entries({ ...spec.configs, "cleanup.policy": "compact" }).map(([name, value]) => ({ name, value })),
              },
            ],
          });
        } catch (err) {
          if ((err as { type?: string }).type !== "TOPIC_ALREADY_EXISTS") {
            throw new InternalTopicError(`Unable to create topic '${spec.topic}' (${spec.property}): ${(err as Error).message}`, { cause: err });
          }
        }
      }
      await verifyTopic(admin, spec, logger);
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function verifyTopic(admin: ReturnType<Kafka["admin"]>, spec: InternalTopicSpec, logger: Logger): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics: [spec.topic] });
  const partitions = metadata.topics[0]?.partitions.length ?? 0;
  if (spec.singlePartition && partitions !== 1) {
    throw new InternalTopicError(
      `Topic '${spec.topic}' supplied via the '${spec.property}' property is required to have a single partition in order to guarantee consistency of ${spec.contents}, but found ${partitions} partitions.`,
    );
  }
  let policy: string | undefined;
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: TOPIC_RESOURCE, name: spec.topic, configNames: ["cleanup.policy"] }],
    });
    policy = described.resources[0]?.configEntries.find((e) => e.configName === "cleanup.policy")?.configValue;
  } catch (err) {
    // Brokers without DescribeConfigs (test clusters) cannot be checked; Kafka also skips then.
    logger.warn(`Could not verify the cleanup policy of topic '${spec.topic}'; assuming it is compacted`, err);
    return;
  }
  if (policy === undefined) return;
  const policies = policy.split(",").map((p) => p.trim().toLowerCase());
  if (!policies.includes("compact") || policies.includes("delete")) {
    throw new InternalTopicError(
      `Topic '${spec.topic}' supplied via the '${spec.property}' property is required to have 'cleanup.policy=compact' to guarantee consistency and durability of ${spec.contents}, but found the topic currently has 'cleanup.policy=${policy}'. Continuing would likely result in eventually losing ${spec.contents} and problems restarting this Connect cluster in the future. Change the '${spec.property}' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`,
    );
  }
}
