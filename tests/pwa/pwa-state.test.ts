// The offline notices' state: the network indicator follows the window's online/offline events,
// and the update prompt only activates the waiting version when the person accepts.
import { describe, expect, test } from 'vitest';
import { PwaState } from '../../src/pwa/pwa-state.svelte.ts';

describe('PwaState', () => {
  test('follows the online and offline events', () => {
    const target = new EventTarget();
    const state = new PwaState(target, true);
    expect(state.online).toBe(true);
    target.dispatchEvent(new Event('offline'));
    expect(state.online).toBe(false);
    target.dispatchEvent(new Event('online'));
    expect(state.online).toBe(true);
    expect(new PwaState(target, false).online).toBe(false);
  });

  test('"Depois" hides the prompt without activating the new version; "Recarregar" activates it', async () => {
    const state = new PwaState(null, true);
    let updates = 0;
    state.setUpdater(async () => {
      updates += 1;
    });
    state.needRefresh = true;
    state.later();
    expect(state.needRefresh).toBe(false);
    expect(updates).toBe(0);
    state.needRefresh = true;
    await state.reload();
    expect(state.needRefresh).toBe(false);
    expect(updates).toBe(1);
  });

  test('reloading before registration finished does nothing', async () => {
    const state = new PwaState(null, true);
    state.needRefresh = true;
    await expect(state.reload()).resolves.toBeUndefined();
  });
});
