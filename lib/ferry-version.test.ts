import { describe, expect, it } from "vitest";
import pkg from "@/package.json";
import { FERRY_VERSION } from "./ferry-version";

describe("FERRY_VERSION", () => {
  it("is package.json's version", () => {
    expect(FERRY_VERSION).toBe(pkg.version);
  });
});
