import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  ConfigDef,
  ConnectError,
  NotFoundError,
  SchemaAndValue,
  type Converter,
  type HeaderConverter,
  type PluginDescriptor,
} from "../api";
import { createPluginRegistry } from "../plugins/registry";
import { clientOverridePolicies, configValidationError, pluginConfig, validateConnectorConfig, type ConfigInfos } from "./validation";

const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

/** Kafka's ConnectorValidationIntegrationTest converters: a fixed ConfigDef (or none). */
class TestConverter implements Converter, HeaderConverter {
  constructor(private readonly def: ConfigDef | null) {}
  config(): ConfigDef {
    return this.def as ConfigDef;
  }
  configure(): void {}
  fromConnectData(): Buffer | null {
    return null;
  }
  toConnectData(): SchemaAndValue {
    return SchemaAndValue.NULL;
  }
  fromConnectHeader(): Buffer | null {
    return null;
  }
  toConnectHeader(): SchemaAndValue {
    return SchemaAndValue.NULL;
  }
}

function converterPlugin(className: string, create: () => unknown): PluginDescriptor<unknown> {
  return { className, types: ["converter", "header_converter"], version: "1.0", create };
}

const registry = createPluginRegistry([
  converterPlugin("test.ThrowingConverter", () => {
    throw new Error("constructor failed");
  }),
  converterPlugin(
    "test.TestConverterWithSinglePropertyConfigDef",
    () => new TestConverter(new ConfigDef().define({ name: "prop", type: "BOOLEAN", importance: "HIGH", documentation: "" })),
  ),
  converterPlugin("test.TestConverterWithNoConfigDef", () => new TestConverter(null)),
]);

const WORKER_GROUP_ID = "connect-worker-group-id";
const distributed = { distributed: { workerGroupId: WORKER_GROUP_ID, exactlyOnceSourceEnabled: false } };

function sinkProps(): Record<string, string> {
  return {
    name: "sink-connector",
    "connector.class": "FileStreamSink",
    "tasks.max": "1",
    topics: "t1",
    "key.converter": STRING_CONVERTER,
    "value.converter": STRING_CONVERTER,
  };
}

function sourceProps(): Record<string, string> {
  return {
    name: "source-connector",
    "connector.class": "FileStreamSource",
    "tasks.max": "1",
    topic: "t1",
    "key.converter": STRING_CONVERTER,
    "value.converter": STRING_CONVERTER,
  };
}

function errorsOf(infos: ConfigInfos): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of infos.configs) {
    const name = c.value?.name ?? c.definition?.name ?? "?";
    if (c.value && c.value.errors.length > 0) out[name] = [...(out[name] ?? []), ...c.value.errors];
  }
  return out;
}

function without(props: Record<string, string>, ...keys: string[]): Record<string, string> {
  const copy = { ...props };
  for (const k of keys) delete copy[k];
  return copy;
}

