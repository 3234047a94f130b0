import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: ApiVersionRange[];
  throttleTimeMs: number;
}

/** v0–2 requests have an empty body (v3's client software fields are flexible and never decoded here). */
export function decodeApiVersionsRequest(_r: Reader, _version: number): Record<string, never> {
  return {};
}

/**
 * v0: error, [key min max]; v1+: adds throttle time. The error-35 fallback for an unknown version is
 * always written in v0 layout, which every client parses (KIP-511).
 */
export function encodeApiVersionsResponse(w: Writer, version: number, res: ApiVersionsResponse): void {
  w.int16(res.errorCode);
  w.array(res.apiKeys, (w, k) => {
    w.int16(k.apiKey).int16(k.minVersion).int16(k.maxVersion);
  });
  if (version >= 1) w.int32(res.throttleTimeMs);
}
