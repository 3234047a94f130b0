import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface DeleteRecordsRequest {
  topics: { name: string; partitions: { partitionIndex: number; offset: number }[] }[];
  timeoutMs: number;
}

export interface DeleteRecordsResponsePartition {
  partitionIndex: number;
  /** The new log start offset, or -1 with an error. */
  lowWatermark: number;
  errorCode: number;
}

export interface DeleteRecordsResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: DeleteRecordsResponsePartition[] }[];
}

/** v0–1 (v1 only changed throttling semantics). */
export function decodeDeleteRecordsRequest(r: Reader, _version: number): DeleteRecordsRequest {
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({ partitionIndex: r.int32(), offset: r.int64() })),
  }));
  return { topics, timeoutMs: r.int32() };
}

export function encodeDeleteRecordsResponse(w: Writer, _version: number, res: DeleteRecordsResponse): void {
  w.int32(res.throttleTimeMs);
  w.array(res.topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => void w.int32(p.partitionIndex).int64(p.lowWatermark).int16(p.errorCode));
  });
}
