import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { parseProperties, PropertiesSyntaxError, readPropertiesFile } from "./properties";

describe("parseProperties", () => {
  it("accepts =, : and whitespace separators", () => {
    expect(parseProperties("a=1\nb:2\nc 3\nd\t4\ne = 5\nf : 6\ng   =   7")).toEqual({ a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7" });
  });

  it("takes only the first separator; the rest belongs to the value", () => {
    expect(parseProperties("url=jdbc:postgresql://h:5432/db?a=b\nk : = v\nx = = y")).toEqual({
      url: "jdbc:postgresql://h:5432/db?a=b",
      k: "= v",
      x: "= y",
    });
  });

  it("skips # and ! comments and blank lines, and keeps # inside values", () => {
    expect(parseProperties("# comment\n  ! another\n\n   \nkey=value # not a comment\n")).toEqual({ key: "value # not a comment" });
  });

  it("trims keys and leading value whitespace but keeps trailing value whitespace", () => {
    expect(parseProperties("   spaced.key   =   v  \n")).toEqual({ "spaced.key": "v  " });
  });

  it("reads a key without value as an empty string", () => {
    expect(parseProperties("lonely\nempty=\ncolon:")).toEqual({ lonely: "", empty: "", colon: "" });
  });

  it("continues lines ending with an odd number of backslashes, dropping the next line's indentation", () => {
    expect(parseProperties("fruits = apple, \\\n         banana, \\\n    pear\nnext=1")).toEqual({ fruits: "apple, banana, pear", next: "1" });
    expect(parseProperties("path=c:\\\\\nother=2")).toEqual({ path: "c:\\", other: "2" });
    expect(parseProperties("odd=a\\\\\\\n  b")).toEqual({ odd: "a\\b" });
  });

  it("does not treat a continued line starting with # as a comment, nor continue comments", () => {
    expect(parseProperties("a=1\\\n#2\n# comment \\\nb=3")).toEqual({ a: "1#2", b: "3" });
  });

  it("drops a trailing continuation at end of input", () => {
    expect(parseProperties("a=1\\")).toEqual({ a: "1" });
  });

  it("handles \\r\\n and \\r line endings", () => {
    expect(parseProperties("a=1\r\nb=2\rc=3\r\n")).toEqual({ a: "1", b: "2", c: "3" });
  });

  it("unescapes \\t \\n \\r \\f \\uXXXX and \\x → x, in keys and values", () => {
    expect(parseProperties("tab=a\\tb\nnl=a\\nb\ncr=\\r\nff=\\f\nuni=\\u00e9t\\u00E9\nother=\\q\\#\\!")).toEqual({
      tab: "a\tb",
      nl: "a\nb",
      cr: "\r",
      ff: "\f",
      uni: "été",
      other: "q#!",
    });
    expect(parseProperties("my\\ key\\=x\\:y = v")).toEqual({ "my key=x:y": "v" });
  });

  it("rejects a malformed \\u escape like Java does", () => {
    expect(() => parseProperties("a=\\u12")).toThrow(PropertiesSyntaxError);
    expect(() => parseProperties("a=\\uZZZZ")).toThrow("Malformed \\uxxxx encoding.");
  });

  it("lets later keys win and keeps __proto__ as a plain key", () => {
    const props = parseProperties("a=1\na=2\n__proto__=x");
    expect(props.a).toBe("2");
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props)).toEqual(["a", "__proto__"]);
  });

  it("parses Kafka's connect-standalone.properties", () => {
    const text = `# Licensed to the Apache Software Foundation (ASF)
bootstrap.servers=localhost:9092
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.file.filename=/tmp/connect.offsets
# Flush much faster than normal, which is useful for testing/debugging
offset.flush.interval.ms=10000
#plugin.path=
`;
    expect(parseProperties(text)).toEqual({
      "bootstrap.servers": "localhost:9092",
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "key.converter.schemas.enable": "true",
      "value.converter.schemas.enable": "true",
      "offset.storage.file.filename": "/tmp/connect.offsets",
      "offset.flush.interval.ms": "10000",
    });
  });
});

describe("readPropertiesFile", () => {
  it("reads UTF-8 files; the empty path is no properties", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ferry-props-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "w.properties");
    writeFileSync(file, "name=café\n");
    expect(await readPropertiesFile(file)).toEqual({ name: "café" });
    expect(await readPropertiesFile("")).toEqual({});
    await expect(readPropertiesFile(join(dir, "missing.properties"))).rejects.toThrow(/ENOENT/);
  });
});
