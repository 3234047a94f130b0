import { describe, expect, it } from "vitest";
import {
  BigDecimal,
  ConfigError,
  ConnectDate,
  DataError,
  Decimal,
  MILLIS_PER_DAY,
  Schema,
  SchemaBuilder,
  SourceRecord,
  Struct,
  Time,
  Timestamp,
} from "../../api";
import { Cast, castPlugins } from "./cast";
import { KEY, VALUE, type RecordSide } from "./util";

function cast(props: Record<string, string>, side: RecordSide = VALUE): Cast {
  const t = new Cast(side);
  t.configure(props);
  return t;
}

const rec = (valueSchema: Schema | null, value: unknown) =>
  new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "topic", kafkaPartition: 0, valueSchema, value });
const keyRec = (keySchema: Schema | null, key: unknown) =>
  new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "topic", kafkaPartition: 0, keySchema, key, valueSchema: null, value: null });

describe("Cast config", () => {
  it("requires at least one cast", () => {
    expect(() => cast({ spec: "" })).toThrow(new ConfigError("Must specify at least one field to cast."));
    expect(() => cast({})).toThrow(ConfigError);
  });

  it("rejects unknown types", () => {
    expect(() => cast({ spec: "foo:faketype" })).toThrow(new ConfigError("Invalid type found in casting spec: faketype"));
    expect(() => cast({ spec: "faketype" })).toThrow(ConfigError);
  });

  it("rejects target types Cast cannot produce", () => {
    const supported = "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]";
    expect(() => cast({ spec: "foo:array" })).toThrow(new ConfigError(`Cast transformation does not support casting to ARRAY; supported types are ${supported}`));
    expect(() => cast({ spec: "foo:bytes" })).toThrow(new ConfigError(`Cast transformation does not support casting to BYTES; supported types are ${supported}`));
    expect(() => cast({ spec: "bytes" })).toThrow(ConfigError);
  });

  it("rejects malformed pairs and a whole-value cast mixed with field casts", () => {
    expect(() => cast({ spec: "foo:int8:extra" })).toThrow(
      "Invalid value [foo:int8:extra] for configuration renames: Invalid rename mapping: foo:int8:extra",
    );
    expect(() => cast({ spec: "foo:int8,int32" })).toThrow(
      new ConfigError("Cast transformations that specify a type to cast the entire value to may ony specify a single cast in their spec"),
    );
  });

  it("is registered as Cast$Key and Cast$Value", () => {
    expect(castPlugins.map((p) => p.className)).toEqual(["org.apache.kafka.connect.transforms.Cast$Key", "org.apache.kafka.connect.transforms.Cast$Value"]);
  });
});

