import { describe, expect, it } from "vitest";
import { Schema } from "./data/schema";
import { Headers } from "./headers";
import { SinkRecord, SourceRecord, TimestampType } from "./records";

describe("SourceRecord", () => {
  const record = new SourceRecord({
    sourcePartition: { filename: "a.txt" },
    sourceOffset: { position: 7 },
    topic: "t",
    valueSchema: Schema.STRING_SCHEMA,
    value: "line",
    timestamp: 1000,
    headers: new Headers().addString("h", "v"),
  });

  it("defaults the unset fields to null", () => {
    expect(record.kafkaPartition).toBeNull();
    expect(record.key).toBeNull();
    expect(record.keySchema).toBeNull();
  });

  it("copies with newRecord, keeping partition/offset and duplicating headers", () => {
    const copy = record.newRecord("t2", 1, null, null, Schema.INT32_SCHEMA, 5, 2000);
    expect(copy).toBeInstanceOf(SourceRecord);
    expect(copy.sourcePartition).toEqual({ filename: "a.txt" });
    expect(copy.sourceOffset).toEqual({ position: 7 });
    expect([copy.topic, copy.kafkaPartition, copy.value, copy.timestamp]).toEqual(["t2", 1, 5, 2000]);
    copy.headers.addString("extra", "x");
    expect(record.headers.size).toBe(1);
    const withHeaders = record.newRecord("t", null, null, null, null, null, null, new Headers());
    expect(withHeaders.headers.size).toBe(0);
  });

  it("compares and prints", () => {
    const same = record.newRecord(record.topic, null, null, null, Schema.STRING_SCHEMA, "line", 1000);
    expect(same.equals(record)).toBe(true);
    expect(record.toString()).toBe(
      "SourceRecord{sourcePartition={filename=a.txt}, sourceOffset={position=7}} ConnectRecord{topic='t', kafkaPartition=null, key=null, keySchema=null, value=line, valueSchema=Schema{STRING}, timestamp=1000, headers=ConnectHeaders(headers=[ConnectHeader(key=h, value=v, schema=Schema{STRING})])}",
    );
  });
});

describe("SinkRecord", () => {
  const record = new SinkRecord({
    topic: "in",
    kafkaPartition: 2,
    kafkaOffset: 41,
    key: "k",
    keySchema: Schema.STRING_SCHEMA,
    value: 9n,
    valueSchema: Schema.INT64_SCHEMA,
    timestamp: 5,
    timestampType: TimestampType.CREATE_TIME,
  });

  it("remembers where it was consumed from", () => {
    expect([record.originalTopic, record.originalKafkaPartition, record.originalKafkaOffset]).toEqual(["in", 2, 41]);
    const routed = record.newRecord("out", 0, null, null, null, null, 6);
    expect([routed.topic, routed.kafkaPartition, routed.kafkaOffset, routed.timestampType]).toEqual(["out", 0, 41, "CreateTime"]);
    expect([routed.originalTopic, routed.originalKafkaPartition, routed.originalKafkaOffset]).toEqual(["in", 2, 41]);
    expect(record.equals(record.newRecord("in", 2, Schema.STRING_SCHEMA, "k", Schema.INT64_SCHEMA, 9n, 5))).toBe(true);
    expect(record.equals(routed)).toBe(false);
  });
});
