import { z } from "zod";
import { onUnauthorized } from "./session";
import { auditEntrySchema, type AuditEntry } from "./audit";

/** The console's audit endpoint, newest entries first; `enabled` is false when no audit file is configured. */
export const auditResponseSchema = z.object({ entries: z.array(auditEntrySchema), enabled: z.boolean().optional() });
export type AuditResponse = z.infer<typeof auditResponseSchema>;

export async function fetchAudit(limit = 500, fetchImpl: typeof fetch = (i, init) => fetch(i, init)): Promise<AuditResponse> {
  const res = await fetchImpl(`/api/audit?limit=${limit}`, { headers: { accept: "application/json" } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    onUnauthorized(res.status);
    const message = (body as { message?: unknown } | null)?.message;
    throw new Error(typeof message === "string" ? message : `HTTP ${res.status}`);
  }
  return auditResponseSchema.parse(body);
}

export interface AuditFilter {
  user: string;
  action: string;
  outcome: "" | AuditEntry["outcome"];
}

/** The entries a filter keeps: user and action by substring (case-insensitive), outcome exactly. */
export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const user = filter.user.trim().toLowerCase();
  const action = filter.action.trim().toLowerCase();
  return entries.filter(
    (e) => (!user || e.user.toLowerCase().includes(user)) && (!action || e.action.toLowerCase().includes(action)) && (!filter.outcome || e.outcome === filter.outcome),
  );
}
