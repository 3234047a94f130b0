import { describe, expect, it } from "vitest";
import { DataError, Schema } from "../../api";
import { BooleanConverter } from "./boolean-converter";
import { DoubleConverter } from "./double-converter";
import { FloatConverter } from "./float-converter";
import { IntegerConverter } from "./integer-converter";
import { LongConverter } from "./long-converter";
import { ShortConverter } from "./short-converter";

const hex = (b: Buffer | null) => b?.toString("hex") ?? null;

describe("numeric converters (big-endian, as Kafka's serializers)", () => {
  const cases = [
    ["ShortConverter", new ShortConverter(), 258, "0102", Schema.OPTIONAL_INT16_SCHEMA],
    ["ShortConverter negative", new ShortConverter(), -2, "fffe", Schema.OPTIONAL_INT16_SCHEMA],
    ["IntegerConverter", new IntegerConverter(), 16909060, "01020304", Schema.OPTIONAL_INT32_SCHEMA],
    ["IntegerConverter min", new IntegerConverter(), -2147483648, "80000000", Schema.OPTIONAL_INT32_SCHEMA],
    ["LongConverter", new LongConverter(), 9223372036854775807n, "7fffffffffffffff", Schema.OPTIONAL_INT64_SCHEMA],
    ["LongConverter -1", new LongConverter(), -1n, "ffffffffffffffff", Schema.OPTIONAL_INT64_SCHEMA],
    ["FloatConverter", new FloatConverter(), 1.5, "3fc00000", Schema.OPTIONAL_FLOAT32_SCHEMA],
    ["DoubleConverter", new DoubleConverter(), -2.5, "c004000000000000", Schema.OPTIONAL_FLOAT64_SCHEMA],
  ] as const;

  it.each(cases)("%s", (_name, converter, value, bytes, schema) => {
    converter.configure({}, false);
    const out = converter.fromConnectData("t", null, null, value);
    expect(hex(out)).toBe(bytes);
    const back = converter.toConnectData("t", null, out);
    expect(back.schema).toBe(schema);
    expect(back.value).toBe(value);
  });

  it("passes nulls through", () => {
    const c = new LongConverter();
    expect(c.fromConnectData("t", null, null, null)).toBeNull();
    expect(c.toConnectData("t", null, null).value).toBeNull();
    expect(c.toConnectData("t", null, null).schema).toBe(Schema.OPTIONAL_INT64_SCHEMA);
  });

  it("accepts safe-integer numbers as longs", () => {
    expect(hex(new LongConverter().fromConnectData("t", null, null, 1))).toBe("0000000000000001");
  });

  it("reports wrong types and sizes with Kafka's messages", () => {
    expect(() => new IntegerConverter().fromConnectData("t", null, null, "1")).toThrow("Failed to serialize to integer (was string): ");
    expect(() => new ShortConverter().fromConnectData("t", null, null, 70000)).toThrow(DataError);
    let error: unknown;
    try {
      new LongConverter().toConnectData("t", null, Buffer.alloc(4));
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).toBe("Failed to deserialize long: ");
    expect(((error as Error).cause as Error).message).toBe("Size of data received by LongDeserializer is not 8");
  });

  it("requires converter.type when configured without isKey", () => {
    expect(() => new IntegerConverter().configure({})).toThrow('Missing required configuration "converter.type"');
    expect(() => new IntegerConverter().configure({ "converter.type": "header" })).not.toThrow();
  });
});

describe("BooleanConverter", () => {
  const c = new BooleanConverter();
  c.configure({}, true);

  it("writes one byte", () => {
    expect(hex(c.fromConnectData("t", null, Schema.BOOLEAN_SCHEMA, true))).toBe("01");
    expect(hex(c.fromConnectData("t", null, null, false))).toBe("00");
    expect(c.toConnectData("t", null, Buffer.from([1])).value).toBe(true);
    expect(c.toConnectData("t", null, Buffer.from([0])).schema).toBe(Schema.OPTIONAL_BOOLEAN_SCHEMA);
  });

  it("rejects other schemas, types and bytes", () => {
    expect(() => c.fromConnectData("t", null, Schema.INT8_SCHEMA, true)).toThrow("Invalid schema type for BooleanConverter: INT8");
    expect(() => c.fromConnectData("t", null, null, 1)).toThrow("BooleanConverter is not compatible with objects of type number 1");
    let error: unknown;
    try {
      c.toConnectData("t", null, Buffer.from([0x80]));
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).toBe("Failed to deserialize boolean: ");
    expect(((error as Error).cause as Error).message).toBe("Unexpected byte received by BooleanDeserializer: -128");
  });
});
