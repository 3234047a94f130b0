import { describe, expect, it } from "vitest";
import { ConfigError, SinkRecord, type ConfigMap } from "../api";
import { createPluginRegistry } from "../plugins/registry";
import { AppendValue, KeepRecords, KeepTested, testTransformPlugins } from "./test-transforms";
import { buildTransformationChain } from "./transformation-chain";

const registry = createPluginRegistry(testTransformPlugins);
const record = (value: string) => new SinkRecord({ topic: "t", kafkaPartition: 0, kafkaOffset: 1, keySchema: null, key: null, valueSchema: null, value });
const chain = (config: ConfigMap) => buildTransformationChain<SinkRecord>(registry, config);

describe("TransformationChain", () => {
  it("is empty without transforms and passes records through unchanged", () => {
    const c = chain({});
    expect(c.isEmpty).toBe(true);
    const r = record("v");
    expect(c.apply(r)).toBe(r);
  });

  it("applies the transforms in the order of `transforms`, by class or alias, with their prefixed settings", () => {
    const c = chain({ transforms: "a, b", "transforms.a.type": "test.AppendValue", "transforms.a.suffix": "-1", "transforms.b.type": "AppendValue", "transforms.b.suffix": "-2" });
    expect(c.apply(record("v"))?.value).toBe("v-1-2");
    expect(c.stages.map((s) => [s.alias, s.transformClass])).toEqual([
      ["a", "test.AppendValue"],
      ["b", "test.AppendValue"],
    ]);
  });

  it("stops at a transform returning null (the record is dropped)", () => {
    const c = chain({ transforms: "drop,a", "transforms.drop.type": "test.DropAll", "transforms.a.type": "test.AppendValue", "transforms.a.suffix": "x" });
    expect(c.apply(record("v"))).toBeNull();
  });

  it("names the class of the transform that threw", () => {
    const c = chain({ transforms: "a,fail", "transforms.a.type": "test.AppendValue", "transforms.a.suffix": "x", "transforms.fail.type": "test.FailOn" });
    expect(() => c.apply(record("bad"))).toThrow("Error when value='badx'");
    expect(c.currentClass).toBe("test.FailOn");
  });

  it("runs a transform only where its predicate holds, or does not hold with negate", () => {
    const base = { transforms: "a", "transforms.a.type": "test.AppendValue", "transforms.a.suffix": "!", "transforms.a.predicate": "isX", predicates: "isX", "predicates.isX.type": "test.ValueEquals", "predicates.isX.value": "x" };
    const c = chain(base);
    expect(c.apply(record("x"))?.value).toBe("x!");
    expect(c.apply(record("y"))?.value).toBe("y");
    const negated = chain({ ...base, "transforms.a.negate": "true" });
    expect(negated.apply(record("x"))?.value).toBe("x");
    expect(negated.apply(record("y"))?.value).toBe("y!");
  });

  describe("copy avoidance", () => {
    const keepingNone = (suffix: string) => ({ [`transforms.${suffix}.type`]: "test.AppendValueKeepingNone", [`transforms.${suffix}.suffix`]: `-${suffix}` });

    it("updates a record it owns in place through transforms that keep no records", () => {
      const c = chain({ transforms: "1,2,3", ...keepingNone("1"), ...keepingNone("2"), ...keepingNone("3") });
      const r = record("v");
      const out = c.apply(r, true);
      expect(out).toBe(r);
      expect(out?.value).toBe("v-1-2-3");
      expect([out?.kafkaOffset, out?.originalTopic]).toEqual([1, "t"]);
    });

    it("copies a record it does not own (a source task keeps what it polled), then updates the copy", () => {
      const c = chain({ transforms: "1,2", ...keepingNone("1"), ...keepingNone("2") });
      const r = record("v");
      const out = c.apply(r);
      expect(out).not.toBe(r);
      expect(r.value).toBe("v");
      expect(out?.value).toBe("v-1-2");
    });

    it("never updates a record a transform that may keep records has seen", () => {
      KeepRecords.kept = [];
      const c = chain({ transforms: "1,keep,2,3", ...keepingNone("1"), "transforms.keep.type": "test.KeepRecords", ...keepingNone("2"), ...keepingNone("3") });
      const out = c.apply(record("v"), true);
      expect(out?.value).toBe("v-1-2-3");
      expect(KeepRecords.kept).toHaveLength(1);
      const [seen] = KeepRecords.kept;
      expect(seen?.record).not.toBe(out);
      expect(seen?.record.value).toBe(seen?.value);
      expect(seen?.value).toBe("v-1");
    });

    it("never lends a record to a stage whose predicate may keep records", () => {
      KeepTested.kept = [];
      const c = chain({
        transforms: "1,2",
        ...keepingNone("1"),
        ...keepingNone("2"),
        "transforms.2.predicate": "p",
        predicates: "p",
        "predicates.p.type": "test.KeepTested",
      });
      expect(c.stages.map((s) => s.keepsNoRecords)).toEqual([true, false]);
      const out = c.apply(record("v"), true);
      expect(out?.value).toBe("v-1-2");
      const [tested] = KeepTested.kept;
      expect(tested?.record).not.toBe(out);
      expect(tested?.record.value).toBe("v-1");
    });

    it("ends the loan when a stage throws before it made its record", () => {
      const c = chain({ transforms: "1,fail", ...keepingNone("1"), "transforms.fail.type": "test.FailOnKeepingNone" });
      const r = record("bad");
      expect(() => c.apply(r, true)).toThrow("Error when value='bad-1'");
      expect(c.currentClass).toBe("test.FailOnKeepingNone");
      const copy = r.newRecord(r.topic, r.kafkaPartition, null, null, null, "other", null);
      expect(copy).not.toBe(r);
      expect(r.value).toBe("bad-1");
    });
  });

  it("closes every transform at task stop", () => {
    const before = AppendValue.closed;
    chain({ transforms: "a,b", "transforms.a.type": "test.AppendValue", "transforms.b.type": "test.AppendValue" }).close();
    expect(AppendValue.closed - before).toBe(2);
  });

  it("refuses unknown classes, missing types, wrong plugin types, undefined predicates and negate without predicate", () => {
    expect(() => chain({ transforms: "a", "transforms.a.type": "com.example.Nope" })).toThrow("Class com.example.Nope could not be found.");
    expect(() => chain({ transforms: "a" })).toThrow(ConfigError);
    expect(() => chain({ transforms: "a", "transforms.a.type": "test.ValueEquals" })).toThrow("does not implement the Transformation interface");
    expect(() => chain({ transforms: "a", "transforms.a.type": "test.AppendValue", "transforms.a.predicate": "p" })).toThrow("references predicate p");
    expect(() => chain({ transforms: "a", "transforms.a.type": "test.AppendValue", "transforms.a.negate": "true" })).toThrow(
      "Config 'transforms.a.negate' was provided but there is no config 'transforms.a.predicate' defining a predicate to be negated.",
    );
  });
});
