import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/**
 * OffsetCommit v0–7 (Kafka OffsetCommitRequest/Response.json, non-flexible versions). The broker
 * advertises 2–7; v0–1 decode too so a misrouted request fails cleanly rather than garbled.
 */
export interface OffsetCommitRequest {
  groupId: string;
  /** v1+; -1 = commit without group membership. */
  generationId: number;
  /** v1+ */
  memberId: string;
  /** v7+ */
  groupInstanceId: string | null;
  /** v2–4; -1 = broker default. */
  retentionTimeMs: number;
  topics: OffsetCommitRequestTopic[];
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  /** v6+; -1 when absent. */
  committedLeaderEpoch: number;
  /** v1 only; -1 when absent. */
  commitTimestamp: number;
  committedMetadata: string | null;
}

export interface OffsetCommitResponse {
  throttleTimeMs: number;
  topics: OffsetCommitResponseTopic[];
}

export interface OffsetCommitResponseTopic {
  name: string;
  partitions: { partitionIndex: number; errorCode: ErrorCode }[];
}

export function decodeOffsetCommitRequest(r: Reader, version: number): OffsetCommitRequest {
  const groupId = r.string();
  const generationId = version >= 1 ? r.int32() : -1;
  const memberId = version >= 1 ? (r.nullableString() ?? "") : "";
  const groupInstanceId = version >= 7 ? r.nullableString() : null;
  const retentionTimeMs = version >= 2 && version <= 4 ? r.int64() : -1;
  const topics = r.array((tr) => ({
    name: tr.string(),
    partitions: tr.array((pr) => {
      const partitionIndex = pr.int32();
      const committedOffset = pr.int64();
      const committedLeaderEpoch = version >= 6 ? pr.int32() : -1;
      const commitTimestamp = version === 1 ? pr.int64() : -1;
      const committedMetadata = pr.nullableString();
      return { partitionIndex, committedOffset, committedLeaderEpoch, commitTimestamp, committedMetadata };
    }),
  }));
  return { groupId, generationId, memberId, groupInstanceId, retentionTimeMs, topics };
}

export function encodeOffsetCommitResponse(w: Writer, version: number, res: OffsetCommitResponse): void {
  if (version >= 3) w.int32(res.throttleTimeMs);
  w.array(res.topics, (tw, t) => {
    tw.string(t.name);
    tw.array(t.partitions, (pw, p) => {
      pw.int32(p.partitionIndex).int16(p.errorCode);
    });
  });
}
