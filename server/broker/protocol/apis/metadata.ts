import type { Reader } from "../reader";
import type { Writer } from "../writer";

export interface MetadataRequest {
  /** null = every topic. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export interface MetadataBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataPartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  replicaNodes: number[];
  isrNodes: number[];
  offlineReplicas: number[];
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  isInternal: boolean;
  partitions: MetadataPartition[];
}

export interface MetadataResponse {
  throttleTimeMs: number;
  brokers: MetadataBroker[];
  clusterId: string | null;
  controllerId: number;
  topics: MetadataTopic[];
}

export function decodeMetadataRequest(r: Reader, version: number): MetadataRequest {
  const topics = r.nullableArray((r) => r.string());
  // v0 has no null: an empty list means every topic. Before v4 there is no flag and brokers auto-create.
  const allowAutoTopicCreation = version >= 4 ? r.boolean() : true;
  return { topics: version === 0 && topics?.length === 0 ? null : topics, allowAutoTopicCreation };
}

const int32 = (w: Writer, v: number) => void w.int32(v);

export function encodeMetadataResponse(w: Writer, version: number, res: MetadataResponse): void {
  if (version >= 3) w.int32(res.throttleTimeMs);
  w.array(res.brokers, (w, b) => {
    w.int32(b.nodeId).string(b.host).int32(b.port);
    if (version >= 1) w.nullableString(b.rack);
  });
  if (version >= 2) w.nullableString(res.clusterId);
  if (version >= 1) w.int32(res.controllerId);
  w.array(res.topics, (w, t) => {
    w.int16(t.errorCode).string(t.name);
    if (version >= 1) w.boolean(t.isInternal);
    w.array(t.partitions, (w, p) => {
      w.int16(p.errorCode).int32(p.partitionIndex).int32(p.leaderId);
      w.array(p.replicaNodes, int32).array(p.isrNodes, int32);
      if (version >= 5) w.array(p.offlineReplicas, int32);
    });
  });
}
