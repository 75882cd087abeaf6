// Runs every suite (type checks, unit/property tests, end-to-end tests in Chromium) and ends with
// one plain "N passed, N failed" line summing them all, which CI reads. Exits non-zero on failure.
//
// The three run at the same time, each in its own process, and their output is printed one after
// the other as they finish. The unit tests keep both cores busy, while the end-to-end tests mostly
// wait on Chromium and the type checks use one core: side by side they take about the time of the
// longest instead of the sum.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reportDir = mkdtempSync(join(tmpdir(), 'kafka-lab-test-'));
const onlyUnit = process.argv.includes('--unit');

const running = new Set();
// A line a minute while the output waits, so that nobody watching takes the quiet for a hang.
const heartbeat = setInterval(() => console.log(`... still running: ${[...running].join(', ')}`), 60_000);

/** Runs a command with its output collected; prints it whole when it ends. Resolves with its success. */
function run(label, command, args) {
  const started = Date.now();
  running.add(label);
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error}\n`)));
    child.on('close', (code) => {
      running.delete(label);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')} (${seconds} s, exit ${code})\n`);
      process.stdout.write(Buffer.concat(chunks));
      resolve(code === 0);
    });
  });
}

/** The counts of a vitest JSON report; a run that failed without a failed test still counts one failure. */
function vitestCounts(report, ok) {
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    let failed = results.numFailedTests;
    // A suite that fails to load has no failed tests but must still fail the run.
    if (!ok && failed === 0) failed = Math.max(1, results.numFailedTestSuites);
    return { passed: results.numPassedTests, failed, skipped: results.numPendingTests + results.numTodoTests };
  } catch (error) {
    console.error(`could not read the vitest report ${report}: ${error}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

function vitest(project) {
  const report = join(reportDir, `${project}.json`);
  const args = ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  return run(`vitest (${project})`, 'npx', args).then((ok) => vitestCounts(report, ok));
}

const suites = [
  run('type check', 'npm', ['run', '--silent', 'check']).then((ok) => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 })),
  vitest('unit'),
];
if (!onlyUnit) suites.push(vitest('e2e'));

const totals = (await Promise.all(suites)).reduce(
  (sum, counts) => ({ passed: sum.passed + counts.passed, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
clearInterval(heartbeat);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);
