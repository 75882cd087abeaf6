import { describe, expect, it } from 'vitest';
import type { Action } from '../../../sim/scenario/schema.ts';
import { Lockstep, STEP_MAX_MS, nextTargetMs, type FrameScheduler, type LockstepEngine } from '../../../src/ui/compare/lockstep.svelte.ts';

/** An engine that records what it was asked, answering after a microtask like a worker would. */
class FakeEngine implements LockstepEngine {
  nowMs = 0;
  log: string[] = [];
  failAt: number | null = null;
  async runUntil(timeMs: number): Promise<number | undefined> {
    await Promise.resolve();
    if (this.failAt !== null && timeMs >= this.failAt) return undefined;
    this.nowMs = Math.max(this.nowMs, timeMs);
    this.log.push(`run ${timeMs}`);
    return this.nowMs;
  }
  async rewind(timeMs: number): Promise<number | undefined> {
    await Promise.resolve();
    this.nowMs = timeMs;
    this.log.push(`rewind ${timeMs}`);
    return this.nowMs;
  }
  async apply(action: Action) {
    await Promise.resolve();
    this.log.push(`${action.type} at ${this.nowMs}`);
    return { ok: true };
  }
}

/** Frames by hand: `fire(wallMs)` runs the pending callback. */
class FakeFrames implements FrameScheduler {
  pending: ((wallMs: number) => void) | null = null;
  request(callback: (wallMs: number) => void): number {
    this.pending = callback;
    return 1;
  }
  cancel(): void {
    this.pending = null;
  }
  async fire(wallMs: number): Promise<void> {
    const callback = this.pending;
    this.pending = null;
    callback?.(wallMs);
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

const setup = (endMs = 10_000) => {
  const a = new FakeEngine();
  const b = new FakeEngine();
  const frames = new FakeFrames();
  const lockstep = new Lockstep([a, b], frames, endMs);
  return { a, b, frames, lockstep };
};

describe('nextTargetMs', () => {
  it('advances by the wall time elapsed times the speed, in whole ms, capped per frame and at the end', () => {
    expect(nextTargetMs(1000, 16.7, 2, 60_000)).toBe(1033);
    expect(nextTargetMs(1000, 5000, 50, 60_000)).toBe(1000 + STEP_MAX_MS);
    expect(nextTargetMs(59_990, 100, 1, 60_000)).toBe(60_000);
    expect(nextTargetMs(0, 0, 1, 60_000)).toBe(1);
    expect(nextTargetMs(0, 1, 1, 60_000, true)).toBe(STEP_MAX_MS);
  });
});

describe('Lockstep', () => {
  it('plays both engines to the same times, frame after frame, and stops at the end', async () => {
    const { a, b, frames, lockstep } = setup(1_000);
    const steps: number[] = [];
    lockstep.onstep = (t) => steps.push(t);
    lockstep.setSpeed(10);
    lockstep.play();
    expect(lockstep.playing).toBe(true);
    await frames.fire(0); // first frame: one 60 Hz frame at 10×
    expect(lockstep.nowMs).toBe(167);
    await frames.fire(50);
    expect(lockstep.nowMs).toBe(667);
    await frames.fire(100);
    expect(lockstep.nowMs).toBe(1_000);
    expect(lockstep.playing).toBe(false);
    expect(lockstep.atEnd).toBe(true);
    expect(frames.pending).toBeNull();
    expect(a.log).toEqual(b.log);
    expect(steps).toEqual([167, 667, 1_000]);
  });

  it('asks for no new frame until both engines finished the step (a paused play stays paused)', async () => {
    const { frames, lockstep } = setup();
    lockstep.play();
    const tick = frames.pending!;
    frames.pending = null;
    tick(0);
    expect(frames.pending).toBeNull(); // the step is still under way
    lockstep.pause();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(frames.pending).toBeNull();
    expect(lockstep.nowMs).toBeGreaterThan(0);
  });

  it('runs to the end in whole steps whatever the speed', async () => {
    const { frames, lockstep } = setup(2_500);
    lockstep.runToEnd();
    await frames.fire(0);
    await frames.fire(1);
    await frames.fire(2);
    expect(lockstep.nowMs).toBe(2_500);
    expect(lockstep.playing).toBe(false);
  });

  it('applies a fault to both sides between two steps, at the same virtual time', async () => {
    const { a, b, lockstep } = setup();
    const stepping = lockstep.advance(1_000);
    const applied = lockstep.applyBoth({ type: 'crash-broker', broker: 0 });
    await Promise.all([stepping, applied]);
    expect(a.log).toEqual(['run 1000', 'crash-broker at 1000']);
    expect(b.log).toEqual(a.log);
  });

  it('stops for good when an engine fails, until a reset', async () => {
    const { b, lockstep } = setup();
    b.failAt = 500;
    await lockstep.advance(1_000);
    expect(lockstep.broken).toBe(true);
    expect(lockstep.nowMs).toBe(0);
    lockstep.play();
    expect(lockstep.playing).toBe(false);
    b.failAt = null;
    let reloaded = false;
    await lockstep.reset(async () => {
      reloaded = true;
      return 30_000;
    });
    expect([reloaded, lockstep.broken, lockstep.nowMs, lockstep.endMs]).toEqual([true, false, 0, 30_000]);
    await lockstep.advance(1_000);
    expect(lockstep.nowMs).toBe(1_000);
  });

  it('takes both sides back to the same earlier time, never before 0', async () => {
    const { a, b, lockstep } = setup();
    await lockstep.advance(3_000);
    await lockstep.back(1_000);
    expect(lockstep.nowMs).toBe(2_000);
    await lockstep.back(10_000);
    expect(lockstep.nowMs).toBe(0);
    await lockstep.back(1_000); // already at 0: nothing to do
    expect(a.log).toEqual(['run 3000', 'rewind 2000', 'rewind 0']);
    expect(b.log).toEqual(a.log);
  });
});
