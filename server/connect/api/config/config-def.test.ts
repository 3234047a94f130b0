import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors";
import { AbstractConfig } from "./abstract-config";
import { ConfigDef, convertToString, parseType, type Recommender } from "./config-def";
import { toConfigKeyInfo, toConfigKeyInfos, toConfigValueInfo } from "./config-info";
import { Password } from "./types";
import {
  CaseInsensitiveValidString,
  CompositeValidator,
  ListSize,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidList,
  ValidString,
} from "./validators";

/** FileStreamSourceConnector's definition, as Kafka declares it (no group metadata). */
const fileStreamSourceDef = () =>
  new ConfigDef()
    .define({
      name: "file",
      type: "STRING",
      defaultValue: null,
      importance: "HIGH",
      documentation: "Source filename. If not specified, the standard input will be used",
    })
    .define({
      name: "topic",
      type: "STRING",
      validator: new NonEmptyString(),
      importance: "HIGH",
      documentation: "The topic to publish data to",
    })
    .define({
      name: "batch.size",
      type: "INT",
      defaultValue: 2000,
      importance: "LOW",
      documentation: "The maximum number of records the source task can read from the file each time it is polled",
    });

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseType", () => {
  it("parses each type from trimmed strings", () => {
    expect(parseType("k", " TRUE ", "BOOLEAN")).toBe(true);
    expect(parseType("k", "False", "BOOLEAN")).toBe(false);
    expect(parseType("k", "  hello ", "STRING")).toBe("hello");
    expect(parseType("k", " 42 ", "INT")).toBe(42);
    expect(parseType("k", "+7", "INT")).toBe(7);
    expect(parseType("k", "-32768", "SHORT")).toBe(-32768);
    expect(parseType("k", "9223372036854775807", "LONG")).toBe(9223372036854775807n);
    expect(parseType("k", "1.5", "DOUBLE")).toBe(1.5);
    expect(parseType("k", "1e3", "DOUBLE")).toBe(1000);
    expect(parseType("k", "2.5f", "DOUBLE")).toBe(2.5);
    expect(parseType("k", "a, b ,c", "LIST")).toEqual(["a", "b", "c"]);
    expect(parseType("k", "  ", "LIST")).toEqual([]);
    expect(parseType("k", "a,,b,", "LIST")).toEqual(["a", "", "b", ""]);
    expect(parseType("k", " org.example.Foo ", "CLASS")).toBe("org.example.Foo");
    expect(String(parseType("k", "secret", "PASSWORD"))).toBe("[hidden]");
    expect((parseType("k", " secret ", "PASSWORD") as Password).value()).toBe("secret");
    expect(parseType("k", null, "INT")).toBeNull();
  });

  it("accepts already-typed values", () => {
    expect(parseType("k", 5, "INT")).toBe(5);
    expect(parseType("k", 5, "LONG")).toBe(5n);
    expect(parseType("k", 5n, "DOUBLE")).toBe(5);
    expect(parseType("k", ["x"], "LIST")).toEqual(["x"]);
    expect(parseType("k", true, "BOOLEAN")).toBe(true);
  });

  it("fails with Kafka's messages", () => {
    expect(errorOf(() => parseType("batch.size", "abc", "INT"))).toBe(
      "Invalid value abc for configuration batch.size: Not a number of type INT",
    );
    expect(errorOf(() => parseType("x", "2147483648", "INT"))).toBe(
      "Invalid value 2147483648 for configuration x: Not a number of type INT",
    );
    expect(errorOf(() => parseType("x", "40000", "SHORT"))).toBe("Invalid value 40000 for configuration x: Not a number of type SHORT");
    expect(errorOf(() => parseType("x", "9223372036854775808", "LONG"))).toBe(
      "Invalid value 9223372036854775808 for configuration x: Not a number of type LONG",
    );
    expect(errorOf(() => parseType("x", "1.5", "LONG"))).toBe("Invalid value 1.5 for configuration x: Not a number of type LONG");
    expect(errorOf(() => parseType("x", "one", "DOUBLE"))).toBe("Invalid value one for configuration x: Not a number of type DOUBLE");
    expect(errorOf(() => parseType("x", "yes", "BOOLEAN"))).toBe(
      "Invalid value yes for configuration x: Expected value to be either true or false",
    );
    expect(errorOf(() => parseType("x", 1.5, "INT"))).toBe(
      "Invalid value 1.5 for configuration x: Expected value to be a 32-bit integer, but it was a number",
    );
    expect(errorOf(() => parseType("x", 5, "LIST"))).toBe("Invalid value 5 for configuration x: Expected a comma separated list.");
    const resolveClass = (name: string) => (name === "JsonConverter" ? "org.apache.kafka.connect.json.JsonConverter" : undefined);
    expect(parseType("key.converter", "JsonConverter", "CLASS", { resolveClass })).toBe("org.apache.kafka.connect.json.JsonConverter");
    expect(errorOf(() => parseType("key.converter", "com.Nope", "CLASS", { resolveClass }))).toBe(
      "Invalid value com.Nope for configuration key.converter: Class com.Nope could not be found.",
    );
  });
});

