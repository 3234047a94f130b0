import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface DeleteTopicsRequest {
  topicNames: string[];
  timeoutMs: number;
}

export interface DeleteTopicsResponse {
  /** v1+. */
  throttleTimeMs: number;
  /** No error message before v5. */
  responses: { name: string; errorCode: number }[];
}

/** v0–1 (the request layout is the same in both). */
export function decodeDeleteTopicsRequest(r: Reader, _version: number): DeleteTopicsRequest {
  return { topicNames: r.array((r) => r.string()), timeoutMs: r.int32() };
}

export function encodeDeleteTopicsResponse(w: Writer, version: number, res: DeleteTopicsResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  w.array(res.responses, (w, t) => void w.string(t.name).int16(t.errorCode));
}
