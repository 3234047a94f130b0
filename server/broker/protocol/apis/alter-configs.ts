import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface AlterConfigsRequestResource {
  resourceType: number;
  resourceName: string;
  configs: { name: string; value: string | null }[];
}

export interface AlterConfigsRequest {
  resources: AlterConfigsRequestResource[];
  validateOnly: boolean;
}

export interface AlterConfigsResponse {
  throttleTimeMs: number;
  responses: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[];
}

/** v0–1 (v1 only changed throttling semantics). */
export function decodeAlterConfigsRequest(r: Reader, _version: number): AlterConfigsRequest {
  const resources = r.array((r) => ({
    resourceType: r.int8(),
    resourceName: r.string(),
    configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
  }));
  return { resources, validateOnly: r.boolean() };
}

export function encodeAlterConfigsResponse(w: Writer, _version: number, res: AlterConfigsResponse): void {
  w.int32(res.throttleTimeMs);
  w.array(res.responses, (w, r) => {
    w.int16(r.errorCode).nullableString(r.errorMessage).int8(r.resourceType).string(r.resourceName);
  });
}
