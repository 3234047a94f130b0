import { describe, expect, it } from "vitest";
import { describeConfigTextError, parseConfigText, parseProperties, positionOf, toConnectJson, toFlatJson } from "./config-text";

function ok(text: string) {
  const r = parseConfigText(text);
  if (!r.ok) throw new Error(describeConfigTextError(r.error));
  return r.value;
}

function err(text: string) {
  const r = parseConfigText(text);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

describe("parseConfigText: JSON", () => {
  it("reads Kafka Connect's {name, config} body", () => {
    const v = ok('{"name": "src", "config": {"connector.class": "FileStreamSource", "topic": "t", "tasks.max": 1}}');
    expect(v).toEqual({ format: "connect-json", name: "src", config: { "connector.class": "FileStreamSource", topic: "t", "tasks.max": "1" }, warnings: [] });
  });

  it("takes the name from config.name when the top level has none, and drops it from config", () => {
    const v = ok('{"config": {"name": "n", "topic": "t"}}');
    expect(v.name).toBe("n");
    expect(v.config).toEqual({ topic: "t" });
  });

  it("rejects a top-level name that differs from config.name", () => {
    expect(err('{"name": "a", "config": {"name": "b"}}').message).toMatch(/differ/);
  });

  it("reads a flat map, numbers and booleans as Jackson does, nulls dropped with a warning", () => {
    const v = ok('{"name":"x","batch.size":2000,"ratio":1.50,"errors.log.enable":true,"gone":null}');
    expect(v.format).toBe("flat-json");
    expect(v.name).toBe("x");
    expect(v.config).toEqual({ "batch.size": "2000", ratio: "1.50", "errors.log.enable": "true" });
    expect(v.warnings).toEqual(['Dropped "gone": its value is null.']);
  });

  it("keeps string escapes", () => {
    expect(ok('{"a":"line\\nnext \\u00e9 \\"q\\""}').config).toEqual({ a: 'line\nnext é "q"' });
  });

  it("points at the line and column of a syntax error", () => {
    const e = err('{\n  "name": "x",\n  "topic" "t"\n}');
    expect(e).toMatchObject({ line: 3, column: 11 });
    expect(describeConfigTextError(e)).toMatch(/^Line 3, column 11: Expected ':'/);
  });

  it("reports a trailing comma and an unterminated string", () => {
    expect(err('{"a": "b",\n}')).toMatchObject({ line: 2, message: expect.stringMatching(/Trailing comma/) });
    expect(err('{"a": "b').message).toMatch(/Unterminated/);
  });

  it("rejects nested values with their position", () => {
    const e = err('{\n "a": {"b": 1}\n}');
    expect(e).toMatchObject({ line: 2, column: 7 });
    expect(e.message).toMatch(/"a" must be a string/);
  });

  it("rejects a config that is not an object, and empty text", () => {
    expect(err('{"config": "x"}').message).toMatch(/"config" must be an object/);
    expect(err("   ").message).toMatch(/Nothing to read/);
  });

  it("warns about top-level keys outside config", () => {
    expect(ok('{"name":"x","config":{},"extra":1}').warnings[0]).toMatch(/Ignored top-level key "extra"/);
  });
});

describe("parseProperties", () => {
  it("reads comments, all three separators, continuations and escapes", () => {
    const text = [
      "# a comment",
      "! another comment",
      "",
      "name=file-source",
      "connector.class : FileStreamSource",
      "topic   connect-test",
      "file=/tmp/a\\",
      "    b.txt",
      "greeting=caf\\u00e9\\tx",
      "key\\=with\\:seps=v",
      "empty=",
      "bare",
    ].join("\n");
    const r = parseProperties(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe("file-source");
    expect(r.value.config).toEqual({
      "connector.class": "FileStreamSource",
      topic: "connect-test",
      file: "/tmp/ab.txt",
      greeting: "café\tx",
      "key=with:seps": "v",
      empty: "",
      bare: "",
    });
  });

  it("handles CRLF, an escaped trailing backslash, and leading whitespace", () => {
    const r = parseProperties("  a = x\\\\\r\nb=2\r\n");
    expect(r.ok && r.value.config).toEqual({ a: "x\\", b: "2" });
  });

  it("lets the last duplicate win, with a warning", () => {
    const r = parseProperties("a=1\na=2");
    expect(r.ok && r.value.config).toEqual({ a: "2" });
    expect(r.ok && r.value.warnings[0]).toMatch(/more than once/);
  });

  it("reports a malformed \\u escape with its line", () => {
    const r = parseProperties("a=1\nb=\\u12x4");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 2, message: expect.stringMatching(/Malformed/) });
  });

  it("rejects text with comments only", () => {
    expect(parseConfigText("# nothing\n").ok).toBe(false);
  });
});

describe("output", () => {
  it("prints the Connect body and a flat map that parse back to the same draft", () => {
    const config = { "connector.class": "FileStreamSource", topic: "t", name: "ignored" };
    expect(ok(toConnectJson("src", config))).toEqual({ format: "connect-json", name: "src", config: { "connector.class": "FileStreamSource", topic: "t" }, warnings: [] });
    expect(toFlatJson({ a: "1" })).toBe('{\n  "a": "1"\n}');
  });

  it("positionOf counts lines and columns from 1", () => {
    expect(positionOf("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
