import { describe, expect, it } from "vitest";
import { DataError, SchemaBuilderError } from "../errors";
import { BigDecimal } from "./big-decimal";
import { ConnectDate, Decimal, Time, Timestamp, bigIntToBytes, bytesToBigInt } from "./logical-types";
import { ConnectSchema, Schema, validateValue } from "./schema";
import { SchemaAndValue } from "./schema-and-value";
import { SchemaBuilder } from "./schema-builder";
import { Struct } from "./struct";

describe("SchemaBuilder", () => {
  it("builds structs fluently", () => {
    const schema = SchemaBuilder.struct().name("x").field("a", Schema.STRING_SCHEMA).optional().build();
    expect(schema).toBeInstanceOf(ConnectSchema);
    expect(schema.type()).toBe("STRUCT");
    expect(schema.name()).toBe("x");
    expect(schema.isOptional()).toBe(true);
    expect(schema.fields().map((f) => [f.name(), f.index(), f.schema().type()])).toEqual([["a", 0, "STRING"]]);
    expect(schema.field("a")?.schema()).toBe(Schema.STRING_SCHEMA);
    expect(schema.field("nope")).toBeNull();
    expect(schema.toString()).toBe("Schema{x:STRUCT}");
  });

  it("is itself a schema", () => {
    const builder = SchemaBuilder.int32().name("n").version(2).doc("d").parameter("k", "v");
    expect(builder.type()).toBe("INT32");
    expect(builder.name()).toBe("n");
    expect(builder.version()).toBe(2);
    expect(builder.doc()).toBe("d");
    expect(builder.parameters()?.get("k")).toBe("v");
    expect(builder.equals(builder.build())).toBe(true);
  });

  it("allows each property to be set once", () => {
    expect(() => SchemaBuilder.string().name("a").name("b")).toThrow("Invalid SchemaBuilder call: name has already been set.");
    expect(() => SchemaBuilder.string().optional().required()).toThrow("Invalid SchemaBuilder call: optional has already been set.");
    expect(() => SchemaBuilder.string().optional().optional()).not.toThrow();
    expect(() => SchemaBuilder.string().name("a").name("a")).not.toThrow();
  });

  it("validates defaults and fields", () => {
    expect(() => SchemaBuilder.int8().defaultValue(1000)).toThrow(SchemaBuilderError);
    expect(() => SchemaBuilder.int8().defaultValue(1000)).toThrow("Invalid default value");
    expect(SchemaBuilder.int64().defaultValue(5n).build().defaultValue()).toBe(5n);
    expect(() => SchemaBuilder.int32().field("a", Schema.STRING_SCHEMA)).toThrow("Cannot create fields on type INT32");
    expect(() => SchemaBuilder.struct().field("", Schema.STRING_SCHEMA)).toThrow("fieldName cannot be null.");
    expect(() => SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).field("a", Schema.STRING_SCHEMA)).toThrow(
      "Cannot create field because of field name duplication a",
    );
  });

  it("never keeps an empty parameter map", () => {
    expect(SchemaBuilder.string().parameters({}).build().parameters()).toBeNull();
  });
});

describe("schemas", () => {
  it("predefines Kafka's schemas", () => {
    expect(Schema.STRING_SCHEMA.type()).toBe("STRING");
    expect(Schema.STRING_SCHEMA.isOptional()).toBe(false);
    expect(Schema.OPTIONAL_INT64_SCHEMA.isOptional()).toBe(true);
    expect(Schema.Type.FLOAT32).toBe("FLOAT32");
  });

  it("compare structurally", () => {
    const a = SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.INT32_SCHEMA).build()).build();
    const b = SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.INT32_SCHEMA).build()).build();
    expect(a.equals(b)).toBe(true);
    expect(a.equals(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())).toBe(false);
    expect(Schema.STRING_SCHEMA.equals(Schema.OPTIONAL_STRING_SCHEMA)).toBe(false);
    expect(Decimal.schema(2).equals(Decimal.schema(3))).toBe(false);
  });

  it("refuse structural questions of the wrong type", () => {
    expect(() => Schema.STRING_SCHEMA.fields()).toThrow("Cannot list fields on non-struct type");
    expect(() => Schema.STRING_SCHEMA.keySchema()).toThrow("Cannot look up key schema on non-map type");
    expect(() => Schema.STRING_SCHEMA.valueSchema()).toThrow("Cannot look up value schema on non-array and non-map type");
  });

  it("tell the type of schemaless values", () => {
    expect(ConnectSchema.schemaTypeOf("s")).toBe("STRING");
    expect(ConnectSchema.schemaTypeOf(1)).toBe("INT64");
    expect(ConnectSchema.schemaTypeOf(1.5)).toBe("FLOAT64");
    expect(ConnectSchema.schemaTypeOf(1n)).toBe("INT64");
    expect(ConnectSchema.schemaTypeOf(new Uint8Array())).toBe("BYTES");
    expect(ConnectSchema.schemaTypeOf({})).toBe("MAP");
    expect(ConnectSchema.schemaTypeOf(new Map())).toBe("MAP");
    expect(ConnectSchema.schemaTypeOf([])).toBe("ARRAY");
    expect(ConnectSchema.schemaTypeOf(new Date())).toBeNull();
  });
});

