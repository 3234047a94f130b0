import { describe, expect, it } from "vitest";
import { runFixture } from "./fixtures/run-fixture";
import { formatSummary } from "./summary-reporter";

const SUMMARY_LINE = /^\d+ passed, \d+ failed, \d+ skipped$/;

function summaryLines(lines: string[]): string[] {
  return lines.filter((line) => SUMMARY_LINE.test(line));
}

describe("summary reporter", () => {
  it("formats the counts as one plain line", () => {
    expect(formatSummary({ passed: 3, failed: 0, skipped: 1 })).toBe("3 passed, 0 failed, 1 skipped");
  });

  it("prints the line once after a passing run, counting skipped and todo tests as skipped", async () => {
    const run = await runFixture("passing.fixture");
    expect(run.exitCode).toBe(0);
    expect(summaryLines(run.lines)).toEqual(["2 passed, 0 failed, 2 skipped"]);
    // The default reporter still prints its own summary before it.
    expect(run.output).toMatch(/Tests\s+2 passed/);
  });

  it("counts failed test cases on a failing run", async () => {
    const run = await runFixture("failing.fixture");
    expect(run.exitCode).not.toBe(0);
    expect(summaryLines(run.lines)).toEqual(["1 passed, 1 failed, 0 skipped"]);
  });

  it("counts a file that fails to load as a failure", async () => {
    const run = await runFixture("broken.fixture");
    expect(run.exitCode).not.toBe(0);
    expect(summaryLines(run.lines)).toEqual(["0 passed, 1 failed, 0 skipped"]);
  });
});
