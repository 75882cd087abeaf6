// npm run sim -- scenario.json [--until ms] [--trace]
// Runs a scenario headless and prints its JSON summary (and the retained trace with --trace).
import { readFileSync } from 'node:fs';
import { createSimulation, parseScenarioText, summarize } from '../sim/index.ts';

const DEFAULT_UNTIL_MS = 60_000;

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run sim -- <scenario.json> [--until <ms>] [--trace]\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let file: string | undefined;
  let untilMs = DEFAULT_UNTIL_MS;
  let withTrace = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--trace') withTrace = true;
    else if (arg === '--until') {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) usage(`--until needs a non-negative number of milliseconds, got "${argv[i] ?? ''}"`);
      untilMs = value;
    } else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else usage(`only one scenario file, got "${file}" and "${arg}"`);
  }
  if (file === undefined) usage('no scenario file given');

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    usage(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    process.stderr.write(`${file}: invalid scenario\n`);
    for (const e of parsed.errors) process.stderr.write(`  ${e.path || '(scenario)'}: ${e.message}\n`);
    process.exit(1);
  }
  const simulation = createSimulation(parsed.scenario);
  simulation.runUntil(untilMs);
  const summary = { ...summarize(simulation.snapshot()), check: simulation.check() };
  const output = withTrace ? { ...summary, trace: simulation.traceEvents() } : summary;
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main(process.argv.slice(2));
