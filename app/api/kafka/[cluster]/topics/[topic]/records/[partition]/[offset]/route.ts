import { recordQuerySchema } from "@/lib/kafka/schemas";
import { readRecord } from "@/server/kafka/message-service";
import { guarded } from "@/server/console/access";
import { kafkaRoute } from "@/server/kafka/route";
import { recordParamsSchema } from "@/server/kafka/route-params";

export const dynamic = "force-dynamic";

// GET /api/kafka/{cluster}/topics/{topic}/records/{partition}/{offset}: one whole record, never truncated.
export const GET = guarded({ needed: "viewer" }, kafkaRoute({ params: recordParamsSchema, query: recordQuerySchema }, ({ clients, params, query }) =>
  readRecord(clients, params.topic, params.partition, params.offset, query),
));