describe("validateConnectorConfig: ConnectorValidationIntegrationTest error counts", () => {
  const cases: [string, Record<string, string>, number, object?][] = [
    ["sink with neither topics nor topics.regex", without(sinkProps(), "topics"), 2],
    ["sink with both topics and topics.regex", { ...sinkProps(), topics: "t1", "topics.regex": "r.*" }, 2],
    ["sink DLQ topic in topics", { ...sinkProps(), topics: "t1", "errors.deadletterqueue.topic.name": "t1" }, 1],
    [
      "sink DLQ topic matching topics.regex",
      { ...without(sinkProps(), "topics"), "topics.regex": "r.*", "errors.deadletterqueue.topic.name": "ruh.roh" },
      1,
    ],
    ["sink default group id clashing with the worker group", { ...sinkProps(), name: "worker-group-id" }, 1, distributed],
    ["sink overridden group id clashing with the worker group", { ...sinkProps(), "consumer.override.group.id": WORKER_GROUP_ID }, 1, distributed],
    ["source with duplicate topic.creation.groups", { ...sourceProps(), "topic.creation.groups": "g1, g2, g1" }, 1],
    ["missing converter class", { ...sinkProps(), "key.converter": "WheresTheFruit" }, 1],
    ["converter class of the wrong type", { ...sinkProps(), "key.converter": FILE_SINK }, 1],
    ["converter that throws on instantiation", { ...sinkProps(), "key.converter": "test.ThrowingConverter" }, 1],
    [
      "misconfigured converter",
      { ...sinkProps(), "key.converter": "test.TestConverterWithSinglePropertyConfigDef", "key.converter.prop": "notaboolean" },
      1,
    ],
    ["converter with no ConfigDef", { ...sinkProps(), "key.converter": "test.TestConverterWithNoConfigDef" }, 0],
    ["missing header converter class", { ...sinkProps(), "header.converter": "WheresTheFruit" }, 1],
    ["header converter class of the wrong type", { ...sinkProps(), "header.converter": FILE_SINK }, 1],
    ["header converter that throws on instantiation", { ...sinkProps(), "header.converter": "test.ThrowingConverter" }, 1],
    [
      "misconfigured header converter",
      { ...sinkProps(), "header.converter": "test.TestConverterWithSinglePropertyConfigDef", "header.converter.prop": "notaboolean" },
      1,
    ],
    ["header converter with no ConfigDef", { ...sinkProps(), "header.converter": "test.TestConverterWithNoConfigDef" }, 0],
    ["valid sink", sinkProps(), 0, distributed],
    ["valid source", sourceProps(), 0, distributed],
  ];

  for (const [title, props, count, options] of cases) {
    it(`${title}: ${count}`, async () => {
      const infos = await validateConnectorConfig(registry, props, options);
      expect(infos.error_count).toBe(count);
    });
  }
});