describe("convertToString", () => {
  it("renders values as the REST API shows them", () => {
    expect(convertToString(["a", "b"], "LIST")).toBe("a,b");
    expect(convertToString([], "LIST")).toBe("");
    expect(convertToString(new Password("p"), "PASSWORD")).toBe("[hidden]");
    expect(convertToString(1, "DOUBLE")).toBe("1.0");
    expect(convertToString(0.25, "DOUBLE")).toBe("0.25");
    expect(convertToString(60000n, "LONG")).toBe("60000");
    expect(convertToString(9223372036854775807n, "LONG")).toBe("9223372036854775807");
    expect(convertToString(true, "BOOLEAN")).toBe("true");
    expect(convertToString(null, "STRING")).toBeNull();
  });
});

describe("validators", () => {
  it("report Kafka's messages", () => {
    expect(errorOf(() => Range.atLeast(1).ensureValid("tasks.max", 0))).toBe(
      "Invalid value 0 for configuration tasks.max: Value must be at least 1",
    );
    expect(errorOf(() => Range.between(1, 10).ensureValid("x", 11))).toBe("Invalid value 11 for configuration x: Value must be no more than 10");
    expect(errorOf(() => Range.atLeast(0).ensureValid("x", null))).toBe("Invalid value null for configuration x: Value must be non-null");
    expect(errorOf(() => ValidString.in("none", "all").ensureValid("errors.tolerance", "some"))).toBe(
      "Invalid value some for configuration errors.tolerance: String must be one of: none, all",
    );
    expect(errorOf(() => ValidList.in("a", "b").ensureValid("x", ["a", "c"]))).toBe(
      "Invalid value c for configuration x: String must be one of: a, b",
    );
    // Printed in Java HashSet order, as Kafka does.
    expect(errorOf(() => CaseInsensitiveValidString.in("requested", "required").ensureValid("exactly.once.support", "maybe"))).toBe(
      "Invalid value maybe for configuration exactly.once.support: String must be one of (case insensitive): REQUIRED, REQUESTED",
    );
    expect(() => CaseInsensitiveValidString.in("a", "b").ensureValid("x", "B")).not.toThrow();
    expect(errorOf(() => new NonEmptyString().ensureValid("topic", ""))).toBe(
      "Invalid value  for configuration topic: String must be non-empty",
    );
    expect(errorOf(() => new NonNullValidator().ensureValid("x", null))).toBe("Invalid value null for configuration x: entry must be non null");
    expect(errorOf(() => new NonEmptyStringWithoutControlChars().ensureValid("name", "a\nb\r"))).toBe(
      "Invalid value a\nb\r for configuration name: String may not contain control sequences but had the following ASCII chars: 10, 13",
    );
    expect(errorOf(() => ListSize.atMostOfSize(1).ensureValid("x", ["a", "b"]))).toBe(
      "Invalid value [a, b] for configuration x: exceeds maximum list size of [1].",
    );
    const composite = CompositeValidator.of(new NonNullValidator(), Range.atLeast(5));
    expect(errorOf(() => composite.ensureValid("x", 1))).toBe("Invalid value 1 for configuration x: Value must be at least 5");
    expect(composite.toString()).toBe("non-null string, [5,...]");
  });
});

