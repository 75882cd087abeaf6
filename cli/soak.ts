// npm run soak -- --seeds N [--from S] | --seed S [--verbose]
// Runs the randomized fault test over many seeds: acks=all, min.insync.replicas=2, RF=3, unclean
// election off, random crashes, isolations, splits, cut and slow links, slow disks, client crashes. Every
// seed must lose no acknowledged record and break no invariant; a failure prints its seed and
// the command that replays it.
import { runSoakSeed } from '../sim/check/soak.ts';

function main(argv: string[]): void {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const single = value('--seed');
  const count = single !== undefined ? 1 : (value('--seeds') ?? 100);
  const from = single ?? value('--from') ?? 1;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(count) || count < 1) {
    process.stderr.write('usage: npm run soak -- --seeds N [--from S] | --seed S [--verbose]\n');
    process.exit(2);
  }
  const verbose = argv.includes('--verbose') || single !== undefined;
  const started = process.hrtime.bigint();
  let failures = 0;
  for (let seed = from; seed < from + count; seed++) {
    const result = runSoakSeed(seed);
    if (!result.ok) {
      failures++;
      process.stdout.write(
        `${JSON.stringify({ seed, lost: result.lost, groupMissed: result.groupMissed, group: result.report.groups.g, violations: result.violations.slice(0, 5), error: result.error, lostExamples: result.report.lost.examples, replay: result.replay })}\n`,
      );
    } else if (verbose) {
      process.stdout.write(`${JSON.stringify({ seed, ok: true, faults: result.faults, totals: result.report.totals })}\n`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ seeds: count, from, failures, seconds: Number(seconds.toFixed(1)) })}\n`);
  process.exit(failures === 0 ? 0 : 1);
}

main(process.argv.slice(2));
