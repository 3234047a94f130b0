import type { LogConfig } from "./types";

/** Kafka's topic defaults. flush.messages and flush.ms are Long.MAX_VALUE there: never fsync by count or time. */
export const defaultLogConfig: LogConfig = {
  segmentBytes: 1073741824,
  segmentMs: 604800000,
  retentionMs: 604800000,
  retentionBytes: -1,
  cleanupDelete: true,
  cleanupCompact: false,
  deleteRetentionMs: 86400000,
  minCompactionLagMs: 0,
  maxMessageBytes: 1048588,
  logAppendTime: false,
  flushMessages: Number.MAX_SAFE_INTEGER,
  flushMs: Number.MAX_SAFE_INTEGER,
};
