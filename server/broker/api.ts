import type { Reader } from "./protocol/reader";
import type { Writer } from "./protocol/writer";

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** What a handler knows about the request beyond its body. */
export interface RequestContext {
  header: RequestHeader;
  connectionId: number;
  remoteAddress: string;
  /** Aborted when the connection closes or the broker stops: parked requests (Fetch, JoinGroup) give up on it. */
  signal: AbortSignal;
}

/**
 * One Kafka API: its advertised version range, its codec and its handler. A handler returns the
 * response, or null when the protocol sends none (Produce with acks=0).
 */
export interface ApiDefinition<Req = unknown, Res = unknown> {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  decodeRequest(r: Reader, version: number): Req;
  encodeResponse(w: Writer, version: number, res: Res): void;
  handle(req: Req, ctx: RequestContext): Res | null | Promise<Res | null>;
}

/** Erases an API's request/response types so definitions of different APIs fit in one table. */
export function defineApi<Req, Res>(def: ApiDefinition<Req, Res>): ApiDefinition {
  return def as unknown as ApiDefinition;
}

/** Kafka API keys served by the broker. */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  CreatePartitions: 37,
  DeleteGroups: 42,
} as const;
