import { createTopicBodySchema } from "@/lib/kafka/schemas";
import { guarded } from "@/server/console/access";
import { kafkaRoute } from "@/server/kafka/route";
import { createTopic, listTopics } from "@/server/kafka/topic-service";

export const dynamic = "force-dynamic";

// GET /api/kafka/{cluster}/topics: every topic with partitions, replication, message estimate, cleanup policy.
export const GET = guarded({ needed: "viewer" }, kafkaRoute({}, ({ clients }) => listTopics(clients)));

// POST /api/kafka/{cluster}/topics: create a topic {name, partitions, replicationFactor, configs}.
export const POST = guarded(
  { needed: "admin", audit: async (req, { params }) => ({ action: "topic.create", cluster: String((await params).cluster), target: await topicName(req) }) },
  kafkaRoute({ body: createTopicBodySchema, status: 201 }, ({ clients, body }) => createTopic(clients, body)),
);

async function topicName(req: Request): Promise<string | undefined> {
  const body = (await req.clone().json().catch(() => undefined)) as { name?: unknown } | undefined;
  return typeof body?.name === "string" ? body.name : undefined;
}
