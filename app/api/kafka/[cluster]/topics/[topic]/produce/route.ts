import { produceBodySchema } from "@/lib/kafka/schemas";
import { produceRecord } from "@/server/kafka/message-service";
import { guarded } from "@/server/console/access";
import { kafkaRoute } from "@/server/kafka/route";
import { topicParamsSchema } from "@/server/kafka/route-params";

export const dynamic = "force-dynamic";

// POST /api/kafka/{cluster}/topics/{topic}/produce: write one record {partition?, key, value, headers}.
export const POST = guarded(
  { needed: "operator", audit: async (_req, { params }) => { const p = await params; return { action: "topic.produce", cluster: String(p.cluster), target: String(p.topic) }; } },
  kafkaRoute({ params: topicParamsSchema, body: produceBodySchema, status: 201 }, ({ clients, params, body }) =>
    produceRecord(clients, params.topic, body),
  ),
);
