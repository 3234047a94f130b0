import { describe, expect, it } from "vitest";
import { ConfigError, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, Timestamp } from "../../api";
import { InsertField } from "./insert-field";
import { KEY, VALUE } from "./util";

const SIMPLE = SchemaBuilder.struct().name("name").version(1).doc("doc").field("magic", Schema.OPTIONAL_INT64_SCHEMA).build();

function configured(props: Record<string, string>, side = VALUE): InsertField {
  const t = new InsertField(side);
  t.configure(props);
  return t;
}

const ALL = {
  "topic.field": "topic_field!",
  "partition.field": "partition_field",
  "timestamp.field": "timestamp_field?",
  "static.field": "instance_id",
  "static.value": "my-instance-id",
};

describe("InsertField", () => {
  it("rejects a config without insertions, and a static field without value", () => {
    expect(() => configured({})).toThrow(new ConfigError("No field insertion configured"));
    expect(() => configured({ "static.field": "x" })).toThrow(
      "Invalid value null for configuration static.value: No value specified for static field: x",
    );
  });

  it("copies a struct and inserts metadata with Kafka's schema", () => {
    const t = configured(ALL);
    const value = new Struct(SIMPLE).put("magic", 42n);
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "test", kafkaPartition: 0, valueSchema: SIMPLE, value, timestamp: 1_483_425_001_864 });
    const out = t.apply(record);
    const schema = out.valueSchema!;
    expect(schema.name()).toBe("name");
    expect(schema.version()).toBe(1);
    expect(schema.doc()).toBe("doc");
    expect(schema.field("topic_field")!.schema()).toBe(Schema.STRING_SCHEMA);
    expect(schema.field("partition_field")!.schema()).toBe(Schema.OPTIONAL_INT32_SCHEMA);
    expect(schema.field("timestamp_field")!.schema().name()).toBe(Timestamp.LOGICAL_NAME);
    expect(schema.field("timestamp_field")!.schema().isOptional()).toBe(true);
    expect(schema.field("instance_id")!.schema()).toBe(Schema.OPTIONAL_STRING_SCHEMA);
    const v = out.value as Struct;
    expect(v.getInt64("magic")).toBe(42n);
    expect(v.getString("topic_field")).toBe("test");
    expect(v.getInt32("partition_field")).toBe(0);
    expect(v.get("timestamp_field")).toEqual(new Date(1_483_425_001_864));
    expect(v.getString("instance_id")).toBe("my-instance-id");
    // The derived schema is cached for the same input schema.
    expect(t.apply(record).valueSchema).toBe(schema);
  });

  it("inserts into schemaless maps, offset only for sink records", () => {
    const t = configured({ ...ALL, "offset.field": "offset" });
    const record = new SinkRecord({ topic: "test", kafkaPartition: 0, kafkaOffset: 7, value: new Map([["magic", 42n]]), timestamp: 100 });
    const value = t.apply(record).value as Map<string, unknown>;
    expect(value.get("magic")).toBe(42n);
    expect(value.get("topic_field")).toBe("test");
    expect(value.get("partition_field")).toBe(0);
    expect(value.get("offset")).toBe(7n);
    expect(value.get("timestamp_field")).toBe(100n);
    const source = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", value: {} });
    expect(() => t.apply(source)).toThrow("Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord");
  });

  it("passes tombstones and null keys through", () => {
    const t = configured(ALL);
    const tombstone = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", valueSchema: SIMPLE, value: null });
    expect(t.apply(tombstone)).toBe(tombstone);
    const k = configured(ALL, KEY);
    const nullKey = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", value: 1 });
    expect(k.apply(nullKey)).toBe(nullKey);
  });

  it("rejects non-map schemaless values", () => {
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", value: 42 });
    expect(() => configured(ALL).apply(record)).toThrow(
      "Only Map objects supported in absence of schema for [field insertion], found: java.lang.Integer",
    );
  });

  it("keeps null or the default per replace.null.with.default", () => {
    const schema = SchemaBuilder.struct().field("a", SchemaBuilder.string().optional().defaultValue("dflt").build()).build();
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", valueSchema: schema, value: new Struct(schema) });
    expect((configured({ "topic.field": "t" }).apply(record).value as Struct).getWithoutDefault("a")).toBe("dflt");
    const keepNull = configured({ "topic.field": "t", "replace.null.with.default": "false" });
    expect((keepNull.apply(record).value as Struct).getWithoutDefault("a")).toBeNull();
  });
});
