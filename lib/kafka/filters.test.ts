import { describe, expect, it } from "vitest";
import { decodePayload } from "./decode";
import { FilterView, matchesNoCode, messageFilterSchema, type FilterRecord, type NoCodeFilter } from "./filters";

const record = (value: string, headers: FilterRecord["headers"] = [], key = "k1"): FilterRecord => ({
  topic: "t",
  partition: 0,
  offset: "5",
  timestamp: 0,
  key: decodePayload(new TextEncoder().encode(key)),
  value: decodePayload(new TextEncoder().encode(value)),
  headers,
});
const match = (filter: unknown, r: FilterRecord) => matchesNoCode(messageFilterSchema.parse(filter) as NoCodeFilter, new FilterView(r));

describe("no-code filters", () => {
  const user = record('{"user":{"id":42,"name":"Ann","tags":["a","b"]},"big":9223372036854775807,"amount":10.5}', [{ key: "source", value: "web", encoding: "text" }]);

  it("text: contains / not contains / equals, case-insensitive unless asked", () => {
    expect(match({ type: "text", target: "value", op: "contains", value: "ann" }, user)).toBe(true);
    expect(match({ type: "text", target: "value", op: "contains", value: "ann", caseSensitive: true }, user)).toBe(false);
    expect(match({ type: "text", target: "value", op: "not-contains", value: "bob" }, user)).toBe(true);
    expect(match({ type: "text", target: "key", op: "equals", value: "K1" }, user)).toBe(true);
    expect(match({ type: "text", target: "header", header: "source", op: "equals", value: "web" }, user)).toBe(true);
    expect(match({ type: "text", target: "header-key", op: "equals", value: "source" }, user)).toBe(true);
    expect(match({ type: "text", target: "header-value", op: "not-contains", value: "we" }, user)).toBe(false);
    expect(match({ type: "text", target: "any", op: "contains", value: "web" }, user)).toBe(true);
  });

  it("JSON fields: comparisons, exact big integers, contains, exists", () => {
    const f = (path: string, op: string, value?: string) => match({ type: "field", target: "value", path, op, value }, user);
    expect(f("user.id", "==", "42")).toBe(true);
    expect(f("user.id", "==", '"42"')).toBe(true);
    expect(f("user.id", "!=", "43")).toBe(true);
    expect(f("user.id", ">", "41.5")).toBe(true);
    expect(f("user.id", "<=", "41")).toBe(false);
    expect(f("big", "==", "9223372036854775807")).toBe(true);
    expect(f("big", "==", "9223372036854775806")).toBe(false);
    expect(f("big", ">", "9223372036854775806")).toBe(true);
    expect(f("amount", ">=", "10.5")).toBe(true);
    expect(f("user.name", "==", "Ann")).toBe(true);
    expect(f("user.name", "<", "Bob")).toBe(true);
    expect(f("user.tags", "contains", "b")).toBe(true);
    expect(f("user.name", "contains", "n")).toBe(true);
    expect(f("user", "contains", "id")).toBe(true);
    expect(f("user.tags[1]", "==", "b")).toBe(true);
    expect(f("user.email", "exists")).toBe(false);
    expect(f("user.email", "not-exists")).toBe(true);
    expect(f("user.email", "!=", "x")).toBe(true);
    expect(match({ type: "field", target: "value", path: "user", op: "exists" }, record("not json"))).toBe(false);
  });

  it("the schema names the field at fault", () => {
    const bad = messageFilterSchema.safeParse({ type: "field", target: "value", path: "a[", op: "==", value: "1" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["path"]);
    const noValue = messageFilterSchema.safeParse({ type: "field", target: "value", path: "a", op: ">" });
    expect(noValue.error?.issues[0]?.path).toEqual(["value"]);
    const noHeader = messageFilterSchema.safeParse({ type: "text", target: "header", op: "equals", value: "x" });
    expect(noHeader.error?.issues[0]?.path).toEqual(["header"]);
  });
});
