import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** DescribeGroups v0–2 (Kafka DescribeGroupsRequest/Response.json, non-flexible versions). */
export interface DescribeGroupsRequest {
  groups: string[];
}

export interface DescribeGroupsResponse {
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

export interface DescribedGroup {
  errorCode: ErrorCode;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribedGroupMember[];
}

export interface DescribedGroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export function decodeDescribeGroupsRequest(r: Reader, _version: number): DescribeGroupsRequest {
  return { groups: r.array((gr) => gr.string()) };
}

export function encodeDescribeGroupsResponse(w: Writer, version: number, res: DescribeGroupsResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  w.array(res.groups, (gw, g) => {
    gw.int16(g.errorCode).string(g.groupId).string(g.groupState).string(g.protocolType).string(g.protocolData);
    gw.array(g.members, (mw, m) => {
      mw.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.memberMetadata).bytes(m.memberAssignment);
    });
  });
}
