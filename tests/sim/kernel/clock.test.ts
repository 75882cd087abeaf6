import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KernelError, VirtualClock } from '../../../sim/kernel/index.ts';

describe('VirtualClock', () => {
  it('starts at 0 and moves forward to fractional times', () => {
    const clock = new VirtualClock();
    expect(clock.nowMs).toBe(0);
    clock.advanceTo(0.25);
    clock.advanceTo(0.25);
    clock.advanceTo(10.5);
    expect(clock.nowMs).toBe(10.5);
  });

  it('refuses to go back', () => {
    const clock = new VirtualClock(100);
    expect(() => clock.advanceTo(99.999)).toThrow(/cannot go back from 100 ms to 99.999 ms/);
    try {
      clock.advanceTo(1);
    } catch (error) {
      expect((error as KernelError).code).toBe('CLOCK_BACKWARDS');
    }
    expect(clock.nowMs).toBe(100);
  });

  it('refuses NaN and infinities', () => {
    const clock = new VirtualClock();
    expect(() => clock.advanceTo(Number.NaN)).toThrow(KernelError);
    expect(() => clock.advanceTo(Infinity)).toThrow(KernelError);
  });

  it('is monotonic whatever it is asked', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })), (targets) => {
        const clock = new VirtualClock();
        for (const target of targets) {
          const before = clock.nowMs;
          try {
            clock.advanceTo(target);
          } catch {
            expect(target).toBeLessThan(before);
          }
          expect(clock.nowMs).toBeGreaterThanOrEqual(before);
        }
      }),
    );
  });
});
