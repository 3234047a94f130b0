import { describe, expect, it } from "vitest";
import { BigDecimal } from "./big-decimal";
import { ConnectDate, Decimal, Time, Timestamp } from "./logical-types";
import { Schema, type Schema as SchemaT } from "./schema";
import { SchemaAndValue } from "./schema-and-value";
import { SchemaBuilder } from "./schema-builder";
import { Struct } from "./struct";
import { Values } from "./values";

function parsed(text: string): [string | null, unknown] {
  const r = Values.parseString(text);
  return [r.schema?.toString() ?? null, r.value];
}

describe("Values.parseString", () => {
  it("infers scalars", () => {
    expect(parsed("true")).toEqual(["Schema{BOOLEAN}", true]);
    expect(parsed("false")).toEqual(["Schema{BOOLEAN}", false]);
    expect(Values.parseString("null")).toBe(SchemaAndValue.NULL);
    expect(parsed("42")).toEqual(["Schema{INT8}", 42]);
    expect(parsed("-129")).toEqual(["Schema{INT16}", -129]);
    expect(parsed("70000")).toEqual(["Schema{INT32}", 70000]);
    expect(parsed("3000000000")).toEqual(["Schema{INT64}", 3000000000n]);
    expect(parsed("9223372036854775807")).toEqual(["Schema{INT64}", 9223372036854775807n]);
    expect(parsed("1.0")).toEqual(["Schema{INT8}", 1]);
    expect(parsed("3.14")).toEqual(["Schema{FLOAT32}", Math.fround(3.14)]);
    expect(parsed("1e300")).toEqual(["Schema{FLOAT64}", 1e300]);
    expect(Values.parseString("1e400").schema?.equals(Decimal.schema(-400))).toBe(true);
    expect(parsed("1.5e300")).toEqual(["Schema{FLOAT64}", 1.5e300]);
    const big = Values.parseString("99999999999999999999");
    expect(big.schema?.equals(Decimal.schema(0))).toBe(true);
    expect(big.value).toEqual(new BigDecimal(99999999999999999999n, 0));
  });

  it("treats anything else as a string", () => {
    expect(parsed("hello world")).toEqual(["Schema{STRING}", "hello world"]);
    expect(parsed("")).toEqual(["Schema{STRING}", ""]);
    expect(parsed("  ")).toEqual(["Schema{STRING}", "  "]);
    expect(parsed("true}")).toEqual(["Schema{STRING}", "true}"]);
    expect(parsed("[a,b]")).toEqual(["Schema{STRING}", "[a,b]"]);
    expect(parsed("{a:1}")).toEqual(["Schema{STRING}", "{a:1}"]);
    expect(parsed("[1,2")).toEqual(["Schema{STRING}", "[1,2"]);
  });

  it("parses only the first token of a top-level number, as Kafka does", () => {
    expect(parsed("123, abc")).toEqual(["Schema{INT8}", 123]);
  });

  it("infers arrays with a common element type", () => {
    const ints = Values.parseString("[1, 2, 300]");
    expect(ints.schema?.equals(SchemaBuilder.array(Schema.INT16_SCHEMA).build())).toBe(true);
    expect(ints.value).toEqual([1, 2, 300]);
    const mixed = Values.parseString("[1, 2.5]");
    expect(mixed.schema?.valueSchema()?.type()).toBe("FLOAT32");
    expect(mixed.value).toEqual([1, 2.5]);
    const strings = Values.parseString('["a", "b,c"]');
    expect(strings.schema?.valueSchema()?.type()).toBe("STRING");
    expect(strings.value).toEqual(["a", "b,c"]);
    // A null cannot be aligned to the (required) inferred element schema: Kafka falls back to the string.
    expect(parsed('["a", null]')).toEqual(["Schema{STRING}", '["a", null]']);
    expect(parsed("[null, null]")[1]).toEqual([null, null]);
    const none = Values.parseString("[]");
    expect(none.schema?.type()).toBe("ARRAY");
    expect(none.schema?.valueSchema()).toBeNull();
    const nested = Values.parseString("[[1],[2]]");
    expect(nested.schema?.valueSchema()?.type()).toBe("ARRAY");
    expect(nested.value).toEqual([[1], [2]]);
  });

  it("infers maps", () => {
    const m = Values.parseString('{"a": 1, "b": 2}');
    expect(m.schema?.equals(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build())).toBe(true);
    expect(m.value).toEqual(
      new Map([
        ["a", 1],
        ["b", 2],
      ]),
    );
    const mixedValues = Values.parseString('{"a": 1, "b": "x"}');
    expect(mixedValues.schema?.keySchema()?.type()).toBe("STRING");
    expect(mixedValues.schema?.valueSchema()).toBeNull();
  });

  it("infers ISO-8601 dates and times", () => {
    expect(Values.parseString("2024-01-15").schema).toBe(ConnectDate.SCHEMA);
    expect(Values.parseString("2024-01-15").value).toEqual(new Date(Date.UTC(2024, 0, 15)));
    expect(Values.parseString("12:34:56.789Z").schema).toBe(Time.SCHEMA);
    expect(Values.parseString("12:34:56.789Z").value).toEqual(new Date(45296789));
    expect(Values.parseString("2024-01-15T12:34:56.789Z").schema).toBe(Timestamp.SCHEMA);
    expect(Values.parseString("2024-01-15T12:34:56.789Z").value).toEqual(new Date(Date.UTC(2024, 0, 15, 12, 34, 56, 789)));
    expect(Values.parseString('["2024-01-15"]').schema?.valueSchema()).toBe(ConnectDate.SCHEMA);
  });
});

