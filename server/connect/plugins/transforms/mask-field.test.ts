import { describe, expect, it } from "vitest";
import { BigDecimal, Decimal, Schema, SchemaBuilder, SinkRecord, Struct, Timestamp } from "../../api";
import { MaskField } from "./mask-field";
import { VALUE } from "./util";

function configured(props: Record<string, string>): MaskField {
  const t = new MaskField(VALUE);
  t.configure(props);
  return t;
}

const rec = (value: unknown, valueSchema: Schema | null = null) =>
  new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, value, valueSchema });

const SCHEMA = SchemaBuilder.struct()
  .field("magic", Schema.INT32_SCHEMA)
  .field("bool", Schema.BOOLEAN_SCHEMA)
  .field("byte", Schema.INT8_SCHEMA)
  .field("long", Schema.INT64_SCHEMA)
  .field("float", Schema.FLOAT32_SCHEMA)
  .field("string", Schema.STRING_SCHEMA)
  .field("date", Timestamp.SCHEMA)
  .field("decimal", Decimal.schema(0))
  .field("array", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
  .field("map", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
  .build();

const VALUE_STRUCT = new Struct(SCHEMA)
  .put("magic", 42)
  .put("bool", true)
  .put("byte", 42)
  .put("long", 42n)
  .put("float", 42.5)
  .put("string", "hmm")
  .put("date", new Date())
  .put("decimal", new BigDecimal(42n, 0))
  .put("array", [1, 2, 3])
  .put("map", new Map([["what", "what"]]));

const ALL = "magic,bool,byte,long,float,string,date,decimal,array,map";

describe("MaskField", () => {
  it("requires a non-empty fields list and a non-empty replacement", () => {
    expect(() => configured({})).toThrow('Missing required configuration "fields" which has no default value.');
    expect(() => configured({ fields: "" })).toThrow("Invalid value [] for configuration fields: Empty list");
    expect(() => configured({ fields: "a", replacement: "" })).toThrow("String must be non-empty");
  });

  it("masks struct fields with the empty value of their type", () => {
    const out = configured({ fields: ALL }).apply(rec(VALUE_STRUCT, SCHEMA))!.value as Struct;
    expect(out.get("magic")).toBe(0);
    expect(out.get("bool")).toBe(false);
    expect(out.get("byte")).toBe(0);
    expect(out.get("long")).toBe(0n);
    expect(out.get("float")).toBe(0);
    expect(out.get("string")).toBe("");
    expect(out.get("date")).toEqual(new Date(0));
    expect((out.get("decimal") as BigDecimal).equals(new BigDecimal(0n, 0))).toBe(true);
    expect(out.get("array")).toEqual([]);
    expect(out.get("map")).toEqual(new Map());
  });

  it("masks schemaless values and applies custom replacements", () => {
    const value = new Map<string, unknown>([["magic", 42], ["string", "hmm"], ["long", 7n], ["other", 1]]);
    const out = configured({ fields: "magic,string,long" }).apply(rec(value))!.value as Map<string, unknown>;
    expect([...out.entries()]).toEqual([["magic", 0], ["string", ""], ["long", 0n], ["other", 1]]);
    const replaced = configured({ fields: "magic,string,long", replacement: "123" }).apply(rec(value))!.value as Map<string, unknown>;
    expect(replaced.get("magic")).toBe(123);
    expect(replaced.get("string")).toBe("123");
    expect(replaced.get("long")).toBe(123n);
  });

  it("rejects replacements that do not fit the type", () => {
    expect(() => configured({ fields: "magic", replacement: "foo" }).apply(rec({ magic: 42 }))).toThrow(
      "Unable to convert foo (class java.lang.String) to number",
    );
    expect(() => configured({ fields: "bool", replacement: "foo" }).apply(rec(VALUE_STRUCT, SCHEMA))).toThrow(
      "Cannot mask value of type class java.lang.Boolean with custom replacement.",
    );
  });

  it("leaves null fields null", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.OPTIONAL_STRING_SCHEMA).build();
    const out = configured({ fields: "a" }).apply(rec(new Struct(schema), schema))!.value as Struct;
    expect(out.get("a")).toBeNull();
  });
});
