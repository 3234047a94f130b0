import type { ErrorCode } from "../error-codes";
import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** DeleteGroups v0–1 (Kafka DeleteGroupsRequest/Response.json): both versions share one layout. */
export interface DeleteGroupsRequest {
  groupsNames: string[];
}

export interface DeleteGroupsResponse {
  throttleTimeMs: number;
  results: { groupId: string; errorCode: ErrorCode }[];
}

export function decodeDeleteGroupsRequest(r: Reader, _version: number): DeleteGroupsRequest {
  return { groupsNames: r.array((gr) => gr.string()) };
}

export function encodeDeleteGroupsResponse(w: Writer, _version: number, res: DeleteGroupsResponse): void {
  w.int32(res.throttleTimeMs);
  w.array(res.results, (rw, g) => {
    rw.string(g.groupId).int16(g.errorCode);
  });
}
