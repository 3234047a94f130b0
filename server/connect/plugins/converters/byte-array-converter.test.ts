import { describe, expect, it } from "vitest";
import { Schema } from "../../api";
import { ByteArrayConverter } from "./byte-array-converter";

describe("ByteArrayConverter", () => {
  const c = new ByteArrayConverter();

  it("passes bytes through", () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    expect([...(c.fromConnectData("t", null, Schema.BYTES_SCHEMA, bytes) ?? [])]).toEqual([1, 2, 3]);
    expect(c.fromConnectData("t", null, null, null)).toBeNull();
    const r = c.toConnectData("t", null, bytes);
    expect(r.schema).toBe(Schema.OPTIONAL_BYTES_SCHEMA);
    expect(r.value).toBe(bytes);
  });

  it("rejects other schemas and values", () => {
    expect(() => c.fromConnectData("t", null, Schema.STRING_SCHEMA, "x")).toThrow("Invalid schema type for ByteArrayConverter: STRING");
    expect(() => c.fromConnectData("t", null, null, "x")).toThrow("ByteArrayConverter is not compatible with objects of type string");
  });
});
