import { guarded } from "@/server/console/access";
import { kafkaRoute } from "@/server/kafka/route";
import { topicParamsSchema } from "@/server/kafka/route-params";
import { deleteTopic, describeTopic } from "@/server/kafka/topic-service";

export const dynamic = "force-dynamic";

// GET /api/kafka/{cluster}/topics/{topic}: partitions with offsets, configs, consumer groups with lag.
export const GET = guarded({ needed: "viewer" }, kafkaRoute({ params: topicParamsSchema }, ({ clients, params }) => describeTopic(clients, params.topic)));

// DELETE /api/kafka/{cluster}/topics/{topic}
export const DELETE = guarded(
  { needed: "admin", audit: async (_req, { params }) => { const p = await params; return { action: "topic.delete", cluster: String(p.cluster), target: String(p.topic) }; } },
  kafkaRoute({ params: topicParamsSchema }, ({ clients, params }) => deleteTopic(clients, params.topic)),
);
