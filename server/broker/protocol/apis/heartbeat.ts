import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** Heartbeat v0–3 (Kafka HeartbeatRequest/Response.json, non-flexible versions). */
export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+ */
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  throttleTimeMs: number;
  errorCode: ErrorCode;
}

export function decodeHeartbeatRequest(r: Reader, version: number): HeartbeatRequest {
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.nullableString() ?? "";
  const groupInstanceId = version >= 3 ? r.nullableString() : null;
  return { groupId, generationId, memberId, groupInstanceId };
}

export function encodeHeartbeatResponse(w: Writer, version: number, res: HeartbeatResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  w.int16(res.errorCode);
}
