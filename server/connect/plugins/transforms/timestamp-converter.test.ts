import { describe, expect, it } from "vitest";
import {
  ConfigError,
  ConnectDate,
  ConnectError,
  DataError,
  Schema,
  SchemaBuilder,
  SourceRecord,
  Struct,
  Time,
  Timestamp,
} from "../../api";
import { TimestampConverter, timestampConverterPlugins } from "./timestamp-converter";
import { KEY, VALUE, type RecordSide } from "./util";

function converter(props: Record<string, string>, side: RecordSide = VALUE): TimestampConverter {
  const t = new TimestampConverter(side);
  t.configure(props);
  return t;
}

const rec = (valueSchema: Schema | null, value: unknown) =>
  new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: "topic", kafkaPartition: 0, valueSchema, value });

// 1970-01-02 04:05:06.789 UTC, and its day and time parts.
const DATE = new Date(86_400_000);
const TIME = new Date(4 * 3_600_000 + 5 * 60_000 + 6_789);
const DATE_PLUS_TIME = new Date(DATE.getTime() + TIME.getTime());
const DATE_PLUS_TIME_UNIX = 101_106_789n;
const DATE_PLUS_TIME_UNIX_MICROS = 101_106_789_123n;
const DATE_PLUS_TIME_UNIX_NANOS = 101_106_789_123_456n;
const DATE_PLUS_TIME_UNIX_SECONDS = 101_106n;
const STRING_DATE_FMT = "yyyy MM dd HH mm ss SSS z";
const DATE_PLUS_TIME_STRING = "1970 01 02 04 05 06 789 UTC";

describe("TimestampConverter config", () => {
  it("requires a valid target.type", () => {
    expect(() => converter({})).toThrow(ConfigError);
    expect(() => converter({ "target.type": "invalid" })).toThrow(
      "Invalid value invalid for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp",
    );
  });

  it("validates unix.precision", () => {
    expect(() => converter({ "target.type": "unix", "unix.precision": "invalid" })).toThrow(
      "Invalid value invalid for configuration unix.precision: String must be one of: nanoseconds, microseconds, milliseconds, seconds",
    );
    expect(() => converter({ "target.type": "unix", "unix.precision": "seconds" })).not.toThrow();
  });

  it("requires a valid format for string timestamps", () => {
    expect(() => converter({ "target.type": "string" })).toThrow(
      new ConfigError("TimestampConverter requires format option to be specified when using string timestamps"),
    );
    expect(() => converter({ "target.type": "string", format: "bad-format" })).toThrow(
      "TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: bad-format",
    );
  });

  it("is registered as TimestampConverter$Key and $Value", () => {
    expect(timestampConverterPlugins.map((p) => p.className)).toEqual([
      "org.apache.kafka.connect.transforms.TimestampConverter$Key",
      "org.apache.kafka.connect.transforms.TimestampConverter$Value",
    ]);
  });
});

