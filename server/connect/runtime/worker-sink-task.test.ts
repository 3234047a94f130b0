import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/harness/wait-for";
import type { ConfigMap, SinkTask } from "../api";
import { FakeClock } from "./clock";
import type { TaskConsumer } from "./kafka-clients";
import { errorTrace } from "./status";
import { ErrantRecordSinkTask, FakeConsumer, RecordingSinkTask } from "./test-plugins";
import { taskTestParts } from "./test-task-parts";
import { FailOn, KeepRecords } from "./test-transforms";
import { WorkerSinkTask } from "./worker-sink-task";

const envelope = (s: string) => JSON.stringify({ schema: { type: "string", optional: false }, payload: s });

function setup(config: ConfigMap, task: SinkTask & { opened?: unknown[] } = new RecordingSinkTask()) {
  const clock = new FakeClock();
  const consumer = new FakeConsumer();
  const name = config["name"] ?? "snk";
  const { listener, logLines, stagesFactory, converters, taskOptions } = taskTestParts(clock, name, config);
  const stages = stagesFactory.sink(name, 0, config, converters);
  const worker = new WorkerSinkTask({
    ...taskOptions,
    task,
    consumer: { consumer: consumer as unknown as TaskConsumer, fromBeginning: true, maxPollRecords: undefined, restartOnFailure: () => true },
    topics: ["t"],
    topicsRegex: null,
    offsetFlushIntervalMs: 1000,
    stages,
  });
  const received = () => (RecordingSinkTask.received.get(name) ?? ErrantRecordSinkTask.received.get(name) ?? []).map((r) => r.value);
  const started = async () => {
    void worker.run();
    await waitFor(() => consumer.running, { message: "consumer running" });
    consumer.assign({ t: [0, 1] });
    if (task instanceof RecordingSinkTask) await waitFor(() => task.opened.length === 2, { message: "partitions opened" });
    else await waitFor(() => ErrantRecordSinkTask.reporterAvailable.has(name), { message: "task started" });
  };
  return { clock, consumer, listener, worker, task, received, started, logLines };
}

