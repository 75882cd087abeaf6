// `npm run sim` (cli/run.ts) as a user runs it: a child process printing the JSON summary of a
// scenario, deterministic across runs, with --trace, and with exit codes 1 (invalid scenario) and
// 2 (usage: missing file, unknown option).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { partitionForKey, type RunSummary, type TraceEvent } from '../../sim/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIO = 'scenarios/primeiro-cluster.json';
/** tsx compiles the engine on every start: seconds, not milliseconds. */
const TIMEOUT_MS = 60_000;

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // node --import tsx is what `npm run sim` amounts to, without npx finding tsx first on every run.
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/run.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: TIMEOUT_MS });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function summaryOf(...args: string[]): RunSummary & { trace?: TraceEvent[] } {
  const { status, stdout, stderr } = runCli(...args);
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout) as RunSummary & { trace?: TraceEvent[] };
}

describe('cli/run.ts', () => {
  let first: RunSummary & { trace?: TraceEvent[] };
  let tempDir: string;

  beforeAll(() => {
    first = summaryOf(SCENARIO, '--until', '20000');
    tempDir = mkdtempSync(join(tmpdir(), 'kafka-lab-cli-'));
  }, TIMEOUT_MS);

  afterAll(() => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  it('prints the summary of the scenario at --until: partitions with their logs, producer and consumer counts', () => {
    const summary = first;
    expect(summary).toMatchObject({ timeMs: 20_000, seed: 42 });
    expect(summary.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.traceLength).toBeGreaterThan(0);
    expect(summary.trace).toBeUndefined();

    expect(summary.partitions.map((p) => [p.topic, p.partition])).toEqual([
      ['pedidos', 0],
      ['pedidos', 1],
      ['pedidos', 2],
    ]);
    for (const p of summary.partitions) {
      // Replication factor 3: every broker holds every partition, all in sync.
      expect(p.replicas).toHaveLength(3);
      expect(p.replicas).toContain(p.leader);
      expect([...p.isr].sort()).toEqual([...p.replicas].sort());
      expect(p.leaderEpoch).toBe(0);
      expect(Object.keys(p.logEndOffsets).sort()).toEqual(p.replicas.map(String).sort());
      expect(p.highWatermark).toBeLessThanOrEqual(p.logEndOffsets[String(p.leader)]!);
      expect(p.segments.length).toBeGreaterThan(0);
      for (const s of p.segments) expect(s.fileName).toBe(`${String(s.baseOffset).padStart(20, '0')}.log`);
      expect(p.segments[0]!.baseOffset).toBe(p.logStartOffset);
      expect(p.segments.at(-1)).toMatchObject({ active: true, nextOffset: p.logEndOffsets[String(p.leader)] });
    }
    // The three partitions sit on three different brokers (replica placement spreads leaders).
    expect(new Set(summary.partitions.map((p) => p.leader)).size).toBe(3);

    // 20 records/s for 20 s, keyed cliente-0 … cliente-11 in turn.
    const producer = summary.producers['p1']!;
    expect(producer).toMatchObject({ sent: 400, failed: {}, retries: 0 });
    expect(producer.acked + producer.pending).toBe(400);
    expect(producer.pending).toBeLessThanOrEqual(2);
    const expected = [0, 0, 0];
    for (let n = 0; n < 400; n++) expected[partitionForKey(`cliente-${n % 12}`, 3)]! += 1;
    summary.partitions.forEach((p) => expect(p.highWatermark).toBeLessThanOrEqual(expected[p.partition]!));
    expect(summary.partitions.reduce((sum, p) => sum + p.highWatermark, 0)).toBe(producer.acked);

    // The consumer keeps up (5 ms per record, 20 records/s): it read everything committed.
    const consumer = summary.consumers['c1']!;
    expect(consumer.error).toBeNull();
    expect(consumer.consumed).toBe(producer.acked);
    expect(consumer.position).toEqual(Object.fromEntries(summary.partitions.map((p) => [String(p.partition), p.highWatermark])));
    expect(consumer.lag).toEqual({ '0': 0, '1': 0, '2': 0 });
  });

  it('prints the same summary, trace hash included, when run again', () => {
    const second = summaryOf(SCENARIO, '--until', '20000');
    expect(second.traceHash).toBe(first.traceHash);
    expect(second).toEqual(first);
  }, TIMEOUT_MS);

  it('adds the retained trace with --trace, without changing the run', () => {
    const traced = summaryOf(SCENARIO, '--until', '20000', '--trace');
    const { trace, ...summary } = traced;
    expect(summary).toEqual(first);
    expect(Array.isArray(trace)).toBe(true);
    expect(trace!.length).toBeGreaterThan(0);
    expect(trace!.at(-1)!.seq).toBe(first.traceLength);
    trace!.forEach((e, i) => {
      expect(typeof e.type).toBe('string');
      expect(typeof e.node).toBe('string');
      expect(e.timeMs).toBeLessThanOrEqual(20_000);
      if (i > 0) expect(e.seq).toBe(trace![i - 1]!.seq + 1);
    });
    expect(trace!.some((e) => e.type === 'record-batch-appended')).toBe(true);
  }, TIMEOUT_MS);

  it('exits with 1 and names the bad field when the scenario is invalid', () => {
    const scenario = JSON.parse(readFileSync(join(ROOT, SCENARIO), 'utf8')) as { topics: { partitions: number }[] };
    scenario.topics[0]!.partitions = 0;
    const file = join(tempDir, 'bad-field.json');
    writeFileSync(file, JSON.stringify(scenario));
    const { status, stdout, stderr } = runCli(file);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('invalid scenario');
    expect(stderr).toMatch(/^\s+topics\.0\.partitions: /m);
  }, TIMEOUT_MS);

  it('exits with 1 when the scenario is not JSON', () => {
    const file = join(tempDir, 'not-json.json');
    writeFileSync(file, '{ "seed": 1, ');
    const { status, stdout, stderr } = runCli(file);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/\(scenario\): invalid JSON/);
  }, TIMEOUT_MS);

  it('exits with 2 and the usage when the file does not exist', () => {
    const { status, stdout, stderr } = runCli(join(tempDir, 'missing.json'));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot read');
    expect(stderr).toContain('usage: npm run sim');
  }, TIMEOUT_MS);

  it('exits with 2 on an unknown option or a bad --until', () => {
    const unknown = runCli(SCENARIO, '--speed', '2');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown option --speed');
    const badUntil = runCli(SCENARIO, '--until', 'soon');
    expect(badUntil.status).toBe(2);
    expect(badUntil.stderr).toContain('--until needs a non-negative number');
  }, TIMEOUT_MS);
});
