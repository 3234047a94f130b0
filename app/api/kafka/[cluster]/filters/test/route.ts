import { filterTestBodySchema } from "@/lib/kafka/schemas";
import { testFilter } from "@/server/kafka/filter";
import { guarded } from "@/server/console/access";
import { kafkaRoute } from "@/server/kafka/route";

export const dynamic = "force-dynamic";

// POST /api/kafka/{cluster}/filters/test: {filter, record} → {ok, matched, result} or {ok:false, phase, error}.
// A read (it runs a filter on a sample record), checked like a change for uniformity, not recorded.
export const POST = guarded({ needed: "viewer" }, kafkaRoute({ body: filterTestBodySchema }, async ({ body }) => testFilter(body.filter, body.record)));
