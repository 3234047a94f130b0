import { describe, expect, it } from "vitest";
import { Schema, SinkRecord, Struct } from "../../api";
import { HoistField } from "./hoist-field";
import { KEY } from "./util";

describe("HoistField", () => {
  const t = new HoistField(KEY);
  t.configure({ field: "magic" });

  it("wraps a schemaless key in a map", () => {
    const out = t.apply(new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, key: 42 }));
    expect(out.keySchema).toBeNull();
    expect(out.key).toEqual(new Map([["magic", 42]]));
  });

  it("wraps a schema'd key in a struct, caching the schema", () => {
    const record = new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, keySchema: Schema.INT32_SCHEMA, key: 42 });
    const out = t.apply(record);
    expect(out.keySchema!.fields().map((f) => [f.name(), f.schema()])).toEqual([["magic", Schema.INT32_SCHEMA]]);
    expect((out.key as Struct).getInt32("magic")).toBe(42);
    expect(t.apply(record).keySchema).toBe(out.keySchema);
  });

  it("requires the field", () => {
    expect(() => new HoistField(KEY).configure({})).toThrow('Missing required configuration "field" which has no default value.');
  });
});
