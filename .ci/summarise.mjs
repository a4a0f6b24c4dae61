// Turns vitest's JSON report into the one line CI reads: "N passed, N failed, N skipped".
// Usage: node .ci/summarise.mjs <vitest-json> [extra-failures]
// A test file that cannot even load reports zero tests, so it is counted as one failure here;
// otherwise a broken import would disappear from the count. extra-failures adds checks that are
// not vitest tests (the typecheck).
import { readFileSync } from 'node:fs';

const [file, extra = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(extra);
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests;
  failed += report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  for (const result of report.testResults) {
    const failedInFile = result.assertionResults.filter((a) => a.status === 'failed').length;
    if (result.status === 'failed' && failedInFile === 0) {
      failed += 1;
      console.log(`file failed before its tests ran: ${result.name}: ${result.message.split('\n')[0]}`);
    }
  }
} catch (err) {
  // No report means vitest itself crashed: that is a failure, never "0 failed".
  console.log(`no vitest report at ${file}: ${err.message}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
