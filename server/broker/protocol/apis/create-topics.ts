import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface CreateTopicsRequestTopic {
  name: string;
  /** -1 = the broker's default. */
  numPartitions: number;
  /** -1 = the broker's default. */
  replicationFactor: number;
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

export interface CreateTopicsRequest {
  topics: CreateTopicsRequestTopic[];
  timeoutMs: number;
  /** v1+; false before. */
  validateOnly: boolean;
}

export interface CreateTopicsResponseTopic {
  name: string;
  errorCode: number;
  /** v1+. */
  errorMessage: string | null;
}

export interface CreateTopicsResponse {
  /** v2+. */
  throttleTimeMs: number;
  topics: CreateTopicsResponseTopic[];
}

/** v0–3 (v2 and v3 only changed throttling semantics). */
export function decodeCreateTopicsRequest(r: Reader, version: number): CreateTopicsRequest {
  const topics = r.array((r) => ({
    name: r.string(),
    numPartitions: r.int32(),
    replicationFactor: r.int16(),
    assignments: r.array((r) => ({ partitionIndex: r.int32(), brokerIds: r.array((r) => r.int32()) })),
    configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
  }));
  const timeoutMs = r.int32();
  const validateOnly = version >= 1 ? r.boolean() : false;
  return { topics, timeoutMs, validateOnly };
}

export function encodeCreateTopicsResponse(w: Writer, version: number, res: CreateTopicsResponse): void {
  if (version >= 2) w.int32(res.throttleTimeMs);
  w.array(res.topics, (w, t) => {
    w.string(t.name).int16(t.errorCode);
    if (version >= 1) w.nullableString(t.errorMessage);
  });
}
