import { DEFAULT_MAX_PAYLOAD_BYTES, decodeHeaderValue, decodePayload, payloadBytes, type DecodeMode, type DecodedHeader } from "@/lib/kafka/decode";
import { FilterView } from "@/lib/kafka/filters";
import {
  formatPartitionOffsets,
  produceBodySchema,
  type DoneReason,
  type ProduceBody,
  type ProduceResult,
  type ScanEvent,
  type ScanProgress,
  type ScanQuery,
  type WireRecord,
} from "@/lib/kafka/schemas";
import { BadRequestError, NotFoundError } from "../connect/api/errors";
import type { KafkaClients } from "./clients";
import { isRetriableKafkaError, kafkaError } from "./errors";
import { compileFilters, FilterCompileError, type RecordPredicate } from "./filter";
import {
  createKafkajsCluster,
  TIMESTAMP_TYPE_LOG_APPEND,
  type FetchedMessage,
  type FetchPartitionResponse,
  type KafkajsCluster,
} from "./kafkajs-internal";

/**
 * Message scans for the viewer: a scan is an async stream of typed events, `records` (batches),
 * `progress` and one final `done` with a cursor to continue.
 *
 * How it reads: plain Fetch requests at offsets the scan chooses, on its own kafkajs connections
 * (see kafkajs-internal.ts), not a consumer group. That gives every start mode exactly (oldest,
 * newest − N, offsets per partition, timestamps through ListOffsets) and any end bound, needs no
 * group join (a new group's first record waits for the initial rebalance delay, 3 s on Kafka) and
 * leaves nothing on the cluster. Closing the scan (done, error, abort, or the reader walking away)
 * disconnects those connections.
 *
 * Memory stays bounded: the stream is pulled. One Fetch response (≤ FETCH_MAX_BYTES) is decoded at a
 * time, and the next Fetch is sent only after the reader took the previous records; an SSE writer
 * that pulls only when its socket drains therefore slows the scan to the browser's pace.
 */

export interface ScanTuning {
  /** Long-poll time of a Fetch while live tailing (ms). */
  maxWaitMs?: number;
  /** Records per `records` event. */
  batchSize?: number;
  /** Least time between two progress events (ms). */
  progressIntervalMs?: number;
  /** A progress event at least this often while tailing, as a heartbeat (ms). */
  heartbeatMs?: number;
  now?: () => number;
}

const FETCH_MAX_BYTES = 16 * 1024 * 1024;
const PARTITION_MAX_BYTES = 1024 * 1024;
/** The first Fetch asks for little per partition, so the first records show at once; then it doubles. */
const FIRST_PARTITION_MAX_BYTES = 32 * 1024;
const DEFAULT_LIMIT = 500;
const MAX_FETCH_RETRIES = 5;

interface PartitionState {
  partition: number;
  leader: number;
  start: bigint;
  position: bigint;
  /** Exclusive end, or null (live, unbounded). */
  end: bigint | null;
  done: boolean;
}

export interface MessageScan {
  readonly topic: string;
  /** The events; iterating to the end (or breaking out) closes the scan. */
  events(): AsyncGenerator<ScanEvent, void, undefined>;
  /** Stops the scan and releases its connections; idempotent. */
  close(): Promise<void>;
}

/**
 * Opens a scan: checks the topic, partitions and filters (throwing NotFound / BadRequest before any
 * event, so a route can answer 404/400) and resolves each partition's start and end.
 */
export async function openScan(clients: KafkaClients, topic: string, query: ScanQuery, signal?: AbortSignal, tuning: ScanTuning = {}): Promise<MessageScan> {
  let predicate: RecordPredicate | undefined;
  try {
    predicate = compileFilters(query.filters, query.q);
  } catch (err) {
    if (err instanceof FilterCompileError) throw new BadRequestError(`Invalid query parameter 'filters': ${err.message}`);
    throw err;
  }
  const cluster = createKafkajsCluster(clients.kafka);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await cluster.disconnect().catch(() => {});
  };
  try {
    await cluster.connect();
    await cluster.addTargetTopic(topic);
    const states = await resolvePositions(cluster, topic, query);
    return {
      topic,
      events: () => runScan({ cluster, topic, query, predicate, states, signal, tuning, close }),
      close,
    };
  } catch (err) {
    await close();
    throw kafkaError(err, { cluster: clients.cluster.name, what: `Topic '${topic}'` });
  }
}

