import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LogConfig, PartitionLog } from "../log/types";
import { ErrorCode, KafkaError } from "../protocol/error-codes";

/** An in-memory PartitionLog for the admin tests: it keeps offsets and a marker file, and records calls. */
export interface FakePartitionLog extends PartitionLog {
  readonly dir: string;
  config: LogConfig;
  maintainCalls: number;
  closed: boolean;
  destroyed: boolean;
  /** Makes maintain() throw, to check that one failing log does not stop the others. */
  failMaintain: boolean;
  /** Moves the end offset as appends would. */
  setEndOffset(offset: number): void;
}

export interface FakeLogFactory {
  open(options: { dir: string; topic: string; partition: number; config: LogConfig }): FakePartitionLog;
  /** Every log opened so far, oldest first. */
  readonly opened: FakePartitionLog[];
  /** The latest log opened for a partition. */
  find(topic: string, partition: number): FakePartitionLog | undefined;
}

export function fakeLogFactory(): FakeLogFactory {
  const opened: FakePartitionLog[] = [];
  return {
    opened,
    find: (topic, partition) => opened.filter((l) => l.topic === topic && l.partition === partition).at(-1),
    open({ dir, topic, partition, config }) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "00000000000000000000.log"), "");
      let start = 0;
      let end = 0;
      const log: FakePartitionLog = {
        dir,
        topic,
        partition,
        config,
        maintainCalls: 0,
        closed: false,
        destroyed: false,
        failMaintain: false,
        get logStartOffset() {
          return start;
        },
        get logEndOffset() {
          return end;
        },
        sizeBytes: 0,
        setEndOffset(offset) {
          end = offset;
        },
        append() {
          throw new Error("not used by the admin tests");
        },
        read() {
          return { records: [], bytes: 0 };
        },
        offsetForTimestamp: () => null,
        deleteRecordsBefore(offset) {
          const target = offset === -1 ? end : offset;
          if (target > end) {
            throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `offset ${offset} is past the end ${end}`);
          }
          start = Math.max(start, target);
          return start;
        },
        maintain() {
          log.maintainCalls++;
          if (log.failMaintain) throw new Error("disk on fire");
        },
        setConfig(c) {
          log.config = c;
        },
        flush() {},
        flushIfDue() {},
        close() {
          log.closed = true;
        },
        destroy() {
          log.closed = true;
          log.destroyed = true;
          rmSync(dir, { recursive: true, force: true });
        },
      };
      opened.push(log);
      return log;
    },
  };
}
