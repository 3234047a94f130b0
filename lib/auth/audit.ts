import { z } from "zod";

/**
 * One line of the audit log: who changed what, when, and how it ended. Written by the Connect REST
 * API for requests made to it directly and by the console for the actions of its users; read by the
 * console's audit page. Values of a request body are never recorded (they may hold secrets).
 */
export const auditEntrySchema = z.object({
  /** ISO 8601, UTC. */
  time: z.string(),
  /** The authenticated user; "anonymous" when authentication is off. */
  user: z.string(),
  role: z.string().optional(),
  /** Where the request came in. */
  source: z.enum(["rest", "console"]),
  /** "connector.pause", "topic.delete"… (lib/auth/roles.ts connectActionName). */
  action: z.string(),
  /** What it acted on: a connector, "connector/task", a topic. */
  target: z.string().optional(),
  /** The Connect or Kafka cluster, for console entries. */
  cluster: z.string().optional(),
  method: z.string(),
  path: z.string(),
  /** The HTTP status answered. */
  status: z.number().int(),
  outcome: z.enum(["success", "failure", "denied"]),
  /** The error message of a failure or refusal. */
  message: z.string().optional(),
  /** The client's address, when known. */
  remote: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditPage = z.infer<typeof auditPageSchema>;

export function auditOutcome(status: number): AuditEntry["outcome"] {
  // 429: refused after too many failed logins.
  if (status === 401 || status === 403 || status === 429) return "denied";
  return status < 400 ? "success" : "failure";
}
