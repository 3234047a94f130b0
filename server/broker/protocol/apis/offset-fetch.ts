import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** OffsetFetch v0–5 (Kafka OffsetFetchRequest/Response.json, non-flexible versions). */
export interface OffsetFetchRequest {
  groupId: string;
  /** null = every committed partition of the group (v2+). */
  topics: OffsetFetchRequestTopic[] | null;
}

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  topics: OffsetFetchResponseTopic[];
  /** v2+ top-level error. */
  errorCode: ErrorCode;
}

export interface OffsetFetchResponseTopic {
  name: string;
  partitions: OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  /** -1 = nothing committed. */
  committedOffset: number;
  /** v5+ */
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: ErrorCode;
}

export function decodeOffsetFetchRequest(r: Reader, _version: number): OffsetFetchRequest {
  const groupId = r.string();
  const topics = r.nullableArray((tr) => ({ name: tr.string(), partitionIndexes: tr.array((pr) => pr.int32()) }));
  return { groupId, topics };
}

export function encodeOffsetFetchResponse(w: Writer, version: number, res: OffsetFetchResponse): void {
  if (version >= 3) w.int32(res.throttleTimeMs);
  w.array(res.topics, (tw, t) => {
    tw.string(t.name);
    tw.array(t.partitions, (pw, p) => {
      pw.int32(p.partitionIndex).int64(p.committedOffset);
      if (version >= 5) pw.int32(p.committedLeaderEpoch);
      pw.nullableString(p.metadata).int16(p.errorCode);
    });
  });
  if (version >= 2) w.int16(res.errorCode);
}
