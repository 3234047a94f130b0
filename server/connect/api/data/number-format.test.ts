import { describe, expect, it } from "vitest";
import { BigDecimal } from "./big-decimal";
import { formatDouble, formatFloat } from "./number-format";

// Expected strings are Java's Double.toString / Float.toString / BigDecimal.toString (checked with a JDK).
describe("formatDouble", () => {
  it.each([
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [100, "100.0"],
    [1.5, "1.5"],
    [123.456, "123.456"],
    [9999999, "9999999.0"],
    [1e7, "1.0E7"],
    [12345678.9, "1.23456789E7"],
    [0.001, "0.001"],
    [0.0001, "1.0E-4"],
    [0.1 + 0.2, "0.30000000000000004"],
    [5e-324, "4.9E-324"],
    [1.7976931348623157e308, "1.7976931348623157E308"],
    [1e21, "1.0E21"],
    [-3.25, "-3.25"],
    [-3.8162054059170394e25, "-3.8162054059170394E25"],
    [Number.NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ])("%s → %s", (x, expected) => {
    expect(formatDouble(x)).toBe(expected);
  });
});

describe("formatFloat", () => {
  it.each([
    [1.1, "1.1"],
    [3.14, "3.14"],
    [0.1, "0.1"],
    [1, "1.0"],
    [1e10, "1.0E10"],
    [16777216, "1.6777216E7"],
    [3.4028234663852886e38, "3.4028235E38"],
    [1.4e-45, "1.4E-45"],
    [1234567, "1234567.0"],
    // Exact ties go to the even digit, as Java does.
    [1563658.25, "1563658.2"],
    [-3001650.25, "-3001650.2"],
    [356192.125, "356192.12"],
  ])("%s → %s", (x, expected) => {
    expect(formatFloat(x)).toBe(expected);
  });
});

describe("BigDecimal", () => {
  it.each([
    ["12.34", 1234n, 2, "12.34", "12.34"],
    ["-1.50", -150n, 2, "-1.50", "-1.50"],
    ["1E-10", 1n, 10, "1E-10", "0.0000000001"],
    ["0.000001", 1n, 6, "0.000001", "0.000001"],
    ["0.0000001", 1n, 7, "1E-7", "0.0000001"],
    ["1e3", 1n, -3, "1E+3", "1000"],
    [".5", 5n, 1, "0.5", "0.5"],
    ["5.", 5n, 0, "5", "5"],
  ])("parses %s", (text, unscaled, scale, str, plain) => {
    const d = BigDecimal.parse(text);
    expect([d.unscaled, d.scale, d.toString(), d.toPlainString()]).toEqual([unscaled, scale, str, plain]);
  });

  it("follows Java's valueOf(double), equality and comparison", () => {
    expect(BigDecimal.fromNumber(1).toString()).toBe("1.0");
    expect(BigDecimal.fromNumber(1e7).toString()).toBe("1.0E+7");
    expect(BigDecimal.parse("1.0").equals(BigDecimal.parse("1.00"))).toBe(false);
    expect(BigDecimal.parse("1.0").compareTo(BigDecimal.parse("1.00"))).toBe(0);
    expect(BigDecimal.parse("1.50").isIntegral()).toBe(false);
    expect(BigDecimal.parse("2.00").isIntegral()).toBe(true);
    expect(BigDecimal.parse("-7.9").toBigInt()).toBe(-7n);
    expect(() => BigDecimal.parse("1.2.3")).toThrow();
    expect(() => BigDecimal.parse("")).toThrow();
  });
});
