import { describe, expect, it } from "vitest";
import {
  BigDecimal,
  ConnectDate,
  DataError,
  Decimal,
  Schema,
  SchemaAndValue,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  toConfigKeyInfos,
  type Schema as SchemaT,
} from "../../api";
import { JsonConverter, jsonConverterPlugin } from "./json-converter";
import { candidateAliases } from "../registry";

function converter(configs: Record<string, string> = {}, isKey = false): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, isKey);
  return c;
}

const withSchemas = converter();
const schemaless = converter({ "schemas.enable": "false" });

function write(c: JsonConverter, schema: SchemaT | null, value: unknown): string | null {
  const bytes = c.fromConnectData("topic", null, schema, value);
  return bytes === null ? null : bytes.toString("utf8");
}

function read(c: JsonConverter, json: string): SchemaAndValue {
  return c.toConnectData("topic", null, Buffer.from(json, "utf8"));
}

function roundTrip(schema: SchemaT, value: unknown): SchemaAndValue {
  const bytes = withSchemas.fromConnectData("topic", null, schema, value);
  return withSchemas.toConnectData("topic", null, bytes);
}

describe("JsonConverter envelope bytes", () => {
  const cases: [string, SchemaT, unknown, string][] = [
    ["boolean", Schema.BOOLEAN_SCHEMA, true, '{"schema":{"type":"boolean","optional":false},"payload":true}'],
    ["int8", Schema.INT8_SCHEMA, 12, '{"schema":{"type":"int8","optional":false},"payload":12}'],
    ["int16", Schema.INT16_SCHEMA, -12345, '{"schema":{"type":"int16","optional":false},"payload":-12345}'],
    ["int32", Schema.INT32_SCHEMA, 12, '{"schema":{"type":"int32","optional":false},"payload":12}'],
    ["int64 bigint", Schema.INT64_SCHEMA, 4398046511104n, '{"schema":{"type":"int64","optional":false},"payload":4398046511104}'],
    ["int64 number", Schema.INT64_SCHEMA, 7, '{"schema":{"type":"int64","optional":false},"payload":7}'],
    ["float32", Schema.FLOAT32_SCHEMA, 12.34, '{"schema":{"type":"float","optional":false},"payload":12.34}'],
    ["float32 integral", Schema.FLOAT32_SCHEMA, 2, '{"schema":{"type":"float","optional":false},"payload":2.0}'],
    ["float64", Schema.FLOAT64_SCHEMA, 12.34, '{"schema":{"type":"double","optional":false},"payload":12.34}'],
    ["float64 integral", Schema.FLOAT64_SCHEMA, 1, '{"schema":{"type":"double","optional":false},"payload":1.0}'],
    ["float64 large", Schema.FLOAT64_SCHEMA, 1e21, '{"schema":{"type":"double","optional":false},"payload":1.0E21}'],
    ["float64 small", Schema.FLOAT64_SCHEMA, 0.0001, '{"schema":{"type":"double","optional":false},"payload":1.0E-4}'],
    ["string", Schema.STRING_SCHEMA, "foo", '{"schema":{"type":"string","optional":false},"payload":"foo"}'],
    [
      "bytes",
      Schema.BYTES_SCHEMA,
      Buffer.from("test-string"),
      '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}',
    ],
    ["optional null", Schema.OPTIONAL_STRING_SCHEMA, null, '{"schema":{"type":"string","optional":true},"payload":null}'],
    [
      "array",
      SchemaBuilder.array(Schema.INT32_SCHEMA).build(),
      [1, 2, 3],
      '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}',
    ],
    [
      "map with string keys",
      SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(),
      new Map([
        ["key1", 12],
        ["key2", 15],
      ]),
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"key1":12,"key2":15}}',
    ],
    [
      "map with non-string keys",
      SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(),
      new Map([
        [1, 12],
        [2, 15],
      ]),
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":[[1,12],[2,15]]}',
    ],
    [
      "schema metadata",
      SchemaBuilder.bool().optional().name("bool").version(2).doc("the documentation").parameter("foo", "bar").build(),
      true,
      '{"schema":{"type":"boolean","optional":true,"name":"bool","version":2,"doc":"the documentation","parameters":{"foo":"bar"}},"payload":true}',
    ],
    [
      "default value",
      SchemaBuilder.int32().defaultValue(42).build(),
      7,
      '{"schema":{"type":"int32","optional":false,"default":42},"payload":7}',
    ],
    [
      "null replaced by default",
      SchemaBuilder.string().defaultValue("dflt").build(),
      null,
      '{"schema":{"type":"string","optional":false,"default":"dflt"},"payload":"dflt"}',
    ],
  ];

  it.each(cases)("%s", (_name, schema, value, expected) => {
    expect(write(withSchemas, schema, value)).toBe(expected);
  });

  it("writes the reference's struct example exactly", () => {
    const user = SchemaBuilder.struct()
      .name("com.example.User")
      .version(1)
      .field("id", Schema.INT32_SCHEMA)
      .field("name", Schema.OPTIONAL_STRING_SCHEMA)
      .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
      .field("counts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
      .build();
    const value = new Struct(user)
      .put("id", 1)
      .put("name", "alice")
      .put("tags", ["a", "b"])
      .put("counts", new Map([["x", 2n]]));
    expect(write(withSchemas, user, value)).toBe(
      '{"schema":{"type":"struct","fields":[' +
        '{"type":"int32","optional":false,"field":"id"},' +
        '{"type":"string","optional":true,"field":"name"},' +
        '{"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"},' +
        '{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int64","optional":false},"optional":true,"field":"counts"}' +
        '],"optional":false,"name":"com.example.User","version":1},' +
        '"payload":{"id":1,"name":"alice","tags":["a","b"],"counts":{"x":2}}}',
    );
  });

  it("writes a struct default and unset optional fields as null", () => {
    const inner = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).optional().build();
    const schema = SchemaBuilder.struct().field("s", inner).field("t", Schema.OPTIONAL_STRING_SCHEMA).build();
    expect(write(withSchemas, schema, new Struct(schema))).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],"optional":true,"field":"s"},' +
        '{"type":"string","optional":true,"field":"t"}],"optional":false},"payload":{"s":null,"t":null}}',
    );
  });

  it("writes logical types", () => {
    expect(write(withSchemas, Decimal.schema(2), BigDecimal.parse("12.34"))).toBe(
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"BNI="}',
    );
    expect(write(withSchemas, ConnectDate.SCHEMA, new Date(Date.UTC(2024, 0, 1)))).toBe(
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19723}',
    );
    expect(write(withSchemas, Time.SCHEMA, new Date(14 * 3600_000 + 1))).toBe(
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":50400001}',
    );
    expect(write(withSchemas, Timestamp.SCHEMA, new Date(1_700_000_000_123))).toBe(
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123}',
    );
  });

  it("writes a logical default in its encoded form", () => {
    const schema = Decimal.builder(1).optional().defaultValue(BigDecimal.parse("-1.5")).build();
    expect(write(withSchemas, schema, null)).toBe(
      '{"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"1"},"default":"8Q=="},"payload":"8Q=="}',
    );
  });

  it("writes decimals as numbers with decimal.format=NUMERIC (case-insensitive)", () => {
    const numeric = converter({ "decimal.format": "numeric" });
    expect(write(numeric, Decimal.schema(2), BigDecimal.parse("12.30"))).toBe(
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":12.30}',
    );
    expect(write(numeric, Decimal.schema(10), new BigDecimal(1n, 10))).toContain('"payload":1E-10');
  });

  it("writes INT64 extremes exactly", () => {
    expect(write(withSchemas, Schema.INT64_SCHEMA, 9223372036854775807n)).toBe(
      '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}',
    );
    expect(write(withSchemas, Schema.INT64_SCHEMA, -9223372036854775808n)).toBe(
      '{"schema":{"type":"int64","optional":false},"payload":-9223372036854775808}',
    );
  });

  it("escapes strings as Jackson does", () => {
    expect(write(withSchemas, Schema.STRING_SCHEMA, 'q"b\\s/\n\t\u0001\u001fé€😀')).toBe(
      '{"schema":{"type":"string","optional":false},"payload":"q\\"b\\\\s/\\n\\t\\u0001\\u001Fé€😀"}',
    );
  });

  it("writes non-finite floats as strings", () => {
    expect(write(withSchemas, Schema.FLOAT64_SCHEMA, Number.NaN)).toBe('{"schema":{"type":"double","optional":false},"payload":"NaN"}');
    expect(write(withSchemas, Schema.FLOAT32_SCHEMA, -Infinity)).toBe(
      '{"schema":{"type":"float","optional":false},"payload":"-Infinity"}',
    );
  });

  it("writes a schemaless value with a null schema in the envelope", () => {
    expect(write(withSchemas, null, "x")).toBe('{"schema":null,"payload":"x"}');
    expect(write(withSchemas, null, [1, 2.5, true])).toBe('{"schema":null,"payload":[1,2.5,true]}');
  });

  it("writes null with no schema as a tombstone", () => {
    expect(withSchemas.fromConnectData("t", null, null, null)).toBeNull();
    expect(schemaless.fromConnectData("t", null, null, null)).toBeNull();
  });
});

