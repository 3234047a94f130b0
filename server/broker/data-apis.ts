import { ApiKey, defineApi, type ApiDefinition } from "./api";
import type { TopicManager } from "./admin/types";
import type { AppendNotifier } from "./append-notifier";
import { ErrorCode, KafkaError } from "./protocol/error-codes";
import { decodeFetchRequest, encodeFetchResponse, type FetchPartitionResponse, type FetchRequest, type FetchResponse } from "./protocol/apis/fetch";
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from "./protocol/apis/init-producer-id";
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, decodeListOffsetsRequest, encodeListOffsetsResponse } from "./protocol/apis/list-offsets";
import { decodeMetadataRequest, encodeMetadataResponse, type MetadataTopic } from "./protocol/apis/metadata";
import { decodeProduceRequest, encodeProduceResponse, type ProducePartitionResponse } from "./protocol/apis/produce";
import type { ProducerIdAllocator } from "./producer-ids";
import type { Clock } from "./util/clock";
import type { Logger } from "./util/logger";

export interface DataApiOptions {
  topics: TopicManager;
  notifier: AppendNotifier;
  producerIds: ProducerIdAllocator;
  self: () => { nodeId: number; host: string; port: number };
  clusterId: string;
  clock: Clock;
  logger: Logger;
}

const codeOf = (err: unknown): number => (err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR);

