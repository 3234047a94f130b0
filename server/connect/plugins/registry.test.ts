import { describe, expect, it } from "vitest";
import { CONNECT_VERSION, ConnectError, type PluginDescriptor, type PluginType } from "../api";
import { FileStreamSinkConnector } from "./connectors/file-stream-sink";
import { FileStreamSourceConnector } from "./connectors/file-stream-source";
import { candidateAliases, computeAliases, createPluginRegistry, javaSimpleName } from "./registry";

function fake(className: string, types: PluginType[], version = "1.0"): PluginDescriptor<unknown> {
  return { className, types, version, create: () => new FileStreamSourceConnector() };
}

const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
const DATAGEN = "ferry.connect.datagen.DatagenConnector";
const HTTP_SINK = "ferry.connect.http.HttpSinkConnector";
const HTTP_SOURCE = "ferry.connect.http.HttpSourceConnector";
const SPOOLDIR = "ferry.connect.spooldir.SpoolDirSourceConnector";

describe("aliases", () => {
  it("are the simple name and the simple name without the type suffix", () => {
    expect(candidateAliases(FILE_SOURCE, ["source"])).toEqual(["FileStreamSourceConnector", "FileStreamSource"]);
    expect(candidateAliases("org.apache.kafka.connect.storage.StringConverter", ["converter", "header_converter"])).toEqual([
      "StringConverter",
      "String",
    ]);
    expect(candidateAliases("org.apache.kafka.connect.storage.SimpleHeaderConverter", ["header_converter"])).toEqual([
      "SimpleHeaderConverter",
      "Simple",
    ]);
  });

  it("use Java's simple name for nested classes", () => {
    expect(javaSimpleName("org.apache.kafka.connect.transforms.Cast$Key")).toBe("Key");
    // Key is claimed by every $Key SMT, so none of them gets an alias.
    const aliases = computeAliases([
      fake("org.apache.kafka.connect.transforms.Cast$Key", ["transformation"]),
      fake("org.apache.kafka.connect.transforms.Flatten$Key", ["transformation"]),
      fake("org.apache.kafka.connect.transforms.Filter", ["transformation"]),
    ]);
    expect(aliases.has("Key")).toBe(false);
    expect(aliases.get("Filter")).toBe("org.apache.kafka.connect.transforms.Filter");
  });

  it("claimed by two classes are dropped", () => {
    const registry = createPluginRegistry([fake("com.example.JsonConverter", ["converter"])]);
    expect(registry.find("JsonConverter")).toBeUndefined();
    expect(registry.find("Json")).toBeUndefined();
    expect(registry.find("org.apache.kafka.connect.json.JsonConverter")?.className).toBe("org.apache.kafka.connect.json.JsonConverter");
    expect(registry.find("com.example.JsonConverter")?.className).toBe("com.example.JsonConverter");
  });
});

