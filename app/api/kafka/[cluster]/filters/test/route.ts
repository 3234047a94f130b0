import { filterTestBodySchema } from "@/lib/kafka/schemas";
import { testFilter } from "@/server/kafka/filter";
import { kafkaRoute } from "@/server/kafka/route";

export const dynamic = "force-dynamic";

// POST /api/kafka/{cluster}/filters/test: {filter, record} → {ok, matched, result} or {ok:false, phase, error}.
export const POST = kafkaRoute({ body: filterTestBodySchema }, async ({ body }) => testFilter(body.filter, body.record));
