import { describe, expect, it } from "vitest";
import { DataError } from "../../api";
import { FakeAdmin, FakeProducer } from "../test-plugins";
import { Loggers } from "../loggers";
import type { ConnectAdmin } from "../kafka-clients";
import { DeadLetterQueueReporter } from "./dead-letter-queue-reporter";
import { LogReporter } from "./log-reporter";
import type { ErrorContext } from "./retry-with-tolerance-operator";

const context: ErrorContext = {
  stage: "VALUE_CONVERTER",
  executingClass: "org.apache.kafka.connect.json.JsonConverter",
  error: new DataError("Converting byte[] to Kafka Connect data failed due to serialization error"),
  consumed: { topic: "in", partition: 1, offset: 42, key: Buffer.from("k"), value: Buffer.from("{oops"), headers: { h: Buffer.from("v") }, timestamp: 1000 },
  source: null,
  attempt: 1,
};

class RecordingAdmin extends FakeAdmin {
  created: unknown[] = [];
  async createTopics(options: { topics: unknown[] }): Promise<boolean> {
    this.created.push(...options.topics);
    return true;
  }
}

function dlq(contextHeaders: boolean, redact?: (text: string) => string) {
  const producer = new FakeProducer();
  const admin = new RecordingAdmin();
  const lines: string[] = [];
  const reporter = new DeadLetterQueueReporter({
    connector: "my-sink",
    task: 3,
    topic: "dlq",
    replicationFactor: 1,
    contextHeaders,
    producer: { producer, acks: -1, timeout: undefined, compression: 0 },
    admin: admin as unknown as ConnectAdmin,
    log: new Loggers({ write: (l) => lines.push(l) }).logger("dlq"),
    redact,
  });
  return { reporter, producer, admin };
}

describe("DeadLetterQueueReporter", () => {
  it("creates the topic when missing and produces the original key, value, headers and timestamp", async () => {
    const { reporter, producer, admin } = dlq(false);
    await reporter.report(context);
    expect(admin.created).toEqual([{ topic: "dlq", numPartitions: 1, replicationFactor: 1 }]);
    const sent = producer.sent.flat();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe("dlq");
    const message = sent[0]!.messages[0]!;
    expect(String(message.key)).toBe("k");
    expect(String(message.value)).toBe("{oops");
    expect(Object.keys(message.headers ?? {})).toEqual(["h"]);
    expect(message.timestamp).toBe("1000");
  });

  it("adds Kafka's __connect.errors.* context headers when enabled", () => {
    const { reporter } = dlq(true);
    const headers = reporter.message(context)!.headers!;
    const text = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
    expect(text).toMatchObject({
      h: "v",
      "__connect.errors.topic": "in",
      "__connect.errors.partition": "1",
      "__connect.errors.offset": "42",
      "__connect.errors.connector.name": "my-sink",
      "__connect.errors.task.id": "3",
      "__connect.errors.stage": "VALUE_CONVERTER",
      "__connect.errors.class.name": "org.apache.kafka.connect.json.JsonConverter",
      "__connect.errors.exception.class.name": "org.apache.kafka.connect.errors.DataException",
      "__connect.errors.exception.message": "Converting byte[] to Kafka Connect data failed due to serialization error",
    });
    expect(text["__connect.errors.exception.stacktrace"]).toMatch(/^org\.apache\.kafka\.connect\.errors\.DataException: Converting byte/);
  });

  it("masks secret values in the exception message and stack trace headers", () => {
    const { reporter } = dlq(true, (t) => t.replaceAll("s3cr3t-token", "[hidden]"));
    const failing: ErrorContext = { ...context, error: new DataError("login with s3cr3t-token refused") };
    const headers = reporter.message(failing)!.headers!;
    expect(String(headers["__connect.errors.exception.message"])).toBe("login with [hidden] refused");
    expect(String(headers["__connect.errors.exception.stacktrace"])).toContain("login with [hidden] refused");
    expect(Object.values(headers).some((v) => String(v).includes("s3cr3t-token"))).toBe(false);
  });
});

describe("LogReporter", () => {
  it("logs one ERROR line with the task, stage, class and topic/partition/offset", () => {
    const lines: string[] = [];
    const log = new Loggers({ write: (l) => lines.push(l) }).logger("org.apache.kafka.connect.runtime.errors.LogReporter");
    new LogReporter("my-sink", 0, log, false).report(context);
    expect(lines[0]).toContain(
      "Error encountered in task my-sink-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='in', partition=1, offset=42}.",
    );
    lines.length = 0;
    new LogReporter("my-sink", 0, log, true).report(context);
    expect(lines[0]).toContain("offset=42, timestamp=1000, timestampType=CreateTime}");
  });
});