describe("ConfigDef", () => {
  it("parses with defaults and reports missing required keys", () => {
    const def = fileStreamSourceDef();
    expect(def.parse({ topic: " t " })).toEqual({ file: null, topic: "t", "batch.size": 2000 });
    expect(errorOf(() => def.parse({}))).toBe('Missing required configuration "topic" which has no default value.');
    expect(errorOf(() => def.parse({ topic: "t", "batch.size": "x" }))).toBe(
      "Invalid value x for configuration batch.size: Not a number of type INT",
    );
  });

  it("refuses duplicate keys and invalid defaults", () => {
    expect(errorOf(() => fileStreamSourceDef().define({ name: "file", type: "STRING", importance: "LOW" }))).toBe(
      "Configuration file is defined twice.",
    );
    expect(errorOf(() => new ConfigDef().define({ name: "n", type: "INT", defaultValue: 0, validator: Range.atLeast(1), importance: "LOW" }))).toBe(
      "Invalid value 0 for configuration n: Value must be at least 1",
    );
  });

  it("renders the reference's FileStreamSource ConfigKeyInfos exactly", () => {
    const infos = toConfigKeyInfos(fileStreamSourceDef());
    expect(JSON.stringify(infos[0])).toBe(
      '{"name":"file","type":"STRING","required":false,"default_value":null,"importance":"HIGH",' +
        '"documentation":"Source filename. If not specified, the standard input will be used","group":null,' +
        '"width":"NONE","display_name":"file","dependents":[],"order":-1}',
    );
    expect(JSON.stringify(infos[1])).toBe(
      '{"name":"topic","type":"STRING","required":true,"default_value":null,"importance":"HIGH",' +
        '"documentation":"The topic to publish data to","group":null,"width":"NONE","display_name":"topic","dependents":[],"order":-1}',
    );
    expect(infos[2]).toMatchObject({ name: "batch.size", type: "INT", required: false, default_value: "2000", importance: "LOW" });
  });

  it("renders framework-style keys", () => {
    const def = new ConfigDef()
      .define({
        name: "name",
        type: "STRING",
        validator: NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars(),
        importance: "HIGH",
        documentation: "Globally unique name to use for this connector.",
        group: "Common",
        orderInGroup: 1,
        width: "MEDIUM",
        displayName: "Connector name",
      })
      .define({ name: "transforms", type: "LIST", defaultValue: "", importance: "LOW", group: "Transforms", orderInGroup: 8, width: "LONG", displayName: "Transforms" })
      .define({ name: "secret", type: "PASSWORD", defaultValue: "s3cr3t", importance: "LOW" })
      .define({ name: "ratio", type: "DOUBLE", defaultValue: 1, importance: "LOW" })
      .define({ name: "errors.retry.delay.max.ms", type: "LONG", defaultValue: 60000, importance: "MEDIUM" })
      .define({ name: "key.converter", type: "CLASS", defaultValue: null, importance: "LOW" });
    const byName = Object.fromEntries(toConfigKeyInfos(def).map((i) => [i.name, i]));
    expect(JSON.stringify(byName["name"])).toBe(
      '{"name":"name","type":"STRING","required":true,"default_value":null,"importance":"HIGH",' +
        '"documentation":"Globally unique name to use for this connector.","group":"Common","width":"MEDIUM",' +
        '"display_name":"Connector name","dependents":[],"order":1}',
    );
    expect(byName["transforms"]).toMatchObject({ default_value: "", group: "Transforms", order: 8, width: "LONG" });
    expect(byName["secret"]?.default_value).toBe("[hidden]");
    expect(byName["ratio"]?.default_value).toBe("1.0");
    expect(byName["errors.retry.delay.max.ms"]?.default_value).toBe("60000");
    expect(byName["key.converter"]).toMatchObject({ required: false, default_value: null });
    expect(def.groups()).toEqual(["Common", "Transforms"]);
  });

  it("validates every key like Kafka's validateAll", () => {
    const def = fileStreamSourceDef();
    const results = def.validateAll({ topic: "", "batch.size": "many", extra: "ignored" });
    expect([...results.keys()]).toEqual(["file", "topic", "batch.size"]);
    const info = (name: string) => {
      const value = results.get(name);
      if (!value) throw new Error(name);
      return toConfigValueInfo(value, def.configKeys().get(name)?.type ?? null);
    };
    expect(info("file")).toEqual({ name: "file", value: null, recommended_values: [], errors: [], visible: true });
    expect(info("topic")).toEqual({
      name: "topic",
      value: "",
      recommended_values: [],
      errors: ["Invalid value  for configuration topic: String must be non-empty"],
      visible: true,
    });
    expect(info("batch.size")).toEqual({
      name: "batch.size",
      value: null,
      recommended_values: [],
      errors: ["Invalid value many for configuration batch.size: Not a number of type INT"],
      visible: true,
    });

    const missing = def.validate({});
    expect(missing[1]?.errorMessages).toEqual(['Missing required configuration "topic" which has no default value.']);
    expect(missing[2]?.value).toBe(2000);
  });

  it("reports a missing required key once per check, as Kafka does", () => {
    const def = new ConfigDef().define({
      name: "converter.type",
      type: "STRING",
      validator: ValidString.in("key", "value", "header"),
      importance: "LOW",
    });
    expect(def.validate({})[0]?.errorMessages).toEqual([
      'Missing required configuration "converter.type" which has no default value.',
      "Invalid value null for configuration converter.type: String must be one of: key, value, header",
    ]);
  });

  it("runs recommenders over parsed values and follows dependents", () => {
    const modeRecommender: Recommender = {
      validValues: () => ["fast", "safe"],
      visible: (_name, parsed) => parsed["enabled"] === true,
    };
    const def = new ConfigDef()
      .define({ name: "enabled", type: "BOOLEAN", defaultValue: false, importance: "HIGH", dependents: ["mode", "ghost"] })
      .define({ name: "mode", type: "STRING", defaultValue: "fast", importance: "LOW", recommender: modeRecommender });
    const off = def.validateAll({});
    expect(off.get("mode")).toMatchObject({ value: "fast", recommendedValues: ["fast", "safe"], visible: false });
    expect(off.get("ghost")).toMatchObject({ errorMessages: ["ghost is referred in the dependents, but not defined."], visible: false });
    expect(def.validateAll({ enabled: "true" }).get("mode")?.visible).toBe(true);
    expect(errorOf(() => def.parse({}))).toBe("Some configurations in are referred in the dependents, but not defined: ghost");
  });

  it("renders password and list values in validation output", () => {
    const def = new ConfigDef()
      .define({ name: "pw", type: "PASSWORD", importance: "HIGH" })
      .define({ name: "topics", type: "LIST", defaultValue: "", importance: "HIGH" });
    const values = def.validateAll({ pw: "secret", topics: "a, b" });
    expect(toConfigValueInfo(values.get("pw")!, "PASSWORD").value).toBe("[hidden]");
    expect(toConfigValueInfo(values.get("topics")!, "LIST").value).toBe("a,b");
  });

  it("embeds a child definition under a prefix and group", () => {
    const child = new ConfigDef()
      .define({ name: "field", type: "STRING", importance: "HIGH", validator: new NonEmptyString() })
      .define({ name: "replacement", type: "STRING", defaultValue: null, importance: "LOW" });
    const parent = new ConfigDef();
    parent.embed("transforms.mask.", "Transforms: mask", 1, child);
    const infos = toConfigKeyInfos(parent);
    expect(infos.map((i) => [i.name, i.group, i.order])).toEqual([
      ["transforms.mask.field", "Transforms: mask", 1],
      ["transforms.mask.replacement", "Transforms: mask", 2],
    ]);
    expect(parent.validateAll({ "transforms.mask.field": "" }).get("transforms.mask.field")?.errorMessages).toEqual([
      "Invalid value  for configuration field: String must be non-empty",
    ]);
  });

  it("gives each key Kafka's metadata defaults", () => {
    const key = fileStreamSourceDef().configKeys().get("topic")!;
    expect(toConfigKeyInfo(key, "prefix.")).toMatchObject({ name: "prefix.topic", group: null, order: -1, width: "NONE", display_name: "topic" });
  });
});

