import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, SourceRecord, Struct } from "../../api";
import { HeaderFrom } from "./header-from";
import { KEY, VALUE } from "./util";

function configured(props: Record<string, string>, side = VALUE): HeaderFrom {
  const t = new HeaderFrom(side);
  t.configure(props);
  return t;
}

const SCHEMA = SchemaBuilder.struct().name("s").field("field1", Schema.STRING_SCHEMA).field("field2", Schema.INT32_SCHEMA).build();

describe("HeaderFrom", () => {
  it("validates config", () => {
    expect(() => configured({ fields: "a,b", headers: "h", operation: "copy" })).toThrow(
      "'fields' config must have the same number of elements as 'headers' config.",
    );
    expect(() => configured({ fields: "a", headers: "h", operation: "cut" })).toThrow(
      "Invalid value cut for configuration operation: String must be one of: move, copy",
    );
  });

  it("copies struct fields into headers", () => {
    const value = new Struct(SCHEMA).put("field1", "a").put("field2", 2);
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", valueSchema: SCHEMA, value });
    const out = configured({ fields: "field1,field2", headers: "h1,h2", operation: "copy" }).apply(record);
    expect(out.value).toBe(value);
    expect(out.headers.lastWithName("h1")!.value).toBe("a");
    expect(out.headers.lastWithName("h2")!.schema).toBe(Schema.INT32_SCHEMA);
    expect(record.headers.size).toBe(0);
  });

  it("moves struct fields, rebuilding the schema", () => {
    const value = new Struct(SCHEMA).put("field1", "a").put("field2", 2);
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", keySchema: SCHEMA, key: value });
    const out = configured({ fields: "field1", headers: "h1", operation: "move" }, KEY).apply(record);
    expect(out.keySchema!.name()).toBe("s");
    expect(out.keySchema!.fields().map((f) => f.name())).toEqual(["field2"]);
    expect((out.key as Struct).getInt32("field2")).toBe(2);
    expect(out.headers.lastWithName("h1")!.value).toBe("a");
  });

  it("moves schemaless map entries", () => {
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "t", value: new Map<string, unknown>([["field1", "a"], ["field2", 2]]) });
    const out = configured({ fields: "field1", headers: "h1", operation: "move" }).apply(record);
    expect(out.value).toEqual(new Map([["field2", 2]]));
    expect(out.headers.lastWithName("h1")!.value).toBe("a");
    expect(out.headers.lastWithName("h1")!.schema).toBeNull();
  });
});
