// Reads every record value currently on a topic: with kcat when it is installed (a foreign client),
// with kafkajs otherwise. Used by the issue-level tests to look at what a worker wrote.
import { Kafka, logLevel } from "kafkajs";
import { runKcat } from "./kcat";
import { requireTool } from "./require-tool";
import { waitFor } from "./wait-for";

export type TopicReaderKind = "kcat" | "kafkajs";

/** kcat when it is on PATH, else kafkajs. */
export function topicReaderKind(): TopicReaderKind {
  return requireTool("kcat").available ? "kcat" : "kafkajs";
}

/**
 * Every value on `topic` (partition order), read from the beginning up to the end as of now.
 * Rejects when the topic does not exist (yet): callers wrap it in waitFor.
 */
export async function readTopic(bootstrap: string, topic: string, kind: TopicReaderKind = topicReaderKind()): Promise<string[]> {
  return kind === "kcat" ? readWithKcat(bootstrap, topic) : readWithKafkajs(bootstrap, topic);
}

async function readWithKcat(bootstrap: string, topic: string): Promise<string[]> {
  // Kafka's quickstart: kafka-console-consumer --topic connect-test --from-beginning; here kcat -C -e.
  const result = await runKcat(["-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n"], { timeoutMs: 15_000 });
  if (result.code !== 0) throw new Error(`kcat -C -t ${topic} exited with ${result.code}: ${result.stderr.trim()}`);
  return result.stdout === "" ? [] : result.stdout.replace(/\n$/, "").split("\n");
}

async function readWithKafkajs(bootstrap: string, topic: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: "ferry-test-reader", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: number; low: number }[];
  try {
    ends = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, high: Number(p.high), low: Number(p.low) }));
  } finally {
    await admin.disconnect();
  }
  const expected = ends.reduce((sum, p) => sum + (p.high - p.low), 0);
  const byPartition = new Map<number, string[]>(ends.map((p) => [p.partition, []]));
  if (expected === 0) return [];
  const consumer = kafka.consumer({ groupId: `ferry-test-reader-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    const highs = new Map(ends.map((p) => [p.partition, p.high]));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) >= (highs.get(partition) ?? 0)) return;
        byPartition.get(partition)?.push(message.value?.toString() ?? "null");
        seen++;
      },
    });
    await waitFor(() => seen >= expected, { timeoutMs: 15_000, message: `${expected} records on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return [...byPartition.keys()].sort((a, b) => a - b).flatMap((p) => byPartition.get(p) ?? []);
}
