import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../src/ui/route.svelte.ts';

describe('routes', () => {
  it('reads the lesson links', () => {
    expect(parseRoute('')).toEqual({ kind: 'sandbox' });
    expect(parseRoute('#/')).toEqual({ kind: 'sandbox' });
    expect(parseRoute('#/licoes')).toEqual({ kind: 'index' });
    expect(parseRoute('#/licoes/particoes-e-chaves/3')).toEqual({ kind: 'lesson', id: 'particoes-e-chaves', step: 3 });
    expect(parseRoute('#/licoes/particoes-e-chaves')).toEqual({ kind: 'lesson', id: 'particoes-e-chaves', step: 1 });
    expect(parseRoute('#/licoes/x/abc')).toEqual({ kind: 'lesson', id: 'x', step: 1 });
    expect(parseRoute('#/lado-a-lado')).toEqual({ kind: 'compare' });
  });

  it('writes what it reads', () => {
    for (const hash of ['#/', '#/licoes', '#/licoes/o-que-e-kafka/2', '#/lado-a-lado']) expect(routeHash(parseRoute(hash))).toBe(hash);
  });
});
