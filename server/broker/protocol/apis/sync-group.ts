import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** SyncGroup v0–3 (Kafka SyncGroupRequest/Response.json, non-flexible versions). */
export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+ */
  groupInstanceId: string | null;
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupRequestAssignment {
  memberId: string;
  assignment: Buffer;
}

export interface SyncGroupResponse {
  throttleTimeMs: number;
  errorCode: ErrorCode;
  assignment: Buffer;
}

export function decodeSyncGroupRequest(r: Reader, version: number): SyncGroupRequest {
  const groupId = r.string();
  const generationId = r.int32();
  const memberId = r.nullableString() ?? "";
  const groupInstanceId = version >= 3 ? r.nullableString() : null;
  // Copied: assignments outlive the request buffer.
  const assignments = r.array((ar) => ({ memberId: ar.string(), assignment: Buffer.from(ar.bytes()) }));
  return { groupId, generationId, memberId, groupInstanceId, assignments };
}

export function encodeSyncGroupResponse(w: Writer, version: number, res: SyncGroupResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  w.int16(res.errorCode);
  w.bytes(res.assignment);
}
