import { createTopicBodySchema } from "@/lib/kafka/schemas";
import { kafkaRoute } from "@/server/kafka/route";
import { createTopic, listTopics } from "@/server/kafka/topic-service";

export const dynamic = "force-dynamic";

// GET /api/kafka/{cluster}/topics: every topic with partitions, replication, message estimate, cleanup policy.
export const GET = kafkaRoute({}, ({ clients }) => listTopics(clients));

// POST /api/kafka/{cluster}/topics: create a topic {name, partitions, replicationFactor, configs}.
export const POST = kafkaRoute({ body: createTopicBodySchema, status: 201 }, ({ clients, body }) => createTopic(clients, body));
