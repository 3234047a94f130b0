import type { Reader } from "../reader";
import type { Writer } from "../writer";

/** ConfigResource types (Kafka's ConfigResource.Type ids). */
export const ConfigResourceType = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

export interface DescribeConfigsRequestResource {
  resourceType: number;
  resourceName: string;
  /** null = every config. */
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequest {
  resources: DescribeConfigsRequestResource[];
  /** v1+; false before. */
  includeSynonyms: boolean;
}

export interface DescribeConfigsSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribeConfigsEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** Sent in v0 only. */
  isDefault: boolean;
  /** Sent from v1. */
  configSource: number;
  isSensitive: boolean;
  /** Sent from v1. */
  synonyms: DescribeConfigsSynonym[];
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribeConfigsEntry[];
}

export interface DescribeConfigsResponse {
  throttleTimeMs: number;
  results: DescribeConfigsResult[];
}

/** v0–2 (v2 only changed throttling semantics). */
export function decodeDescribeConfigsRequest(r: Reader, version: number): DescribeConfigsRequest {
  const resources = r.array((r) => ({
    resourceType: r.int8(),
    resourceName: r.string(),
    configurationKeys: r.nullableArray((r) => r.string()),
  }));
  const includeSynonyms = version >= 1 ? r.boolean() : false;
  return { resources, includeSynonyms };
}

export function encodeDescribeConfigsResponse(w: Writer, version: number, res: DescribeConfigsResponse): void {
  w.int32(res.throttleTimeMs);
  w.array(res.results, (w, r) => {
    w.int16(r.errorCode).nullableString(r.errorMessage).int8(r.resourceType).string(r.resourceName);
    w.array(r.configs, (w, c) => {
      w.string(c.name).nullableString(c.value).boolean(c.readOnly);
      // v0 has is_default where v1 has config_source; synonyms follow is_sensitive from v1.
      if (version === 0) w.boolean(c.isDefault);
      else w.int8(c.configSource);
      w.boolean(c.isSensitive);
      if (version >= 1) {
        w.array(c.synonyms, (w, s) => void w.string(s.name).nullableString(s.value).int8(s.source));
      }
    });
  });
}
