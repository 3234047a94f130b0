// The broker's fsync policy, seen from the outside: flush.messages / flush.ms decide when a
// partition is fsynced (Kafka's defaults: never by count or time). fsync blocks the event loop,
// so a stray one costs every connection, and `npm run bench:broker` profiles showed the periodic
// flush timer as the largest single cost of the produce path.
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { systemClock, type Clock } from "../../server/broker/util/clock";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { kafkajsRequestBody } from "../harness/kafkajs-protocol";
import { RawConnection } from "../harness/raw-kafka";

const fsync = vi.hoisted(() => ({ calls: 0 }));
// Every way to sync a file descriptor is counted, so the tests hold whichever one the broker uses.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const counted = {
    fsyncSync: ((fd) => {
      fsync.calls++;
      fs.fsyncSync(fd);
    }) as typeof fs.fsyncSync,
    fdatasyncSync: ((fd) => {
      fsync.calls++;
      fs.fdatasyncSync(fd);
    }) as typeof fs.fdatasyncSync,
    fsync: ((fd, cb) => {
      fsync.calls++;
      fs.fsync(fd, cb);
    }) as typeof fs.fsync,
    fdatasync: ((fd, cb) => {
      fsync.calls++;
      fs.fdatasync(fd, cb);
    }) as typeof fs.fdatasync,
  };
  return { ...fs, ...counted, default: { ...fs, ...counted } };
});

/** A clock the test moves; timers still run on real time (the broker's are short-lived here). */
function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, schedule: systemClock.schedule, advance: (ms) => void (now += ms) };
}

async function produceToEveryPartition(tb: TestBroker, topic: string, partitions: number): Promise<void> {
  const c = await RawConnection.open(tb.broker.port);
  onTestFinished(() => c.destroy());
  const body = await kafkajsRequestBody("produce", 7, {
    acks: -1,
    timeout: 1000,
    compression: 0,
    topicData: [{ topic, partitions: Array.from({ length: partitions }, (_, partition) => ({ partition, firstSequence: 0, messages: [{ value: `v${partition}`, timestamp: 1_700_000_000_000 }] })) }],
  });
  const res = await c.request(0, 7, body);
  expect(res.length).toBeGreaterThan(0);
}

describe("broker flush policy", () => {
  beforeEach(() => {
    // Only intervals are faked: the broker's flush and retention timers advance when the test says so.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("does not fsync on a timer under the default policy (flush.ms and flush.messages unset)", async () => {
    const clock = manualClock();
    const tb = await startTestBroker({ clock });
    onTestFinished(() => tb.close());
    tb.broker.topics.create({ name: "defaults", numPartitions: 8, replicationFactor: -1, assignments: [], configs: {} }, false);
    await produceToEveryPartition(tb, "defaults", 8);

    fsync.calls = 0;
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      vi.advanceTimersByTime(1000);
    }
    // Kafka's defaults (Long.MAX_VALUE) mean the OS decides when to write back; each fsync here
    // blocks every connection.
    expect(fsync.calls).toBe(0);
  });

  it("fsyncs a partition with unflushed records once flush.ms has passed", async () => {
    const clock = manualClock();
    const tb = await startTestBroker({ clock });
    onTestFinished(() => tb.close());
    tb.broker.topics.create({ name: "timed", numPartitions: 2, replicationFactor: -1, assignments: [], configs: { "flush.ms": "1000" } }, false);
    await produceToEveryPartition(tb, "timed", 2);

    fsync.calls = 0;
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      vi.advanceTimersByTime(1000);
    }
    expect(fsync.calls).toBeGreaterThan(0);
  });

  it("fsyncs before acknowledging when flush.messages=1", async () => {
    const tb = await startTestBroker();
    onTestFinished(() => tb.close());
    tb.broker.topics.create({ name: "every", numPartitions: 1, replicationFactor: -1, assignments: [], configs: { "flush.messages": "1" } }, false);
    fsync.calls = 0;
    await produceToEveryPartition(tb, "every", 1);
    expect(fsync.calls).toBeGreaterThan(0);
  });
});
