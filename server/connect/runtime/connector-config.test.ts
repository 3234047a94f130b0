import { describe, expect, it } from "vitest";
import { ConfigError, ConfigValue, toConfigKeyInfos } from "../api";
import { createPluginRegistry } from "../plugins/registry";
import {
  compileJavaRegex,
  connectorConfigDef,
  ensureValidSinkTopics,
  javaRegexMatches,
  parseTopicsList,
  sinkConnectorConfigDef,
  sinkConnectorSettings,
  sourceConnectorConfigDef,
  sourceConnectorSettings,
  validateSinkTopics,
} from "./connector-config";

const registry = createPluginRegistry();

function key(def: ReturnType<typeof connectorConfigDef>, name: string) {
  const info = toConfigKeyInfos(def).find((k) => k.name === name);
  if (!info) throw new Error(`no key ${name}`);
  return info;
}

describe("framework connector config definitions", () => {
  it("define the common keys in Kafka's order with groups, orders, widths and display names", () => {
    const infos = toConfigKeyInfos(connectorConfigDef());
    expect(infos.map((k) => [k.name, k.type, k.group, k.order, k.width, k.display_name, k.importance, k.default_value, k.required])).toEqual([
      ["name", "STRING", "Common", 1, "MEDIUM", "Connector name", "HIGH", null, true],
      ["connector.class", "STRING", "Common", 2, "LONG", "Connector class", "HIGH", null, true],
      ["tasks.max", "INT", "Common", 3, "SHORT", "Tasks max", "HIGH", "1", false],
      ["tasks.max.enforce", "BOOLEAN", "Common", 4, "SHORT", "Enforce tasks max", "LOW", "true", false],
      ["key.converter", "CLASS", "Common", 5, "SHORT", "Key converter class", "LOW", null, false],
      ["value.converter", "CLASS", "Common", 6, "SHORT", "Value converter class", "LOW", null, false],
      ["header.converter", "CLASS", "Common", 7, "SHORT", "Header converter class", "LOW", null, false],
      ["transforms", "LIST", "Transforms", 8, "LONG", "Transforms", "LOW", "", false],
      ["predicates", "LIST", "Predicates", 9, "LONG", "Predicates", "LOW", "", false],
      ["config.action.reload", "STRING", "Common", 10, "MEDIUM", "Reload Action", "LOW", "restart", false],
      ["errors.retry.timeout", "LONG", "Error Handling", 1, "MEDIUM", "Retry Timeout for Errors", "MEDIUM", "0", false],
      ["errors.retry.delay.max.ms", "LONG", "Error Handling", 2, "MEDIUM", "Maximum Delay Between Retries for Errors", "MEDIUM", "60000", false],
      ["errors.tolerance", "STRING", "Error Handling", 3, "SHORT", "Error Tolerance", "MEDIUM", "none", false],
      ["errors.log.enable", "BOOLEAN", "Error Handling", 4, "SHORT", "Log Errors", "MEDIUM", "false", false],
      ["errors.log.include.messages", "BOOLEAN", "Error Handling", 5, "SHORT", "Log Error Details", "MEDIUM", "false", false],
    ]);
    expect(connectorConfigDef().groups()).toEqual(["Common", "Transforms", "Predicates", "Error Handling"]);
  });

  it("add the sink keys", () => {
    const def = sinkConnectorConfigDef();
    const infos = toConfigKeyInfos(def).slice(15);
    expect(infos.map((k) => [k.name, k.type, k.group, k.order, k.width, k.display_name, k.importance, k.default_value])).toEqual([
      ["topics", "LIST", "Common", 4, "LONG", "Topics", "HIGH", ""],
      ["topics.regex", "STRING", "Common", 4, "LONG", "Topics regex", "HIGH", ""],
      ["errors.deadletterqueue.topic.name", "STRING", "Error Handling", 6, "MEDIUM", "Dead Letter Queue Topic Name", "MEDIUM", ""],
      ["errors.deadletterqueue.topic.replication.factor", "SHORT", "Error Handling", 7, "MEDIUM", "Dead Letter Queue Topic Replication Factor", "MEDIUM", "3"],
      ["errors.deadletterqueue.context.headers.enable", "BOOLEAN", "Error Handling", 8, "MEDIUM", "Enable Error Context Headers", "MEDIUM", "false"],
    ]);
    expect(key(def, "topics").documentation).toBe("List of topics to consume, separated by commas");
  });

  it("add the source keys", () => {
    const def = sourceConnectorConfigDef();
    const infos = toConfigKeyInfos(def).slice(15);
    expect(infos.map((k) => [k.name, k.type, k.group, k.order, k.width, k.display_name, k.importance, k.default_value])).toEqual([
      ["topic.creation.groups", "LIST", "Topic Creation", 1, "LONG", "Topic Creation Groups", "LOW", ""],
      ["exactly.once.support", "STRING", "Exactly Once Support", 2, "SHORT", "Exactly once support", "MEDIUM", "requested"],
      ["transaction.boundary", "STRING", "Exactly Once Support", 3, "SHORT", "Transaction Boundary", "MEDIUM", "poll"],
      ["transaction.boundary.interval.ms", "LONG", "Exactly Once Support", 4, "SHORT", "Transaction boundary interval", "LOW", null],
      ["offsets.storage.topic", "STRING", "offsets.topic", 1, "LONG", "Offsets topic", "LOW", null],
    ]);
    expect(def.groups()).toEqual(["Common", "Transforms", "Predicates", "Error Handling", "Topic Creation", "Exactly Once Support", "offsets.topic"]);
    expect(key(def, "transaction.boundary").documentation).toMatch(/^Permitted values are: poll, interval, connector\. If set to 'poll'/);
    expect(key(def, "exactly.once.support").documentation).toMatch(/^Permitted values are requested, required\. If set to "required"/);
  });

  it("carry Kafka's documentation text", () => {
    const def = connectorConfigDef();
    expect(key(def, "name").documentation).toBe("Globally unique name to use for this connector.");
    expect(key(def, "connector.class").documentation).toContain('specify this full name,  or use "FileStreamSink"');
    expect(key(def, "config.action.reload").documentation).toContain("updated configuration properties.The restart");
    expect(key(def, "header.converter").documentation).toMatch(/By default, the SimpleHeaderConverter is used/);
  });

  it("validate values with Kafka's messages", () => {
    const def = sourceConnectorConfigDef(registry);
    const values = def.validateAll(
      {
        name: "",
        "tasks.max": "0",
        "config.action.reload": "later",
        "errors.tolerance": "some",
        "exactly.once.support": "maybe",
        "transaction.boundary": "INTERVAL",
        "transaction.boundary.interval.ms": "-1",
        "offsets.storage.topic": "",
        "topic.creation.groups": "g1, g2, g1",
      },
      { resolveClass: (n) => registry.find(n)?.className },
    );
    const errors = (name: string) => values.get(name)?.errorMessages;
    expect(errors("name")).toEqual(["Invalid value  for configuration name: String may not be empty"]);
    expect(errors("connector.class")).toEqual(['Missing required configuration "connector.class" which has no default value.']);
    expect(errors("tasks.max")).toEqual(["Invalid value 0 for configuration tasks.max: Value must be at least 1"]);
    expect(errors("config.action.reload")).toEqual(["Invalid value later for configuration config.action.reload: String must be one of: none, restart"]);
    expect(errors("errors.tolerance")).toEqual(["Invalid value some for configuration errors.tolerance: String must be one of: none, all"]);
    expect(errors("exactly.once.support")).toEqual([
      "Invalid value maybe for configuration exactly.once.support: String must be one of (case insensitive): REQUIRED, REQUESTED",
    ]);
    expect(errors("transaction.boundary")).toEqual([]);
    expect(errors("transaction.boundary.interval.ms")).toEqual([
      "Invalid value -1 for configuration transaction.boundary.interval.ms: Value must be at least 0",
    ]);
    expect(errors("offsets.storage.topic")).toEqual(["Invalid value  for configuration offsets.storage.topic: String must be non-empty"]);
    expect(errors("topic.creation.groups")).toEqual([
      "Invalid value [g1, g2, g1] for configuration topic.creation.groups: Duplicate alias provided.",
    ]);
  });

  it("rejects names with control characters", () => {
    const values = connectorConfigDef().validateAll({ name: "a\tb\u0085" });
    expect(values.get("name")?.errorMessages).toEqual([
      "Invalid value a\tb\u0085 for configuration name: String may not contain control sequences but had the following ASCII chars: 9, 133",
    ]);
  });

  it("checks converter classes: found, of the right type, constructible", () => {
    const def = sinkConnectorConfigDef(registry);
    const options = { resolveClass: (n: string) => registry.find(n)?.className };
    const values = def.validateAll(
      { "key.converter": "WheresTheFruit", "value.converter": "FileStreamSink", "header.converter": "StringConverter" },
      options,
    );
    expect(values.get("key.converter")?.errorMessages).toEqual([
      "Invalid value WheresTheFruit for configuration key.converter: Class WheresTheFruit could not be found.",
    ]);
    expect(values.get("value.converter")?.errorMessages).toEqual([
      "Class class org.apache.kafka.connect.file.FileStreamSinkConnector does not implement the Converter interface",
    ]);
    expect(values.get("header.converter")?.errorMessages).toEqual([]);
    expect(values.get("header.converter")?.value).toBe("org.apache.kafka.connect.storage.StringConverter");
  });

  it("reports an invalid topics regex", () => {
    const values = sinkConnectorConfigDef().validateAll({ "topics.regex": "a[" });
    expect(values.get("topics.regex")?.errorMessages[0]).toMatch(/^Invalid value a\[ for configuration topics\.regex: Invalid regex: /);
  });
});

describe("sink topics checks", () => {
  const check = (props: Record<string, string>) => {
    const validated = new Map<string, ConfigValue>();
    validateSinkTopics(props, validated);
    return Object.fromEntries([...validated].map(([k, v]) => [k, v.errorMessages]));
  };

  it("requires exactly one of topics and topics.regex", () => {
    expect(check({})).toEqual({
      topics: ["Must configure one of topics or topics.regex"],
      "topics.regex": ["Must configure one of topics or topics.regex"],
    });
    expect(check({ topics: "  ", "topics.regex": "" })).toEqual({
      topics: ["Must configure one of topics or topics.regex"],
      "topics.regex": ["Must configure one of topics or topics.regex"],
    });
    expect(check({ topics: "t1", "topics.regex": "r.*" })).toEqual({
      topics: ["topics and topics.regex are mutually exclusive options, but both are set."],
      "topics.regex": ["topics and topics.regex are mutually exclusive options, but both are set."],
    });
    expect(check({ topics: "t1" })).toEqual({});
  });

  it("keeps the DLQ topic out of the consumed topics", () => {
    expect(check({ topics: "a, b,a", "errors.deadletterqueue.topic.name": "b" })).toEqual({
      topics: ["The DLQ topic 'b' may not be included in the list of topics ('topics=[a, b]') consumed by the connector"],
    });
    expect(check({ "topics.regex": "r.*", "errors.deadletterqueue.topic.name": "ruh.roh" })).toEqual({
      "topics.regex": ["The DLQ topic 'ruh.roh' may not be matched by the regex for the topics ('topics.regex=r.*') consumed by the connector"],
    });
    // The regex must match the whole name, as Java's Pattern.matches.
    expect(check({ "topics.regex": "r", "errors.deadletterqueue.topic.name": "ruh" })).toEqual({});
  });

  it("throws the first problem as Kafka's SinkConnectorConfig.validate does", () => {
    expect(() => ensureValidSinkTopics({})).toThrow(ConfigError);
    expect(() => ensureValidSinkTopics({})).toThrow(
      "Invalid value null for configuration topics: Must configure one of topics or topics.regex",
    );
    expect(() => ensureValidSinkTopics({ topics: "t" })).not.toThrow();
  });

  it("parses topic lists as Kafka", () => {
    expect(parseTopicsList({ topics: " a , b,,a " })).toEqual(["a", "b"]);
    expect(parseTopicsList({})).toEqual([]);
  });
});

describe("Java regexes", () => {
  it("accept leading inline flags and match whole strings", () => {
    expect(compileJavaRegex("(?i)abc").flags).toBe("i");
    expect(javaRegexMatches("(?i)topic-.*", "TOPIC-1")).toBe(true);
    expect(javaRegexMatches("a|b", "ab")).toBe(false);
  });
});

describe("connector settings", () => {
  it("reads a sink connector's framework settings", () => {
    const s = sinkConnectorSettings(
      {
        name: "s",
        "connector.class": "FileStreamSink",
        topics: "a,b",
        "key.converter": "Json",
        "errors.tolerance": "all",
        "errors.retry.timeout": "-1",
        "errors.deadletterqueue.topic.name": "dlq",
      },
      registry,
    );
    expect(s).toMatchObject({
      kind: "sink",
      name: "s",
      connectorClass: "FileStreamSink",
      tasksMax: 1,
      tasksMaxEnforce: true,
      keyConverter: "org.apache.kafka.connect.json.JsonConverter",
      valueConverter: null,
      headerConverter: null,
      transforms: [],
      predicates: [],
      configActionReload: "restart",
      errorsRetryTimeoutMs: -1,
      errorsRetryMaxDelayMs: 60000,
      errorsTolerance: "all",
      errorsLogEnable: false,
      topics: ["a", "b"],
      topicsRegex: null,
      dlqTopicName: "dlq",
      dlqTopicReplicationFactor: 3,
      errantRecordReporterEnabled: true,
    });
    expect(s.config.originalsWithPrefix("key.converter.")).toEqual({});
  });

  it("reads a source connector's framework settings", () => {
    const s = sourceConnectorSettings({
      name: "src",
      "connector.class": "FileStreamSource",
      "tasks.max": "3",
      "transaction.boundary": "Interval",
      "transaction.boundary.interval.ms": "500",
      "topic.creation.default.partitions": "1",
    });
    expect(s).toMatchObject({
      kind: "source",
      tasksMax: 3,
      exactlyOnceSupport: "requested",
      transactionBoundary: "interval",
      transactionBoundaryIntervalMs: 500,
      offsetsStorageTopic: null,
      usesTopicCreation: true,
      topicCreationGroups: [],
    });
  });

  it("fails on the first invalid value", () => {
    expect(() => sourceConnectorSettings({ "connector.class": "X" })).toThrow(
      'Missing required configuration "name" which has no default value.',
    );
    expect(() => sinkConnectorSettings({ name: "n", "connector.class": "X", "tasks.max": "0" })).toThrow(
      "Invalid value 0 for configuration tasks.max: Value must be at least 1",
    );
  });
});
