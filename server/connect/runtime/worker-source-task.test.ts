import { beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import { ConnectError, Schema, SourceRecord, SourceTask, type ConfigMap, type RecordMetadata } from "../api";
import { MemoryOffsetStore } from "../storage/memory-offset-store";
import { OffsetStorageReaderImpl } from "../storage/offset-storage-reader";
import { OffsetStorageWriter } from "../storage/offset-storage-writer";
import { FakeClock } from "./clock";
import { errorTrace } from "./status";
import { CountingSourceTask, FakeBrokerError, FakeProducer } from "./test-plugins";
import { taskTestParts } from "./test-task-parts";
import { FailOn } from "./test-transforms";
import { WorkerSourceTask } from "./worker-source-task";

function setup(task: SourceTask, config: ConfigMap, options: { maxBatchRecords?: number } = {}) {
  const clock = new FakeClock();
  const producer = new FakeProducer();
  const store = new MemoryOffsetStore();
  const { listener, logLines, stagesFactory, converters, taskOptions } = taskTestParts(clock, config["name"] ?? "src", config);
  const stages = stagesFactory.source(config["name"] ?? "src", 0, config, converters);
  const worker = new WorkerSourceTask({
    ...taskOptions,
    task,
    producer: { producer, acks: -1, timeout: undefined, compression: 0 },
    offsetReader: new OffsetStorageReaderImpl(store, config["name"] ?? "src"),
    offsetWriter: new OffsetStorageWriter(store, config["name"] ?? "src"),
    offsetFlushIntervalMs: 1000,
    offsetFlushTimeoutMs: 5000,
    stages,
    ...options,
  });
  const reader = new OffsetStorageReaderImpl(store, config["name"] ?? "src");
  const committed = async () => (await reader.offset({ source: config["name"] ?? "src" }))?.["position"];
  return { clock, producer, store, listener, worker, committed, logLines };
}

beforeEach(() => {
  CountingSourceTask.emitted.clear();
  FailOn.seen.clear();
});

/** Records commitRecord calls: value → the topic/offset it landed at, or null when it was skipped. */
class Tracking extends CountingSourceTask {
  static readonly committed: [string, string | null][] = [];
  override commitRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
    Tracking.committed.push([String(record.value).slice(0, 7), metadata ? `${metadata.topic}@${metadata.offset}` : null]);
  }
}