describe("plugin registry", () => {
  const registry = createPluginRegistry();

  it("finds connectors by class name and both aliases", () => {
    for (const name of [FILE_SOURCE, "FileStreamSourceConnector", "FileStreamSource"]) {
      const plugin = registry.connector(name);
      expect(plugin.className).toBe(FILE_SOURCE);
      expect(plugin.create()).toBeInstanceOf(FileStreamSourceConnector);
    }
    expect(registry.connector("FileStreamSink").create()).toBeInstanceOf(FileStreamSinkConnector);
    expect(registry.findConnector("FileStreamSink")?.types).toEqual(["sink"]);
    expect(registry.findConnector("Nope")).toBeUndefined();
  });

  it("fails with Kafka's message for unknown connectors", () => {
    const desc = (className: string, type: string, version: string) =>
      `PluginDesc{klass=class ${className}, name='${className}', version='${version}', encodedVersion=${version}, ` +
      `type=${type}, typeName='${type}', location='classpath'}`;
    const expected =
      "Failed to find any class that implements Connector and which name matches Nope, available connectors are: " +
      [
        desc(DATAGEN, "source", "1.0.0"),
        desc(HTTP_SINK, "sink", "1.0.0"),
        desc(HTTP_SOURCE, "source", "1.0.0"),
        desc(SPOOLDIR, "source", "1.0.0"),
        desc(FILE_SINK, "sink", CONNECT_VERSION),
        desc(FILE_SOURCE, "source", CONNECT_VERSION),
      ].join(", ");
    expect(() => registry.connector("Nope")).toThrow(ConnectError);
    expect(() => registry.connector("Nope")).toThrow(expected);
    // A converter is a class, but not a connector.
    expect(() => registry.connector("JsonConverter")).toThrow(/^Failed to find any class that implements Connector and which name matches JsonConverter,/);
    try {
      registry.connector("Nope");
    } catch (err) {
      expect((err as ConnectError).status).toBe(500);
    }
  });

  it("falls back to simple names when an alias is ambiguous", () => {
    const withTwo = createPluginRegistry([fake("a.FooConnector", ["source"]), fake("b.FooConnector", ["sink"])]);
    expect(() => withTwo.connector("Foo")).toThrow(/^More than one connector matches alias Foo\. Please use full package and class name instead\. Classes found: /);
    expect(withTwo.connector("a.FooConnector").className).toBe("a.FooConnector");
    expect(withTwo.findConnector("FooConnector")).toBeUndefined();
  });

  it("finds converters and header converters", () => {
    expect(registry.converter("Json").className).toBe("org.apache.kafka.connect.json.JsonConverter");
    expect(registry.headerConverter("SimpleHeaderConverter").className).toBe("org.apache.kafka.connect.storage.SimpleHeaderConverter");
    expect(registry.headerConverter("String").className).toBe("org.apache.kafka.connect.storage.StringConverter");
    expect(() => registry.converter("SimpleHeaderConverter")).toThrow("Requested class: SimpleHeaderConverter does not extend Converter");
    expect(() => registry.converter("Nope")).toThrow("Class Nope could not be found.");
    expect(registry.find("FileStreamSource", ["converter"])).toBeUndefined();
  });

  it("lists connectors only: sinks then sources", () => {
    expect(registry.list(true)).toEqual([
      { class: HTTP_SINK, type: "sink", version: "1.0.0" },
      { class: FILE_SINK, type: "sink", version: CONNECT_VERSION },
      { class: DATAGEN, type: "source", version: "1.0.0" },
      { class: HTTP_SOURCE, type: "source", version: "1.0.0" },
      { class: SPOOLDIR, type: "source", version: "1.0.0" },
      { class: FILE_SOURCE, type: "source", version: CONNECT_VERSION },
    ]);
  });

  it("lists all plugins in Kafka's order, a class once per type", () => {
    const all = registry.list(false);
    const types = all.map((p) => p.type);
    expect(types.slice(0, 6)).toEqual(["sink", "sink", "source", "source", "source", "source"]);
    const converters = all.filter((p) => p.type === "converter").map((p) => p.class);
    expect(converters).toEqual([...converters].sort());
    expect(converters).toContain("org.apache.kafka.connect.json.JsonConverter");
    const headerConverters = all.filter((p) => p.type === "header_converter").map((p) => p.class);
    expect(headerConverters).toContain("org.apache.kafka.connect.storage.SimpleHeaderConverter");
    expect(headerConverters).toContain("org.apache.kafka.connect.json.JsonConverter");
    // Groups are contiguous: converters before header converters.
    expect(types.lastIndexOf("converter")).toBeLessThan(types.indexOf("header_converter"));
  });

  it("sorts by class then version and omits an undefined version", () => {
    const r = createPluginRegistry([fake("z.BConnector", ["sink"], "undefined"), fake("a.AConnector", ["sink"], "2.0")]);
    expect(r.list(true).slice(0, 4)).toEqual([
      { class: "a.AConnector", type: "sink", version: "2.0" },
      { class: HTTP_SINK, type: "sink", version: "1.0.0" },
      { class: FILE_SINK, type: "sink", version: CONNECT_VERSION },
      { class: "z.BConnector", type: "sink" },
    ]);
  });

  it("registers plugins later, recomputing aliases", () => {
    const r = createPluginRegistry();
    expect(r.find("Bar")).toBeUndefined();
    r.register(fake("x.BarConverter", ["converter"]));
    expect(r.find("Bar")?.className).toBe("x.BarConverter");
  });
});
