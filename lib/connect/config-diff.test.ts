import { describe, expect, it } from "vitest";
import { MASKED_VALUE, SECRET_MASK, diffConfigs } from "./config-diff";

describe("diffConfigs", () => {
  it("lists added, removed and changed keys sorted, and leaves out unchanged ones", () => {
    const d = diffConfigs({ a: "1", b: "2", c: "3" }, { a: "1", b: "20", d: "4" });
    expect(d.entries).toEqual([
      { key: "b", kind: "changed", before: "2", after: "20", secret: false },
      { key: "c", kind: "removed", before: "3", secret: false },
      { key: "d", kind: "added", after: "4", secret: false },
    ]);
    expect([d.added, d.removed, d.changed]).toEqual([1, 1, 1]);
  });

  it("masks PASSWORD keys and server-masked values", () => {
    const d = diffConfigs({ pw: "old", token: MASKED_VALUE }, { pw: "new", token: "typed-again" }, ["pw"]);
    expect(d.entries).toEqual([
      { key: "pw", kind: "changed", before: SECRET_MASK, after: SECRET_MASK, secret: true },
      { key: "token", kind: "changed", before: SECRET_MASK, after: SECRET_MASK, secret: true },
    ]);
    expect(JSON.stringify(d)).not.toMatch(/old|new|typed-again/);
  });

  it("is empty when nothing changed", () => {
    expect(diffConfigs({ a: "1" }, { a: "1" })).toEqual({ entries: [], added: 0, removed: 0, changed: 0 });
  });
});