describe("Cast whole value", () => {
  it("passes null values through", () => {
    const withSchema = rec(Schema.OPTIONAL_INT32_SCHEMA, null);
    expect(cast({ spec: "int8" }).apply(withSchema)).toBe(withSchema);
    const schemaless = rec(null, null);
    expect(cast({ spec: "int8" }).apply(schemaless)).toBe(schemaless);
  });

  it("casts the key with a schema", () => {
    const out = cast({ spec: "int8" }, KEY).apply(keyRec(Schema.INT32_SCHEMA, 42));
    expect(out.keySchema!.type()).toBe("INT8");
    expect(out.key).toBe(42);
  });

  it.each([
    ["int8", "INT8", 42],
    ["int16", "INT16", 42],
    ["int32", "INT32", 42],
    ["int64", "INT64", 42n],
    ["float32", "FLOAT32", 42],
    ["float64", "FLOAT64", 42],
    ["boolean", "BOOLEAN", true],
    ["string", "STRING", "42"],
  ])("casts an int32 value with schema to %s", (spec, type, expected) => {
    const out = cast({ spec }).apply(rec(Schema.INT32_SCHEMA, 42));
    expect(out.valueSchema!.type()).toBe(type);
    expect(out.value).toEqual(expected);
  });

  it("casts 0 to false and keeps optionality and the cast default", () => {
    expect(cast({ spec: "boolean" }).apply(rec(Schema.INT32_SCHEMA, 0)).value).toBe(false);
    const schema = SchemaBuilder.int32().optional().defaultValue(42).build();
    const out = cast({ spec: "int8" }).apply(rec(schema, 42));
    expect(out.valueSchema!.isOptional()).toBe(true);
    expect(out.valueSchema!.defaultValue()).toBe(42);
    expect(out.valueSchema!.type()).toBe("INT8");
  });

  it("narrows like Java", () => {
    expect(cast({ spec: "int8" }).apply(rec(Schema.INT32_SCHEMA, 300)).value).toBe(44);
    expect(cast({ spec: "int16" }).apply(rec(Schema.INT64_SCHEMA, 70000n)).value).toBe(4464);
    // A double goes through (int) first, which saturates.
    expect(cast({ spec: "int8" }).apply(rec(Schema.FLOAT64_SCHEMA, 3e9)).value).toBe(-1);
    expect(cast({ spec: "int64" }).apply(rec(Schema.FLOAT64_SCHEMA, -42.9)).value).toBe(-42n);
    expect(cast({ spec: "float32" }).apply(rec(Schema.FLOAT64_SCHEMA, 0.1)).value).toBe(Math.fround(0.1));
  });

  it("casts strings, and reports unparsable ones as out of range", () => {
    expect(cast({ spec: "int32" }).apply(rec(Schema.STRING_SCHEMA, "42")).value).toBe(42);
    expect(cast({ spec: "float64" }).apply(rec(Schema.STRING_SCHEMA, "42.5")).value).toBe(42.5);
    expect(cast({ spec: "boolean" }).apply(rec(Schema.STRING_SCHEMA, "TRUE")).value).toBe(true);
    expect(cast({ spec: "boolean" }).apply(rec(Schema.STRING_SCHEMA, "yes")).value).toBe(false);
    expect(() => cast({ spec: "int8" }).apply(rec(Schema.STRING_SCHEMA, "300"))).toThrow(
      new DataError("Value (300) was out of range for requested data type"),
    );
    expect(() => cast({ spec: "int32" }).apply(rec(Schema.STRING_SCHEMA, "abc"))).toThrow("Value (abc) was out of range for requested data type");
  });

  it("casts logical values to strings in Kafka's forms", () => {
    expect(cast({ spec: "string" }).apply(rec(Timestamp.SCHEMA, new Date(MILLIS_PER_DAY + 1))).value).toBe("1970-01-02T00:00:00.001Z");
    expect(cast({ spec: "string" }).apply(rec(Decimal.schema(0), new BigDecimal(42n, 0))).value).toBe("42");
  });

  it("casts bytes only to string (base64)", () => {
    expect(cast({ spec: "string" }).apply(rec(Schema.BYTES_SCHEMA, new Uint8Array([1, 2, 3]))).value).toBe("AQID");
    expect(() => cast({ spec: "int32" }).apply(rec(Schema.BYTES_SCHEMA, new Uint8Array([1])))).toThrow(
      new DataError("Unexpected type in Cast transformation: class [B"),
    );
  });

  it.each([
    ["int8", 42],
    ["int16", 42],
    ["int32", 42],
    ["int64", 42n],
    ["float32", 42],
    ["float64", 42],
    ["boolean", true],
    ["string", "42"],
  ])("casts a schemaless value to %s", (spec, expected) => {
    const out = cast({ spec }).apply(rec(null, 42));
    expect(out.valueSchema).toBeNull();
    expect(out.value).toEqual(expected);
  });

  it("rejects schemaless values it cannot cast from", () => {
    expect(() => cast({ spec: "int8" }).apply(rec(null, ["foo"]))).toThrow(
      new DataError("Cast transformation does not support casting from ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]"),
    );
    expect(() => cast({ spec: "int8" }).apply(rec(null, new Date(0)))).toThrow(
      new DataError("Cast transformation was passed a value of type class java.util.Date which is not supported by Connect's data API"),
    );
  });

  it("rejects a struct when a whole-value cast has a schema", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    expect(() => cast({ spec: "int8" }).apply(rec(schema, new Struct(schema).put("a", 1)))).toThrow("Cast transformation does not support casting from STRUCT");
  });
});