describe("validateConnectorConfig: messages", () => {
  it("reports the sink topics errors on both keys", async () => {
    const infos = await validateConnectorConfig(registry, without(sinkProps(), "topics"));
    expect(errorsOf(infos)).toEqual({
      topics: ["Must configure one of topics or topics.regex"],
      "topics.regex": ["Must configure one of topics or topics.regex"],
    });
  });

  it("reports group id clashes where Kafka does", async () => {
    let infos = await validateConnectorConfig(registry, { ...sinkProps(), name: "worker-group-id" }, distributed);
    expect(errorsOf(infos)).toEqual({
      name: [`Consumer group for sink connector named worker-group-id conflicts with Connect worker group ${WORKER_GROUP_ID}`],
    });
    infos = await validateConnectorConfig(registry, { ...sinkProps(), "consumer.override.group.id": WORKER_GROUP_ID }, distributed);
    expect(errorsOf(infos)).toEqual({
      "consumer.override.group.id": [`Consumer group ${WORKER_GROUP_ID} conflicts with Connect worker group ${WORKER_GROUP_ID}`],
    });
    // Standalone has no worker group.
    infos = await validateConnectorConfig(registry, { ...sinkProps(), name: "worker-group-id" });
    expect(infos.error_count).toBe(0);
  });

  it("reports converter problems on the converter key", async () => {
    const check = async (value: string) =>
      errorsOf(await validateConnectorConfig(registry, { ...sinkProps(), "key.converter": value }))["key.converter"];
    expect(await check("WheresTheFruit")).toEqual([
      "Invalid value WheresTheFruit for configuration key.converter: Class WheresTheFruit could not be found.",
    ]);
    expect(await check(FILE_SINK)).toEqual([`Class class ${FILE_SINK} does not implement the Converter interface`]);
    expect(await check("test.ThrowingConverter")).toEqual([
      "Invalid value test.ThrowingConverter for configuration key.converter: Could not instantiate class: constructor failed",
    ]);
    const misconfigured = await validateConnectorConfig(registry, {
      ...sinkProps(),
      "key.converter": "test.TestConverterWithSinglePropertyConfigDef",
      "key.converter.prop": "notaboolean",
    });
    expect(errorsOf(misconfigured)).toEqual({
      "key.converter.prop": ["Invalid value notaboolean for configuration prop: Expected value to be either true or false"],
    });
  });

  it("appends converter sub-configs with prefixed names", async () => {
    const infos = await validateConnectorConfig(registry, { ...sinkProps(), "value.converter": "Json", "value.converter.schemas.enable": "false" });
    const valueConverter = infos.configs.filter((c) => c.value?.name.startsWith("value.converter."));
    const byName = Object.fromEntries(valueConverter.map((c) => [c.value?.name, c]));
    expect(byName["value.converter.schemas.enable"]?.value?.value).toBe("false");
    expect(byName["value.converter.schemas.enable"]?.definition?.name).toBe("value.converter.schemas.enable");
    expect(byName["value.converter.converter.type"]?.value?.value).toBe("value");
    // The canonical class name is what the key converter value shows, alias or not.
    expect(infos.configs.find((c) => c.definition?.name === "value.converter")?.value?.value).toBe("org.apache.kafka.connect.json.JsonConverter");
    const key = infos.configs.filter((c) => c.value?.name.startsWith("key.converter."));
    expect(key.map((c) => c.value?.name).sort()).toEqual(["key.converter.converter.encoding", "key.converter.converter.type"]);
    expect(infos.error_count).toBe(0);
  });

  it("checks exactly-once preflight in distributed mode", async () => {
    let infos = await validateConnectorConfig(registry, { ...sourceProps(), file: "/tmp/x", "exactly.once.support": "required" }, distributed);
    expect(errorsOf(infos)).toEqual({ "exactly.once.support": ["This worker does not have exactly-once source support enabled."] });
    infos = await validateConnectorConfig(
      registry,
      { ...sourceProps(), "exactly.once.support": "REQUIRED" },
      { distributed: { workerGroupId: "g", exactlyOnceSourceEnabled: true } },
    );
    expect(errorsOf(infos)).toEqual({
      "exactly.once.support": ["The connector does not support exactly-once semantics with the provided configuration."],
    });
    infos = await validateConnectorConfig(registry, { ...sourceProps(), "transaction.boundary": "connector" }, distributed);
    expect(errorsOf(infos)["transaction.boundary"]).toEqual([
      "The connector does not support connector-defined transaction boundaries with the given configuration. " +
        "Please reconfigure it to use a different transaction boundary definition.",
    ]);
  });

  it("reports JSON nulls, and values no key defines first", async () => {
    const infos = await validateConnectorConfig(registry, {
      "connector.class": "FileStreamSource",
      name: null,
      topic: "t",
      foo: null,
      file: null,
    });
    expect(infos.configs[0]).toEqual({
      definition: null,
      value: { name: "foo", value: null, recommended_values: [], errors: ["Null value can not be supplied as the configuration value."], visible: true },
    });
    // Kafka's quirk: a null for a key the connector defines is overwritten by the connector's own (clean) result.
    expect(errorsOf(infos)).toEqual({
      foo: ["Null value can not be supplied as the configuration value."],
      name: ["Null value can not be supplied as the configuration value."],
    });
    expect(infos.error_count).toBe(2);
  });

  it("validates name: required, non-empty, no control characters", async () => {
    const errs = async (name?: string) => {
      const props: Record<string, string> = { "connector.class": "FileStreamSource", topic: "t" };
      if (name !== undefined) props.name = name;
      return errorsOf(await validateConnectorConfig(registry, props)).name;
    };
    expect(await errs()).toEqual(['Missing required configuration "name" which has no default value.']);
    expect(await errs("")).toEqual(["Invalid value  for configuration name: String may not be empty"]);
    expect(await errs("a\nb")).toEqual([
      "Invalid value a\nb for configuration name: String may not contain control sequences but had the following ASCII chars: 10",
    ]);
  });

  it("validates the connector's own keys with its ConfigDef", async () => {
    const infos = await validateConnectorConfig(registry, { name: "s", "connector.class": FILE_SOURCE });
    expect(errorsOf(infos)).toEqual({ topic: ['Missing required configuration "topic" which has no default value.'] });
  });

  it("checks client overrides with the worker's policy", async () => {
    const props = { ...sinkProps(), "consumer.override.max.poll.records": "10", "producer.override.acks": "all" };
    let infos = await validateConnectorConfig(registry, props);
    const override = infos.configs.find((c) => c.value?.name === "consumer.override.max.poll.records");
    expect(override).toEqual({
      definition: null,
      value: { name: "consumer.override.max.poll.records", value: "10", recommended_values: [], errors: [], visible: true },
    });
    // A sink without a DLQ uses no producer: producer overrides are not checked.
    expect(infos.configs.some((c) => c.value?.name === "producer.override.acks")).toBe(false);
    infos = await validateConnectorConfig(registry, props, { clientOverridePolicy: clientOverridePolicies.None });
    expect(errorsOf(infos)).toEqual({
      "consumer.override.max.poll.records": [
        "The 'None' policy does not allow 'max.poll.records' to be overridden in the connector configuration.",
      ],
    });
    expect(infos.error_count).toBe(1);
    infos = await validateConnectorConfig(
      registry,
      { ...props, "consumer.override.security.protocol": "SSL" },
      { clientOverridePolicy: clientOverridePolicies.Principal },
    );
    expect(Object.keys(errorsOf(infos))).toEqual(["consumer.override.max.poll.records"]);
  });

  it("fails without connector.class, with the map as Java prints it", async () => {
    const attempt = validateConnectorConfig(registry, { name: "x", topic: "t", file: null });
    await expect(attempt).rejects.toBeInstanceOf(BadRequestError);
    await expect(attempt).rejects.toThrow("Connector config {name=x, topic=t, file=null} contains no connector type");
  });

  it("fails with the registry's ConnectError for an unknown class", async () => {
    const attempt = validateConnectorConfig(registry, { name: "x", "connector.class": "Nope" });
    await expect(attempt).rejects.toBeInstanceOf(ConnectError);
    await expect(attempt).rejects.toThrow(/^Failed to find any class that implements Connector and which name matches Nope, available connectors are: /);
  });
});