describe("JsonConverter round trips", () => {
  const nested = SchemaBuilder.struct().name("inner").field("x", Schema.INT64_SCHEMA).field("y", Schema.OPTIONAL_BYTES_SCHEMA).build();
  const complex = SchemaBuilder.struct()
    .name("outer")
    .version(3)
    .doc("outer doc")
    .field("b", Schema.BOOLEAN_SCHEMA)
    .field("i8", Schema.INT8_SCHEMA)
    .field("i16", Schema.INT16_SCHEMA)
    .field("i32", Schema.INT32_SCHEMA)
    .field("i64", Schema.INT64_SCHEMA)
    .field("f32", Schema.FLOAT32_SCHEMA)
    .field("f64", Schema.FLOAT64_SCHEMA)
    .field("s", Schema.STRING_SCHEMA)
    .field("bytes", Schema.BYTES_SCHEMA)
    .field("inner", nested)
    .field("list", SchemaBuilder.array(nested).build())
    .field("map", SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.INT32_SCHEMA).build()).build())
    .field("imap", SchemaBuilder.map(Schema.INT64_SCHEMA, nested).optional().build())
    .field("dec", Decimal.builder(3).optional().build())
    .field("date", ConnectDate.builder().optional().build())
    .field("time", Time.builder().optional().build())
    .field("ts", Timestamp.builder().optional().build())
    .field("withDefault", SchemaBuilder.string().defaultValue("d").build())
    .build();

  it("keeps every type through a nested struct", () => {
    const innerValue = (x: bigint) => new Struct(nested).put("x", x).put("y", Buffer.from([0, 255]));
    const value = new Struct(complex)
      .put("b", true)
      .put("i8", -128)
      .put("i16", 32767)
      .put("i32", -2147483648)
      .put("i64", 9223372036854775807n)
      .put("f32", Math.fround(3.14))
      .put("f64", 2.718281828459045)
      .put("s", "héllo")
      .put("bytes", Buffer.from("abc"))
      .put("inner", innerValue(1n))
      .put("list", [innerValue(2n), innerValue(-3n)])
      .put("map", new Map([["k", [1, 2]]]))
      .put("imap", new Map([[5n, innerValue(5n)]]))
      .put("dec", BigDecimal.parse("-123.456"))
      .put("date", new Date(Date.UTC(2020, 1, 29)))
      .put("time", new Date(3723004))
      .put("ts", new Date(1_600_000_000_000));
    const result = roundTrip(complex, value);
    // The unset field is written as its default, so it comes back set.
    value.put("withDefault", "d");
    expect(result.schema?.equals(complex)).toBe(true);
    expect((result.value as Struct).equals(value)).toBe(true);
    const struct = result.value as Struct;
    expect(struct.getInt64("i64")).toBe(9223372036854775807n);
    expect(struct.get("withDefault")).toBe("d");
    expect(struct.getWithoutDefault("withDefault")).toBe("d");
  });

  it.each([
    [Schema.INT64_SCHEMA, -9223372036854775808n],
    [Schema.INT64_SCHEMA, 9223372036854775807n],
    [Schema.FLOAT64_SCHEMA, 5e-324],
    [Schema.FLOAT32_SCHEMA, Math.fround(1e-40)],
    [Schema.OPTIONAL_INT32_SCHEMA, null],
    [SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build(), ["a", null]],
  ] as const)("round-trips %s %s", (schema, value) => {
    const result = roundTrip(schema, value);
    expect(result.schema?.equals(schema)).toBe(true);
    expect(result.value).toEqual(value);
  });

  it("reads decimals from base64 and from numbers", () => {
    const schema = Decimal.schema(2);
    const envelope = (payload: string) =>
      `{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":${payload}}`;
    expect(read(withSchemas, envelope('"BNI="')).value).toEqual(BigDecimal.parse("12.34"));
    expect((read(withSchemas, envelope("12.34")).value as BigDecimal).equals(BigDecimal.parse("12.34"))).toBe(true);
    // A number keeps its own scale, as Kafka reads it.
    expect((read(withSchemas, envelope("12")).value as BigDecimal).equals(new BigDecimal(12n, 0))).toBe(true);
    expect(() => read(withSchemas, envelope("true"))).toThrow(
      "Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN",
    );
    expect(() => read(withSchemas, envelope('"!!"'))).toThrow("Invalid bytes for Decimal field");
    expect(roundTrip(schema, BigDecimal.parse("-0.01")).value).toEqual(BigDecimal.parse("-0.01"));
  });

  it("reads and writes decimals through NUMERIC", () => {
    const numeric = converter({ "decimal.format": "NUMERIC" });
    const value = BigDecimal.parse("123456789012345678901234567890.12");
    const bytes = numeric.fromConnectData("t", null, Decimal.schema(2), value);
    expect(bytes?.toString()).toContain('"payload":123456789012345678901234567890.12}');
    expect((numeric.toConnectData("t", null, bytes).value as BigDecimal).equals(value)).toBe(true);
  });

  it("rejects a decimal whose scale differs from the schema's", () => {
    expect(() => write(withSchemas, Decimal.schema(3), BigDecimal.parse("1.5"))).toThrow(
      "Decimal value has mismatching scale for given Decimal schema. Schema has scale 3, value has scale 1.",
    );
  });

  it("checks logical values", () => {
    expect(() => write(withSchemas, ConnectDate.SCHEMA, new Date(1))).toThrow(
      "Kafka Connect Date type should not have any time fields set to non-zero values.",
    );
    expect(() => write(withSchemas, ConnectDate.SCHEMA, 5)).toThrow("Invalid type for Date, expected Date but was number 5");
    const dateEnvelope = '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":1.5}';
    expect(() => read(withSchemas, dateEnvelope)).toThrow(
      "Invalid type for Date, underlying representation should be integer but was NUMBER",
    );
  });

  it("reads the envelope of a Timestamp far from now", () => {
    const json =
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":-86400000}';
    expect(read(withSchemas, json).value).toEqual(new Date(-86400000));
  });
});

