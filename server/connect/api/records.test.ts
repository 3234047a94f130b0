import { describe, expect, it } from "vitest";
import { Schema } from "./data/schema";
import { Headers } from "./headers";
import { SinkRecord, SourceRecord, TimestampType, lendForUpdate } from "./records";

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

describe("lendForUpdate", () => {
  const sink = () =>
    new SinkRecord({ topic: "in", kafkaPartition: 2, kafkaOffset: 41, value: "v", valueSchema: Schema.STRING_SCHEMA, timestamp: 5, timestampType: TimestampType.CREATE_TIME, headers: new Headers().addString("h", "1") });

  it("makes the next newRecord of the lent record update it in place, once", () => {
    const record = sink();
    const headers = record.headers;
    lendForUpdate(record);
    const updated = record.newRecord("out", null, null, null, Schema.INT32_SCHEMA, 7, 6);
    expect(updated).toBe(record);
    expect([record.topic, record.kafkaPartition, record.value, record.valueSchema, record.timestamp]).toEqual(["out", 2, 7, Schema.INT32_SCHEMA, 6]);
    expect([record.kafkaOffset, record.timestampType, record.originalTopic, record.originalKafkaPartition, record.originalKafkaOffset]).toEqual([41, "CreateTime", "in", 2, 41]);
    expect(record.headers).toBe(headers);
    // The loan is over: the next newRecord copies.
    const copy = record.newRecord("again", 0, null, null, null, null, null);
    expect(copy).not.toBe(record);
    expect(record.topic).toBe("out");
  });

  it("takes the headers given to newRecord, and leaves other records alone", () => {
    const record = sink();
    const other = sink();
    lendForUpdate(record);
    expect(other.newRecord("x", 0, null, null, null, null, null)).not.toBe(other);
    const replaced = new Headers().addString("n", "2");
    expect(record.newRecord("in", 2, null, null, null, "w", null, replaced).headers).toBe(replaced);
    lendForUpdate(null);
  });

  it("updates a lent source record keeping its source partition and offset", () => {
    const record = new SourceRecord({ sourcePartition: { f: "a" }, sourceOffset: { p: 1 }, topic: "t", value: "v" });
    lendForUpdate(record);
    expect(record.newRecord("t", 0, null, null, null, "w", null)).toBe(record);
    expect([record.value, record.sourcePartition, record.sourceOffset]).toEqual(["w", { f: "a" }, { p: 1 }]);
    lendForUpdate(null);
    expect(record.newRecord("t", 0, null, null, null, "z", null)).not.toBe(record);
  });
});
