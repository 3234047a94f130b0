import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, SinkRecord, Struct } from "../../api";
import { ValueToKey } from "./value-to-key";

function configured(fields: string): ValueToKey {
  const t = new ValueToKey();
  t.configure({ fields });
  return t;
}

describe("ValueToKey", () => {
  it("builds a schemaless key map", () => {
    const value = new Map<string, unknown>([["a", 1], ["b", 2], ["c", 3]]);
    const out = configured("a,b").apply(new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, value }));
    expect(out.keySchema).toBeNull();
    expect(out.key).toEqual(new Map([["a", 1], ["b", 2]]));
  });

  it("builds a struct key with the value fields' schemas", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).field("b", Schema.INT32_SCHEMA).field("c", Schema.INT32_SCHEMA).build();
    const value = new Struct(schema).put("a", 1).put("b", 2).put("c", 3);
    const t = configured("a,b");
    const out = t.apply(new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, valueSchema: schema, value }));
    expect(out.keySchema!.fields().map((f) => f.name())).toEqual(["a", "b"]);
    expect((out.key as Struct).getInt32("b")).toBe(2);
    expect(out.value).toBe(value);
  });

  it("fails on a field the value does not have", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    const value = new Struct(schema).put("a", 1);
    expect(() => configured("not_exist").apply(new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, valueSchema: schema, value }))).toThrow(
      "Field does not exist: not_exist",
    );
  });
});
