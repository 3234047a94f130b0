import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, SinkRecord, Struct, type ConfigMap } from "../api";
import { lendStructForUpdate } from "../api/data/struct";
import { createPluginRegistry } from "../plugins/registry";
import { InsertField } from "../plugins/transforms/insert-field";
import { MaskField } from "../plugins/transforms/mask-field";
import { ReplaceField } from "../plugins/transforms/replace-field";
import { VALUE as valueSide } from "../plugins/transforms/util";
import { KeepRecords, KeepTestedValues, testTransformPlugins } from "./test-transforms";
import { buildTransformationChain } from "./transformation-chain";

/** A struct that a stage made for its result is updated in place by the next stage, never where anyone else could see it. */

const registry = createPluginRegistry(testTransformPlugins);
const chain = (config: ConfigMap) => buildTransformationChain<SinkRecord>(registry, config);
const record = (valueSchema: Schema, value: unknown) => new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 1, keySchema: null, key: null, valueSchema, value });

const HOIST = { "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Value", "transforms.hoist.field": "line" };
const INSERT = {
  "transforms.insert.type": "org.apache.kafka.connect.transforms.InsertField$Value",
  "transforms.insert.static.field": "origin",
  "transforms.insert.static.value": "ferry",
  "transforms.insert.topic.field": "topic",
};
const REPLACE = { "transforms.replace.type": "org.apache.kafka.connect.transforms.ReplaceField$Value", "transforms.replace.renames": "line:text", "transforms.replace.exclude": "topic" };
const MASK = { "transforms.mask.type": "org.apache.kafka.connect.transforms.MaskField$Value", "transforms.mask.fields": "origin" };
const ALL = { transforms: "hoist,insert,replace,mask", ...HOIST, ...INSERT, ...REPLACE, ...MASK };

describe("TransformationChain struct reuse", () => {
  it("gives the same result as copying, owned or not", () => {
    for (const owned of [true, false]) {
      const out = chain(ALL).apply(record(Schema.STRING_SCHEMA, "v"), owned);
      const value = out?.value as Struct;
      expect(value.toString()).toBe("Struct{text=v,origin=}");
      expect(out?.valueSchema).toBe(value.schema());
      expect(value.schema().fields().map((f) => f.name())).toEqual(["text", "origin"]);
      value.validate();
      expect(value.getString("text")).toBe("v");
    }
  });

  it("never updates a struct a transform that may keep records has seen", () => {
    KeepRecords.kept = [];
    const out = chain({ transforms: "hoist,keep,insert,replace,mask", ...HOIST, "transforms.keep.type": "test.KeepRecords", ...INSERT, ...REPLACE, ...MASK }).apply(
      record(Schema.STRING_SCHEMA, "v"),
      true,
    );
    expect((out?.value as Struct).toString()).toBe("Struct{text=v,origin=}");
    const [seen] = KeepRecords.kept;
    const hoisted = seen?.value as Struct;
    expect(hoisted).not.toBe(out?.value);
    expect(hoisted.toString()).toBe("Struct{line=v}");
    expect(hoisted.schema().fields().map((f) => f.name())).toEqual(["line"]);
  });

  it("never updates a struct it did not make: the record's own value stays as it was", () => {
    const schema = SchemaBuilder.struct().field("line", Schema.STRING_SCHEMA).build();
    const original = new Struct(schema).put("line", "v");
    for (const owned of [true, false]) {
      const out = chain({ transforms: "insert,replace,mask", ...INSERT, ...REPLACE, ...MASK }).apply(record(schema, original), owned);
      expect((out?.value as Struct).toString()).toBe("Struct{text=v,origin=}");
      expect(out?.value).not.toBe(original);
      expect(original.schema()).toBe(schema);
      expect(original.toString()).toBe("Struct{line=v}");
    }
  });

  it("names the stage that failed after an earlier stage updated a struct in place, and leaves the input record as it was", () => {
    const c = chain({
      transforms: "hoist,insert,mask",
      ...HOIST,
      ...INSERT,
      "transforms.mask.type": "org.apache.kafka.connect.transforms.MaskField$Value",
      "transforms.mask.fields": "line",
      "transforms.mask.replacement": "not-a-number",
    });
    const input = record(Schema.INT32_SCHEMA, 5);
    expect(() => c.apply(input)).toThrow("Unable to convert not-a-number");
    expect(c.currentClass).toBe("org.apache.kafka.connect.transforms.MaskField$Value");
    expect([input.valueSchema, input.value]).toEqual([Schema.INT32_SCHEMA, 5]);
    // The next record starts over: nothing is left lent.
    expect(() => c.apply(record(Schema.INT32_SCHEMA, 6))).toThrow("Unable to convert not-a-number");
  });
});