/** Metadata, Produce, Fetch, ListOffsets and InitProducerId: the data path every client uses. */
export function createDataApis(options: DataApiOptions): ApiDefinition[] {
  const { topics, notifier, logger, clock } = options;

  const describeTopic = (name: string, autoCreate: boolean): MetadataTopic => {
    const { nodeId } = options.self();
    try {
      const t = autoCreate && topics.autoCreateEnabled ? topics.getOrAutoCreate(name) : topics.describe(name);
      if (!t) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, isInternal: false, partitions: [] };
      return {
        errorCode: ErrorCode.NONE,
        name,
        isInternal: t.internal,
        partitions: Array.from({ length: t.partitions }, (_, i) => ({
          errorCode: ErrorCode.NONE,
          partitionIndex: i,
          leaderId: nodeId,
          replicaNodes: [nodeId],
          isrNodes: [nodeId],
          offlineReplicas: [],
        })),
      };
    } catch (err) {
      return { errorCode: codeOf(err), name, isInternal: false, partitions: [] };
    }
  };

  const metadata = defineApi({
    key: ApiKey.Metadata,
    name: "Metadata",
    minVersion: 0,
    maxVersion: 6,
    decodeRequest: decodeMetadataRequest,
    encodeResponse: encodeMetadataResponse,
    handle(req) {
      const self = options.self();
      const names = req.topics ?? topics.names();
      return {
        throttleTimeMs: 0,
        brokers: [{ nodeId: self.nodeId, host: self.host, port: self.port, rack: null }],
        clusterId: options.clusterId,
        controllerId: self.nodeId,
        topics: names.map((n) => describeTopic(n, req.topics !== null && req.allowAutoTopicCreation)),
      };
    },
  });

  const produce = defineApi({
    key: ApiKey.Produce,
    name: "Produce",
    minVersion: 3,
    maxVersion: 7,
    decodeRequest: decodeProduceRequest,
    encodeResponse: encodeProduceResponse,
    handle(req) {
      const ackError = req.acks === 0 || req.acks === 1 || req.acks === -1 ? ErrorCode.NONE : ErrorCode.INVALID_REQUIRED_ACKS;
      const response = {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p): ProducePartitionResponse => {
            const failed = (errorCode: number) => ({ index: p.index, errorCode, baseOffset: -1, logAppendTime: -1, logStartOffset: -1 });
            if (ackError !== ErrorCode.NONE) return failed(ackError);
            if (req.transactionalId !== null) return failed(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            const log = topics.partitionLog(t.name, p.index);
            if (!log) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            if (!p.records || p.records.length === 0) return failed(ErrorCode.CORRUPT_MESSAGE);
            try {
              const result = log.append(p.records);
              notifier.notify(t.name, p.index);
              return { index: p.index, errorCode: ErrorCode.NONE, ...result };
            } catch (err) {
              if (!(err instanceof KafkaError)) logger.error("append failed", { topic: t.name, partition: p.index, error: String(err) });
              return failed(codeOf(err));
            }
          }),
        })),
      };
      return req.acks === 0 ? null : response;
    },
  });

  const readPartitions = (req: FetchRequest): { response: FetchResponse; bytes: number } => {
    let budget = req.maxBytes;
    let bytes = 0;
    const response: FetchResponse = {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      topics: req.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p): FetchPartitionResponse => {
          const log = topics.partitionLog(t.topic, p.partition);
          if (!log) {
            return { partitionIndex: p.partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: [] };
          }
          const base = { partitionIndex: p.partition, highWatermark: log.logEndOffset, lastStableOffset: log.logEndOffset, logStartOffset: log.logStartOffset };
          try {
            // KIP-74: once a partition returned data, later ones only get what fits in the request budget;
            // the first non-empty one always gets at least one whole batch.
            const limit = Math.min(p.partitionMaxBytes, bytes === 0 ? Math.max(budget, 1) : budget);
            if (limit <= 0 && bytes > 0) return { ...base, errorCode: ErrorCode.NONE, records: [] };
            const read = log.read(p.fetchOffset, limit);
            bytes += read.bytes;
            budget -= read.bytes;
            return { ...base, errorCode: ErrorCode.NONE, records: read.records };
          } catch (err) {
            return { ...base, errorCode: codeOf(err), records: [] };
          }
        }),
      })),
    };
    return { response, bytes };
  };

  const fetch = defineApi({
    key: ApiKey.Fetch,
    name: "Fetch",
    minVersion: 4,
    maxVersion: 11,
    decodeRequest: decodeFetchRequest,
    encodeResponse: encodeFetchResponse,
    async handle(req, ctx) {
      const deadline = clock.now() + Math.max(0, req.maxWaitMs);
      const wanted = req.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition })));
      for (;;) {
        const { response, bytes } = readPartitions(req);
        const hasError = response.topics.some((t) => t.partitions.some((p) => p.errorCode !== ErrorCode.NONE));
        const left = deadline - clock.now();
        if (bytes >= Math.max(1, req.minBytes) || hasError || left <= 0 || ctx.signal.aborted) return response;
        await notifier.wait(wanted, left, ctx.signal);
      }
    },
  });

  const listOffsets = defineApi({
    key: ApiKey.ListOffsets,
    name: "ListOffsets",
    minVersion: 1,
    maxVersion: 3,
    decodeRequest: decodeListOffsetsRequest,
    encodeResponse: encodeListOffsetsResponse,
    handle(req) {
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            const log = topics.partitionLog(t.name, p.partitionIndex);
            const answer = (errorCode: number, timestamp: number, offset: number) => ({ partitionIndex: p.partitionIndex, errorCode, timestamp, offset });
            if (!log) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1);
            if (p.timestamp === LATEST_TIMESTAMP) return answer(ErrorCode.NONE, -1, log.logEndOffset);
            if (p.timestamp === EARLIEST_TIMESTAMP) return answer(ErrorCode.NONE, -1, log.logStartOffset);
            const found = log.offsetForTimestamp(p.timestamp);
            return found ? answer(ErrorCode.NONE, found.timestamp, found.offset) : answer(ErrorCode.NONE, -1, -1);
          }),
        })),
      };
    },
  });

  const initProducerId = defineApi({
    key: ApiKey.InitProducerId,
    name: "InitProducerId",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeInitProducerIdRequest,
    encodeResponse: encodeInitProducerIdResponse,
    handle(req) {
      // Idempotent producers get an id; transactions are not supported (no transaction coordinator).
      if (req.transactionalId !== null) {
        return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
      }
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: options.producerIds.next(), producerEpoch: 0 };
    },
  });

  return [metadata, produce, fetch, listOffsets, initProducerId];
}