describe("validateValue", () => {
  it("accepts the JavaScript representation of each type", () => {
    const ok: [ConnectSchema, unknown][] = [
      [Schema.INT8_SCHEMA, -128],
      [Schema.INT16_SCHEMA, 32767],
      [Schema.INT32_SCHEMA, 2147483647],
      [Schema.INT64_SCHEMA, 9223372036854775807n],
      [Schema.INT64_SCHEMA, Number.MAX_SAFE_INTEGER],
      [Schema.FLOAT32_SCHEMA, 1.5],
      [Schema.FLOAT64_SCHEMA, Number.NaN],
      [Schema.BOOLEAN_SCHEMA, false],
      [Schema.STRING_SCHEMA, ""],
      [Schema.BYTES_SCHEMA, Buffer.from("x")],
      [SchemaBuilder.array(Schema.INT8_SCHEMA).build(), [1, 2]],
      [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), { a: 1 }],
      [SchemaBuilder.map(Schema.INT8_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([[1, 2]])],
      [Decimal.schema(2), BigDecimal.parse("1.00")],
      [ConnectDate.SCHEMA, new Date(0)],
      [Schema.OPTIONAL_STRING_SCHEMA, null],
    ];
    for (const [schema, value] of ok) expect(() => validateValue(schema, value)).not.toThrow();
  });

  it("rejects mismatches with the location", () => {
    expect(() => validateValue(Schema.INT8_SCHEMA, 128)).toThrow("Invalid value for schema with type INT8: number 128 for value");
    expect(() => validateValue(Schema.INT64_SCHEMA, 2 ** 60)).toThrow(DataError);
    expect(() => validateValue(Schema.INT64_SCHEMA, 2n ** 63n)).toThrow(DataError);
    expect(() => validateValue(Schema.INT32_SCHEMA, 1.5)).toThrow(DataError);
    expect(() => validateValue(Schema.STRING_SCHEMA, null, "f")).toThrow(
      'Invalid value: null used for required field: "f", schema type: STRING',
    );
    expect(() => validateValue(Decimal.schema(2), Buffer.from([1]))).toThrow(
      'Invalid value for schema "org.apache.kafka.connect.data.Decimal" with type BYTES: Buffer for value',
    );
    expect(() => validateValue(SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ["a", 1])).toThrow(
      "Invalid value for schema with type STRING: number 1 for element of array value",
    );
    expect(() => validateValue(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([[1, 1]]))).toThrow(
      "for key of map value",
    );
  });
});

