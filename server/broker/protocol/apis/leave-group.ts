import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/**
 * LeaveGroup v0–3 (Kafka LeaveGroupRequest/Response.json, non-flexible versions). v0–2 name one
 * member; v3 batches members. Both decode to a members list.
 */
export interface LeaveGroupRequest {
  groupId: string;
  members: LeaveGroupMemberIdentity[];
}

export interface LeaveGroupMemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveGroupResponse {
  throttleTimeMs: number;
  /** v0–2 carry the single member's error here. */
  errorCode: ErrorCode;
  /** v3+ only. */
  members: LeaveGroupResponseMember[];
}

export interface LeaveGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: ErrorCode;
}

export function decodeLeaveGroupRequest(r: Reader, version: number): LeaveGroupRequest {
  const groupId = r.string();
  if (version < 3) return { groupId, members: [{ memberId: r.nullableString() ?? "", groupInstanceId: null }] };
  const members = r.array((mr) => ({ memberId: mr.nullableString() ?? "", groupInstanceId: mr.nullableString() }));
  return { groupId, members };
}

export function encodeLeaveGroupResponse(w: Writer, version: number, res: LeaveGroupResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  w.int16(res.errorCode);
  if (version >= 3) {
    w.array(res.members, (mw, m) => {
      mw.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode);
    });
  }
}
