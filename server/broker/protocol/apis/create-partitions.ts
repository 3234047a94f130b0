import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface CreatePartitionsRequestTopic {
  name: string;
  /** The new total partition count. */
  count: number;
  /** null = let the broker place the new partitions; else one broker list per new partition. */
  assignments: { brokerIds: number[] }[] | null;
}

export interface CreatePartitionsRequest {
  topics: CreatePartitionsRequestTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsResponse {
  throttleTimeMs: number;
  results: { name: string; errorCode: number; errorMessage: string | null }[];
}

/** v0–1 (v1 only changed throttling semantics). */
export function decodeCreatePartitionsRequest(r: Reader, _version: number): CreatePartitionsRequest {
  const topics = r.array((r) => ({
    name: r.string(),
    count: r.int32(),
    assignments: r.nullableArray((r) => ({ brokerIds: r.array((r) => r.int32()) })),
  }));
  return { topics, timeoutMs: r.int32(), validateOnly: r.boolean() };
}

export function encodeCreatePartitionsResponse(w: Writer, _version: number, res: CreatePartitionsResponse): void {
  w.int32(res.throttleTimeMs);
  w.array(res.results, (w, t) => void w.string(t.name).int16(t.errorCode).nullableString(t.errorMessage));
}
