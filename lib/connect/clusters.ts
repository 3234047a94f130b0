import { z } from "zod";

/** One Connect cluster as the console's server describes it (GET /api/clusters). */
export const connectClusterInfoSchema = z.discriminatedUnion("reachable", [
  z.object({
    name: z.string(),
    url: z.string(),
    kafkaCluster: z.string().nullable(),
    reachable: z.literal(true),
    version: z.string(),
    kafkaClusterId: z.string().nullable(),
    /** Set when the cluster is Ferry (it sends x-ferry-version): Ferry-only extras are available. */
    ferry: z.object({ version: z.string() }).nullable(),
  }),
  z.object({
    name: z.string(),
    url: z.string(),
    kafkaCluster: z.string().nullable(),
    reachable: z.literal(false),
    error: z.string(),
  }),
]);
export type ConnectClusterInfo = z.infer<typeof connectClusterInfoSchema>;

export const clustersResponseSchema = z.object({
  connect: z.array(connectClusterInfoSchema),
  kafka: z.array(z.object({ name: z.string(), bootstrapServers: z.string() })),
});
export type ClustersResponse = z.infer<typeof clustersResponseSchema>;
