import { beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import { ConnectError, Schema, SourceRecord, SourceTask, type ConfigMap, type RecordMetadata } from "../api";
import { JsonConverter, SimpleHeaderConverter, StringConverter } from "../plugins/converters";
import { MemoryOffsetStore } from "../storage/memory-offset-store";
import { OffsetStorageReaderImpl } from "../storage/offset-storage-reader";
import { OffsetStorageWriter } from "../storage/offset-storage-writer";
import { FakeClock } from "./clock";
import { silentLoggers } from "./loggers";
import { CountingSourceTask, FakeProducer, StatusRecorder } from "./test-plugins";
import { WorkerSourceTask } from "./worker-source-task";

function setup(task: SourceTask, config: ConfigMap, options: { maxBatchRecords?: number } = {}) {
  const clock = new FakeClock();
  const producer = new FakeProducer();
  const store = new MemoryOffsetStore();
  const listener = new StatusRecorder();
  const value = new JsonConverter();
  value.configure({}, false);
  const key = new StringConverter();
  key.configure({}, true);
  const worker = new WorkerSourceTask({
    id: { connector: config["name"] ?? "src", task: 0 },
    listener,
    logger: silentLoggers().logger("test"),
    clock,
    initialState: "STARTED",
    task,
    taskConfig: config,
    keyConverter: key,
    valueConverter: value,
    headerConverter: new SimpleHeaderConverter(),
    producer: { producer, acks: -1, timeout: undefined, compression: 0 },
    offsetReader: new OffsetStorageReaderImpl(store, config["name"] ?? "src"),
    offsetWriter: new OffsetStorageWriter(store, config["name"] ?? "src"),
    offsetFlushIntervalMs: 1000,
    offsetFlushTimeoutMs: 5000,
    ...options,
  });
  const reader = new OffsetStorageReaderImpl(store, config["name"] ?? "src");
  const committed = async () => (await reader.offset({ source: config["name"] ?? "src" }))?.["position"];
  return { clock, producer, store, listener, worker, committed };
}

beforeEach(() => {
  CountingSourceTask.emitted.clear();
});

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

  it("fails when Kafka refuses the records", async () => {
    const { producer, listener, worker } = setup(new CountingSourceTask(), { name: "refused", records: "3" });
    producer.failWith = new Error("broker says no");
    await worker.run();
    expect(listener.last).toBe("FAILED");
    const error = listener.task.at(-1)?.error as Error;
    expect(error.message).toBe("Unrecoverable exception from producer send callback");
    expect((error.cause as Error).message).toBe("broker says no");
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