describe("Struct", () => {
  const address = SchemaBuilder.struct().name("address").field("city", Schema.STRING_SCHEMA).build();
  const person = SchemaBuilder.struct()
    .field("name", Schema.STRING_SCHEMA)
    .field("age", SchemaBuilder.int32().optional().defaultValue(18).build())
    .field("address", address)
    .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
    .build();

  it("puts and gets with validation and defaults", () => {
    const s = new Struct(person).put("name", "ann").put("address", new Struct(address).put("city", "Oslo"));
    expect(s.get("age")).toBe(18);
    expect(s.getWithoutDefault("age")).toBeNull();
    expect(s.getString("name")).toBe("ann");
    expect(s.getStruct("address")?.getString("city")).toBe("Oslo");
    expect(() => s.put("age", "old")).toThrow('Invalid value for schema with type INT32: string for field: "age"');
    expect(() => s.put("nope", 1)).toThrow("nope is not a valid field name");
    expect(() => s.getInt32("name")).toThrow("Field 'name' is not of type INT32");
    expect(() => new Struct(Schema.STRING_SCHEMA)).toThrow("Not a struct schema: Schema{STRING}");
  });

  it("validates required fields", () => {
    const s = new Struct(person).put("name", "ann");
    expect(() => s.validate()).toThrow('Invalid value: null used for required field: "address", schema type: STRUCT');
    s.put("address", new Struct(address).put("city", "x"));
    expect(() => s.validate()).not.toThrow();
    const other = SchemaBuilder.struct().name("other").field("city", Schema.STRING_SCHEMA).build();
    expect(() => s.put("address", new Struct(other).put("city", "x"))).toThrow(DataError);
  });

  it("putFrom is put(field, source.get(sourceField)): defaults, required nulls and other schemas still checked", () => {
    const source = new Struct(person).put("name", "ann").put("tags", ["a"]);
    const copy = new Struct(person);
    const field = (name: string) => person.field(name)!;
    copy.putFrom(field("name"), source, field("name")).putFrom(field("tags"), source, field("tags"));
    expect([copy.get("name"), copy.get("tags")]).toEqual(["ann", ["a"]]);
    // Unset with a default: the default (as get), or null without it.
    expect(copy.putFrom(field("age"), source, field("age")).getWithoutDefault("age")).toBe(18);
    expect(copy.putFrom(field("age"), source, field("age"), false).getWithoutDefault("age")).toBeNull();
    // A required field unset in the source fails as put(null) does.
    expect(() => copy.putFrom(field("address"), source, field("address"))).toThrow('Invalid value: null used for required field: "address", schema type: STRUCT');
    // Another field schema: the value is validated against the target's.
    const wide = SchemaBuilder.struct().field("n", Schema.INT64_SCHEMA).build();
    const narrow = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
    const big = new Struct(wide).put("n", 2n ** 40n);
    expect(() => new Struct(narrow).putFrom(narrow.field("n")!, big, wide.field("n")!)).toThrow(DataError);
    const small = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
    expect(new Struct(narrow).putFrom(narrow.field("n")!, new Struct(small).put("n", 7), small.field("n")!).get("n")).toBe(7);
  });

  it("keeps the values of wide structs (beyond the ones held inline) by field", () => {
    const builder = SchemaBuilder.struct();
    for (let i = 0; i < 7; i++) builder.field(`f${i}`, i === 5 ? Schema.INT32_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA);
    const wide = builder.build();
    const make = () => {
      const s = new Struct(wide);
      for (let i = 0; i < 7; i++) if (i !== 5) s.put(`f${i}`, `v${i}`);
      return s;
    };
    const s = make();
    expect(wide.fields().map((f) => s.get(f))).toEqual(["v0", "v1", "v2", "v3", "v4", null, "v6"]);
    expect(() => s.validate()).toThrow('Invalid value: null used for required field: "f5", schema type: INT32');
    s.put("f5", 5);
    expect(() => s.validate()).not.toThrow();
    expect(s.getInt32("f5")).toBe(5);
    expect(s.equals(make().put("f5", 5))).toBe(true);
    expect(s.equals(make().put("f5", 6))).toBe(false);
    expect(s.toString()).toBe("Struct{f0=v0,f1=v1,f2=v2,f3=v3,f4=v4,f5=5,f6=v6}");
    const copy = new Struct(wide);
    for (const f of wide.fields()) copy.putFrom(f, s, f);
    expect(copy.equals(s)).toBe(true);
  });

  it("compares deeply and prints like Kafka", () => {
    const make = () =>
      new Struct(person)
        .put("name", "ann")
        .put("address", new Struct(address).put("city", "Oslo"))
        .put("tags", ["a", "b"]);
    expect(make().equals(make())).toBe(true);
    expect(make().equals(make().put("tags", ["a"]))).toBe(false);
    expect(make().toString()).toBe("Struct{name=ann,address=Struct{city=Oslo},tags=[a, b]}");
  });

  it("returns INT64 values as bigint", () => {
    const schema = SchemaBuilder.struct().field("n", Schema.INT64_SCHEMA).build();
    expect(new Struct(schema).put("n", 5).getInt64("n")).toBe(5n);
  });
});