describe("SMTs given a struct lent for update", () => {
  const schema = SchemaBuilder.struct().field("line", Schema.STRING_SCHEMA).field("topic", Schema.OPTIONAL_STRING_SCHEMA).field("origin", Schema.OPTIONAL_STRING_SCHEMA).build();
  const struct = () => new Struct(schema).put("line", "v").put("topic", "t").put("origin", "o");

  it("update it only while it is lent", () => {
    const replace = new ReplaceField(valueSide);
    replace.configure({ renames: "line:text", exclude: "topic" });
    const lent = struct();
    lendStructForUpdate(lent);
    const inPlace = replace.apply(record(schema, lent));
    lendStructForUpdate(null);
    expect(inPlace.value).toBe(lent);
    expect(lent.toString()).toBe("Struct{text=v,origin=o}");
    const notLent = struct();
    const copied = replace.apply(record(schema, notLent));
    expect(copied.value).not.toBe(notLent);
    expect(notLent.toString()).toBe("Struct{line=v,topic=t,origin=o}");
    expect((copied.value as Struct).equals(inPlace.value)).toBe(true);
  });

  it("extend and mask it in place, with the results of a copy", () => {
    const small = SchemaBuilder.struct().field("line", Schema.STRING_SCHEMA).build();
    const insert = new InsertField(valueSide);
    insert.configure({ "static.field": "origin", "static.value": "ferry" });
    const mask = new MaskField(valueSide);
    mask.configure({ fields: "origin" });
    const lent = new Struct(small).put("line", "v");
    lendStructForUpdate(lent);
    const inserted = insert.apply(record(small, lent));
    lendStructForUpdate(lent);
    const masked = mask.apply(inserted);
    lendStructForUpdate(null);
    expect(masked.value).toBe(lent);
    expect(lent.toString()).toBe("Struct{line=v,origin=}");
    const copy = mask.apply(insert.apply(record(small, new Struct(small).put("line", "v"))));
    expect((copy.value as Struct).equals(lent)).toBe(true);
  });

  it("copy a lent struct whose values are not plain primitives: it is left as it was", () => {
    const inner = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    const outer = SchemaBuilder.struct().field("line", inner).build();
    const insert = new InsertField(valueSide);
    insert.configure({ "static.field": "origin", "static.value": "ferry" });
    const lent = new Struct(outer).put("line", new Struct(inner).put("a", 1));
    lendStructForUpdate(lent);
    const out = insert.apply(record(outer, lent));
    lendStructForUpdate(null);
    expect(out.value).not.toBe(lent);
    expect(lent.schema()).toBe(outer);
    expect((out.value as Struct).toString()).toBe("Struct{line=Struct{a=1},origin=ferry}");
  });
});

describe("TransformationChain struct reuse past predicates", () => {
  it("never lends a struct to a stage whose predicate saw it", () => {
    KeepTestedValues.seen = [];
    const out = chain({
      transforms: "hoist,insert",
      ...HOIST,
      ...INSERT,
      "transforms.insert.predicate": "p",
      predicates: "p",
      "predicates.p.type": "test.KeepTestedValues",
    }).apply(record(Schema.STRING_SCHEMA, "v"), true);
    expect((out?.value as Struct).toString()).toBe("Struct{line=v,topic=t,origin=ferry}");
    const [seen] = KeepTestedValues.seen;
    expect(seen).not.toBe(out?.value);
    expect((seen as Struct).toString()).toBe("Struct{line=v}");
  });
});
