import { describe, expect, it } from "vitest";
import { reproduceDraft } from "./produce-dialog";

describe("reproduceDraft", () => {
  it("writes a shown record again: partition, key, value with its Connect schema, headers", () => {
    const draft = reproduceDraft({
      partition: 2,
      offset: "7",
      timestamp: 0,
      timestampType: "CreateTime",
      key: null,
      value: { encoding: "connect-json", data: '"x"', schema: '{"type":"string","optional":false}', size: 50 },
      headers: [{ key: "h", value: "00ff", encoding: "hex" }],
      size: 60,
    });
    expect(draft).toEqual({
      partition: "2",
      key: expect.objectContaining({ isNull: true }),
      value: { isNull: false, encoding: "connect-json", data: '"x"', schema: '{"type":"string","optional":false}' },
      headers: [{ key: "h", value: "00ff", encoding: "hex" }],
    });
  });
});