describe("worker source task", () => {
  it("converts records with the task's converters and produces them in batches", async () => {
    const { producer, listener, worker } = setup(new CountingSourceTask(), { name: "s", topic: "out", records: "25", batch: "10" }, { maxBatchRecords: 10 });
    void worker.run();
    await waitFor(() => producer.values().length === 25, { message: "25 records produced" });
    expect(producer.values()[0]).toBe('{"schema":{"type":"string","optional":false},"payload":"value-0"}');
    expect(producer.sent.every((batch) => batch.every((t) => t.topic === "out" && t.messages.length <= 10))).toBe(true);
    expect(producer.sent.length).toBeGreaterThanOrEqual(3);
    expect(listener.topics).toEqual(["out"]);
    expect(listener.last).toBe("RUNNING");
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
    expect(listener.last).toBe("UNASSIGNED");
  });

  it("records offsets only for acknowledged records and flushes them on the interval", async () => {
    const { clock, producer, worker, committed } = setup(new CountingSourceTask(), { name: "s", records: "5" });
    let release!: () => void;
    producer.gate = new Promise((resolve) => (release = resolve));
    void worker.run();
    await waitFor(() => CountingSourceTask.emitted.get("s")?.length === 5, { message: "records polled" });
    clock.advance(1000);
    await worker.commitOffsets();
    expect(await committed()).toBeUndefined();
    release();
    await waitFor(() => producer.values().length === 5, { message: "records acknowledged" });
    clock.advance(1000);
    await waitFor(async () => (await committed()) === 5, { message: "offsets flushed after the interval" });
    worker.stop();
    await worker.awaitStop(5000);
  });

  it("flushes acknowledged offsets when stopping", async () => {
    const { producer, worker, committed } = setup(new CountingSourceTask(), { name: "stopflush", records: "7" });
    void worker.run();
    await waitFor(() => producer.values().length === 7, { message: "records produced" });
    expect(await committed()).toBeUndefined();
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
    expect(await committed()).toBe(7);
  });

  it("calls commitRecord with where each record landed", async () => {
    const seen: [string, RecordMetadata | null][] = [];
    class Tracking extends CountingSourceTask {
      override commitRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
        seen.push([String(record.value), metadata]);
      }
    }
    const { worker } = setup(new Tracking(), { name: "cr", records: "3" });
    void worker.run();
    await waitFor(() => seen.length === 3, { message: "3 commitRecord calls" });
    expect(seen.map(([v, m]) => [v, m?.topic, m?.partition, m?.offset])).toEqual([
      ["value-0", "test-topic", 0, 0],
      ["value-1", "test-topic", 0, 1],
      ["value-2", "test-topic", 0, 2],
    ]);
    worker.stop();
    await worker.awaitStop(5000);
  });

  it("fails with the poll error's trace and never crashes the caller", async () => {
    const { listener, worker } = setup(new CountingSourceTask(), { name: "bad", fail: "poll" });
    await worker.run();
    expect(listener.last).toBe("FAILED");
    const error = listener.task.at(-1)?.error;
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toBe("Poll failed on purpose");
  });

  it("tolerance none: a refused send fails the task with a trace naming KAFKA_PRODUCE and the record", async () => {
    const { producer, listener, worker, committed } = setup(new CountingSourceTask(), { name: "refused", records: "3" });
    producer.failWith = new Error("broker says no");
    await worker.run();
    expect(listener.last).toBe("FAILED");
    const error = listener.task.at(-1)?.error as Error;
    expect(error.message).toBe("Unrecoverable exception from producer send callback");
    const trace = errorTrace(error);
    expect(trace).toContain(
      "Caused by: org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler. Executing stage 'KAFKA_PRODUCE' with class 'org.apache.kafka.connect.runtime.WorkerSourceTask', where source record is {topic='test-topic', partition=null, sourcePartition={\"source\":\"refused\"}, sourceOffset={\"position\":1}}.",
    );
    expect(trace).toContain("Caused by: Error: broker says no");
    expect(await committed()).toBeUndefined();
  });

  it("tolerance none: the records before the refused one are delivered, the trace names the refused record", async () => {
    const { producer, listener, worker, committed } = setup(new CountingSourceTask(), { name: "some", records: "8" });
    producer.refuse = (value) => value.includes("value-5");
    await worker.run();
    expect(listener.last).toBe("FAILED");
    expect(producer.values().map((v) => JSON.parse(v).payload)).toEqual(["value-0", "value-1", "value-2", "value-3", "value-4"]);
    const trace = errorTrace(listener.task.at(-1)?.error);
    expect(trace).toContain("Executing stage 'KAFKA_PRODUCE'");
    expect(trace).toContain('sourceOffset={"position":6}');
    expect(trace).toContain("Caused by: KafkaJSProtocolError: The request included a message larger than the max message size");
    // What was acknowledged before the failure is committed.
    expect(await committed()).toBe(5);
  });

  it("tolerance all: refused records are reported and skipped, the others delivered, and every offset commits", async () => {
    Tracking.committed.length = 0;
    const config = { name: "skip", records: "10", batch: "10", "errors.tolerance": "all", "errors.log.enable": "true" };
    const { producer, listener, worker, committed, logLines } = setup(new Tracking(), config);
    producer.refuse = (value) => value.includes("value-3") || value.includes("value-7");
    void worker.run();
    await waitFor(() => Tracking.committed.length === 10, { message: "every record committed or skipped" });
    expect(producer.values().map((v) => JSON.parse(v).payload)).toEqual(["value-0", "value-1", "value-2", "value-4", "value-5", "value-6", "value-8", "value-9"]);
    expect(Tracking.committed.filter(([, where]) => where === null).map(([v]) => v)).toEqual(["value-3", "value-7"]);
    expect(Tracking.committed.map(([v]) => v)).toEqual(Array.from({ length: 10 }, (_, i) => `value-${i}`));
    const reports = logLines.filter((l) => l.includes("Error encountered in task skip-0."));
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain("Executing stage 'KAFKA_PRODUCE' with class 'org.apache.kafka.connect.runtime.WorkerSourceTask'");
    expect(reports[0]).toContain('sourceOffset={"position":4}');
    expect(reports[1]).toContain('sourceOffset={"position":8}');
    // The task does not stall: the skipped records' offsets commit with the others.
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
    expect(await committed()).toBe(10);
    expect(listener.task.some((t) => t.state === "FAILED")).toBe(false);
  });

  it("tolerance all: a send that fails for another reason skips all its records without sending them again", async () => {
    const { producer, listener, worker, committed, logLines } = setup(new CountingSourceTask(), { name: "down", records: "4", "errors.tolerance": "all", "errors.log.enable": "true" });
    producer.failWith = new FakeBrokerError("TOPIC_AUTHORIZATION_FAILED", "Not authorized to access topics: [Topic authorization failed]");
    void worker.run();
    await waitFor(() => logLines.filter((l) => l.includes("Executing stage 'KAFKA_PRODUCE'")).length === 4, { message: "4 reports" });
    expect(producer.attempts).toBe(1);
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
    expect(await committed()).toBe(4);
    expect(listener.task.some((t) => t.state === "FAILED")).toBe(false);
  });

  it("retries a poll that throws a RetriableError, as Kafka does: not a failure, not reported", async () => {
    const { producer, listener, worker, logLines } = setup(new CountingSourceTask(), { name: "flaky-poll", records: "3", "retriable.polls": "3", "errors.log.enable": "true" });
    void worker.run();
    await waitFor(() => producer.values().length === 3, { message: "records produced after the failed polls" });
    expect(listener.last).toBe("RUNNING");
    expect(logLines.filter((l) => l.includes("Error encountered in task"))).toEqual([]);
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("stops at once while a transform's retriable failure backs off (errors.retry.timeout=-1), leaving the record uncommitted", async () => {
    const config = {
      name: "stuck",
      records: "2",
      transforms: "fail",
      "transforms.fail.type": FailOn.className,
      "transforms.fail.retry.on": "value-1",
      "transforms.fail.retries": "1000000",
      "errors.retry.timeout": "-1",
      "errors.retry.delay.max.ms": "600000",
    };
    const { producer, listener, worker, committed } = setup(new CountingSourceTask(), config);
    void worker.run();
    // value-0 is delivered; value-1 fails and waits for its 300 ms backoff, which the fake clock never reaches.
    await waitFor(() => FailOn.seen.get("value-1") === 1 && producer.values().length === 1, { message: "value-1 backing off" });
    worker.stop();
    // The fake clock does not move: only the stop can end the wait.
    expect(await worker.awaitStop(60_000)).toBe(true);
    expect(listener.last).toBe("UNASSIGNED");
    expect(FailOn.seen.get("value-1")).toBe(1);
    expect(producer.values()).toHaveLength(1);
    expect(await committed()).toBe(1);
  });

  it("retries a transform's retriable failure after the backoff, then delivers the record", async () => {
    const config = { name: "later", records: "2", transforms: "fail", "transforms.fail.type": FailOn.className, "transforms.fail.retry.on": "value-1", "transforms.fail.retries": "2", "errors.retry.timeout": "10000" };
    const { clock, producer, worker } = setup(new CountingSourceTask(), config);
    void worker.run();
    await waitFor(() => FailOn.seen.get("value-1") === 1, { message: "first attempt" });
    clock.advance(300);
    await waitFor(() => FailOn.seen.get("value-1") === 2, { message: "second attempt after 300 ms" });
    expect(producer.values()).toHaveLength(1);
    clock.advance(600);
    await waitFor(() => producer.values().length === 2, { message: "delivered after the third attempt" });
    expect(JSON.parse(producer.values()[1]!).payload).toBe("value-1");
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("pauses polling and resumes", async () => {
    let polls = 0;
    class Endless extends SourceTask {
      version() {
        return "1";
      }
      start() {}
      stop() {}
      async poll(signal: AbortSignal) {
        polls++;
        await new Promise((r) => setImmediate(r));
        if (signal.aborted) return null;
        return [new SourceRecord({ sourcePartition: { p: 1 }, sourceOffset: { o: polls }, topic: "t", valueSchema: Schema.STRING_SCHEMA, value: "x" })];
      }
    }
    const { listener, worker } = setup(new Endless(), { name: "pz" });
    void worker.run();
    await waitFor(() => polls > 3, { message: "polling" });
    worker.transitionTo("PAUSED");
    expect(listener.last).toBe("PAUSED");
    const pausedAt = polls;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(polls).toBeLessThanOrEqual(pausedAt + 1);
    worker.transitionTo("STARTED");
    expect(listener.last).toBe("RUNNING");
    await waitFor(() => polls > pausedAt + 3, { message: "polling again" });
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("waits while created paused, without starting the task", async () => {
    let started = false;
    class Lazy extends CountingSourceTask {
      override async start(props: ConfigMap) {
        started = true;
        await super.start(props);
      }
    }
    const { worker, listener } = setup(new Lazy(), { name: "lazy" });
    worker.transitionTo("PAUSED");
    void worker.run();
    await waitFor(() => listener.last === "PAUSED", { message: "paused" });
    expect(started).toBe(false);
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
    expect(started).toBe(false);
  });
});