describe("TimestampConverter schemaless", () => {
  it("keeps a Timestamp as a Timestamp", () => {
    const out = converter({ "target.type": "Timestamp" }).apply(rec(null, DATE_PLUS_TIME));
    expect(out.valueSchema).toBeNull();
    expect(out.value).toEqual(DATE_PLUS_TIME);
  });

  it.each([
    ["Date", DATE],
    ["Time", TIME],
    ["unix", DATE_PLUS_TIME_UNIX],
    ["string", DATE_PLUS_TIME_STRING],
  ])("converts a Timestamp to %s", (target, expected) => {
    const out = converter({ "target.type": target, format: STRING_DATE_FMT }).apply(rec(null, DATE_PLUS_TIME));
    expect(out.valueSchema).toBeNull();
    expect(out.value).toEqual(expected);
  });

  it.each([
    ["unix", DATE_PLUS_TIME_UNIX],
    ["unix (number)", Number(DATE_PLUS_TIME_UNIX)],
    ["string", DATE_PLUS_TIME_STRING],
  ])("converts %s to a Timestamp", (_name, input) => {
    const out = converter({ "target.type": "Timestamp", format: STRING_DATE_FMT }).apply(rec(null, input));
    expect(out.value).toEqual(DATE_PLUS_TIME);
  });

  it("honours unix.precision both ways", () => {
    const to = (precision: string) => converter({ "target.type": "unix", "unix.precision": precision }).apply(rec(null, DATE_PLUS_TIME)).value;
    expect(to("milliseconds")).toBe(DATE_PLUS_TIME_UNIX);
    expect(to("microseconds")).toBe(DATE_PLUS_TIME_UNIX * 1000n);
    expect(to("nanoseconds")).toBe(DATE_PLUS_TIME_UNIX * 1_000_000n);
    expect(to("seconds")).toBe(DATE_PLUS_TIME_UNIX_SECONDS);
    const from = (precision: string, v: bigint) => converter({ "target.type": "Timestamp", "unix.precision": precision }).apply(rec(null, v)).value;
    expect(from("microseconds", DATE_PLUS_TIME_UNIX_MICROS)).toEqual(DATE_PLUS_TIME);
    expect(from("nanoseconds", DATE_PLUS_TIME_UNIX_NANOS)).toEqual(DATE_PLUS_TIME);
    expect(from("seconds", DATE_PLUS_TIME_UNIX_SECONDS)).toEqual(new Date(101_106_000));
  });

  it("passes null through", () => {
    const out = converter({ "target.type": "Timestamp" }).apply(rec(null, null));
    expect(out.value).toBeNull();
    expect(out.valueSchema).toBeNull();
  });

  it("converts one field of a map, keeping the map kind", () => {
    const input = new Map<string, unknown>([
      ["ts", DATE_PLUS_TIME],
      ["other", "x"],
    ]);
    const out = converter({ "target.type": "Date", field: "ts" }).apply(rec(null, input)).value as Map<string, unknown>;
    expect(out).toBeInstanceOf(Map);
    expect(out.get("ts")).toEqual(DATE);
    expect(out.get("other")).toBe("x");
    expect(input.get("ts")).toBe(DATE_PLUS_TIME);
    const plain = converter({ "target.type": "unix", field: "ts" }).apply(rec(null, { ts: DATE_PLUS_TIME })).value;
    expect(plain).toEqual({ ts: DATE_PLUS_TIME_UNIX });
    const missing = converter({ "target.type": "unix", field: "ts" }).apply(rec(null, { other: 1 })).value;
    expect(missing).toEqual({ other: 1, ts: null });
  });

  it("rejects values it cannot infer a timestamp type for", () => {
    expect(() => converter({ "target.type": "unix" }).apply(rec(null, 1.5))).toThrow(
      new DataError("TimestampConverter does not support class java.lang.Double objects as timestamps"),
    );
    expect(() => converter({ "target.type": "unix", field: "ts" }).apply(rec(null, 42))).toThrow(
      "Only Map objects supported in absence of schema for [converting timestamp formats], found: java.lang.Integer",
    );
  });

  it("reports strings that do not match the format", () => {
    expect(() => converter({ "target.type": "unix", format: "yyyy-MM-dd" }).apply(rec(null, "not a date"))).toThrow(
      new DataError("Could not parse timestamp: value (not a date) does not match pattern (yyyy-MM-dd)"),
    );
  });
});

