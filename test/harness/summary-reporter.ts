import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts test cases by outcome. A test file that failed outside of any test (it did not load, or a
 * suite-level hook threw) and unhandled errors each count as one failure, so a failing run never
 * reports "0 failed". Tests still pending when the run ended (it was interrupted) count as skipped.
 */
export function countResults(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<unknown>,
): RunCounts {
  const counts: RunCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const testModule of testModules) {
    let failedTests = 0;
    for (const test of testModule.children.allTests()) {
      const { state } = test.result();
      if (state === "passed") counts.passed++;
      else if (state === "failed") failedTests++;
      else counts.skipped++;
    }
    counts.failed += failedTests;
    const moduleErrors = testModule.errors().length;
    if (failedTests === 0 && (moduleErrors > 0 || testModule.state() === "failed")) counts.failed++;
  }
  counts.failed += unhandledErrors.length;
  return counts;
}

export function formatSummary({ passed, failed, skipped }: RunCounts): string {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

/** Prints one plain line after the run, after the default reporter's summary. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    _reason: TestRunEndReason,
  ): void {
    process.stdout.write(`\n${formatSummary(countResults(testModules, unhandledErrors))}\n`);
  }
}
