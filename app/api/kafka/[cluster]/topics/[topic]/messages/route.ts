import { scanQuerySchema } from "@/lib/kafka/schemas";
import { openScan } from "@/server/kafka/message-service";
import { guarded } from "@/server/console/access";
import { kafkaRoute } from "@/server/kafka/route";
import { topicParamsSchema } from "@/server/kafka/route-params";
import { scanResponse } from "@/server/kafka/sse";

export const dynamic = "force-dynamic";

// GET /api/kafka/{cluster}/topics/{topic}/messages?from=…: a scan as Server-Sent Events
// (records, progress, done, error); it stops when the client disconnects.
export const GET = guarded({ needed: "viewer" }, kafkaRoute({ params: topicParamsSchema, query: scanQuerySchema }, async ({ req, clients, params, query }) =>
  scanResponse(await openScan(clients, params.topic, query, req.signal), req.signal, clients.cluster.name),
));
