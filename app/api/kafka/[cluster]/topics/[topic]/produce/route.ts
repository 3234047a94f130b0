import { produceBodySchema } from "@/lib/kafka/schemas";
import { produceRecord } from "@/server/kafka/message-service";
import { kafkaRoute } from "@/server/kafka/route";
import { topicParamsSchema } from "@/server/kafka/route-params";

export const dynamic = "force-dynamic";

// POST /api/kafka/{cluster}/topics/{topic}/produce: write one record {partition?, key, value, headers}.
export const POST = kafkaRoute({ params: topicParamsSchema, body: produceBodySchema, status: 201 }, ({ clients, params, body }) =>
  produceRecord(clients, params.topic, body),
);
