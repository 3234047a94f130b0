import { describe, expect, it } from "vitest";
import { ConfigError, Schema, SchemaBuilder, SinkRecord, Struct } from "../../api";
import { SetSchemaMetadata } from "./set-schema-metadata";
import { VALUE } from "./util";

function configured(props: Record<string, string>): SetSchemaMetadata {
  const t = new SetSchemaMetadata(VALUE);
  t.configure(props);
  return t;
}

const rec = (valueSchema: Schema | null, value: unknown) => new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 0, valueSchema, value });

describe("SetSchemaMetadata", () => {
  it("needs a name or version", () => {
    expect(() => configured({})).toThrow(new ConfigError("Neither schema name nor version configured"));
  });

  it("sets name and version, keeping the rest", () => {
    const schema = SchemaBuilder.struct().doc("d").field("a", Schema.INT32_SCHEMA).optional().build();
    const value = new Struct(schema).put("a", 1);
    const out = configured({ "schema.name": "foo", "schema.version": "42" }).apply(rec(schema, value));
    expect(out.valueSchema!.name()).toBe("foo");
    expect(out.valueSchema!.version()).toBe(42);
    expect(out.valueSchema!.doc()).toBe("d");
    expect(out.valueSchema!.isOptional()).toBe(true);
    // The struct is re-pointed at the renamed schema.
    expect((out.value as Struct).schema()).toBe(out.valueSchema);
    expect((out.value as Struct).getInt32("a")).toBe(1);
  });

  it("works on non-struct schemas and passes null/null through", () => {
    const out = configured({ "schema.name": "n" }).apply(rec(Schema.STRING_SCHEMA, "x"));
    expect(out.valueSchema!.name()).toBe("n");
    expect(out.value).toBe("x");
    const tombstone = rec(null, null);
    expect(configured({ "schema.name": "n" }).apply(tombstone)).toBe(tombstone);
  });

  it("requires a schema", () => {
    expect(() => configured({ "schema.name": "n" }).apply(rec(null, "x"))).toThrow("Schema required for [updating schema metadata]");
  });
});
