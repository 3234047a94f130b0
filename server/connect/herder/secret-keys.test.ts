import { describe, expect, it } from "vitest";
import { ConfigDef, SchemaAndValue, type PluginDescriptor } from "../api";
import { createPluginRegistry } from "../plugins/registry";
import { isClientPasswordConfig, secretConfigKeys } from "./secret-keys";

const HTTP_SINK = "ferry.connect.http.HttpSinkConnector";
const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";

function withSecretDef(extra: Record<string, unknown>): unknown {
  const def = new ConfigDef()
    .define({ name: "vault.token", type: "PASSWORD", defaultValue: null, importance: "HIGH" })
    .define({ name: "plain", type: "STRING", defaultValue: null, importance: "LOW" });
  return { config: () => def, configure: () => undefined, close: () => undefined, ...extra };
}

let secretTransformsCreated = 0;

const testPlugins: PluginDescriptor<unknown>[] = [
  {
    className: "test.SecretTransform",
    types: ["transformation"],
    version: "1",
    create: () => {
      secretTransformsCreated++;
      return withSecretDef({ apply: (r: unknown) => r });
    },
  },
  {
    className: "test.SecretPredicate",
    types: ["predicate"],
    version: "1",
    create: () => withSecretDef({ test: () => true }),
  },
  {
    className: "test.SecretConverter",
    types: ["converter", "header_converter"],
    version: "1",
    create: () =>
      withSecretDef({
        fromConnectData: () => null,
        toConnectData: () => SchemaAndValue.NULL,
        fromConnectHeader: () => null,
        toConnectHeader: () => SchemaAndValue.NULL,
      }),
  },
];

describe("secretConfigKeys", () => {
  const registry = createPluginRegistry(testPlugins);

  it("lists the connector's PASSWORD keys, set or not", () => {
    const keys = secretConfigKeys(registry, { "connector.class": HTTP_SINK, name: "h", "http.api.url": "http://x" });
    expect([...keys].sort()).toEqual(["bearer.token", "connection.password"]);
  });

  it("resolves connector aliases as the registry does", () => {
    expect(secretConfigKeys(registry, { "connector.class": "HttpSink" }).has("connection.password")).toBe(true);
    expect(secretConfigKeys(registry, { "connector.class": "HttpSinkConnector" }).has("connection.password")).toBe(true);
  });

  it("adds transform, predicate and converter PASSWORD keys under their prefixes", () => {
    const keys = secretConfigKeys(registry, {
      "connector.class": FILE_SOURCE,
      transforms: "a,b",
      "transforms.a.type": "test.SecretTransform",
      "transforms.b.type": "org.apache.kafka.connect.transforms.InsertField$Value",
      predicates: "p",
      "predicates.p.type": "test.SecretPredicate",
      "key.converter": "test.SecretConverter",
      "header.converter": "test.SecretConverter",
    });
    expect([...keys].sort()).toEqual([
      "header.converter.vault.token",
      "key.converter.vault.token",
      "predicates.p.vault.token",
      "transforms.a.vault.token",
    ]);
  });

  it("reads a registered transform's definition once, however many configs name it", () => {
    const before = secretTransformsCreated;
    for (let i = 0; i < 50; i++) {
      const keys = secretConfigKeys(registry, { "connector.class": FILE_SOURCE, transforms: `a${i}`, [`transforms.a${i}.type`]: "test.SecretTransform" });
      expect([...keys]).toEqual([`transforms.a${i}.vault.token`]);
    }
    expect(secretTransformsCreated - before).toBeLessThanOrEqual(1);
  });

  it("adds client override keys that are passwords in Kafka's client configs", () => {
    const keys = secretConfigKeys(registry, {
      "connector.class": FILE_SOURCE,
      "producer.override.sasl.jaas.config": "x",
      "producer.override.linger.ms": "5",
      "consumer.override.ssl.key.password": "x",
      "admin.override.ssl.truststore.password": "x",
      "admin.override.bootstrap.servers": "x",
    });
    expect([...keys].sort()).toEqual([
      "admin.override.ssl.truststore.password",
      "consumer.override.ssl.key.password",
      "producer.override.sasl.jaas.config",
    ]);
  });

  it("never throws for unknown classes and still applies the override rule", () => {
    const keys = secretConfigKeys(registry, {
      "connector.class": "no.such.Connector",
      transforms: "t",
      "transforms.t.type": "no.such.Transform",
      "value.converter": "no.such.Converter",
      "producer.override.ssl.keystore.password": "x",
    });
    expect([...keys]).toEqual(["producer.override.ssl.keystore.password"]);
    expect(secretConfigKeys(registry, {}).size).toBe(0);
  });

  it("knows Kafka's client password configs", () => {
    expect(isClientPasswordConfig("ssl.keystore.key")).toBe(true);
    expect(isClientPasswordConfig("basic.auth.password")).toBe(true);
    expect(isClientPasswordConfig("ssl.keystore.location")).toBe(false);
  });
});