describe("JsonConverter reading with schemas", () => {
  it("reads INT64 beyond 2^53 without precision loss", () => {
    const r = read(withSchemas, '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}');
    expect(r.value).toBe(9223372036854775807n);
  });

  it("reads a map with non-string keys from pairs", () => {
    const r = read(
      withSchemas,
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"a"],[2,"b"]]}',
    );
    expect(r.value).toEqual(
      new Map([
        [1, "a"],
        [2, "b"],
      ]),
    );
  });

  it("fills defaults for null fields and reports required nulls", () => {
    const json = '{"schema":{"type":"int32","optional":false,"default":5},"payload":null}';
    expect(read(withSchemas, json).value).toBe(5);
    expect(read(converter({ "replace.null.with.default": "false" }), '{"schema":{"type":"int32","optional":true,"default":5},"payload":null}').value).toBeNull();
    expect(() => read(withSchemas, '{"schema":{"type":"int32","optional":false},"payload":null}')).toThrow(
      "Invalid null value for required INT32 field",
    );
  });

  it("reads schema metadata", () => {
    const r = read(
      withSchemas,
      '{"schema":{"type":"string","optional":true,"name":"n","version":7,"doc":"d","parameters":{"p":"v"}},"payload":"x"}',
    );
    const expected = SchemaBuilder.string().optional().name("n").version(7).doc("d").parameter("p", "v").build();
    expect(r.schema?.equals(expected)).toBe(true);
  });

  it("treats a null schema as schemaless", () => {
    const r = read(withSchemas, '{"schema":null,"payload":{"a":[1,2.0]}}');
    expect(r.schema).toBeNull();
    expect(r.value).toEqual(new Map([["a", [1n, 2]]]));
  });

  it("reads tombstones", () => {
    expect(withSchemas.toConnectData("t", null, null)).toBe(SchemaAndValue.NULL);
  });

  it("rejects bad envelopes with Kafka's message", () => {
    const message =
      'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
    for (const json of ['{"a":1}', '{"schema":null}', '{"schema":null,"payload":1,"x":2}', "[1]", "42", '"s"', "", "  "]) {
      expect(() => read(withSchemas, json)).toThrow(message);
    }
  });

  it("wraps malformed JSON in a DataError", () => {
    for (const json of ["{", '{"a":}', "nul", "[1,]", "{'a':1}", "\u0000"]) {
      let error: unknown;
      try {
        read(withSchemas, json);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toBe("Converting byte[] to Kafka Connect data failed due to serialization error: ");
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });

  it("reports bad schemas", () => {
    expect(() => read(withSchemas, '{"schema":{"optional":false},"payload":1}')).toThrow("Schema must contain 'type' field");
    expect(() => read(withSchemas, '{"schema":{"type":"nope"},"payload":1}')).toThrow("Unknown schema type: nope");
    expect(() => read(withSchemas, '{"schema":{"type":"array"},"payload":[]}')).toThrow("Array schema did not specify the element type");
    expect(() => read(withSchemas, '{"schema":{"type":"map","keys":{"type":"string"}},"payload":{}}')).toThrow(
      "Map schema did not specify the value type",
    );
    expect(() => read(withSchemas, '{"schema":{"type":"struct","fields":{}},"payload":{}}')).toThrow(
      'Struct schema\'s "fields" argument is not an array.',
    );
    expect(() => read(withSchemas, '{"schema":{"type":"struct","fields":[{"type":"int8"}]},"payload":{}}')).toThrow(
      "Struct schema's field name not specified properly",
    );
    expect(() => read(withSchemas, '{"schema":{"type":"string","parameters":{"a":1}},"payload":"x"}')).toThrow(
      "Schema parameters must have string values.",
    );
  });

  it("reports payloads of the wrong shape", () => {
    const struct = '{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],"optional":false}';
    expect(() => read(withSchemas, `{"schema":${struct},"payload":[1]}`)).toThrow(
      "Structs should be encoded as JSON objects, but found ARRAY",
    );
    const map = '{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false}';
    expect(() => read(withSchemas, `{"schema":${map},"payload":[]}`)).toThrow(
      "Maps with string fields should be encoded as JSON objects, but found ARRAY",
    );
    const intMap = '{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false}';
    expect(() => read(withSchemas, `{"schema":${intMap},"payload":[[1]]}`)).toThrow(
      "Found invalid map entry, expected length 2 but found :1",
    );
  });

  it("accepts leading zeros and ignores content after the value, as Kafka's reader does", () => {
    expect(read(withSchemas, '{"schema":{"type":"int32","optional":false},"payload":007} trailing').value).toBe(7);
  });
});

