import { ConnectApiError } from "@/lib/connect/client";

/** A 404 is an answer (no such connector), not a blip: show it at once instead of retrying. */
export function retryUnlessNotFound(failureCount: number, error: unknown): boolean {
  if (error instanceof ConnectApiError && error.status === 404) return false;
  return failureCount < 2;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ConnectApiError && error.status === 404;
}
