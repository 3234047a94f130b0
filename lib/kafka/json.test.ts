import { describe, expect, it } from "vitest";
import { JsonBigNumber, JsonSyntaxError, jsonAt, parseJsonPath, parseLosslessJson, stringifyLosslessJson } from "./json";

describe("lossless JSON", () => {
  it("keeps integers beyond 2^53 and long decimals exact, other numbers as numbers", () => {
    const tree = parseLosslessJson('{"max":9223372036854775807,"min":-9223372036854775808,"safe":9007199254740991,"n":42,"f":1.5,"long":0.12345678901234567890}');
    expect(tree).toEqual({
      max: new JsonBigNumber("9223372036854775807"),
      min: new JsonBigNumber("-9223372036854775808"),
      safe: 9007199254740991,
      n: 42,
      f: 1.5,
      long: new JsonBigNumber("0.12345678901234567890"),
    });
    expect(stringifyLosslessJson(tree)).toBe('{"max":9223372036854775807,"min":-9223372036854775808,"safe":9007199254740991,"n":42,"f":1.5,"long":0.12345678901234567890}');
    expect((tree as { max: JsonBigNumber }).max.valueOf()).toBe(9223372036854775807n);
  });

  it("reads strings with escapes, nesting, literals, and pretty-prints", () => {
    const tree = parseLosslessJson(' { "s": "a\\"b\\\\c\\u00e9\\n", "a": [true, false, null, {}], "__proto__": 1 } ');
    expect(jsonAt(tree, ["s"])).toBe('a"b\\cé\n');
    expect(jsonAt(tree, ["a", 2])).toBeNull();
    expect(jsonAt(tree, ["__proto__"])).toBe(1);
    expect(stringifyLosslessJson(parseLosslessJson('{"a":[1,{"b":2}]}'), 2)).toBe('{\n  "a": [\n    1,\n    {\n      "b": 2\n    }\n  ]\n}');
  });

  it("rejects what is not JSON, with the position", () => {
    for (const bad of ["", "{", '{"a":}', "[1,]", "01x", "tru", '"\u0001"', "1 2", "{'a':1}"]) {
      expect(() => parseLosslessJson(bad), bad).toThrow(JsonSyntaxError);
    }
    expect(() => parseLosslessJson("[".repeat(600) + "]".repeat(600))).toThrow(/Nesting/);
  });

  it("parses field paths", () => {
    expect(parseJsonPath("user.id")).toEqual(["user", "id"]);
    expect(parseJsonPath('items[0].sku["odd key"]')).toEqual(["items", 0, "sku", "odd key"]);
    expect(parseJsonPath("")).toEqual([]);
    expect(() => parseJsonPath("a[x]")).toThrow();
    expect(jsonAt(parseLosslessJson('{"items":[{"sku":"A"}]}'), parseJsonPath("items[0].sku"))).toBe("A");
    expect(jsonAt(parseLosslessJson('{"items":[]}'), parseJsonPath("items[3].sku"))).toBeUndefined();
  });
});
