import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import type { ConfigMap } from "../api";
import { JsonConverter, SimpleHeaderConverter, StringConverter } from "../plugins/converters";
import { FakeClock } from "./clock";
import type { TaskConsumer } from "./kafka-clients";
import { silentLoggers } from "./loggers";
import { FakeConsumer, RecordingSinkTask, StatusRecorder } from "./test-plugins";
import { WorkerSinkTask } from "./worker-sink-task";

const envelope = (s: string) => JSON.stringify({ schema: { type: "string", optional: false }, payload: s });

function setup(config: ConfigMap) {
  const clock = new FakeClock();
  const consumer = new FakeConsumer();
  const listener = new StatusRecorder();
  const task = new RecordingSinkTask();
  const value = new JsonConverter();
  value.configure({}, false);
  const key = new StringConverter();
  key.configure({}, true);
  const worker = new WorkerSinkTask({
    id: { connector: config["name"] ?? "snk", task: 0 },
    listener,
    logger: silentLoggers().logger("test"),
    clock,
    initialState: "STARTED",
    task,
    taskConfig: config,
    keyConverter: key,
    valueConverter: value,
    headerConverter: new SimpleHeaderConverter(),
    consumer: { consumer: consumer as unknown as TaskConsumer, fromBeginning: true, maxPollRecords: undefined, restartOnFailure: () => true },
    topics: ["t"],
    topicsRegex: null,
    offsetFlushIntervalMs: 1000,
  });
  const received = () => (RecordingSinkTask.received.get(config["name"] ?? "snk") ?? []).map((r) => r.value);
  const started = async () => {
    void worker.run();
    await waitFor(() => consumer.running, { message: "consumer running" });
    consumer.assign({ t: [0, 1] });
    await waitFor(() => task.opened.length === 2, { message: "partitions opened" });
  };
  return { clock, consumer, listener, worker, task, received, started };
}

afterEach(() => {
  RecordingSinkTask.received.clear();
  RecordingSinkTask.flushes.clear();
  RecordingSinkTask.holdFlush = null;
});

describe("worker sink task", () => {
  it("converts and puts batches, then commits offsets only after flush", async () => {
    const { clock, consumer, listener, worker, received, started } = setup({ name: "a" });
    await started();
    expect(consumer.subscribed).toEqual(["t"]);
    await consumer.deliver("t", 0, 0, [envelope("one"), envelope("two")]);
    await consumer.deliver("t", 1, 5, [envelope("three")]);
    await waitFor(() => received().length === 3, { message: "3 records put" });
    expect(received()).toEqual(["one", "two", "three"]);
    expect(consumer.resolved).toEqual(["t-0@1", "t-1@5"]);
    expect(listener.topics).toEqual(["t"]);
    expect(consumer.commits).toEqual([]);

    let release!: () => void;
    RecordingSinkTask.holdFlush = new Promise((resolve) => (release = resolve));
    clock.advance(1000);
    // The flush is held: nothing may be committed yet.
    await new Promise((r) => setImmediate(r));
    expect(consumer.commits).toEqual([]);
    release();
    await waitFor(() => consumer.commits.length === 1, { message: "offsets committed after flush" });
    expect(consumer.commits[0]).toEqual([
      { topic: "t", partition: 0, offset: "2" },
      { topic: "t", partition: 1, offset: "6" },
    ]);
    // Unchanged offsets are not committed again.
    clock.advance(1000);
    await waitFor(() => (RecordingSinkTask.flushes.get("a") ?? 0) >= 2, { message: "second flush" });
    expect(consumer.commits).toHaveLength(1);

    await consumer.deliver("t", 0, 2, [envelope("four")]);
    await waitFor(() => received().length === 4, { message: "4th record" });
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
    // Stopping commits what was put.
    expect(consumer.commits.at(-1)).toEqual([{ topic: "t", partition: 0, offset: "3" }]);
    expect(listener.last).toBe("UNASSIGNED");
  });

  it("redelivers a batch after a RetriableError, once context.timeout passed", async () => {
    const { clock, consumer, worker, received, started } = setup({ name: "r", "retriable.failures": "2" });
    await started();
    await consumer.deliver("t", 0, 0, [envelope("x")]);
    await waitFor(() => clock.pending > 1, { message: "retry scheduled" });
    expect(received()).toEqual([]);
    clock.advance(10);
    await waitFor(() => clock.pending > 1, { message: "second retry scheduled" });
    clock.advance(10);
    await waitFor(() => received().length === 1, { message: "record put after retries" });
    worker.stop();
    await worker.awaitStop(5000);
  });

  it("fails the task when put() throws, with the cause in the trace", async () => {
    const { consumer, listener, worker, started } = setup({ name: "f", fail: "put" });
    await started();
    await consumer.deliver("t", 0, 0, [envelope("x")]);
    await worker.run();
    expect(listener.last).toBe("FAILED");
    const error = listener.task.at(-1)?.error as Error;
    expect(error.message).toBe("Exiting WorkerSinkTask due to unrecoverable exception.");
    expect((error.cause as Error).message).toBe("put failed on purpose");
  });

  it("pauses and resumes consumption of its partitions", async () => {
    const { consumer, listener, worker, started, received } = setup({ name: "p" });
    await started();
    worker.transitionTo("PAUSED");
    expect(listener.last).toBe("PAUSED");
    expect(consumer.paused.at(-1)).toEqual([{ topic: "t", partitions: [0, 1] }]);
    // A batch fetched before the pause is given back (seek to its first offset), not put.
    await consumer.deliver("t", 0, 7, [envelope("late")]);
    await waitFor(() => consumer.seeks.length === 1, { message: "batch given back" });
    expect(consumer.seeks[0]).toEqual({ topic: "t", partition: 0, offset: "7" });
    expect(received()).toEqual([]);
    worker.transitionTo("STARTED");
    expect(listener.last).toBe("RUNNING");
    expect(consumer.resumed.at(-1)).toEqual([{ topic: "t", partitions: [0, 1] }]);
    worker.stop();
    await worker.awaitStop(5000);
  });
});