describe("TimestampConverter with schema", () => {
  it.each([
    ["Timestamp", Timestamp.SCHEMA, DATE_PLUS_TIME],
    ["Date", ConnectDate.SCHEMA, DATE],
    ["Time", Time.SCHEMA, TIME],
    ["unix", Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX],
    ["string", Schema.STRING_SCHEMA, DATE_PLUS_TIME_STRING],
  ])("converts a Timestamp to %s", (target, schema, expected) => {
    const out = converter({ "target.type": target, format: STRING_DATE_FMT }).apply(rec(Timestamp.SCHEMA, DATE_PLUS_TIME));
    expect(out.valueSchema).toBe(schema);
    expect(out.value).toEqual(expected);
  });

  it.each([
    ["Date", ConnectDate.SCHEMA, DATE, DATE],
    ["Time", Time.SCHEMA, TIME, TIME],
    ["unix", Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX, DATE_PLUS_TIME],
    ["string", Schema.STRING_SCHEMA, DATE_PLUS_TIME_STRING, DATE_PLUS_TIME],
  ])("converts %s to a Timestamp", (_name, schema, input, expected) => {
    const out = converter({ "target.type": "Timestamp", format: STRING_DATE_FMT }).apply(rec(schema, input));
    expect(out.valueSchema).toBe(Timestamp.SCHEMA);
    expect(out.value).toEqual(expected);
  });

  it("keeps optionality and passes null values through", () => {
    const optionalTs = Timestamp.builder().optional().build();
    for (const [target, type] of [
      ["Timestamp", "INT64"],
      ["Date", "INT32"],
      ["Time", "INT32"],
      ["unix", "INT64"],
      ["string", "STRING"],
    ] as const) {
      const out = converter({ "target.type": target, format: STRING_DATE_FMT }).apply(rec(optionalTs, null));
      expect(out.value).toBeNull();
      expect(out.valueSchema!.isOptional()).toBe(true);
      expect(out.valueSchema!.type()).toBe(type);
    }
  });

  it("rejects schemas that are not timestamps", () => {
    expect(() => converter({ "target.type": "unix" }).apply(rec(Schema.INT32_SCHEMA, 42))).toThrow(
      new ConnectError("Schema Schema{INT32} does not correspond to a known timestamp type format"),
    );
  });

  it("converts one struct field, keeping the others and caching the schema", () => {
    const schema = SchemaBuilder.struct().field("ts", Timestamp.SCHEMA).field("other", Schema.STRING_SCHEMA).build();
    const t = converter({ "target.type": "Date", field: "ts" });
    const out = t.apply(rec(schema, new Struct(schema).put("ts", DATE_PLUS_TIME).put("other", "x")));
    const value = out.value as Struct;
    expect(out.valueSchema!.field("ts")!.schema()).toBe(ConnectDate.SCHEMA);
    expect(out.valueSchema!.field("other")!.schema()).toBe(Schema.STRING_SCHEMA);
    expect(value.get("ts")).toEqual(DATE);
    expect(value.get("other")).toBe("x");
    const again = t.apply(rec(schema, new Struct(schema).put("ts", DATE).put("other", "y")));
    expect(again.valueSchema).toBe(out.valueSchema);
  });

  it("converts an optional null field and a null struct", () => {
    const schema = SchemaBuilder.struct().field("ts", Timestamp.builder().optional().build()).optional().build();
    const t = converter({ "target.type": "unix", field: "ts" });
    const out = t.apply(rec(schema, new Struct(schema).put("ts", null)));
    expect(out.valueSchema!.field("ts")!.schema()).toBe(Schema.OPTIONAL_INT64_SCHEMA);
    expect((out.value as Struct).get("ts")).toBeNull();
    const nullStruct = t.apply(rec(schema, null));
    expect(nullStruct.value).toBeNull();
    expect(nullStruct.valueSchema!.isOptional()).toBe(true);
  });

  it("converts the struct schema's default value too", () => {
    const inner = SchemaBuilder.struct().field("ts", Timestamp.SCHEMA).optional();
    const schema = inner.defaultValue(new Struct(inner.build()).put("ts", DATE_PLUS_TIME)).build();
    const out = converter({ "target.type": "unix", field: "ts" }).apply(rec(schema, null));
    expect(out.value).toBeNull();
    expect((out.valueSchema!.defaultValue() as Struct).get("ts")).toBe(DATE_PLUS_TIME_UNIX);
  });

  it("uses field defaults unless replace.null.with.default=false", () => {
    const fieldSchema = Timestamp.builder().optional().defaultValue(DATE_PLUS_TIME).build();
    const schema = SchemaBuilder.struct().field("ts", fieldSchema).build();
    const value = new Struct(schema).put("ts", null);
    const replaced = converter({ "target.type": "unix", field: "ts" }).apply(rec(schema, value)).value as Struct;
    expect(replaced.get("ts")).toBe(DATE_PLUS_TIME_UNIX);
    const kept = converter({ "target.type": "unix", field: "ts", "replace.null.with.default": "false" }).apply(rec(schema, value)).value as Struct;
    expect(kept.get("ts")).toBeNull();
  });

  it("converts the key with TimestampConverter$Key", () => {
    const record = new SourceRecord({
      sourcePartition: null,
      sourceOffset: null,
      topic: "topic",
      kafkaPartition: 0,
      keySchema: Timestamp.SCHEMA,
      key: DATE_PLUS_TIME,
      valueSchema: null,
      value: null,
    });
    const out = converter({ "target.type": "unix" }, KEY).apply(record);
    expect(out.keySchema).toBe(Schema.INT64_SCHEMA);
    expect(out.key).toBe(DATE_PLUS_TIME_UNIX);
    expect(out.value).toBeNull();
  });
});