describe("Values.convertToString", () => {
  const cases: [SchemaT | null, unknown, string][] = [
    [Schema.STRING_SCHEMA, "plain", "plain"],
    [Schema.INT32_SCHEMA, 42, "42"],
    [Schema.INT64_SCHEMA, 9223372036854775807n, "9223372036854775807"],
    [Schema.FLOAT32_SCHEMA, Math.fround(3.14), "3.14"],
    [Schema.FLOAT64_SCHEMA, 1, "1.0"],
    [Schema.BOOLEAN_SCHEMA, true, "true"],
    [Schema.BYTES_SCHEMA, Buffer.from("hi"), "aGk="],
    [null, ["a", 'q"b', null, 1], '["a","q\\"b",null,1]'],
    [null, new Map<unknown, unknown>([["k", "v"], ["n", 1.5]]), '{"k":"v","n":1.5}'],
    [Decimal.schema(2), BigDecimal.parse("1.50"), "1.50"],
    [ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 15)), "2024-01-15"],
    [Time.SCHEMA, new Date(45296789), "12:34:56.789Z"],
    [Timestamp.SCHEMA, new Date(Date.UTC(2024, 0, 15, 12, 34, 56, 789)), "2024-01-15T12:34:56.789Z"],
  ];

  it.each(cases)("%s %s", (schema, value, expected) => {
    expect(Values.convertToString(schema, value)).toBe(expected);
  });

  it("writes structs as maps of quoted field names", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
    expect(Values.convertToString(schema, new Struct(schema).put("a", 1).put("b", "x"))).toBe('{"a":1,"b":"x"}');
  });

  it("round-trips through parseString", () => {
    for (const text of ['[1,2,3]', '{"a":true}', "2024-01-15", "hello", "-5"]) {
      const r = Values.parseString(text);
      expect(Values.convertToString(r.schema, r.value)).toBe(text);
    }
  });
});

describe("Values conversions", () => {
  it("convert between types", () => {
    expect(Values.convertToInteger(null, "42")).toBe(42);
    expect(Values.convertToLong(null, 1.9)).toBe(1n);
    expect(Values.convertToByte(null, 300)).toBe(44);
    expect(Values.convertToBoolean(null, "true")).toBe(true);
    expect(Values.convertToBoolean(null, 0)).toBe(false);
    expect(Values.convertToDouble(null, "1.5")).toBe(1.5);
    expect(Values.convertToFloat(null, 0.1)).toBe(Math.fround(0.1));
    expect(Values.convertToDecimal(null, 1.5, 1)).toEqual(BigDecimal.parse("1.5"));
    expect(Values.convertToList(null, "[1,2]")).toEqual([1, 2]);
    expect(Values.convertToTimestamp(null, 5)).toEqual(new Date(5));
    expect(() => Values.convertToInteger(null, "abc")).toThrow("Unable to convert abc (string) to a number");
  });

  it("infers schemas of schemaless values", () => {
    expect(Values.inferSchema("s")).toBe(Schema.STRING_SCHEMA);
    expect(Values.inferSchema(1)).toBe(Schema.INT32_SCHEMA);
    expect(Values.inferSchema(2 ** 40)).toBe(Schema.INT64_SCHEMA);
    expect(Values.inferSchema(1.5)).toBe(Schema.FLOAT64_SCHEMA);
    expect(Values.inferSchema([1, null])?.equals(SchemaBuilder.array(SchemaBuilder.int32().optional().build()).build())).toBe(true);
    expect(Values.inferSchema([1, "a"])).toBeNull();
    expect(Values.inferSchema([])).toBeNull();
    expect(Values.inferSchema({ a: true })?.equals(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.BOOLEAN_SCHEMA).build())).toBe(true);
    expect(Values.inferSchema(new Date())).toBeNull();
  });
});
