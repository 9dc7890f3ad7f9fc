#!/usr/bin/env node
// Adds up the JSON results of jest and Playwright and prints `N passed, N failed`.
// A missing result file counts as a failure: a suite that never ran must not look green.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`no results in ${file}: that suite did not run`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in result) {
    passed += result.numPassedTests;
    failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  } else {
    passed += result.stats.expected + result.stats.flaky;
    failed += result.stats.unexpected + result.errors.length;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
