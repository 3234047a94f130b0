import { describe, expect, it } from "vitest";
import { DataError } from "./errors";
import { BigDecimal } from "./data/big-decimal";
import { ConnectDate, Decimal } from "./data/logical-types";
import { Schema } from "./data/schema";
import { SchemaAndValue } from "./data/schema-and-value";
import { SchemaBuilder } from "./data/schema-builder";
import { Struct } from "./data/struct";
import { Header, Headers } from "./headers";

describe("Headers", () => {
  it("keeps order and duplicates", () => {
    const h = new Headers().addString("a", "1").addInt("b", 2).addString("a", "3");
    expect([...h].map((x) => [x.key, x.value])).toEqual([
      ["a", "1"],
      ["b", 2],
      ["a", "3"],
    ]);
    expect(h.size).toBe(3);
    expect(h.lastWithName("a")?.value).toBe("3");
    expect(h.lastWithName("zzz")).toBeNull();
    expect(h.allWithName("a").map((x) => x.value)).toEqual(["1", "3"]);
  });

  it("removes and retains the latest", () => {
    const make = () => new Headers().addString("a", "1").addString("b", "x").addString("a", "2").addString("b", "y");
    expect([...make().remove("a")].map((x) => x.value)).toEqual(["x", "y"]);
    expect([...make().retainLatest("a")].map((x) => x.value)).toEqual(["x", "2", "y"]);
    expect([...make().retainLatest()].map((x) => x.value)).toEqual(["2", "y"]);
    expect(make().clear().isEmpty()).toBe(true);
  });

  it("types values with typed adders", () => {
    const h = new Headers()
      .addBoolean("b", true)
      .addByte("i8", 1)
      .addShort("i16", 2)
      .addLong("i64", 3)
      .addFloat("f", 1.5)
      .addDouble("d", 2.5)
      .addBytes("bytes", Buffer.from([1]))
      .addString("null", null)
      .addDecimal("dec", BigDecimal.parse("1.25"))
      .addDate("date", new Date(0));
    expect(h.lastWithName("i64")?.value).toBe(3n);
    expect(h.lastWithName("i64")?.schema).toBe(Schema.INT64_SCHEMA);
    expect(h.lastWithName("null")?.schema).toBe(Schema.OPTIONAL_STRING_SCHEMA);
    expect(h.lastWithName("dec")?.schema?.equals(Decimal.schema(2))).toBe(true);
    expect(h.lastWithName("date")?.schema).toBe(ConnectDate.SCHEMA);
    expect(() => h.addByte("x", 1000)).toThrow(DataError);
    expect(() => h.addDate("x", new Date(5))).toThrow(DataError);
  });

  it("checks schema and value on add", () => {
    expect(() => new Headers().add("k", "v", Schema.INT32_SCHEMA)).toThrow("The value v is not compatible with the schema Schema{INT32}");
    expect(() => new Headers().add("k", null, Schema.INT32_SCHEMA)).toThrow("A null value requires an optional schema but was Schema{INT32}");
    expect(new Headers().add("k", null, null).lastWithName("k")?.value).toBeNull();
    expect(new Headers().add("k", new SchemaAndValue(Schema.INT32_SCHEMA, 5)).lastWithName("k")?.value).toBe(5);
    expect(() => new Headers().addList("k", [1], Schema.STRING_SCHEMA)).toThrow("Expecting ARRAY but instead found STRING");
  });

  it("gives a struct value its schema", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    const h = new Header("s", new SchemaAndValue(null, new Struct(schema).put("a", 1)));
    expect(h.schema).toBe(schema);
  });

  it("applies transforms, duplicates and compares", () => {
    const h = new Headers().addString("a", "1").addString("b", "2");
    const copy = h.duplicate();
    h.apply("a", (x) => x.with(Schema.STRING_SCHEMA, "one")).apply((x) => (x.key === "b" ? null : x.rename("A")));
    expect([...h].map((x) => [x.key, x.value])).toEqual([["A", "one"]]);
    expect([...copy].map((x) => x.value)).toEqual(["1", "2"]);
    expect(copy.equals(new Headers().addString("a", "1").addString("b", "2"))).toBe(true);
    expect(copy.equals(h)).toBe(false);
  });
});
