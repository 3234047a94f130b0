import { describe, expect, it } from "vitest";
import { converterRegistry } from "./index";
import { candidateAliases } from "../registry";

describe("converterRegistry", () => {
  it("lists Kafka's built-in converters by class name", () => {
    expect(converterRegistry.map((p) => [p.className, p.types.join("+"), candidateAliases(p.className, p.types).join(",")])).toEqual([
      ["org.apache.kafka.connect.json.JsonConverter", "converter+header_converter", "JsonConverter,Json"],
      ["org.apache.kafka.connect.storage.StringConverter", "converter+header_converter", "StringConverter,String"],
      ["org.apache.kafka.connect.converters.ByteArrayConverter", "converter+header_converter", "ByteArrayConverter,ByteArray"],
      ["org.apache.kafka.connect.converters.BooleanConverter", "converter+header_converter", "BooleanConverter,Boolean"],
      ["org.apache.kafka.connect.converters.ShortConverter", "converter+header_converter", "ShortConverter,Short"],
      ["org.apache.kafka.connect.converters.IntegerConverter", "converter+header_converter", "IntegerConverter,Integer"],
      ["org.apache.kafka.connect.converters.LongConverter", "converter+header_converter", "LongConverter,Long"],
      ["org.apache.kafka.connect.converters.FloatConverter", "converter+header_converter", "FloatConverter,Float"],
      ["org.apache.kafka.connect.converters.DoubleConverter", "converter+header_converter", "DoubleConverter,Double"],
      ["org.apache.kafka.connect.storage.SimpleHeaderConverter", "header_converter", "SimpleHeaderConverter,Simple"],
    ]);
  });

  it("creates fresh instances with a config definition", () => {
    for (const plugin of converterRegistry) {
      const a = plugin.create();
      expect(a).not.toBe(plugin.create());
      expect(a.config().names()).toBeInstanceOf(Array);
      expect(plugin.version).toBe("3.9.0");
    }
  });
});
