// Prints one plain closing line after Jest's own summary, e.g. "tests: 120 passed, 0 failed, 2 skipped",
// so that a CI log states the outcome in a form any reader (or tool) can pick up.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    process.stdout.write(`${line}${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;
