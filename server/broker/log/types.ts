/** Per-topic settings that the log honours (Kafka topic config names in comments). */
export interface LogConfig {
  /** segment.bytes: roll to a new segment file past this size. */
  segmentBytes: number;
  /** segment.ms: roll after this age of the active segment's first batch. */
  segmentMs: number;
  /** retention.ms: delete closed segments whose newest record is older; -1 = forever. */
  retentionMs: number;
  /** retention.bytes: delete oldest closed segments while the partition is larger; -1 = no limit. */
  retentionBytes: number;
  /** cleanup.policy: "delete", "compact" or both. */
  cleanupDelete: boolean;
  cleanupCompact: boolean;
  /** delete.retention.ms: how long tombstones survive compaction. */
  deleteRetentionMs: number;
  /** min.compaction.lag.ms: records younger than this are never compacted. */
  minCompactionLagMs: number;
  /** max.message.bytes: largest record batch accepted. */
  maxMessageBytes: number;
  /** message.timestamp.type: LogAppendTime rewrites batch timestamps on append. */
  logAppendTime: boolean;
  /** flush.messages / flush.ms: fsync policy (see README "Durability"). */
  flushMessages: number;
  flushMs: number;
}

export interface AppendResult {
  /** Offset given to the first record of the first appended batch. */
  baseOffset: number;
  /** The broker's append time when the topic uses LogAppendTime, else -1. */
  logAppendTime: number;
  logStartOffset: number;
}

export interface ReadResult {
  /** Whole record batches, in order, as stored (views into the log, not copies). */
  records: Buffer[];
  bytes: number;
}

/**
 * One partition's log: append-only segment files plus an index. Batches are stored as received
 * with only baseOffset rewritten. Errors are KafkaError with the protocol code to answer.
 */
export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** First offset still readable (advanced by retention and DeleteRecords). */
  readonly logStartOffset: number;
  /** Offset the next appended record gets (= high watermark on a single node). */
  readonly logEndOffset: number;
  /** Bytes on disk over all segments. */
  readonly sizeBytes: number;

  /** Appends one produce request's record set (one or more v2 batches). Throws CORRUPT_MESSAGE, MESSAGE_TOO_LARGE. */
  append(records: Buffer): AppendResult;
  /**
   * Whole batches starting with the one that holds `offset`, up to maxBytes but always at least one
   * batch when any exists (KIP-74). Empty at the log end. Throws OFFSET_OUT_OF_RANGE outside [start, end].
   */
  read(offset: number, maxBytes: number): ReadResult;
  /** Earliest offset whose timestamp is >= ts, with that timestamp; null when none. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null;
  /** DeleteRecords: moves logStartOffset forward (-1 = to the end); returns the new start. Throws OFFSET_OUT_OF_RANGE past the end. */
  deleteRecordsBefore(offset: number): number;
  /** Retention and compaction pass; cheap when there is nothing to do. */
  maintain(): void;
  setConfig(config: LogConfig): void;
  /** fsync the active segment and index. */
  flush(): void;
  /** fsync only when the flush.messages / flush.ms policy says it is due (called from a timer). */
  flushIfDue(): void;
  close(): void;
  /** Closes and removes the partition's files. */
  destroy(): void;
}
