import { ApiKey, defineApi, type ApiDefinition } from "../api";
import {
  decodeAlterConfigsRequest,
  encodeAlterConfigsResponse,
  type AlterConfigsRequest,
  type AlterConfigsResponse,
} from "../protocol/apis/alter-configs";
import {
  decodeCreatePartitionsRequest,
  encodeCreatePartitionsResponse,
  type CreatePartitionsRequest,
  type CreatePartitionsResponse,
} from "../protocol/apis/create-partitions";
import {
  decodeCreateTopicsRequest,
  encodeCreateTopicsResponse,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
} from "../protocol/apis/create-topics";
import {
  decodeDeleteRecordsRequest,
  encodeDeleteRecordsResponse,
  type DeleteRecordsRequest,
  type DeleteRecordsResponse,
  type DeleteRecordsResponsePartition,
} from "../protocol/apis/delete-records";
import {
  decodeDeleteTopicsRequest,
  encodeDeleteTopicsResponse,
  type DeleteTopicsRequest,
  type DeleteTopicsResponse,
} from "../protocol/apis/delete-topics";
import {
  ConfigResourceType,
  decodeDescribeConfigsRequest,
  encodeDescribeConfigsResponse,
  type DescribeConfigsEntry,
  type DescribeConfigsRequest,
  type DescribeConfigsResponse,
  type DescribeConfigsResult,
} from "../protocol/apis/describe-configs";
import { ErrorCode, KafkaError } from "../protocol/error-codes";
import type { Logger } from "../util/logger";
import type { ConfigEntry, TopicManager } from "./types";

export interface AdminApiOptions {
  nodeId: number;
  logger: Logger;
}

interface Outcome {
  errorCode: number;
  errorMessage: string | null;
}

const OK: Outcome = { errorCode: ErrorCode.NONE, errorMessage: null };

/** Names that occur more than once, in first-seen order. */
function duplicates(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const n of names) (seen.has(n) ? dupes : seen).add(n);
  return dupes;
}

/** Last value wins for a key given twice, as a Java map would. */
function toRecord(entries: readonly { name: string; value: string | null }[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const e of entries) out[e.name] = e.value;
  return out;
}

/**
 * CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, AlterConfigs and DeleteRecords
 * over a TopicManager. Every per-topic problem is answered in that topic's result, never thrown.
 */