describe("validateConnectorConfig: response shape", () => {
  it("matches connect_rest_test for the FileStream source", async () => {
    const infos = await validateConnectorConfig(registry, {
      name: "local-file-source",
      "connector.class": FILE_SOURCE,
      "tasks.max": "1",
      file: "test.txt",
      topic: "connect-test",
    });
    expect(infos.name).toBe(FILE_SOURCE);
    expect(infos.error_count).toBe(0);
    expect(new Set(infos.configs.map((c) => c.definition?.name))).toEqual(
      new Set([
        "name", "connector.class", "tasks.max", "key.converter", "value.converter", "header.converter", "batch.size",
        "topic", "file", "transforms", "config.action.reload", "errors.retry.timeout", "errors.retry.delay.max.ms",
        "errors.tolerance", "errors.log.enable", "errors.log.include.messages", "predicates", "topic.creation.groups",
        "exactly.once.support", "transaction.boundary", "transaction.boundary.interval.ms", "offsets.storage.topic",
        "tasks.max.enforce",
      ]),
    );
    expect(infos.groups).toEqual(["Common", "Transforms", "Predicates", "Error Handling", "Topic Creation", "Exactly Once Support", "offsets.topic"]);
    // Framework keys in definition order, then the connector's.
    expect(infos.configs.slice(0, 3).map((c) => c.definition?.name)).toEqual(["name", "connector.class", "tasks.max"]);
    expect(infos.configs.slice(-3).map((c) => c.definition?.name)).toEqual(["file", "topic", "batch.size"]);
  });

  it("matches connect_rest_test for the FileStream sink", async () => {
    const infos = await validateConnectorConfig(registry, {
      name: "local-file-sink",
      "connector.class": FILE_SINK,
      "tasks.max": "1",
      file: "test.sink.txt",
      topics: "connect-test",
    });
    expect(infos.name).toBe(FILE_SINK);
    expect(infos.error_count).toBe(0);
    expect(new Set(infos.configs.map((c) => c.definition?.name))).toEqual(
      new Set([
        "name", "connector.class", "tasks.max", "key.converter", "value.converter", "header.converter", "topics",
        "file", "transforms", "topics.regex", "config.action.reload", "errors.retry.timeout", "errors.retry.delay.max.ms",
        "errors.tolerance", "errors.log.enable", "errors.log.include.messages", "errors.deadletterqueue.topic.name",
        "errors.deadletterqueue.topic.replication.factor", "errors.deadletterqueue.context.headers.enable", "predicates",
        "tasks.max.enforce",
      ]),
    );
    expect(infos.groups).toEqual(["Common", "Transforms", "Predicates", "Error Handling"]);
  });

  it("renders one entry as §2.1 shows it", async () => {
    const infos = await validateConnectorConfig(registry, without(sinkProps(), "topics"));
    const topics = infos.configs.find((c) => c.definition?.name === "topics");
    expect(topics).toEqual({
      definition: {
        name: "topics",
        type: "LIST",
        required: false,
        default_value: "",
        importance: "HIGH",
        documentation: "List of topics to consume, separated by commas",
        group: "Common",
        width: "LONG",
        display_name: "Topics",
        dependents: [],
        order: 4,
      },
      value: { name: "topics", value: "", recommended_values: [], errors: ["Must configure one of topics or topics.regex"], visible: true },
    });
    expect(JSON.stringify(topics?.definition && Object.keys(topics.definition))).toBe(
      JSON.stringify(["name", "type", "required", "default_value", "importance", "documentation", "group", "width", "display_name", "dependents", "order"]),
    );
  });

  it("lists transforms and predicates as empty valid lists", async () => {
    const infos = await validateConnectorConfig(registry, { ...sinkProps(), transforms: "", predicates: " " });
    const entry = (name: string) => infos.configs.find((c) => c.definition?.name === name)?.value;
    expect(entry("transforms")).toMatchObject({ value: "", errors: [] });
    expect(entry("predicates")).toMatchObject({ value: "", errors: [] });
    const dup = await validateConnectorConfig(registry, { ...sinkProps(), transforms: "a, a" });
    expect(errorsOf(dup).transforms).toEqual(["Invalid value [a, a] for configuration transforms: Duplicate alias provided."]);
  });
});

