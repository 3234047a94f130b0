import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, SinkRecord, Struct } from "../../api";
import { ExtractField } from "./extract-field";
import { SingleFieldPath } from "./field-path";
import { KEY } from "./util";

function configured(props: Record<string, string>): ExtractField {
  const t = new ExtractField(KEY);
  t.configure(props);
  return t;
}

const rec = (keySchema: Schema | null, key: unknown) => new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, keySchema, key });

describe("ExtractField", () => {
  it("extracts from schemaless maps, nested with V2", () => {
    expect(configured({ field: "magic" }).apply(rec(null, new Map([["magic", 42]]))).key).toBe(42);
    expect(configured({ field: "magic" }).apply(rec(null, null)).key).toBeNull();
    expect(configured({ field: "magic" }).apply(rec(null, {})).key).toBeNull();
    const nested = new Map([["magic", new Map([["foo", 42]])]]);
    expect(configured({ field: "magic.foo", "field.syntax.version": "v2" }).apply(rec(null, nested)).key).toBe(42);
    expect(configured({ field: "magic.foo" }).apply(rec(null, nested)).key).toBeNull();
  });

  it("extracts from structs with the field's schema", () => {
    const schema = SchemaBuilder.struct().field("magic", Schema.INT32_SCHEMA).build();
    const out = configured({ field: "magic" }).apply(rec(schema, new Struct(schema).put("magic", 42)));
    expect(out.keySchema).toBe(Schema.INT32_SCHEMA);
    expect(out.key).toBe(42);
    const tombstone = configured({ field: "magic" }).apply(rec(schema, null));
    expect(tombstone.keySchema).toBe(Schema.INT32_SCHEMA);
    expect(tombstone.key).toBeNull();
    expect(() => configured({ field: "nonexistent" }).apply(rec(schema, new Struct(schema).put("magic", 42)))).toThrow(
      "Unknown field: nonexistent",
    );
  });

  it("extracts nested struct fields with V2", () => {
    const inner = SchemaBuilder.struct().field("foo", Schema.INT32_SCHEMA).build();
    const schema = SchemaBuilder.struct().field("magic", inner).build();
    const value = new Struct(schema).put("magic", new Struct(inner).put("foo", 42));
    const out = configured({ field: "magic.foo", "field.syntax.version": "V2" }).apply(rec(schema, value));
    expect(out.keySchema).toBe(Schema.INT32_SCHEMA);
    expect(out.key).toBe(42);
  });

  it("validates the syntax version", () => {
    expect(() => configured({ field: "a", "field.syntax.version": "V3" })).toThrow(
      "Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): ",
    );
  });
});

describe("SingleFieldPath V2", () => {
  it("parses dots and backticks as KIP-821", () => {
    expect(new SingleFieldPath("foo.bar", "V2").steps).toEqual(["foo", "bar"]);
    expect(new SingleFieldPath("`foo.bar`.baz", "V2").steps).toEqual(["foo.bar", "baz"]);
    expect(new SingleFieldPath("foo.", "V2").steps).toEqual(["foo", ""]);
    expect(new SingleFieldPath("`foo\\`.bar`", "V2").steps).toEqual(["foo`.bar"]);
    expect(new SingleFieldPath("foo.bar", "V1").steps).toEqual(["foo.bar"]);
    expect(() => new SingleFieldPath("`foo", "V2")).toThrow("Incomplete backtick pair in path: [`foo], consider adding a backslash before backtick at position 0 to escape it");
  });
});