describe("Cast fields", () => {
  it("casts logical fields to primitives", () => {
    const schema = SchemaBuilder.struct()
      .field("date_to_int32", ConnectDate.SCHEMA)
      .field("timestamp_to_int64", Timestamp.SCHEMA)
      .field("time_to_int64", Time.SCHEMA)
      .field("decimal_to_int32", Decimal.schema(2))
      .field("timestamp_to_float64", Timestamp.SCHEMA)
      .field("null_timestamp_to_int32", Timestamp.builder().optional().build())
      .build();
    const day = new Date(MILLIS_PER_DAY);
    const value = new Struct(schema)
      .put("date_to_int32", day)
      .put("timestamp_to_int64", new Date(0))
      .put("time_to_int64", new Date(1))
      .put("decimal_to_int32", new BigDecimal(1234n, 2))
      .put("timestamp_to_float64", new Date(Number.MAX_SAFE_INTEGER > 1e15 ? 1e15 : 0));
    const t = cast({
      spec: "date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,decimal_to_int32:int32,timestamp_to_float64:float64,null_timestamp_to_int32:int32",
    });
    const out = t.apply(rec(schema, value)).value as Struct;
    expect(out.get("date_to_int32")).toBe(1);
    expect(out.get("timestamp_to_int64")).toBe(0n);
    expect(out.get("time_to_int64")).toBe(1n);
    expect(out.get("decimal_to_int32")).toBe(12);
    expect(out.get("timestamp_to_float64")).toBe(1e15);
    expect(out.get("null_timestamp_to_int32")).toBeNull();
    const outSchema = out.schema();
    expect(outSchema.field("date_to_int32")!.schema().type()).toBe("INT32");
    expect(outSchema.field("date_to_int32")!.schema().name()).toBeNull();
    expect(outSchema.field("null_timestamp_to_int32")!.schema().isOptional()).toBe(true);
  });

  it("casts logical fields to strings", () => {
    const schema = SchemaBuilder.struct()
      .field("date", ConnectDate.SCHEMA)
      .field("time", Time.SCHEMA)
      .field("timestamp", Timestamp.SCHEMA)
      .field("decimal", Decimal.schema(2))
      .build();
    const value = new Struct(schema)
      .put("date", new Date(MILLIS_PER_DAY))
      .put("time", new Date(1))
      .put("timestamp", new Date(MILLIS_PER_DAY + 1))
      .put("decimal", new BigDecimal(1234n, 2));
    const out = cast({ spec: "date:string,time:string,timestamp:string,decimal:string" }).apply(rec(schema, value)).value as Struct;
    expect(out.get("date")).toBe("1970-01-02");
    expect(out.get("time")).toBe("00:00:00.001Z");
    expect(out.get("timestamp")).toBe("1970-01-02T00:00:00.001Z");
    expect(out.get("decimal")).toBe("12.34");
  });

  it("casts struct fields, keeping the others, optionals and defaults", () => {
    const schema = SchemaBuilder.struct()
      .field("int8", Schema.INT8_SCHEMA)
      .field("int16", Schema.INT16_SCHEMA)
      .field("int32", Schema.INT32_SCHEMA)
      .field("int64", Schema.INT64_SCHEMA)
      .field("float32", Schema.FLOAT32_SCHEMA)
      .field("float64", Schema.FLOAT64_SCHEMA)
      .field("boolean", Schema.BOOLEAN_SCHEMA)
      .field("string", Schema.STRING_SCHEMA)
      .field("bigdecimal", Decimal.schema(0))
      .field("optional", Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field("withdefault", SchemaBuilder.int32().optional().defaultValue(7).build())
      .field("bytes", Schema.BYTES_SCHEMA)
      .field("timestamp", Timestamp.SCHEMA)
      .build();
    const value = new Struct(schema)
      .put("int8", 8)
      .put("int16", 16)
      .put("int32", 32)
      .put("int64", 64n)
      .put("float32", 32)
      .put("float64", -64)
      .put("boolean", true)
      .put("string", "42")
      .put("bigdecimal", new BigDecimal(42n, 0))
      .put("optional", null)
      .put("withdefault", null)
      .put("bytes", new Uint8Array([104, 105]))
      .put("timestamp", new Date(0));
    const t = cast({
      spec: "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32,bigdecimal:string,optional:int32,withdefault:string,bytes:string",
    });
    const out = t.apply(rec(schema, value));
    const v = out.value as Struct;
    expect(v.get("int8")).toBe(8);
    expect(v.get("int16")).toBe(16);
    expect(v.get("int32")).toBe(32n);
    expect(v.get("int64")).toBe(true);
    expect(v.get("float32")).toBe(32);
    expect(v.get("float64")).toBe(true);
    expect(v.get("boolean")).toBe(1);
    expect(v.get("string")).toBe(42);
    expect(v.get("bigdecimal")).toBe("42");
    expect(v.get("optional")).toBeNull();
    expect(v.get("withdefault")).toBe("7");
    expect(v.get("bytes")).toBe("aGk=");
    // Not in the spec: value and schema unchanged.
    expect(v.get("timestamp")).toEqual(new Date(0));
    const s = out.valueSchema!;
    expect(s.field("int8")!.schema().type()).toBe("INT16");
    expect(s.field("optional")!.schema().isOptional()).toBe(true);
    expect(s.field("optional")!.schema().type()).toBe("INT32");
    expect(s.field("withdefault")!.schema().defaultValue()).toBe("7");
    expect(s.field("timestamp")!.schema()).toBe(Timestamp.SCHEMA);
  });

  it("keeps null without the default when replace.null.with.default=false", () => {
    const schema = SchemaBuilder.struct().field("a", SchemaBuilder.int32().optional().defaultValue(7).build()).build();
    const value = new Struct(schema).put("a", null);
    const out = cast({ spec: "a:string", "replace.null.with.default": "false" }).apply(rec(schema, value)).value as Struct;
    expect(out.getWithoutDefault("a")).toBeNull();
  });

  it("caches the derived schema per input schema", () => {
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    const t = cast({ spec: "a:int64" });
    const one = t.apply(rec(schema, new Struct(schema).put("a", 1)));
    const two = t.apply(rec(schema, new Struct(schema).put("a", 2)));
    expect(two.valueSchema).toBe(one.valueSchema);
    expect((two.value as Struct).get("a")).toBe(2n);
  });

  it("requires a struct schema and a struct when there is a schema", () => {
    // As in Kafka, the schema is derived first.
    expect(() => cast({ spec: "a:int64" }).apply(rec(Schema.INT32_SCHEMA, 1))).toThrow("Cannot list fields on non-struct type");
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    expect(() => cast({ spec: "a:int64" }).apply(rec(schema, 1))).toThrow("Only Struct objects supported for [cast types], found: java.lang.Integer");
  });

  it("casts schemaless map fields, keeping the map kind", () => {
    const input = new Map<string, unknown>([
      ["int8", 8],
      ["int16", 16],
      ["int32", 32],
      ["int64", 64n],
      ["float32", 32.5],
      ["boolean", true],
      ["string", "42"],
      ["other", "x"],
    ]);
    const t = cast({ spec: "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,boolean:int8,string:int32,missing:int32" });
    const out = t.apply(rec(null, input)).value as Map<string, unknown>;
    expect(out).toBeInstanceOf(Map);
    expect(out.get("int8")).toBe(8);
    expect(out.get("int32")).toBe(32n);
    expect(out.get("int64")).toBe(true);
    expect(out.get("float32")).toBe(32.5);
    expect(out.get("boolean")).toBe(1);
    expect(out.get("string")).toBe(42);
    expect(out.get("other")).toBe("x");
    expect(out.has("missing")).toBe(true);
    expect(out.get("missing")).toBeNull();
    // The input is left alone.
    expect(input.get("int32")).toBe(32);

    const plain = t.apply(rec(null, { int8: 8, other: 1 })).value as Record<string, unknown>;
    expect(plain).toEqual({ int8: 8, other: 1, int16: null, int32: null, int64: null, float32: null, boolean: null, string: null, missing: null });
  });

  it("requires a map when schemaless", () => {
    expect(() => cast({ spec: "a:int64" }).apply(rec(null, 1))).toThrow("Only Map objects supported in absence of schema for [cast types], found: java.lang.Integer");
  });
});
