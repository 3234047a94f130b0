import { afterEach, describe, expect, it, vi } from "vitest";
import { Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct, type AnyRecord, type ConfigMap } from "../api";
import { createPluginRegistry } from "../plugins/registry";
import { buildTransformationChain, type TransformationChain } from "./transformation-chain";

/**
 * Runs of built-in SMTs on one side of the record go through their steps, with one record made for
 * the run. The oracle: the same stages applied one by one, each making its own copy.
 */

const registry = createPluginRegistry();
const T = "org.apache.kafka.connect.transforms";

const HOIST = { "transforms.hoist.type": `${T}.HoistField$Value`, "transforms.hoist.field": "line" };
const INSERT = {
  "transforms.insert.type": `${T}.InsertField$Value`,
  "transforms.insert.static.field": "origin",
  "transforms.insert.static.value": "ferry",
  "transforms.insert.topic.field": "topic",
};
const REPLACE = { "transforms.replace.type": `${T}.ReplaceField$Value`, "transforms.replace.renames": "line:text", "transforms.replace.exclude": "topic" };
const MASK = { "transforms.mask.type": `${T}.MaskField$Value`, "transforms.mask.fields": "origin" };
const EXTRACT = { "transforms.extract.type": `${T}.ExtractField$Value`, "transforms.extract.field": "text" };
const FIVE = { transforms: "hoist,insert,replace,mask,extract", ...HOIST, ...INSERT, ...REPLACE, ...MASK, ...EXTRACT };

const LINE = SchemaBuilder.struct().field("line", Schema.OPTIONAL_STRING_SCHEMA).build();
const sink = (valueSchema: Schema | null, value: unknown, topic = "t") =>
  new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: 7, timestamp: 1_700_000_000_000, keySchema: Schema.OPTIONAL_STRING_SCHEMA, key: "k", valueSchema, value });

/** The stages' apply() one after the other, nothing lent: what the chain must give. */
function oneByOne<R extends AnyRecord>(chain: TransformationChain<R>, record: R): { out: R | null } | { error: string; stage: string } {
  let current: R | null = record;
  for (const stage of chain.stages) {
    if (current === null) break;
    try {
      current = stage.apply(current);
    } catch (err) {
      return { error: String(err), stage: stage.transformClass };
    }
  }
  return { out: current };
}

function viaChain<R extends AnyRecord>(chain: TransformationChain<R>, record: R, owned: boolean): { out: R | null } | { error: string; stage: string } {
  try {
    return { out: chain.apply(record, owned) };
  } catch (err) {
    return { error: String(err), stage: chain.currentClass ?? "" };
  }
}

/** Fields, schemas (the very same objects) and values, structs compared field by field. */
function describeRecord(record: AnyRecord | null): unknown {
  if (record === null) return null;
  const show = (v: unknown) => (v instanceof Struct ? `${v.toString()} of ${v.schema().fields().map((f) => f.name()).join("|")}` : v);
  return {
    topic: record.topic,
    partition: record.kafkaPartition,
    timestamp: record.timestamp,
    keySchema: record.keySchema,
    key: show(record.key),
    valueSchema: record.valueSchema,
    value: show(record.value),
    valueSchemaMatchesStruct: record.value instanceof Struct ? record.value.schema() === record.valueSchema : null,
  };
}

/** Each record through the chain (owned and not) and through the stages one by one: the same outcome. */
function expectSameAsOneByOne<R extends AnyRecord>(config: ConfigMap, records: (() => R)[]): void {
  const chain = buildTransformationChain<R>(registry, config);
  for (const make of records) {
    for (const owned of [false, true]) {
      const expected = oneByOne(chain, make());
      const actual = viaChain(chain, make(), owned);
      if ("error" in expected) expect(actual).toEqual(expected);
      else {
        expect("out" in actual, JSON.stringify(actual)).toBe(true);
        expect(describeRecord((actual as { out: R | null }).out)).toEqual(describeRecord(expected.out));
      }
    }
  }
}