async function resolvePositions(cluster: KafkajsCluster, topic: string, query: ScanQuery): Promise<PartitionState[]> {
  const metadata = cluster.findTopicPartitionMetadata(topic);
  if (metadata.length === 0) throw new NotFoundError(`Topic '${topic}' does not exist`);
  const known = new Map(metadata.map((p) => [p.partitionId, p]));
  const explicit = query.cursor ?? (query.from === "offset" ? query.offsets : undefined);
  let selected = explicit ? [...explicit.keys()] : metadata.map((p) => p.partitionId);
  if (query.partitions) {
    for (const p of query.partitions) {
      if (!known.has(p)) throw new BadRequestError(`Invalid query parameter 'partitions': topic '${topic}' has no partition ${p} (it has ${metadata.length})`);
    }
    const wanted = new Set(query.partitions);
    selected = selected.filter((p) => wanted.has(p));
  }
  for (const p of selected) {
    if (!known.has(p)) throw new BadRequestError(`Invalid query parameter '${query.cursor ? "cursor" : "offsets"}': topic '${topic}' has no partition ${p}`);
  }
  selected.sort((a, b) => a - b);
  if (selected.length === 0) return [];

  const partitions = selected.map((partition) => ({ partition }));
  const offsetsOf = async (q: { fromBeginning?: boolean; fromTimestamp?: number }) => {
    const [result] = await cluster.fetchTopicsOffset([{ topic, partitions, ...q }]);
    return new Map((result?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  };
  const [lows, highs] = await Promise.all([offsetsOf({ fromBeginning: true }), offsetsOf({ fromBeginning: false })]);
  const low = (p: number) => lows.get(p) ?? 0n;
  const high = (p: number) => highs.get(p) ?? 0n;
  const clamp = (p: number, o: bigint) => (o < low(p) ? low(p) : o > high(p) ? high(p) : o);

  let starts: Map<number, bigint>;
  if (explicit) {
    starts = new Map(selected.map((p) => [p, clamp(p, explicit.get(p) ?? low(p))]));
  } else {
    switch (query.from) {
      case "oldest":
        starts = new Map(selected.map((p) => [p, low(p)]));
        break;
      case "end":
        starts = new Map(selected.map((p) => [p, high(p)]));
        break;
      case "offset":
        starts = new Map(selected.map((p) => [p, clamp(p, query.offset ?? 0n)]));
        break;
      case "timestamp": {
        const found = await offsetsOf({ fromTimestamp: query.timestamp ?? 0 });
        starts = new Map(selected.map((p) => [p, clamp(p, (found.get(p) ?? -1n) < 0n ? high(p) : (found.get(p) as bigint))]));
        break;
      }
      case "newest":
        starts = newestStarts(selected, low, high, BigInt(query.count ?? query.limit ?? DEFAULT_LIMIT));
        break;
    }
  }

  let ends: Map<number, bigint | null>;
  if (query.endOffset !== undefined) {
    const bound = query.endOffset;
    ends = new Map(selected.map((p) => [p, query.live ? bound : bound < high(p) ? bound : high(p)]));
  } else if (query.endTimestamp !== undefined) {
    // The first offset whose timestamp is after the bound: everything before it is in range.
    const after = await offsetsOf({ fromTimestamp: query.endTimestamp + 1 });
    ends = new Map(selected.map((p) => [p, (after.get(p) ?? -1n) < 0n ? (query.live ? null : high(p)) : (after.get(p) as bigint)]));
  } else if (query.live && query.from !== "newest") {
    ends = new Map(selected.map((p) => [p, null]));
  } else {
    ends = new Map(selected.map((p) => [p, high(p)]));
  }

  return selected.map((partition) => {
    const start = starts.get(partition) ?? low(partition);
    const end = ends.get(partition) ?? null;
    return { partition, leader: known.get(partition)?.leader ?? -1, start, position: start, end, done: end !== null && start >= end };
  });
}

/** The last `count` records over the partitions, shared out as evenly as their sizes allow. */
function newestStarts(partitions: number[], low: (p: number) => bigint, high: (p: number) => bigint, count: bigint): Map<number, bigint> {
  const take = new Map<number, bigint>(partitions.map((p) => [p, 0n]));
  let left = count;
  let open = partitions.filter((p) => high(p) > low(p));
  while (left > 0n && open.length > 0) {
    const share = left / BigInt(open.length) > 0n ? left / BigInt(open.length) : 1n;
    const next: number[] = [];
    for (const p of open) {
      if (left === 0n) break;
      const available = high(p) - low(p) - (take.get(p) ?? 0n);
      const n = [share, available, left].reduce((a, b) => (b < a ? b : a));
      take.set(p, (take.get(p) ?? 0n) + n);
      left -= n;
      if (available > n) next.push(p);
    }
    open = next;
  }
  return new Map(partitions.map((p) => [p, high(p) - (take.get(p) ?? 0n)]));
}

interface RunArgs {
  cluster: KafkajsCluster;
  topic: string;
  query: ScanQuery;
  predicate: RecordPredicate | undefined;
  states: PartitionState[];
  signal: AbortSignal | undefined;
  tuning: ScanTuning;
  close: () => Promise<void>;
}

async function* runScan({ cluster, topic, query, predicate, states, signal, tuning, close }: RunArgs): AsyncGenerator<ScanEvent, void, undefined> {
  const now = tuning.now ?? (() => performance.now());
  const startedAt = now();
  const batchSize = tuning.batchSize ?? 1000;
  const progressEvery = tuning.progressIntervalMs ?? 250;
  const heartbeatEvery = tuning.heartbeatMs ?? 5_000;
  const maxWait = tuning.maxWaitMs ?? 500;
  const limit = query.limit ?? (query.live ? Number.POSITIVE_INFINITY : DEFAULT_LIMIT);
  const maxBytes = query.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const bounded = query.endOffset !== undefined || query.endTimestamp !== undefined;
  const stats = { scanned: 0, matched: 0, bytes: 0, filterErrors: 0, firstFilterError: undefined as string | undefined };
  let lastProgress = startedAt;
  let lastReported = -1;

  const progress = (): ScanProgress => ({
    scanned: stats.scanned,
    matched: stats.matched,
    bytes: stats.bytes,
    elapsedMs: Math.round(now() - startedAt),
    filterErrors: stats.filterErrors,
    ...(stats.firstFilterError !== undefined ? { firstFilterError: stats.firstFilterError } : {}),
    partitions: states.map((s) => ({ partition: s.partition, start: s.start.toString(), position: s.position.toString(), end: s.end === null ? null : s.end.toString() })),
  });
  const dueProgress = (): boolean => {
    const t = now();
    const changed = stats.scanned !== lastReported;
    if ((changed && t - lastProgress >= progressEvery) || t - lastProgress >= heartbeatEvery) {
      lastProgress = t;
      lastReported = stats.scanned;
      return true;
    }
    return false;
  };

  const aborted = new Promise<"aborted">((resolve) => {
    if (signal?.aborted) resolve("aborted");
    signal?.addEventListener("abort", () => resolve("aborted"), { once: true });
  });

  const leaders = new Map(states.map((s) => [s.partition, s]));
  let partitionMaxBytes = FIRST_PARTITION_MAX_BYTES;
  const fetchRound = async (positions: Map<number, bigint>): Promise<FetchPartitionResponse[]> => {
    const maxBytes = partitionMaxBytes;
    partitionMaxBytes = Math.min(PARTITION_MAX_BYTES, partitionMaxBytes * 4);
    const byLeader = new Map<number, { partition: number; fetchOffset: string; maxBytes: number }[]>();
    for (const [partition, position] of positions) {
      const leader = leaders.get(partition)?.leader ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), { partition, fetchOffset: position.toString(), maxBytes }]);
    }
    const perLeader = await Promise.all(
      [...byLeader.entries()].map(async ([leader, partitions]) => {
        const broker = await cluster.findBroker({ nodeId: String(leader) });
        const response = await broker.fetch({
          isolationLevel: 0,
          maxWaitTime: query.live ? maxWait : 100,
          minBytes: 1,
          maxBytes: FETCH_MAX_BYTES,
          topics: [{ topic, partitions }],
        });
        return response.responses.flatMap((r) => (r.topicName === topic ? r.partitions : []));
      }),
    );
    return perLeader.flat();
  };
  let prefetched: { positions: Map<number, bigint>; promise: Promise<FetchPartitionResponse[]> } | undefined;

  let reason: DoneReason = bounded ? "end-bound" : "caught-up";
  let failures = 0;
  let idleRounds = 0;
  try {
    yield { type: "progress", progress: progress() };
    scan: for (;;) {
      if (signal?.aborted) {
        reason = "cancelled";
        break;
      }
      const active = states.filter((s) => !s.done);
      if (active.length === 0) break;
      let responses: FetchPartitionResponse[];
      try {
        const positions = new Map(active.map((s) => [s.partition, s.position]));
        // Use the Fetch sent ahead while the previous response was being decoded, if it asked for
        // exactly these positions; else (a bound or the limit cut a batch) ask again.
        const fetched = prefetched && samePositions(prefetched.positions, positions) ? prefetched.promise : fetchRound(positions);
        if (prefetched && fetched !== prefetched.promise) prefetched.promise.catch(() => {});
        prefetched = undefined;
        const outcome = await Promise.race([fetched, aborted]);
        if (outcome === "aborted") {
          fetched.catch(() => {});
          reason = "cancelled";
          break;
        }
        responses = outcome;
        failures = 0;
      } catch (err) {
        if (signal?.aborted) {
          reason = "cancelled";
          break;
        }
        if (await recoverFetchError(err, cluster, topic, states, ++failures)) continue;
        throw err;
      }
      // Overlap the broker's next answer with decoding and sending this one (as Kafka consumers do):
      // at most one Fetch ahead, so memory stays bounded by two responses.
      const next = predictPositions(states, responses, query.live);
      if (next.size > 0) {
        const promise = fetchRound(next);
        promise.catch(() => {});
        prefetched = { positions: next, promise };
      }

      let batch: WireRecord[] = [];
      let progressed = false;
      for (const response of responses) {
        const state = states.find((s) => s.partition === response.partition);
        if (!state || state.done) continue;
        const before = state.position;
        let batchEnd = state.position;
        for (const message of response.messages) {
          const offset = BigInt(message.offset);
          const ctx = message.batchContext as { firstOffset?: string; lastOffsetDelta?: number } | undefined;
          if (ctx?.firstOffset !== undefined && ctx.lastOffsetDelta !== undefined) {
            const last = BigInt(ctx.firstOffset) + BigInt(ctx.lastOffsetDelta) + 1n;
            if (last > batchEnd) batchEnd = last;
          }
          if (offset < state.position) continue;
          if (state.end !== null && offset >= state.end) {
            state.position = state.end;
            state.done = true;
            break;
          }
          if (query.live && query.endTimestamp !== undefined && state.end === null && Number(message.timestamp) > query.endTimestamp) {
            state.done = true;
            break;
          }
          state.position = offset + 1n;
          if (message.isControlRecord) continue;
          const record = toWireRecord(message, response.partition, query.keyEncoding, query.valueEncoding, predicate ? undefined : maxBytes);
          stats.scanned++;
          stats.bytes += record.size;
          let matched = true;
          if (predicate) {
            try {
              matched = predicate(new FilterView({ ...record, topic }));
            } catch (err) {
              matched = false;
              stats.filterErrors++;
              stats.firstFilterError ??= `offset ${record.offset} of partition ${record.partition}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
            }
            if (matched) truncateRecord(record, message, query.keyEncoding, query.valueEncoding, maxBytes);
          }
          if (matched) {
            batch.push(record);
            stats.matched++;
            if (batch.length >= batchSize) {
              yield { type: "records", records: batch };
              batch = [];
            }
            if (stats.matched >= limit) {
              reason = "max-results";
              if (batch.length > 0) yield { type: "records", records: batch };
              batch = [];
              break scan;
            }
          }
        }
        // Skip what the batch held past the last record (compacted away, control markers).
        if (!state.done && batchEnd > state.position) state.position = state.end !== null && batchEnd > state.end ? state.end : batchEnd;
        if (state.end !== null && state.position >= state.end) state.done = true;
        if (state.position !== before) progressed = true;
        // Not live: a partition with nothing more below its high watermark is finished.
        if (!query.live && !state.done && response.messages.length === 0 && BigInt(response.highWatermark) <= state.position) state.done = true;
      }
      if (batch.length > 0) yield { type: "records", records: batch };
      idleRounds = progressed ? 0 : idleRounds + 1;
      if (!query.live && idleRounds >= 5) break; // nothing more is coming below the bounds
      if (dueProgress()) yield { type: "progress", progress: progress() };
    }
    if (signal?.aborted) reason = "cancelled";
    const done = { ...progress(), reason, cursor: formatPartitionOffsets(new Map(states.map((s) => [s.partition, s.position]))) };
    // Released before the last event, so a reader that stops at `done` leaves nothing open.
    await close();
    yield { type: "done", done };
  } finally {
    await close();
  }
}

function samePositions(a: Map<number, bigint>, b: Map<number, bigint>): boolean {
  if (a.size !== b.size) return false;
  for (const [p, o] of a) if (b.get(p) !== o) return false;
  return true;
}

/** Where each active partition will be once this response is processed (absent: finished). */
function predictPositions(states: PartitionState[], responses: FetchPartitionResponse[], live: boolean): Map<number, bigint> {
  const next = new Map<number, bigint>();
  for (const s of states) if (!s.done) next.set(s.partition, s.position);
  for (const response of responses) {
    const s = states.find((x) => x.partition === response.partition);
    if (!s || s.done) continue;
    let position = s.position;
    // Messages come in offset order: the last one and its batch tell where the next read starts.
    const m = response.messages[response.messages.length - 1];
    if (m) {
      const after = BigInt(m.offset) + 1n;
      if (after > position) position = after;
      const ctx = m.batchContext as { firstOffset?: string; lastOffsetDelta?: number } | undefined;
      if (ctx?.firstOffset !== undefined && ctx.lastOffsetDelta !== undefined) {
        const batchEnd = BigInt(ctx.firstOffset) + BigInt(ctx.lastOffsetDelta) + 1n;
        if (batchEnd > position) position = batchEnd;
      }
    }
    if (s.end !== null && position > s.end) position = s.end;
    const finished = (s.end !== null && position >= s.end) || (!live && response.messages.length === 0 && BigInt(response.highWatermark) <= s.position);
    if (finished) next.delete(s.partition);
    else next.set(s.partition, position);
  }
  return next;
}

/** Refreshes metadata (a moved leader) or moves an out-of-range position; false when giving up. */
async function recoverFetchError(err: unknown, cluster: KafkajsCluster, topic: string, states: PartitionState[], attempt: number): Promise<boolean> {
  if (attempt > MAX_FETCH_RETRIES) return false;
  const e = err as { name?: string; partition?: number };
  if (e.name === "KafkaJSOffsetOutOfRange" && typeof e.partition === "number") {
    // Retention deleted what we were about to read, or the log was truncated: go to the nearest valid offset.
    const state = states.find((s) => s.partition === e.partition);
    if (!state) return false;
    const [lowResult] = await cluster.fetchTopicsOffset([{ topic, partitions: [{ partition: state.partition }], fromBeginning: true }]);
    const [highResult] = await cluster.fetchTopicsOffset([{ topic, partitions: [{ partition: state.partition }], fromBeginning: false }]);
    const low = BigInt(lowResult?.partitions[0]?.offset ?? "0");
    const high = BigInt(highResult?.partitions[0]?.offset ?? "0");
    state.position = state.position < low ? low : state.position > high ? high : state.position;
    return true;
  }
  if (!isRetriableKafkaError(err)) return false;
  await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
  await cluster.refreshMetadata();
  const metadata = cluster.findTopicPartitionMetadata(topic);
  for (const s of states) s.leader = metadata.find((p) => p.partitionId === s.partition)?.leader ?? s.leader;
  return true;
}

// --- records ------------------------------------------------------------------------------------

function headerList(message: FetchedMessage): { headers: DecodedHeader[]; bytes: number } {
  const headers: DecodedHeader[] = [];
  let bytes = 0;
  const raw = message.headers;
  if (!raw) return { headers, bytes };
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const values = Array.isArray(value) ? value : [value ?? null];
    for (const v of values) {
      headers.push({ key, ...decodeHeaderValue(v) });
      bytes += key.length + (v?.length ?? 0);
    }
  }
  return { headers, bytes };
}

/** A fetched record decoded for the wire; payloads over `maxBytes` are cut (no limit when undefined). */
export function toWireRecord(message: FetchedMessage, partition: number, keyMode: DecodeMode, valueMode: DecodeMode, maxBytes?: number): WireRecord {
  const { headers, bytes } = headerList(message);
  const options = maxBytes === undefined ? {} : { maxBytes };
  return {
    partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
    timestampType: message.batchContext?.timestampType === TIMESTAMP_TYPE_LOG_APPEND ? "LogAppendTime" : "CreateTime",
    key: decodePayload(message.key, keyMode, options),
    value: decodePayload(message.value, valueMode, options),
    headers,
    size: (message.key?.length ?? 0) + (message.value?.length ?? 0) + bytes,
  };
}

/** After filtering on the whole record: cut the payloads that are too long to send. */
function truncateRecord(record: WireRecord, message: FetchedMessage, keyMode: DecodeMode, valueMode: DecodeMode, maxBytes: number): void {
  if ((message.key?.length ?? 0) > maxBytes) record.key = decodePayload(message.key, keyMode, { maxBytes });
  if ((message.value?.length ?? 0) > maxBytes) record.value = decodePayload(message.value, valueMode, { maxBytes });
}

/** One whole record (no truncation), for "load all" and links to a record. NotFound when absent. */
export async function readRecord(clients: KafkaClients, topic: string, partition: number, offset: bigint, modes: { keyEncoding: DecodeMode; valueEncoding: DecodeMode }): Promise<WireRecord> {
  const cluster = createKafkajsCluster(clients.kafka);
  const what = `Topic '${topic}'`;
  try {
    await cluster.connect();
    await cluster.addTargetTopic(topic);
    const metadata = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition);
    if (!metadata) throw new NotFoundError(`Topic '${topic}' has no partition ${partition}`);
    const query = { topic, partitions: [{ partition }] };
    const [[lowR], [highR]] = await Promise.all([cluster.fetchTopicsOffset([{ ...query, fromBeginning: true }]), cluster.fetchTopicsOffset([{ ...query, fromBeginning: false }])]);
    const low = BigInt(lowR?.partitions[0]?.offset ?? "0");
    const high = BigInt(highR?.partitions[0]?.offset ?? "0");
    const missing = () => new NotFoundError(`No record at offset ${offset} of partition ${partition} of topic '${topic}' (it holds offsets ${low} to ${high - 1n})`);
    if (offset < low || offset >= high) throw missing();
    const broker = await cluster.findBroker({ nodeId: String(metadata.leader) });
    // A tiny limit: Kafka still returns the whole first batch (KIP-74), however large.
    const response = await broker.fetch({
      isolationLevel: 0,
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes: 1,
      topics: [{ topic, partitions: [{ partition, fetchOffset: offset.toString(), maxBytes: 1 }] }],
    });
    const messages = response.responses.flatMap((r) => r.partitions).flatMap((p) => p.messages);
    const message = messages.find((m) => BigInt(m.offset) === offset && !m.isControlRecord);
    if (!message) throw missing();
    return toWireRecord(message, partition, modes.keyEncoding, modes.valueEncoding);
  } catch (err) {
    throw kafkaError(err, { cluster: clients.cluster.name, what });
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

// --- produce ------------------------------------------------------------------------------------

function encodeForProduce(payload: { encoding: string; data: string; schema?: string } | null, field: string): Buffer | null {
  if (payload === null) return null;
  try {
    if (payload.encoding === "json" || payload.encoding === "connect-json") {
      JSON.parse(payload.data);
      if (payload.encoding === "connect-json") JSON.parse(payload.schema ?? "null");
    }
    return Buffer.from(payloadBytes({ encoding: payload.encoding as "text", data: payload.data, schema: payload.schema }));
  } catch (err) {
    throw new BadRequestError(`Invalid body field '${field}': not ${payload.encoding}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Writes one record; a null value is a tombstone. */
export async function produceRecord(clients: KafkaClients, topic: string, input: ProduceBody): Promise<ProduceResult> {
  const body = produceBodySchema.parse(input);
  const key = encodeForProduce(body.key, "key");
  const value = encodeForProduce(body.value, "value");
  const headers: Record<string, Buffer | Buffer[]> = {};
  body.headers.forEach((h, i) => {
    if (h.value === null) return; // kafkajs cannot send a header without a value
    const bytes = h.encoding === "text" ? Buffer.from(h.value) : encodeForProduce({ encoding: h.encoding, data: h.value }, `headers.${i}.value`);
    if (bytes === null) return;
    const existing = headers[h.key];
    headers[h.key] = existing === undefined ? bytes : Array.isArray(existing) ? [...existing, bytes] : [existing, bytes];
  });
  const what = `Topic '${topic}'`;
  try {
    const admin = await clients.admin();
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const count = meta?.partitions.length ?? 0;
    if (body.partition !== undefined && body.partition !== null && body.partition >= count) {
      throw new BadRequestError(`Invalid body field 'partition': topic '${topic}' has ${count} partition${count === 1 ? "" : "s"}`);
    }
    const producer = await clients.producer();
    const [result] = await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key,
          value,
          headers,
          ...(body.partition !== undefined && body.partition !== null ? { partition: body.partition } : {}),
          ...(body.timestamp !== undefined ? { timestamp: String(body.timestamp) } : {}),
        },
      ],
    });
    if (!result) throw new Error("The producer returned no result");
    return { topic, partition: result.partition, offset: String(result.baseOffset ?? result.offset ?? "") };
  } catch (err) {
    throw kafkaError(err, { cluster: clients.cluster.name, what });
  }
}
