import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, SinkRecord, Struct } from "../../api";
import { Flatten } from "./flatten";
import { VALUE } from "./util";

function configured(props: Record<string, string> = {}): Flatten {
  const t = new Flatten(VALUE);
  t.configure(props);
  return t;
}

const rec = (valueSchema: Schema | null, value: unknown) => new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, valueSchema, value });

describe("Flatten", () => {
  it("flattens nested structs with the delimiter", () => {
    const inner = SchemaBuilder.struct().field("int32", Schema.INT32_SCHEMA).field("string", Schema.STRING_SCHEMA).build();
    const mid = SchemaBuilder.struct().field("B", inner).field("arr", SchemaBuilder.array(Schema.INT32_SCHEMA).build()).build();
    const schema = SchemaBuilder.struct().name("top").field("A", mid).build();
    const value = new Struct(schema).put("A", new Struct(mid).put("B", new Struct(inner).put("int32", 8).put("string", "x")).put("arr", [1]));
    const t = configured({ delimiter: "#" });
    const out = t.apply(rec(schema, value));
    expect(out.valueSchema!.name()).toBe("top");
    expect(out.valueSchema!.fields().map((f) => f.name())).toEqual(["A#B#int32", "A#B#string", "A#arr"]);
    const v = out.value as Struct;
    expect(v.get("A#B#int32")).toBe(8);
    expect(v.get("A#arr")).toEqual([1]);
    expect(t.apply(rec(schema, value)).valueSchema).toBe(out.valueSchema);
  });

  it("makes children of optional structs optional and passes null structs", () => {
    const inner = SchemaBuilder.struct().optional().field("f", Schema.STRING_SCHEMA).build();
    const schema = SchemaBuilder.struct().field("s", inner).build();
    const out = configured().apply(rec(schema, new Struct(schema)));
    expect(out.valueSchema!.field("s.f")!.schema().isOptional()).toBe(true);
    expect((out.value as Struct).get("s.f")).toBeNull();
    const tombstone = rec(schema, null);
    expect(configured().apply(tombstone)).toBe(tombstone);
  });

  it("flattens schemaless maps, keeping arrays", () => {
    const value = new Map<string, unknown>([["A", new Map<string, unknown>([["B", { c: 1 }], ["arr", [1, 2]]])], ["n", null]]);
    const out = configured().apply(rec(null, value)).value as Map<string, unknown>;
    expect([...out.entries()]).toEqual([["A.B.c", 1], ["A.arr", [1, 2]], ["n", null]]);
  });

  it("rejects map fields in schema'd records", () => {
    const schema = SchemaBuilder.struct().field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build()).build();
    expect(() => configured().apply(rec(schema, new Struct(schema).put("m", new Map())))).toThrow(
      "Flatten transformation does not support MAP for record with schemas (for field m).",
    );
  });
});