describe("logical types", () => {
  it("encode decimals as two's-complement bytes", () => {
    expect([...Decimal.fromLogical(Decimal.schema(2), BigDecimal.parse("12.34"))]).toEqual([0x04, 0xd2]);
    expect([...bigIntToBytes(0n)]).toEqual([0]);
    expect([...bigIntToBytes(127n)]).toEqual([0x7f]);
    expect([...bigIntToBytes(128n)]).toEqual([0x00, 0x80]);
    expect([...bigIntToBytes(-1n)]).toEqual([0xff]);
    expect([...bigIntToBytes(-128n)]).toEqual([0x80]);
    expect([...bigIntToBytes(-129n)]).toEqual([0xff, 0x7f]);
    for (const n of [0n, 1n, -1n, 255n, -256n, 2n ** 100n, -(2n ** 100n) + 7n]) expect(bytesToBigInt(bigIntToBytes(n))).toBe(n);
    expect(Decimal.toLogical(Decimal.schema(2), Uint8Array.from([0x04, 0xd2]))).toEqual(new BigDecimal(1234n, 2));
    expect(() => Decimal.scale(SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).build())).toThrow(
      "Invalid Decimal schema: scale parameter not found.",
    );
  });

  it("carry Kafka's names and versions", () => {
    expect(Decimal.schema(2).name()).toBe("org.apache.kafka.connect.data.Decimal");
    expect(Decimal.schema(2).parameters()?.get("scale")).toBe("2");
    expect(ConnectDate.SCHEMA.name()).toBe("org.apache.kafka.connect.data.Date");
    expect(Time.SCHEMA.name()).toBe("org.apache.kafka.connect.data.Time");
    expect(Timestamp.SCHEMA.name()).toBe("org.apache.kafka.connect.data.Timestamp");
    expect(Timestamp.SCHEMA.version()).toBe(1);
  });

  it("convert to and from JS dates", () => {
    const day = new Date(Date.UTC(2024, 0, 1));
    expect(ConnectDate.fromLogical(ConnectDate.SCHEMA, day)).toBe(19723);
    expect(ConnectDate.toLogical(ConnectDate.SCHEMA, 19723)).toEqual(day);
    expect(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(-86400000))).toBe(-1);
    expect(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(1))).toThrow(DataError);
    expect(Time.fromLogical(Time.SCHEMA, new Date(1000))).toBe(1000);
    expect(() => Time.fromLogical(Time.SCHEMA, new Date(86400001))).toThrow(
      "Kafka Connect Time type should not have any date fields set to non-zero values.",
    );
    expect(() => Time.toLogical(Time.SCHEMA, -1)).toThrow(DataError);
    expect(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(1_700_000_000_000))).toBe(1_700_000_000_000n);
    expect(Timestamp.toLogical(Timestamp.SCHEMA, 5n)).toEqual(new Date(5));
    expect(() => Timestamp.toLogical(Schema.INT64_SCHEMA, 5n)).toThrow(
      "Requested conversion of Timestamp object but the schema does not match.",
    );
  });
});

describe("SchemaAndValue", () => {
  it("compares schema and value", () => {
    expect(new SchemaAndValue(Schema.INT64_SCHEMA, 5n).equals(new SchemaAndValue(Schema.INT64_SCHEMA, 5n))).toBe(true);
    expect(new SchemaAndValue(null, null).equals(SchemaAndValue.NULL)).toBe(true);
    expect(new SchemaAndValue(Schema.BYTES_SCHEMA, Buffer.from([1])).equals(new SchemaAndValue(Schema.BYTES_SCHEMA, Uint8Array.from([1])))).toBe(true);
  });
});

describe("ConnectSchema.validateValue", () => {
  it("is also available statically, as in Kafka", () => {
    expect(() => ConnectSchema.validateValue(Schema.INT32_SCHEMA, "x", "f")).toThrow('for field: "f"');
    expect(() => Schema.OPTIONAL_INT32_SCHEMA.validateValue(null)).not.toThrow();
  });
});
