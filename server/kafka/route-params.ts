import { z } from "zod";

/** Path parameters of the console's Kafka routes. */
export const topicParamsSchema = z.object({ topic: z.string().min(1) });

export const recordParamsSchema = topicParamsSchema.extend({
  partition: z.coerce.number().int().nonnegative(),
  offset: z.string().regex(/^\d+$/, "an offset is a non-negative integer").transform(BigInt),
});
