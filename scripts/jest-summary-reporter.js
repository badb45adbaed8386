// Prints one plain closing line, `tests: N passed, N failed[, N skipped]`, as the very last
// line of a jest run (after jest's own summary), for tools that read a run's closing line.
import { writeSync } from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const brokenSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + brokenSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    // Synchronous: jest may end the process with process.exit (forceExit).
    process.once('exit', () => writeSync(2, line));
  }
}
