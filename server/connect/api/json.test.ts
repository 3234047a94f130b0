import { describe, expect, it } from "vitest";
import { JsonNumber, JsonParseError, parseJson, writeJson, type JsonValue } from "./json";

describe("JSON codec", () => {
  it("keeps number text, key order and duplicates like Jackson", () => {
    const text = '{"z":1,"a":9223372036854775807,"n":-0.10,"e":1E+3,"o":{},"l":[],"s":"\\u00e9\\n"}';
    const parsed = parseJson(text) as Map<string, JsonValue>;
    expect([...parsed.keys()]).toEqual(["z", "a", "n", "e", "o", "l", "s"]);
    expect((parsed.get("a") as JsonNumber).longValue()).toBe(9223372036854775807n);
    expect((parsed.get("n") as JsonNumber).decimalValue().toString()).toBe("-0.10");
    expect(writeJson(parsed)).toBe('{"z":1,"a":9223372036854775807,"n":-0.10,"e":1E+3,"o":{},"l":[],"s":"é\\n"}');
    const dup = parseJson('{"a":1,"b":2,"a":3}') as Map<string, JsonValue>;
    expect(writeJson(dup)).toBe('{"a":3,"b":2}');
  });

  it("converts numbers as Jackson's nodes do", () => {
    const n = (t: string) => parseJson(t) as JsonNumber;
    expect(n("2147483648").isInt()).toBe(false);
    expect(n("2147483648").intValue()).toBe(-2147483648);
    expect(n("12345678901234567890").longValue()).toBe(-6101065172474983726n);
    expect(n("1.9").intValue()).toBe(1);
    expect(n("1e2").isIntegral()).toBe(false);
    expect(n("007").text).toBe("7");
    expect(n("-00.5").text).toBe("-0.5");
  });

  it("returns undefined for empty input and ignores trailing content", () => {
    expect(parseJson("  \n")).toBeUndefined();
    expect(parseJson(Buffer.from([0xef, 0xbb, 0xbf, 0x31]))).toEqual(new JsonNumber("1"));
    expect(parseJson('{"a":1} garbage')).toEqual(new Map([["a", new JsonNumber("1")]]));
    expect(() => parseJson("1x")).toThrow(JsonParseError);
    expect(() => parseJson("truex")).toThrow(JsonParseError);
  });

  it("rejects what Jackson rejects", () => {
    for (const bad of ["{", "[1,]", "{'a':1}", '{"a" 1}', '"\u0001"', "01.", "-", "+1", ".5", '"\\x"', "[1 2]", "NaN"]) {
      expect(() => parseJson(bad), bad).toThrow(JsonParseError);
    }
    expect(() => parseJson(Buffer.from([0xc3, 0x28]))).toThrow(JsonParseError);
    expect(() => parseJson("[".repeat(1100))).toThrow(/nesting depth/);
  });

  it("escapes like Jackson", () => {
    expect(writeJson('"\\/\b\f\n\r\t\u0000\u007f\u2028')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\u007f\u2028"');
  });
});