export function createAdminApis(topics: TopicManager, options: AdminApiOptions): ApiDefinition[] {
  const { nodeId } = options;
  const logger = options.logger.child("admin");

  /** Runs one per-resource action, turning its failure into that resource's error. */
  const attempt = (what: string, fn: () => void): Outcome => {
    try {
      fn();
      return OK;
    } catch (e) {
      return failure(what, e);
    }
  };

  const failure = (what: string, e: unknown): Outcome => {
    if (e instanceof KafkaError) return { errorCode: e.code, errorMessage: e.message };
    logger.error("admin request failed", { what, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: e instanceof Error ? e.message : String(e) };
  };

  /** A broker resource names this node, or "" for the cluster-wide defaults. */
  const checkBrokerName = (name: string): void => {
    if (name !== "" && name !== String(nodeId)) {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${nodeId} or empty string, but received ${name}`);
    }
  };

  const unsupportedResource = (type: number) =>
    new KafkaError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${type}: only topics (2) and brokers (4) are supported`);

  const createTopics = defineApi<CreateTopicsRequest, CreateTopicsResponse>({
    key: ApiKey.CreateTopics,
    name: "CreateTopics",
    minVersion: 0,
    maxVersion: 3,
    decodeRequest: decodeCreateTopicsRequest,
    encodeResponse: encodeCreateTopicsResponse,
    handle(req, ctx) {
      const dupes = duplicates(req.topics.map((t) => t.name));
      const results: CreateTopicsResponse["topics"] = [];
      if (dupes.size > 0) {
        const message =
          `Create topics request from client \`${ctx.header.clientId ?? ""}\` contains multiple entries ` +
          `for the following topics: ${[...dupes].join(", ")}`;
        for (const name of dupes) results.push({ name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: message });
      }
      for (const t of req.topics) {
        if (dupes.has(t.name)) continue;
        const outcome = attempt(`create topic ${t.name}`, () =>
          topics.create(
            {
              name: t.name,
              numPartitions: t.numPartitions,
              replicationFactor: t.replicationFactor,
              assignments: t.assignments.map((a) => ({ partition: a.partitionIndex, brokers: a.brokerIds })),
              configs: toRecord(t.configs),
            },
            req.validateOnly,
          ),
        );
        results.push({ name: t.name, ...outcome });
      }
      return { throttleTimeMs: 0, topics: results };
    },
  });

  const deleteTopics = defineApi<DeleteTopicsRequest, DeleteTopicsResponse>({
    key: ApiKey.DeleteTopics,
    name: "DeleteTopics",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeDeleteTopicsRequest,
    encodeResponse: encodeDeleteTopicsResponse,
    handle(req) {
      // A name given twice is deleted once and answered once.
      const names = [...new Set(req.topicNames)];
      const responses = names.map((name) => {
        const { errorCode } = attempt(`delete topic ${name}`, () => topics.delete(name));
        return { name, errorCode };
      });
      return { throttleTimeMs: 0, responses };
    },
  });

  const createPartitions = defineApi<CreatePartitionsRequest, CreatePartitionsResponse>({
    key: ApiKey.CreatePartitions,
    name: "CreatePartitions",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeCreatePartitionsRequest,
    encodeResponse: encodeCreatePartitionsResponse,
    handle(req) {
      const dupes = duplicates(req.topics.map((t) => t.name));
      const results: CreatePartitionsResponse["results"] = [];
      for (const name of dupes) {
        results.push({ name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: "Duplicate topic in request." });
      }
      for (const t of req.topics) {
        if (dupes.has(t.name)) continue;
        const outcome = attempt(`create partitions of ${t.name}`, () => {
          const current = topics.describe(t.name)?.partitions;
          if (t.assignments !== null && current !== undefined && t.count > current) {
            checkNewAssignments(t.assignments, t.count - current, nodeId);
          }
          topics.createPartitions(t.name, t.count, req.validateOnly);
        });
        results.push({ name: t.name, ...outcome });
      }
      return { throttleTimeMs: 0, results };
    },
  });

  const toWireEntry = (e: ConfigEntry, includeSynonyms: boolean): DescribeConfigsEntry => ({
    name: e.name,
    value: e.value,
    readOnly: e.readOnly,
    isDefault: e.isDefault,
    configSource: e.source,
    isSensitive: e.isSensitive,
    synonyms: includeSynonyms ? e.synonyms : [],
  });

  const describeConfigs = defineApi<DescribeConfigsRequest, DescribeConfigsResponse>({
    key: ApiKey.DescribeConfigs,
    name: "DescribeConfigs",
    minVersion: 0,
    maxVersion: 2,
    decodeRequest: decodeDescribeConfigsRequest,
    encodeResponse: encodeDescribeConfigsResponse,
    handle(req) {
      const results = req.resources.map((r): DescribeConfigsResult => {
        // Kafka treats an empty key list like null: every config.
        const keys = r.configurationKeys === null || r.configurationKeys.length === 0 ? null : r.configurationKeys;
        let entries: ConfigEntry[] = [];
        const outcome = attempt(`describe configs of ${r.resourceName}`, () => {
          if (r.resourceType === ConfigResourceType.TOPIC) {
            entries = topics.describeTopicConfigs(r.resourceName, keys);
          } else if (r.resourceType === ConfigResourceType.BROKER) {
            checkBrokerName(r.resourceName);
            // "" asks for cluster-wide dynamic defaults, which this broker never has.
            entries = r.resourceName === "" ? [] : topics.describeBrokerConfigs(keys);
          } else {
            throw unsupportedResource(r.resourceType);
          }
        });
        return {
          ...outcome,
          resourceType: r.resourceType,
          resourceName: r.resourceName,
          configs: outcome.errorCode === ErrorCode.NONE ? entries.map((e) => toWireEntry(e, req.includeSynonyms)) : [],
        };
      });
      return { throttleTimeMs: 0, results };
    },
  });

  const alterConfigs = defineApi<AlterConfigsRequest, AlterConfigsResponse>({
    key: ApiKey.AlterConfigs,
    name: "AlterConfigs",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeAlterConfigsRequest,
    encodeResponse: encodeAlterConfigsResponse,
    handle(req) {
      const responses = req.resources.map((r) => {
        const outcome = attempt(`alter configs of ${r.resourceName}`, () => {
          if (r.resourceType === ConfigResourceType.TOPIC) {
            topics.alterTopicConfigs(r.resourceName, toRecord(r.configs), req.validateOnly);
          } else if (r.resourceType === ConfigResourceType.BROKER) {
            checkBrokerName(r.resourceName);
            // Broker configs are fixed at start; an empty set changes nothing and is accepted as Kafka does.
            if (r.configs.length > 0) {
              throw new KafkaError(
                ErrorCode.INVALID_REQUEST,
                `Cannot update these configs dynamically: ${r.configs.map((c) => c.name).join(", ")}. ` +
                  "Broker configs are set when the broker starts.",
              );
            }
          } else {
            throw unsupportedResource(r.resourceType);
          }
        });
        return { ...outcome, resourceType: r.resourceType, resourceName: r.resourceName };
      });
      return { throttleTimeMs: 0, responses };
    },
  });

  const deleteRecords = defineApi<DeleteRecordsRequest, DeleteRecordsResponse>({
    key: ApiKey.DeleteRecords,
    name: "DeleteRecords",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeDeleteRecordsRequest,
    encodeResponse: encodeDeleteRecordsResponse,
    handle(req) {
      const deleteOne = (topic: string, partition: number, offset: number): DeleteRecordsResponsePartition => {
        const fail = (errorCode: number) => ({ partitionIndex: partition, lowWatermark: -1, errorCode });
        const log = topics.partitionLog(topic, partition);
        if (!log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        // Kafka refuses to cut a log that only compaction may clean.
        const policy = topics.describeTopicConfigs(topic, ["cleanup.policy"])[0]?.value ?? "delete";
        if (!policy.split(",").some((p) => p.trim() === "delete")) return fail(ErrorCode.POLICY_VIOLATION);
        if (offset < -1) return fail(ErrorCode.OFFSET_OUT_OF_RANGE);
        return { partitionIndex: partition, lowWatermark: log.deleteRecordsBefore(offset), errorCode: ErrorCode.NONE };
      };
      const out = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          try {
            return deleteOne(t.name, p.partitionIndex, p.offset);
          } catch (e) {
            const { errorCode } = failure(`delete records of ${t.name}-${p.partitionIndex}`, e);
            return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode };
          }
        }),
      }));
      return { throttleTimeMs: 0, topics: out };
    },
  });

  return [createTopics, deleteTopics, createPartitions, describeConfigs, alterConfigs, deleteRecords];
}

/** New partitions may only be placed on this node, one replica each. */
function checkNewAssignments(assignments: readonly { brokerIds: number[] }[], added: number, nodeId: number): void {
  if (assignments.length !== added) {
    throw new KafkaError(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      `Increasing the number of partitions by ${added} but ${assignments.length} assignments provided.`,
    );
  }
  for (const a of assignments) {
    const other = a.brokerIds.find((b) => b !== nodeId);
    if (other !== undefined) {
      throw new KafkaError(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `The manual partition assignment includes broker ${other}, but no such broker is registered.`,
      );
    }
    if (a.brokerIds.length !== 1) {
      throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Each new partition must have exactly one replica on this broker.");
    }
  }
}
