import { z } from "zod";

/** The actions the connectors list applies to a selection (POST /api/bulk/<cluster>). */
export const bulkActionSchema = z.enum(["pause", "resume", "stop", "restart", "restart-failed", "delete"]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export const BULK_ACTION_LABELS: Record<BulkAction, string> = {
  pause: "Pause",
  resume: "Resume",
  stop: "Stop",
  restart: "Restart",
  "restart-failed": "Restart failed tasks",
  delete: "Delete",
};

export const bulkResultSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  status: z.number().int(),
  message: z.string().optional(),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

export const bulkResponseSchema = z.object({ action: bulkActionSchema, results: z.array(bulkResultSchema) });
export type BulkResponse = z.infer<typeof bulkResponseSchema>;