describe("AbstractConfig", () => {
  it("gives typed access to parsed values", () => {
    const def = fileStreamSourceDef()
      .define({ name: "list", type: "LIST", defaultValue: "a,b", importance: "LOW" })
      .define({ name: "pw", type: "PASSWORD", defaultValue: null, importance: "LOW" })
      .define({ name: "long", type: "LONG", defaultValue: "9007199254740993", importance: "LOW" })
      .define({ name: "flag", type: "BOOLEAN", defaultValue: "true", importance: "LOW" });
    const config = new AbstractConfig(def, { topic: "t", "batch.size": "10", "producer.override.acks": "all", "producer.override.": "x" });
    expect(config.getString("topic")).toBe("t");
    expect(config.getString("file")).toBeNull();
    expect(config.getInt("batch.size")).toBe(10);
    expect(config.getList("list")).toEqual(["a", "b"]);
    expect(config.getPassword("pw")).toBeNull();
    expect(config.getLong("long")).toBe(9007199254740993n);
    expect(config.getBoolean("flag")).toBe(true);
    expect(config.originalsWithPrefix("producer.override.")).toEqual({ acks: "all" });
    expect(config.originalsWithPrefix("producer.override.", false)).toEqual({ "producer.override.acks": "all" });
    expect(config.unused()).toEqual(new Set(["producer.override.acks", "producer.override."]));
    expect(errorOf(() => config.get("nope"))).toBe("Unknown configuration 'nope'");
    expect(errorOf(() => config.getInt("topic"))).toBe("Configuration topic is of type STRING, not INT");
  });

  it("throws on invalid configs at construction", () => {
    expect(errorOf(() => new AbstractConfig(fileStreamSourceDef(), { topic: "" }))).toBe(
      "Invalid value  for configuration topic: String must be non-empty",
    );
  });
});
