import { describe, expect, it } from "vitest";
import { BigDecimal, ConnectDate, Decimal, Schema, SchemaAndValue, SchemaBuilder, Timestamp } from "../../api";
import { SimpleHeaderConverter, simpleHeaderConverterPlugin } from "./simple-header-converter";
import { candidateAliases } from "../registry";

const c = new SimpleHeaderConverter();
const read = (text: string) => c.toConnectHeader("t", "h", Buffer.from(text, "utf8"));
const write = (schema: Parameters<SimpleHeaderConverter["fromConnectHeader"]>[2], value: unknown) =>
  c.fromConnectHeader("t", "h", schema, value)?.toString("utf8") ?? null;

describe("SimpleHeaderConverter", () => {
  it("infers types when reading", () => {
    expect(read("true")).toEqual(new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true));
    expect(read("42").schema).toBe(Schema.INT8_SCHEMA);
    expect(read("1000").schema).toBe(Schema.INT16_SCHEMA);
    expect(read("100000").schema).toBe(Schema.INT32_SCHEMA);
    expect(read("10000000000").value).toBe(10000000000n);
    expect(read("2.5").schema).toBe(Schema.FLOAT32_SCHEMA);
    expect(read("[1,2]").value).toEqual([1, 2]);
    expect(read('{"a":"b"}').value).toEqual(new Map([["a", "b"]]));
    expect(read("2024-03-01").schema).toBe(ConnectDate.SCHEMA);
    expect(read("some text")).toEqual(new SchemaAndValue(Schema.STRING_SCHEMA, "some text"));
    expect(read("")).toEqual(new SchemaAndValue(Schema.STRING_SCHEMA, ""));
    expect(c.toConnectHeader("t", "h", null)).toBe(SchemaAndValue.NULL);
  });

  it("writes string forms", () => {
    expect(write(Schema.STRING_SCHEMA, "x")).toBe("x");
    expect(write(Schema.INT32_SCHEMA, 5)).toBe("5");
    expect(write(Schema.FLOAT32_SCHEMA, Math.fround(0.1))).toBe("0.1");
    expect(write(SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ["a", "b"])).toBe('["a","b"]');
    expect(write(Decimal.schema(1), BigDecimal.parse("2.5"))).toBe("2.5");
    expect(write(Timestamp.SCHEMA, new Date(Date.UTC(2024, 2, 1, 1, 2, 3, 4)))).toBe("2024-03-01T01:02:03.004Z");
    expect(write(null, null)).toBeNull();
  });

  it("round-trips values", () => {
    for (const [schema, value] of [
      [Schema.BOOLEAN_SCHEMA, false],
      [Schema.INT8_SCHEMA, -5],
      [Schema.STRING_SCHEMA, "hello"],
      [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([["k", 1]])],
    ] as const) {
      const back = c.toConnectHeader("t", "h", c.fromConnectHeader("t", "h", schema, value));
      expect(back.schema?.equals(schema)).toBe(true);
      expect(back.value).toEqual(value);
    }
  });

  it("is a header converter only", () => {
    expect(simpleHeaderConverterPlugin.types).toEqual(["header_converter"]);
    expect(candidateAliases(simpleHeaderConverterPlugin.className, simpleHeaderConverterPlugin.types)).toEqual(["SimpleHeaderConverter", "Simple"]);
    expect(c.config().names()).toEqual([]);
  });
});
