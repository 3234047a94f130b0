import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface FetchPartitionRequest {
  partition: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  logStartOffset: number;
  partitionMaxBytes: number;
}

export interface FetchRequest {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: { topic: string; partitions: FetchPartitionRequest[] }[];
}

export interface FetchPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Whole record batches, written back to back without copying. */
  records: Buffer[];
}

export interface FetchResponse {
  throttleTimeMs: number;
  errorCode: number;
  sessionId: number;
  topics: { topic: string; partitions: FetchPartitionResponse[] }[];
}

export function decodeFetchRequest(r: Reader, version: number): FetchRequest {
  const replicaId = r.int32();
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = version >= 3 ? r.int32() : 0x7fffffff;
  const isolationLevel = version >= 4 ? r.int8() : 0;
  const sessionId = version >= 7 ? r.int32() : 0;
  const sessionEpoch = version >= 7 ? r.int32() : -1;
  const topics = r.array((r) => ({
    topic: r.string(),
    partitions: r.array((r) => {
      const partition = r.int32();
      const currentLeaderEpoch = version >= 9 ? r.int32() : -1;
      const fetchOffset = r.int64();
      const logStartOffset = version >= 5 ? r.int64() : -1;
      const partitionMaxBytes = r.int32();
      return { partition, currentLeaderEpoch, fetchOffset, logStartOffset, partitionMaxBytes };
    }),
  }));
  if (version >= 7) r.array((r) => ({ topic: r.string(), partitions: r.array((r) => r.int32()) }));
  if (version >= 11) r.string();
  return { replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics };
}

export function encodeFetchResponse(w: Writer, version: number, res: FetchResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  if (version >= 7) w.int16(res.errorCode).int32(res.sessionId);
  w.array(res.topics, (w, t) => {
    w.string(t.topic);
    w.array(t.partitions, (w, p) => {
      w.int32(p.partitionIndex).int16(p.errorCode).int64(p.highWatermark);
      if (version >= 4) {
        w.int64(p.lastStableOffset);
        if (version >= 5) w.int64(p.logStartOffset);
        w.array([], () => {}); // aborted transactions: none without transactions
      }
      if (version >= 11) w.int32(-1); // preferred read replica
      w.bytesChunks(p.records);
    });
  });
}