describe("JsonConverter without schemas", () => {
  it("writes plain JSON", () => {
    expect(write(schemaless, Schema.STRING_SCHEMA, "foo")).toBe('"foo"');
    expect(write(schemaless, null, new Map<unknown, unknown>([["b", 1n], ["a", [true, null, 1.5]]]))).toBe(
      '{"b":1,"a":[true,null,1.5]}',
    );
    expect(write(schemaless, null, { filename: "a.txt", position: 7 })).toBe('{"filename":"a.txt","position":7}');
    expect(write(schemaless, null, new Map([[1, "x"]]))).toBe('[[1,"x"]]');
    expect(write(schemaless, Schema.OPTIONAL_INT32_SCHEMA, null)).toBe("null");
  });

  it("reads with inferred types: integers INT64, other numbers FLOAT64, objects MAP", () => {
    const r = read(schemaless, '{"i":1,"big":9223372036854775807,"f":1.5,"e":1e2,"s":"x","b":false,"n":null,"a":[1,"two"],"o":{"k":{}}}');
    expect(r.schema).toBeNull();
    expect(r.value).toEqual(
      new Map<string, unknown>([
        ["i", 1n],
        ["big", 9223372036854775807n],
        ["f", 1.5],
        ["e", 100],
        ["s", "x"],
        ["b", false],
        ["n", null],
        ["a", [1n, "two"]],
        ["o", new Map([["k", new Map()]])],
      ]),
    );
  });

  it("reads plain scalars and empty input", () => {
    expect(read(schemaless, "42").value).toBe(42n);
    expect(read(schemaless, '"s"').value).toBe("s");
    expect(read(schemaless, "null").value).toBeNull();
    expect(read(schemaless, "").value).toBeNull();
  });

  it("reads an envelope as a plain map", () => {
    expect(read(schemaless, '{"schema":null,"payload":1}').value).toEqual(
      new Map<string, unknown>([
        ["schema", null],
        ["payload", 1n],
      ]),
    );
  });

  it("refuses values without a schema type", () => {
    expect(() => write(schemaless, null, new Date())).toThrow("does not have corresponding schema type");
  });
});

