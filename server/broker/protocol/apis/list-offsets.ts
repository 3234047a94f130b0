import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** Special timestamps of a ListOffsets query. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsRequest {
  replicaId: number;
  isolationLevel: number;
  topics: { name: string; partitions: { partitionIndex: number; timestamp: number }[] }[];
}

export interface ListOffsetsResponse {
  throttleTimeMs: number;
  topics: {
    name: string;
    partitions: { partitionIndex: number; errorCode: number; timestamp: number; offset: number }[];
  }[];
}

/** v1–3 (v0's max_num_offsets layout is not served). */
export function decodeListOffsetsRequest(r: Reader, version: number): ListOffsetsRequest {
  const replicaId = r.int32();
  const isolationLevel = version >= 2 ? r.int8() : 0;
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({ partitionIndex: r.int32(), timestamp: r.int64() })),
  }));
  return { replicaId, isolationLevel, topics };
}

export function encodeListOffsetsResponse(w: Writer, version: number, res: ListOffsetsResponse): void {
  if (version >= 2) w.int32(res.throttleTimeMs);
  w.array(res.topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      w.int32(p.partitionIndex).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
    });
  });
}