describe("configValidationError", () => {
  it("builds Kafka's 400 message", async () => {
    const infos = await validateConnectorConfig(registry, without(sinkProps(), "topics"));
    const err = configValidationError(infos);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err?.message).toBe(
      "Connector configuration is invalid and contains the following 2 error(s):\n" +
        "Must configure one of topics or topics.regex\n" +
        "Must configure one of topics or topics.regex\n" +
        "You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
    );
    expect(configValidationError(await validateConnectorConfig(registry, sinkProps()))).toBeNull();
  });
});

describe("pluginConfig", () => {
  it("gives the §2.4 example for FileStreamSource, field by field", () => {
    const infos = pluginConfig(registry, "FileStreamSource");
    expect(infos[0]).toEqual({
      name: "file",
      type: "STRING",
      required: false,
      default_value: null,
      importance: "HIGH",
      documentation: "Source filename. If not specified, the standard input will be used",
      group: null,
      width: "NONE",
      display_name: "file",
      dependents: [],
      order: -1,
    });
    expect(infos[1]).toEqual({
      name: "topic",
      type: "STRING",
      required: true,
      default_value: null,
      importance: "HIGH",
      documentation: "The topic to publish data to",
      group: null,
      width: "NONE",
      display_name: "topic",
      dependents: [],
      order: -1,
    });
    expect(infos[2]).toMatchObject({ name: "batch.size", type: "INT", required: false, default_value: "2000", importance: "LOW" });
    expect(infos[3]).toMatchObject({ name: "name", type: "STRING", required: true, default_value: null, importance: "HIGH", group: "Common", order: 1 });
    expect(infos.map((k) => k.name)).toEqual([
      "file", "topic", "batch.size", "name", "connector.class", "tasks.max", "tasks.max.enforce", "key.converter",
      "value.converter", "header.converter", "transforms", "predicates", "config.action.reload", "errors.retry.timeout",
      "errors.retry.delay.max.ms", "errors.tolerance", "errors.log.enable", "errors.log.include.messages",
      "topic.creation.groups", "exactly.once.support", "transaction.boundary", "transaction.boundary.interval.ms",
      "offsets.storage.topic",
    ]);
  });

  it("gives the sink framework keys after the connector's, by any alias", () => {
    const names = pluginConfig(registry, FILE_SINK).map((k) => k.name);
    expect(names.slice(0, 2)).toEqual(["file", "name"]);
    expect(names).toContain("topics.regex");
    expect(pluginConfig(registry, "FileStreamSinkConnector")).toEqual(pluginConfig(registry, FILE_SINK));
  });

  it("gives only a converter's own keys", () => {
    expect(pluginConfig(registry, "StringConverter").map((k) => k.name)).toEqual(["converter.type", "converter.encoding"]);
  });

  it("answers 404 for unknown plugins", () => {
    expect(() => pluginConfig(registry, "Nope")).toThrow(NotFoundError);
    expect(() => pluginConfig(registry, "Nope")).toThrow("Unknown plugin Nope.");
  });
});
