import { describe, expect, it } from "vitest";
import { Headers, Schema, SchemaBuilder, SinkRecord, SourceRecord, Struct } from "../../api";
import { DropHeaders } from "./drop-headers";
import { Filter } from "./filter";
import { InsertHeader } from "./insert-header";
import { RegexRouter } from "./regex-router";
import { TimestampRouter } from "./timestamp-router";

const rec = (topic: string, timestamp: number | null = null, headers?: Headers) =>
  new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, value: "v", timestamp, headers });

describe("RegexRouter", () => {
  const route = (regex: string, replacement: string, topic: string): string => {
    const t = new RegexRouter();
    t.configure({ regex, replacement });
    return t.apply(rec(topic)).topic;
  };

  it("routes like Kafka's RegexRouterTest", () => {
    expect(route("(.*)", "prefix-$1", "orig")).toBe("prefix-orig");
    expect(route("(.*)", "$1-suffix", "orig")).toBe("orig-suffix");
    expect(route("(.*)", "$1", "orig")).toBe("orig");
    expect(route("(.*)-(.*)", "$2", "foo-bar")).toBe("bar");
    expect(route("foo", "bar", "baz")).toBe("baz");
    expect(route("(?<name>\\w+)\\.log", "${name}", "app.log")).toBe("app");
    expect(route("a", "\\$b", "a")).toBe("$b");
  });

  it("rejects an invalid regex", () => {
    expect(() => new RegexRouter().configure({ regex: "(", replacement: "x" })).toThrow(/Invalid value \( for configuration regex: Invalid regex: /);
  });
});

describe("TimestampRouter", () => {
  it("formats the default topic", () => {
    const t = new TimestampRouter();
    t.configure({});
    expect(t.apply(rec("test", 1_483_425_001_864)).topic).toBe("test-20170103");
  });

  it("supports time fields and quoted text", () => {
    const t = new TimestampRouter();
    t.configure({ "topic.format": "${topic}_${timestamp}", "timestamp.format": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z' ''yy''" });
    expect(t.apply(rec("test", 1_483_425_001_864)).topic).toBe("test_2017-01-03T06:30:01.864Z '17'");
  });

  it("fails on a record without timestamp", () => {
    const t = new TimestampRouter();
    t.configure({});
    expect(() => t.apply(rec("test"))).toThrow(/^Timestamp missing on record: SourceRecord/);
  });
});

describe("Filter", () => {
  it("drops everything", () => {
    expect(new Filter().apply(rec("t"))).toBeNull();
  });
});

describe("InsertHeader", () => {
  it("adds a header parsed with Values", () => {
    const t = new InsertHeader();
    t.configure({ header: "inserted", "value.literal": "42" });
    const original = new Headers().addString("existing", "x");
    const out = t.apply(rec("t", null, original));
    const h = out.headers.lastWithName("inserted")!;
    expect(h.value).toBe(42);
    expect(h.schema).toEqual(Schema.INT8_SCHEMA);
    expect(original.size).toBe(1);
    expect(out.headers.size).toBe(2);
  });

  it("requires both keys", () => {
    expect(() => new InsertHeader().configure({ header: "h" })).toThrow('Missing required configuration "value.literal" which has no default value.');
  });
});

describe("DropHeaders", () => {
  it("removes every header with a listed name", () => {
    const t = new DropHeaders();
    t.configure({ headers: "a,b" });
    const headers = new Headers().addString("a", "1").addString("c", "2").addString("b", "3").addString("a", "4");
    expect(t.apply(rec("t", null, headers)).headers.toArray().map((h) => h.key)).toEqual(["c"]);
  });

  it("rejects an empty list", () => {
    expect(() => new DropHeaders().configure({ headers: "" })).toThrow("Invalid value [] for configuration headers: Empty list");
  });
});

describe("record types", () => {
  it("keep the sink record's offset through routing", () => {
    const t = new RegexRouter();
    t.configure({ regex: ".*", replacement: "x" });
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    const out = t.apply(new SinkRecord({ topic: "t", kafkaPartition: 1, kafkaOffset: 9, valueSchema: schema, value: new Struct(schema).put("a", 1) }));
    expect(out.kafkaOffset).toBe(9);
    expect(out.topic).toBe("x");
  });
});
