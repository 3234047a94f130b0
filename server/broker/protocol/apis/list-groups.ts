import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** ListGroups v0–2 (Kafka ListGroupsRequest/Response.json): the request has no fields before v4. */
export type ListGroupsRequest = Record<string, never>;

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: ErrorCode;
  groups: { groupId: string; protocolType: string }[];
}

export function decodeListGroupsRequest(_r: Reader, _version: number): ListGroupsRequest {
  return {};
}

export function encodeListGroupsResponse(w: Writer, version: number, res: ListGroupsResponse): void {
  if (version >= 1) w.int32(res.throttleTimeMs);
  w.int16(res.errorCode);
  w.array(res.groups, (gw, g) => {
    gw.string(g.groupId).string(g.protocolType);
  });
}
