import { describe, expect, it } from "vitest";
import { parseConfigLines } from "./config-lines";

describe("parseConfigLines", () => {
  it("reads key=value lines, skipping blanks and comments; values may contain '='", () => {
    expect(parseConfigLines("cleanup.policy=compact\n\n# note\n retention.ms = 1000 \nx=a=b")).toEqual({ configs: { "cleanup.policy": "compact", "retention.ms": "1000", x: "a=b" } });
  });

  it("names the first line that is not key=value", () => {
    expect(parseConfigLines("a=1\nnope\n=2")).toEqual({ error: "Line 2: expected key=value" });
  });
});
