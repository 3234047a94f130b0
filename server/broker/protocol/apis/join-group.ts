import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** JoinGroup v0–5 (Kafka JoinGroupRequest/Response.json, non-flexible versions). */
export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+; -1 when the version has no such field (v0 uses the session timeout). */
  rebalanceTimeoutMs: number;
  memberId: string;
  /** v5+ (static membership). */
  groupInstanceId: string | null;
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
}

export interface JoinGroupRequestProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  throttleTimeMs: number;
  errorCode: ErrorCode;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: JoinGroupResponseMember[];
}

export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export function decodeJoinGroupRequest(r: Reader, version: number): JoinGroupRequest {
  const groupId = r.string();
  const sessionTimeoutMs = r.int32();
  const rebalanceTimeoutMs = version >= 1 ? r.int32() : -1;
  const memberId = r.nullableString() ?? "";
  const groupInstanceId = version >= 5 ? r.nullableString() : null;
  const protocolType = r.string();
  // Copied: the group keeps metadata beyond the life of the request buffer.
  const protocols = r.array((ar) => ({ name: ar.string(), metadata: Buffer.from(ar.bytes()) }));
  return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols };
}

export function encodeJoinGroupResponse(w: Writer, version: number, res: JoinGroupResponse): void {
  if (version >= 2) w.int32(res.throttleTimeMs);
  w.int16(res.errorCode);
  w.int32(res.generationId);
  w.string(res.protocolName);
  w.string(res.leader);
  w.string(res.memberId);
  w.array(res.members, (mw, m) => {
    mw.string(m.memberId);
    if (version >= 5) mw.nullableString(m.groupInstanceId);
    mw.bytes(m.metadata);
  });
}
