import { z } from "zod";
import { bulkActionSchema, type BulkAction, type BulkResult } from "../../lib/connect/bulk";
import type { ConnectCluster } from "./config";
import { callConnect } from "./connect-proxy";
import type { SessionUser } from "./session";

/**
 * Applies one action to many connectors of a cluster and reports each outcome, so the browser makes
 * one request for "pause these 200" and gets back which succeeded and which failed and why.
 */

const CONCURRENCY = 8;

const CALLS: Record<BulkAction, { method: string; path: (name: string) => string[]; search?: string }> = {
  pause: { method: "PUT", path: (n) => ["connectors", n, "pause"] },
  resume: { method: "PUT", path: (n) => ["connectors", n, "resume"] },
  stop: { method: "PUT", path: (n) => ["connectors", n, "stop"] },
  restart: { method: "POST", path: (n) => ["connectors", n, "restart"], search: "?includeTasks=true&onlyFailed=false" },
  "restart-failed": { method: "POST", path: (n) => ["connectors", n, "restart"], search: "?includeTasks=true&onlyFailed=true" },
  delete: { method: "DELETE", path: (n) => ["connectors", n] },
};

/** The Connect request one connector's part of an action makes. */
export function bulkCall(action: BulkAction, name: string): { method: string; path: string[]; search?: string } {
  const call = CALLS[action];
  return { method: call.method, path: call.path(name), ...(call.search ? { search: call.search } : {}) };
}

export const bulkRequestSchema = z.object({
  action: bulkActionSchema,
  connectors: z.array(z.string().min(1)).min(1, "no connectors selected").max(10_000),
});

export async function runBulkAction(cluster: ConnectCluster, action: BulkAction, names: readonly string[], fetchImpl: typeof fetch = fetch, actor?: SessionUser): Promise<BulkResult[]> {
  const call = CALLS[action];
  const unique = [...new Set(names)];
  const results: BulkResult[] = new Array(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const index = next++;
      const name = unique[index] as string;
      const res = await callConnect(cluster, { method: call.method, path: call.path(name), search: call.search, actor }, fetchImpl);
      results[index] = res.ok ? { name, ok: true, status: res.status } : { name, ok: false, status: res.status, message: await errorMessage(res) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return results;
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === "string" && body.message) return body.message;
  } catch {
    // not JSON: fall through to the text
  }
  return text.trim() || `HTTP ${res.status}`;
}