describe("JsonConverter checks values against schemas", () => {
  it("reports mismatches", () => {
    expect(() => write(withSchemas, Schema.INT32_SCHEMA, "x")).toThrow("Invalid type for INT32: string");
    expect(() => write(withSchemas, Schema.INT8_SCHEMA, 300)).toThrow("Invalid type for INT8: number 300");
    expect(() => write(withSchemas, Schema.BYTES_SCHEMA, "x")).toThrow("Invalid type for bytes type: string");
    expect(() => write(withSchemas, Schema.STRING_SCHEMA, null)).toThrow(
      "Conversion error: null value for field that is required and has no default value",
    );
    const a = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    const b = SchemaBuilder.struct().field("b", Schema.INT32_SCHEMA).build();
    expect(() => write(withSchemas, b, new Struct(a).put("a", 1))).toThrow("Mismatching schema.");
  });
});

describe("JsonConverter config", () => {
  it("defines Kafka's keys", () => {
    expect(toConfigKeyInfos(new JsonConverter().config())).toEqual([
      expect.objectContaining({ name: "converter.type", type: "STRING", required: true, importance: "LOW", group: null, order: -1 }),
      expect.objectContaining({ name: "schemas.enable", type: "BOOLEAN", default_value: "true", group: "Schemas", order: 0, display_name: "Enable Schemas" }),
      expect.objectContaining({ name: "schemas.cache.size", type: "INT", default_value: "1000", group: "Schemas", order: 1 }),
      expect.objectContaining({ name: "decimal.format", type: "STRING", default_value: "BASE64", group: "Serialization", order: 0 }),
      expect.objectContaining({ name: "replace.null.with.default", type: "BOOLEAN", default_value: "true", group: "Serialization", order: 1 }),
    ]);
  });

  it("rejects an unknown decimal format with Kafka's message", () => {
    expect(() => converter({ "decimal.format": "hex" })).toThrow(
      "Invalid value hex for configuration decimal.format: String must be one of (case insensitive): NUMERIC, BASE64",
    );
  });

  it("requires converter.type when configured as a header converter", () => {
    const c = new JsonConverter();
    expect(() => c.configure({})).toThrow('Missing required configuration "converter.type" which has no default value.');
    c.configure({ "converter.type": "header", "schemas.enable": "false" });
    expect(c.fromConnectHeader("t", "h", Schema.STRING_SCHEMA, "v")?.toString()).toBe('"v"');
    expect(c.toConnectHeader("t", "h", Buffer.from("true")).value).toBe(true);
  });

  it("is registered under Kafka's class name and aliases", () => {
    expect(jsonConverterPlugin.className).toBe("org.apache.kafka.connect.json.JsonConverter");
    expect(candidateAliases(jsonConverterPlugin.className, jsonConverterPlugin.types)).toEqual(["JsonConverter", "Json"]);
    expect(jsonConverterPlugin.types).toEqual(["converter", "header_converter"]);
    expect(jsonConverterPlugin.create()).toBeInstanceOf(JsonConverter);
  });
});
