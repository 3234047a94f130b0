import { describe, expect, it } from "vitest";
import type { ConfigProvider } from "./config-provider";
import { ConfigTransformer, hasVariables, reverseTransform } from "./config-transformer";

/** Kafka's ConfigTransformerTest.TestConfigProvider. */
class TestConfigProvider implements ConfigProvider {
  configure(): void {}
  get(path: string, keys: ReadonlySet<string>): Map<string, string> {
    const data = new Map<string, string>();
    if (path === "testPath") {
      if (keys.has("testKey")) data.set("testKey", "testResult");
      if (keys.has("testKeyWithTTL")) data.set("testKeyWithTTL", "testResultWithTTL");
      if (keys.has("testIndirection")) data.set("testIndirection", "${test:testPath:testResult}");
    } else if (path === "") {
      if (keys.has("testKey")) data.set("testKey", "testResultNoPath");
    }
    return data;
  }
  close(): void {}
}

const transformer = new ConfigTransformer(new Map([["test", new TestConfigProvider()]]));

describe("ConfigTransformer (Kafka's ConfigTransformerTest)", () => {
  it("replaces a variable", () => {
    const result = transformer.transform({ myKey: "${test:testPath:testKey}" });
    expect(result.data["myKey"]).toBe("testResult");
    expect([...result.transformedKeys]).toEqual(["myKey"]);
    expect([...result.resolvedValues]).toEqual(["testResult"]);
  });

  it("replaces a variable that has a TTL in Kafka", () => {
    expect(transformer.transform({ myKey: "${test:testPath:testKeyWithTTL}" }).data["myKey"]).toBe("testResultWithTTL");
  });

  it("replaces several variables in one value", () => {
    const result = transformer.transform({ myKey: "hello, ${test:testPath:testKey}; goodbye, ${test:testPath:testKeyWithTTL}!!!" });
    expect(result.data["myKey"]).toBe("hello, testResult; goodbye, testResultWithTTL!!!");
    expect([...result.resolvedValues].sort()).toEqual(["testResult", "testResultWithTTL"]);
  });

  it("leaves a missing key as written", () => {
    const result = transformer.transform({ myKey: "${test:testPath:missingKey}" });
    expect(result.data["myKey"]).toBe("${test:testPath:missingKey}");
    expect(result.transformedKeys.size).toBe(0);
  });

  it("resolves one level of indirection only", () => {
    expect(transformer.transform({ myKey: "${test:testPath:testIndirection}" }).data["myKey"]).toBe("${test:testPath:testResult}");
  });

  it("resolves a variable without a path", () => {
    expect(transformer.transform({ myKey: "${test:testKey}" }).data["myKey"]).toBe("testResultNoPath");
  });

  it("resolves several variables without a path", () => {
    expect(transformer.transform({ myKey: "first ${test:testKey}; second ${test:testKey}" }).data["myKey"]).toBe(
      "first testResultNoPath; second testResultNoPath",
    );
  });

  it("keeps null values", () => {
    const result = transformer.transform({ myKey: null });
    expect(result.data).toEqual({ myKey: null });
  });

  it("leaves placeholders of unknown providers as written", () => {
    const result = transformer.transform({ a: "${vault:secret/db:password}", b: "${test:testKey}" });
    expect(result.data).toEqual({ a: "${vault:secret/db:password}", b: "testResultNoPath" });
  });

  it("reads each provider path once for all keys", () => {
    const calls: [string, string[]][] = [];
    const counting = new ConfigTransformer(
      new Map<string, ConfigProvider>([
        [
          "test",
          {
            configure: () => undefined,
            close: () => undefined,
            get: (path, keys) => {
              calls.push([path, [...keys].sort()]);
              return new Map([...keys].map((k) => [k, `${path}/${k}`]));
            },
          },
        ],
      ]),
    );
    const result = counting.transform({ a: "${test:p:x}", b: "${test:p:y} ${test:p:x}", c: "${test:q:x}" });
    expect(result.data).toEqual({ a: "p/x", b: "p/y p/x", c: "q/x" });
    expect(calls.sort()).toEqual([
      ["p", ["x", "y"]],
      ["q", ["x"]],
    ]);
  });

  it("knows values with variables", () => {
    expect(hasVariables("${file:/a:b}")).toBe(true);
    expect(hasVariables("${env:B}")).toBe(true);
    expect(hasVariables("${topic}-${timestamp}")).toBe(false);
    expect(hasVariables("plain")).toBe(false);
    expect(hasVariables(null)).toBe(false);
  });
});

describe("reverseTransform (Kafka's AbstractHerder#reverseTransform)", () => {
  const raw = { "connection.password": "${file:/s.properties:pw}", topic: "t-${file:/s.properties:topic}", plain: "x" };
  const resolved = { "connection.password": "hunter22", topic: "t-orders", plain: "x" };

  it("puts the connector's placeholders back into task configs with the same keys", () => {
    const tasks = reverseTransform(raw, resolved, [{ "connection.password": "hunter22", topic: "t-orders", plain: "x", other: "y" }]);
    expect(tasks).toEqual([{ "connection.password": "${file:/s.properties:pw}", topic: "t-${file:/s.properties:topic}", plain: "x", other: "y" }]);
  });

  it("does not add keys the task config does not have", () => {
    expect(reverseTransform(raw, resolved, [{ plain: "x" }])).toEqual([{ plain: "x" }]);
  });

  it("stores a resolved value copied under another key as the placeholder", () => {
    expect(reverseTransform(raw, resolved, [{ "task.password": "hunter22" }])).toEqual([{ "task.password": "${file:/s.properties:pw}" }]);
  });

  it("returns copies unchanged when the connector config has no placeholder", () => {
    const config = { a: "1" };
    const out = reverseTransform({ a: "1" }, { a: "1" }, [config]);
    expect(out).toEqual([config]);
    expect(out[0]).not.toBe(config);
  });
});
