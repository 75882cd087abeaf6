// Runs every suite (type checks, unit/property tests, end-to-end tests in Chromium) and ends with
// one plain "N passed, N failed" line summing them all, which CI reads. Exits non-zero on failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

const typesOk = run('type check', 'npm', ['run', '--silent', 'check']);
if (typesOk) passed += 1;
else failed += 1;

const reportDir = mkdtempSync(join(tmpdir(), 'kafka-lab-test-'));
const report = join(reportDir, 'vitest.json');
const onlyUnit = process.argv.includes('--unit');
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
if (onlyUnit) vitestArgs.push('--project', 'unit');
const vitestOk = run('vitest', 'npx', vitestArgs);
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  skipped += results.numPendingTests + results.numTodoTests;
  // A suite that fails to load has no failed tests but must still fail the run.
  if (!vitestOk && results.numFailedTests === 0) failed += Math.max(1, results.numFailedTestSuites);
} catch (error) {
  console.error(`could not read the vitest report ${report}: ${error}`);
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