describe("TransformationChain steps", () => {
  afterEach(() => vi.restoreAllMocks());

  it("makes one record for a run of steps, and the same record as the stages one by one", () => {
    const chain = buildTransformationChain<SinkRecord>(registry, FIVE);
    const newRecord = vi.spyOn(SinkRecord.prototype, "newRecord");
    const out = chain.apply(sink(Schema.OPTIONAL_STRING_SCHEMA, "v"), false);
    expect(newRecord).toHaveBeenCalledTimes(1);
    expect(out?.value).toBe("v");
    expect(out?.valueSchema).toBe(Schema.OPTIONAL_STRING_SCHEMA);
    expectSameAsOneByOne<SinkRecord>(FIVE, [() => sink(Schema.OPTIONAL_STRING_SCHEMA, "v"), () => sink(Schema.OPTIONAL_STRING_SCHEMA, null)]);
  });

  it("ends a run where a value is not what a step handles, and applies the rest", () => {
    // Extract gives null for a null line; Insert's apply() then passes the record on unchanged.
    const config = { transforms: "hoist,x,insert,replace", ...HOIST, "transforms.x.type": `${T}.ExtractField$Value`, "transforms.x.field": "line", ...INSERT, ...REPLACE };
    expectSameAsOneByOne<SinkRecord>(config, [() => sink(Schema.OPTIONAL_STRING_SCHEMA, null), () => sink(Schema.OPTIONAL_STRING_SCHEMA, "v")]);
    // A struct whose schema is not the record's: the stages' apply() follow the struct's schema.
    const other = SchemaBuilder.struct().field("line", Schema.OPTIONAL_STRING_SCHEMA).field("extra", Schema.OPTIONAL_INT32_SCHEMA).build();
    expectSameAsOneByOne<SinkRecord>({ transforms: "insert,replace,mask", ...INSERT, ...REPLACE, ...MASK }, [
      () => sink(LINE, new Struct(other).put("line", "a").put("extra", 3)),
      () => sink(LINE, new Struct(LINE).put("line", "b")),
      () => sink(LINE, "not a struct"),
      () => sink(LINE, null),
      () => sink(null, new Map([["line", "schemaless"]])),
    ]);
  });

  it("names the stage that threw, with the error its apply() throws", () => {
    // Hoist into a required field: null does not fit; the step throws in the first stage.
    expectSameAsOneByOne<SinkRecord>(FIVE, [() => sink(Schema.STRING_SCHEMA, null)]);
    const hoist = buildTransformationChain<SinkRecord>(registry, FIVE);
    expect(() => hoist.apply(sink(Schema.STRING_SCHEMA, null))).toThrow(/line/);
    expect(hoist.currentClass).toBe(`${T}.HoistField$Value`);

    // offset.field needs a SinkRecord: the second step throws for a source record.
    const offsetConfig = { transforms: "hoist,insert,extract", ...HOIST, ...INSERT, "transforms.insert.offset.field": "offset", "transforms.extract.type": `${T}.ExtractField$Value`, "transforms.extract.field": "line" };
    const source = () => new SourceRecord({ sourcePartition: { p: 1 }, sourceOffset: { o: 1 }, topic: "t", valueSchema: Schema.STRING_SCHEMA, value: "v" });
    expectSameAsOneByOne<SourceRecord>(offsetConfig, [source]);
    const insert = buildTransformationChain<SourceRecord>(registry, offsetConfig);
    expect(() => insert.apply(source())).toThrow(/Only SinkRecord supported for \[field insertion\]/);
    expect(insert.currentClass).toBe(`${T}.InsertField$Value`);

    // A field the schema lacks: no step is built; the stage's apply() throws.
    const missing = { transforms: "hoist,x", ...HOIST, "transforms.x.type": `${T}.ExtractField$Value`, "transforms.x.field": "nope" };
    expectSameAsOneByOne<SinkRecord>(missing, [() => sink(Schema.OPTIONAL_STRING_SCHEMA, "v")]);
    const extract = buildTransformationChain<SinkRecord>(registry, missing);
    expect(() => extract.apply(sink(Schema.OPTIONAL_STRING_SCHEMA, "v"))).toThrow(/Unknown field: nope/);
    expect(extract.currentClass).toBe(`${T}.ExtractField$Value`);
  });

  it("reads the topic a stage before the run set, and keeps runs to one side of the record", () => {
    const routed = { transforms: "route,hoist,insert", "transforms.route.type": `${T}.RegexRouter`, "transforms.route.regex": "(.*)", "transforms.route.replacement": "$1-routed", ...HOIST, ...INSERT };
    expectSameAsOneByOne<SinkRecord>(routed, [() => sink(Schema.OPTIONAL_STRING_SCHEMA, "v")]);
    expect((buildTransformationChain<SinkRecord>(registry, routed).apply(sink(Schema.OPTIONAL_STRING_SCHEMA, "v"))?.value as Struct).get("topic")).toBe("t-routed");

    const sides = {
      transforms: "hk,hv,ik,iv",
      "transforms.hk.type": `${T}.HoistField$Key`,
      "transforms.hk.field": "id",
      ...{ "transforms.hv.type": `${T}.HoistField$Value`, "transforms.hv.field": "line" },
      ...{ "transforms.ik.type": `${T}.InsertField$Key`, "transforms.ik.static.field": "s", "transforms.ik.static.value": "x" },
      ...{ "transforms.iv.type": `${T}.InsertField$Value`, "transforms.iv.partition.field": "p", "transforms.iv.timestamp.field": "ts" },
    };
    expectSameAsOneByOne<SinkRecord>(sides, [() => sink(Schema.OPTIONAL_STRING_SCHEMA, "v")]);
  });

  it("keeps one set of steps per input schema", () => {
    const a = SchemaBuilder.struct().field("line", Schema.OPTIONAL_STRING_SCHEMA).field("origin", Schema.OPTIONAL_STRING_SCHEMA).build();
    const b = SchemaBuilder.struct().field("origin", Schema.STRING_SCHEMA).field("line", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA).build();
    const config = { transforms: "replace,mask,extract", ...REPLACE, ...MASK, ...EXTRACT };
    const records = [
      () => sink(a, new Struct(a).put("line", "1").put("origin", "o")),
      () => sink(b, new Struct(b).put("line", "2").put("origin", "o").put("n", 2)),
      () => sink(a, new Struct(a).put("line", "3")),
      () => sink(b, new Struct(b).put("line", "4").put("origin", "o").put("n", 4)),
    ];
    expectSameAsOneByOne<SinkRecord>(config, [...records, ...records]);
  });

  it("leaves runs with a predicate or a transform without steps to apply()", () => {
    const config = {
      transforms: "hoist,insert,cast",
      ...HOIST,
      ...INSERT,
      "transforms.insert.predicate": "isT",
      predicates: "isT",
      "predicates.isT.type": `${T}.predicates.TopicNameMatches`,
      "predicates.isT.pattern": "t",
      "transforms.cast.type": `${T}.Cast$Value`,
      "transforms.cast.spec": "line:string",
    };
    expectSameAsOneByOne<SinkRecord>(config, [() => sink(Schema.OPTIONAL_STRING_SCHEMA, "v"), () => sink(Schema.OPTIONAL_STRING_SCHEMA, "v", "other")]);
  });
});
