import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import { parseJsonPath, selectJsonPath } from "./json-path";

describe("parseCsv", () => {
  it("parses RFC 4180: quotes, doubled quotes, separators and line breaks inside quotes, CRLF", () => {
    expect(parseCsv('a,b\r\n1,"x, y"\n2,"say ""hi"""\r3,"two\nlines"\n').map((r) => [r.line, r.fields])).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "x, y"]],
      [3, ["2", 'say "hi"']],
      [4, ["3", "two\nlines"]],
    ]);
  });

  it("keeps empty fields, skips blank lines, takes another separator and no final line break", () => {
    expect(parseCsv("a;;c\n\n;b;\n\"\";x;y", ";").map((r) => r.fields)).toEqual([
      ["a", "", "c"],
      ["", "b", ""],
      ["", "x", "y"],
    ]);
  });

  it("rejects broken quoting with the line", () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow('Line 2: a quoted field is not closed before the end of the file');
    expect(() => parseCsv('a,b"c"\n')).toThrow("Line 1: a quote inside an unquoted field");
    expect(() => parseCsv('"a"b\n')).toThrow('Line 1: unexpected character "b" after a closing quote');
  });
});

describe("JSON path subset", () => {
  const doc = { data: { items: [{ id: 1, tags: ["a"] }, { id: 2, tags: [] }] }, "@next": "c2", n: null };

  it("selects members, indexes and wildcards", () => {
    expect(selectJsonPath(doc, "$")).toEqual([doc]);
    expect(selectJsonPath(doc, "$.data.items[*].id")).toEqual([1, 2]);
    expect(selectJsonPath(doc, "$.data.items[-1].id")).toEqual([2]);
    expect(selectJsonPath(doc, "$['@next']")).toEqual(["c2"]);
    expect(selectJsonPath(doc, "$.data.*")).toEqual([doc.data.items]);
    expect(selectJsonPath(doc, "$.n")).toEqual([null]);
    expect(selectJsonPath(doc, "$.missing.id")).toEqual([]);
  });

  it("rejects what it does not support", () => {
    expect(() => parseJsonPath("data.items")).toThrow("JSON path must start with $");
    expect(() => parseJsonPath("$..id")).toThrow("Expected a member name at position 2");
    expect(() => parseJsonPath("$.items[?(@.id)]")).toThrow("Unsupported selector");
  });
});
