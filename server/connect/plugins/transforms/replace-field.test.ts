import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, SinkRecord, Struct } from "../../api";
import { ReplaceField } from "./replace-field";
import { VALUE } from "./util";

function configured(props: Record<string, string>): ReplaceField {
  const t = new ReplaceField(VALUE);
  t.configure(props);
  return t;
}

const rec = (value: unknown, valueSchema: Schema | null = null) =>
  new SinkRecord({ topic: "test", kafkaPartition: 0, kafkaOffset: 0, value, valueSchema });

describe("ReplaceField", () => {
  it("rejects bad rename mappings with Kafka's message", () => {
    expect(() => configured({ renames: "foo:bar,abc" })).toThrow(
      "Invalid value [foo:bar, abc] for configuration renames: Invalid rename mapping: abc",
    );
    expect(() => configured({ renames: "foo:" })).toThrow("Invalid rename mapping: foo:");
  });

  it("excludes, includes and renames schemaless maps", () => {
    const t = configured({ exclude: "dont", renames: "abc:xyz,foo:bar" });
    const out = t.apply(rec(new Map<string, unknown>([["dont", "whatever"], ["abc", 42], ["foo", true], ["etc", "etc"]])))!;
    expect(out.value).toEqual(new Map<string, unknown>([["xyz", 42], ["bar", true], ["etc", "etc"]]));
    const inc = configured({ include: "abc,foo" }).apply(rec({ abc: 1, foo: 2, etc: 3 }))!;
    expect(inc.value).toEqual({ abc: 1, foo: 2 });
  });

  it("keeps deprecated whitelist/blacklist as aliases (Connect 3.9)", () => {
    expect(configured({ whitelist: "abc" }).apply(rec({ abc: 1, foo: 2 }))!.value).toEqual({ abc: 1 });
    expect(configured({ blacklist: "abc" }).apply(rec({ abc: 1, foo: 2 }))!.value).toEqual({ foo: 2 });
    expect(configured({ include: "foo", whitelist: "abc" }).apply(rec({ abc: 1, foo: 2 }))!.value).toEqual({ foo: 2 });
  });

  it("rebuilds the struct schema with renamed fields, exclusion winning over inclusion", () => {
    const schema = SchemaBuilder.struct().name("n").field("dont", Schema.STRING_SCHEMA).field("abc", Schema.INT32_SCHEMA)
      .field("foo", Schema.BOOLEAN_SCHEMA).field("etc", Schema.STRING_SCHEMA).build();
    const value = new Struct(schema).put("dont", "whatever").put("abc", 42).put("foo", true).put("etc", "etc");
    const t = configured({ include: "abc,foo,dont", exclude: "dont", renames: "abc:xyz,foo:bar" });
    const out = t.apply(rec(value, schema))!;
    const s = out.valueSchema!;
    expect(s.name()).toBe("n");
    expect(s.fields().map((f) => f.name())).toEqual(["xyz", "bar"]);
    expect((out.value as Struct).getInt32("xyz")).toBe(42);
    expect((out.value as Struct).getBoolean("bar")).toBe(true);
    expect(t.apply(rec(value, schema))!.valueSchema).toBe(s);
  });

  it("passes tombstones through", () => {
    const tombstone = rec(null);
    expect(configured({ exclude: "a" }).apply(tombstone)).toBe(tombstone);
  });
});
