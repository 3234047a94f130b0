import { describe, expect, it } from "vitest";
import { Headers, SourceRecord } from "../../api";
import { HasHeaderKey } from "./has-header-key";
import { RecordIsTombstone } from "./record-is-tombstone";
import { TopicNameMatches } from "./topic-name-matches";

const rec = (topic: string, value: unknown, headers?: Headers) =>
  new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, value, headers });

describe("TopicNameMatches", () => {
  it("matches the whole topic", () => {
    const p = new TopicNameMatches();
    p.configure({ pattern: "my-prefix-.*" });
    expect(p.test(rec("my-prefix-", 1))).toBe(true);
    expect(p.test(rec("my-prefix-foo", 1))).toBe(true);
    expect(p.test(rec("x-my-prefix-", 1))).toBe(false);
    expect(p.test(rec("your-prefix-", 1))).toBe(false);
  });

  it("validates the pattern", () => {
    expect(() => new TopicNameMatches().configure({ pattern: "" })).toThrow("Invalid value  for configuration pattern: String must be non-empty");
    expect(() => new TopicNameMatches().configure({ pattern: "[" })).toThrow(/Invalid value \[ for configuration pattern: Invalid regex: /);
    expect(() => new TopicNameMatches().configure({})).toThrow('Missing required configuration "pattern" which has no default value.');
  });
});

describe("HasHeaderKey", () => {
  it("is true when a header has the name", () => {
    const p = new HasHeaderKey();
    p.configure({ name: "foo" });
    expect(p.test(rec("t", 1, new Headers().addString("foo", "x")))).toBe(true);
    expect(p.test(rec("t", 1, new Headers().addString("bar", "x")))).toBe(false);
    expect(p.test(rec("t", 1))).toBe(false);
  });

  it("rejects an empty name", () => {
    expect(() => new HasHeaderKey().configure({ name: "" })).toThrow("String must be non-empty");
  });
});

describe("RecordIsTombstone", () => {
  it("is true for null values", () => {
    const p = new RecordIsTombstone();
    p.configure({});
    expect(p.test(rec("t", null))).toBe(true);
    expect(p.test(rec("t", "x"))).toBe(false);
  });
});