afterEach(() => {
  RecordingSinkTask.received.clear();
  RecordingSinkTask.flushes.clear();
  RecordingSinkTask.holdFlush = null;
  ErrantRecordSinkTask.received.clear();
  ErrantRecordSinkTask.reporterAvailable.clear();
  FailOn.seen.clear();
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

  it("retries a transform's retriable failure after its backoff without blocking, then puts the record", async () => {
    const config = { name: "later", transforms: "fail", "transforms.fail.type": FailOn.className, "transforms.fail.retries": "2", "errors.retry.timeout": "10000" };
    const { clock, consumer, worker, received, started } = setup(config);
    await started();
    const delivered = consumer.deliver("t", 0, 0, [envelope("a"), envelope("flaky"), envelope("b")]);
    await waitFor(() => FailOn.seen.get("flaky") === 1, { message: "first attempt" });
    clock.advance(300);
    await waitFor(() => FailOn.seen.get("flaky") === 2, { message: "second attempt after 300 ms" });
    expect(received()).toEqual([]);
    clock.advance(600);
    await delivered;
    await waitFor(() => received().length === 3, { message: "the batch put after the third attempt" });
    expect(received()).toEqual(["a", "flaky", "b"]);
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("stops at once while a retriable failure backs off (errors.retry.timeout=-1): nothing is put or committed", async () => {
    const config = {
      name: "stuck",
      transforms: "fail",
      "transforms.fail.type": FailOn.className,
      "transforms.fail.retries": "1000000",
      "errors.retry.timeout": "-1",
      "errors.retry.delay.max.ms": "600000",
    };
    const { consumer, listener, worker, received, started } = setup(config);
    await started();
    const delivered = consumer.deliver("t", 0, 0, [envelope("a"), envelope("flaky")]);
    await waitFor(() => FailOn.seen.get("flaky") === 1, { message: "backing off" });
    worker.stop();
    // The fake clock never moves: only the stop ends the backoff.
    await delivered;
    expect(await worker.awaitStop(60_000)).toBe(true);
    expect(listener.last).toBe("UNASSIGNED");
    expect(FailOn.seen.get("flaky")).toBe(1);
    expect(received()).toEqual([]);
    expect(consumer.resolved).toEqual([]);
    expect(consumer.commits).toEqual([]);
  });

  it("offers the errant record reporter only with a dead letter queue or errors.log.enable (as Kafka)", async () => {
    for (const [config, available] of [
      [{ name: "e1" }, false],
      [{ name: "e2", "errors.tolerance": "all" }, false],
      [{ name: "e3", "errors.log.enable": "true" }, true],
      [{ name: "e4", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq" }, true],
    ] as const) {
      const { worker, started } = setup(config, new ErrantRecordSinkTask());
      await started();
      expect(ErrantRecordSinkTask.reporterAvailable.get(config.name), config.name).toBe(available);
      worker.stop();
      expect(await worker.awaitStop(5000)).toBe(true);
    }
  });

  it("tolerance all: errant records are reported (TASK_PUT, SinkTask) and their offsets committed with the others", async () => {
    const config = { name: "errant", "errors.tolerance": "all", "errors.log.enable": "true" };
    const { clock, consumer, listener, worker, received, started, logLines } = setup(config, new ErrantRecordSinkTask());
    await started();
    await consumer.deliver("t", 0, 0, [envelope("a"), envelope("errant-1"), envelope("b"), envelope("errant-3")]);
    await waitFor(() => received().length === 2, { message: "good records put" });
    expect(received()).toEqual(["a", "b"]);
    const reports = logLines.filter((l) => l.includes("Error encountered in task errant-0."));
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain("Executing stage 'TASK_PUT' with class 'org.apache.kafka.connect.sink.SinkTask', where consumed record is {topic='t', partition=0, offset=1}.");
    expect(reports[1]).toContain("offset=3}");
    clock.advance(1000);
    await waitFor(() => consumer.commits.length === 1, { message: "offsets committed" });
    expect(consumer.commits[0]).toEqual([{ topic: "t", partition: 0, offset: "4" }]);
    expect(listener.last).toBe("RUNNING");
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("tolerance none with transforms: transforms in the direct loop; a converter's or a transform's failure names its stage", async () => {
    const config = { transforms: "one,fail", "transforms.one.type": "test.AppendValueKeepingNone", "transforms.one.suffix": "-1", "transforms.fail.type": FailOn.className };
    for (const [name, bad, stage, worse] of [
      ["direct-smt", envelope("bad"), `Executing stage 'TRANSFORMATION' with class '${FailOn.className}', where consumed record is {topic='t', partition=0, offset=1}`],
      ["direct-conv", "{oops", "Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='t', partition=0, offset=1}"],
      // Two bad records: the first one, a transform's failure, is reported, not the converter's after it.
      ["direct-first", envelope("bad"), `Executing stage 'TRANSFORMATION' with class '${FailOn.className}', where consumed record is {topic='t', partition=0, offset=1}`, "{oops"],
    ] as const) {
      const { consumer, listener, worker, received, started } = setup({ name, ...config });
      await started();
      await consumer.deliver("t", 0, 0, [envelope("a")]);
      await waitFor(() => received().length === 1, { message: "first record put" });
      await consumer.deliver("t", 0, 1, [bad, worse ?? envelope("c")]);
      await worker.run();
      expect(listener.last).toBe("FAILED");
      expect(received()).toEqual(["a-1"]);
      const trace = errorTrace(listener.task.at(-1)?.error);
      expect(trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Tolerance exceeded in error handler/);
      expect(trace).toContain(stage);
    }
  });

  it("tolerance none with transforms: records the chain drops leave the batch, the others are put in order and committed", async () => {
    const config = {
      name: "direct-drop",
      transforms: "drop,one",
      "transforms.one.type": "test.AppendValueKeepingNone",
      "transforms.one.suffix": "-1",
      "transforms.drop.type": "org.apache.kafka.connect.transforms.Filter",
      "transforms.drop.predicate": "tombstone",
      predicates: "tombstone",
      "predicates.tombstone.type": "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
    };
    const { clock, consumer, listener, worker, received, started } = setup(config);
    await started();
    await consumer.deliver("t", 0, 0, [null, envelope("a"), null, null, envelope("b"), envelope("c"), null]);
    await waitFor(() => received().length === 3, { message: "the records that are not tombstones put" });
    expect(received()).toEqual(["a-1", "b-1", "c-1"]);
    clock.advance(1000);
    await waitFor(() => consumer.commits.length === 1, { message: "offsets committed" });
    expect(consumer.commits[0]).toEqual([{ topic: "t", partition: 0, offset: "7" }]);
    expect(listener.last).toBe("RUNNING");
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("updates records in place through transforms that keep none, unseen by a transform that keeps them and by the error reports", async () => {
    KeepRecords.kept = [];
    const config = {
      name: "in-place",
      "errors.tolerance": "all",
      "errors.log.enable": "true",
      transforms: "one,keep,two,fail",
      "transforms.one.type": "test.AppendValueKeepingNone",
      "transforms.one.suffix": "-1",
      "transforms.keep.type": KeepRecords.className,
      "transforms.two.type": "test.AppendValueKeepingNone",
      "transforms.two.suffix": "-2",
      "transforms.fail.type": "test.FailOnKeepingNone",
    };
    const { consumer, worker, received, started, logLines } = setup(config, new ErrantRecordSinkTask());
    await started();
    await consumer.deliver("t", 0, 0, [envelope("a"), envelope("bad"), envelope("errant"), envelope("b")]);
    await waitFor(() => received().length === 2, { message: "good records put" });
    expect(received()).toEqual(["a-1-2", "b-1-2"]);
    // The transform that may keep records saw copies, never changed afterwards.
    expect(KeepRecords.kept.map((k) => [k.value, k.record.value])).toEqual([
      ["a-1", "a-1"],
      ["bad-1", "bad-1"],
      ["errant-1", "errant-1"],
      ["b-1", "b-1"],
    ]);
    const reports = logLines.filter((l) => l.includes("Error encountered in task in-place-0."));
    expect(reports).toHaveLength(2);
    // The failing transform (after two in-place updates) and the errant record are reported as consumed.
    expect(reports[0]).toContain("Executing stage 'TRANSFORMATION' with class 'test.FailOnKeepingNone', where consumed record is {topic='t', partition=0, offset=1}");
    expect(reports[1]).toContain("Executing stage 'TASK_PUT' with class 'org.apache.kafka.connect.sink.SinkTask', where consumed record is {topic='t', partition=0, offset=2}");
    worker.stop();
    expect(await worker.awaitStop(5000)).toBe(true);
  });

  it("tolerance none: an errant record fails the task once put() returns, even when the task did not await the report", async () => {
    const config = { name: "errant-none", "errors.log.enable": "true", "errant.await": "false" };
    const { consumer, listener, worker, received, started } = setup(config, new ErrantRecordSinkTask());
    await started();
    await consumer.deliver("t", 0, 0, [envelope("a"), envelope("errant-1"), envelope("b")]);
    await worker.run();
    expect(listener.last).toBe("FAILED");
    const trace = errorTrace(listener.task.at(-1)?.error);
    expect(trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception\./);
    expect(trace).toContain(
      "Caused by: org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler. Executing stage 'TASK_PUT' with class 'org.apache.kafka.connect.sink.SinkTask', where consumed record is {topic='t', partition=0, offset=1}.",
    );
    expect(trace).toContain("Caused by: org.apache.kafka.connect.errors.ConnectException: Errant record: errant-1");
    // The task went on with "b", but nothing of the failed batch is committed.
    expect(received()).toEqual(["a", "b"]);
    expect(consumer.commits).toEqual([]);
  });
});
