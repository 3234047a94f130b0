import { z } from "zod";
import { BadRequestError } from "../connect/api/errors";
import { toErrorResponse } from "../connect/rest/error-mapper";
import { kafkaClients, type KafkaClients } from "./clients";
import { kafkaError } from "./errors";

/**
 * The wrapper of the console's Kafka route handlers (`app/api/kafka/[cluster]/…`): it awaits the
 * route params, finds the cluster (404), parses params, query and body with the contract's zod
 * schemas (400 naming the field), runs one service call and answers JSON, or the Response the call
 * built (an SSE stream). Every error goes through the one mapper, as Connect errors
 * `{"error_code","message"}`.
 */

type AnySchema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<P extends AnySchema | undefined, Q extends AnySchema | undefined, B extends AnySchema | undefined> {
  params?: P;
  query?: Q;
  body?: B;
  /** Success status for a JSON answer (default 200). */
  status?: number;
}

export interface RouteInput<P, Q, B> {
  req: Request;
  clients: KafkaClients;
  params: P;
  query: Q;
  body: B;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function kafkaRoute<P extends AnySchema | undefined = undefined, Q extends AnySchema | undefined = undefined, B extends AnySchema | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>,
): (req: Request, context: RouteContext) => Promise<Response> {
  return async (req, context) => {
    const raw = await context.params;
    const cluster = typeof raw.cluster === "string" ? raw.cluster : "";
    try {
      const clients = kafkaClients(cluster);
      const params = spec.params ? parse(spec.params, raw, "path parameter") : undefined;
      const query = spec.query ? parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query parameter") : undefined;
      let body: unknown;
      if (spec.body) {
        let json: unknown;
        try {
          json = await req.json();
        } catch {
          throw new BadRequestError("The request body is not JSON");
        }
        body = parse(spec.body, json, "body field");
      }
      const result = await handler({ req, clients, params: params as Out<P>, query: query as Out<Q>, body: body as Out<B> });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: spec.status ?? 200 });
    } catch (err) {
      return toErrorResponse(kafkaError(err, { cluster }));
    }
  };
}

/** Parses with a schema; a failure becomes a 400 that names the field: "query parameter 'limit': …". */
export function parse<S extends AnySchema>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? ` '${issue.path.map(String).join(".")}'` : "";
  const label = field ? `${where}${field}` : where === "body field" ? "body" : where;
  throw new BadRequestError(`Invalid ${label}: ${issue?.message ?? "invalid"}`);
}
