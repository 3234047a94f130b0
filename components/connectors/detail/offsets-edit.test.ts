import { describe, expect, it } from "vitest";
import { offsetsEditorText, parseOffsetsText, sinkRow } from "./offsets-edit";

describe("parseOffsetsText", () => {
  it("accepts source offsets as {offsets:[…]} or a bare list, and a null offset", () => {
    const list = [{ partition: { filename: "/tmp/a" }, offset: { position: 4 } }, { partition: { filename: "/tmp/b" }, offset: null }];
    expect(parseOffsetsText(JSON.stringify({ offsets: list }), "source")).toEqual({ ok: true, offsets: list });
    expect(parseOffsetsText(JSON.stringify(list), "source")).toEqual({ ok: true, offsets: list });
  });

  it("refuses text that is not JSON, an empty list and non-object offsets, naming the place", () => {
    expect(parseOffsetsText("{", "source")).toMatchObject({ ok: false, errors: [expect.stringMatching(/^Not JSON: /)] });
    expect(parseOffsetsText('{"offsets":[]}', "source")).toEqual({ ok: false, errors: ["offsets: give at least one partition"] });
    const bad = parseOffsetsText('{"offsets":[{"partition":{"f":"x"},"offset":"four"}]}', "source");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/^offsets\.0\.offset: /);
  });

  it("checks Connect's sink shape: topic, integer partition and offset (numbers or numeric strings)", () => {
    const good = [{ partition: { kafka_topic: "t", kafka_partition: "1" }, offset: { kafka_offset: 7 } }];
    expect(parseOffsetsText(JSON.stringify({ offsets: good }), "sink")).toEqual({ ok: true, offsets: good });
    const badPartition = parseOffsetsText(JSON.stringify({ offsets: [{ partition: { kafka_topic: "t", kafka_partition: 1.5 }, offset: null }] }), "sink");
    expect(!badPartition.ok && badPartition.errors[0]).toMatch(/^offsets\.0\.partition\.kafka_partition/);
    const noTopic = parseOffsetsText(JSON.stringify({ offsets: [{ partition: { kafka_partition: 0 }, offset: { kafka_offset: 1 } }] }), "sink");
    expect(!noTopic.ok && noTopic.errors[0]).toMatch(/kafka_topic/);
    const badOffset = parseOffsetsText(JSON.stringify({ offsets: [{ partition: { kafka_topic: "t", kafka_partition: 0 }, offset: { position: 1 } }] }), "sink");
    expect(!badOffset.ok && badOffset.errors[0]).toMatch(/^offsets\.0\.offset\.kafka_offset/);
  });
});

describe("offsetsEditorText", () => {
  it("starts from the current offsets, else from a template of the right shape", () => {
    const current = [{ partition: { filename: "/a" }, offset: { position: 1 } }];
    expect(JSON.parse(offsetsEditorText(current, "source"))).toEqual({ offsets: current });
    expect(parseOffsetsText(offsetsEditorText([], "sink"), "sink").ok).toBe(true);
    expect(JSON.parse(offsetsEditorText([], "source"))).toEqual({ offsets: [{ partition: {}, offset: {} }] });
  });
});

describe("sinkRow", () => {
  it("reads topic, partition and offset of a sink offset; nothing for a source one", () => {
    expect(sinkRow({ partition: { kafka_topic: "t", kafka_partition: 2 }, offset: { kafka_offset: 9 } })).toEqual({ topic: "t", partition: "2", offset: "9" });
    expect(sinkRow({ partition: { kafka_topic: "t", kafka_partition: 2 }, offset: null })).toEqual({ topic: "t", partition: "2", offset: "—" });
    expect(sinkRow({ partition: { filename: "/a" }, offset: { position: 1 } })).toBeUndefined();
  });
});
