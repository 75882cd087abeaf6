// The app's first scenario lives twice: as code (sim/scenario/library/default.ts, what the app
// opens) and as a file (scenarios/primeiro-cluster.json, what `npm run sim` and lessons load).
// They must stay the same scenario.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultScenarioInput } from '../../../sim/scenario/library/default.ts';
import { parseScenario } from '../../../sim/index.ts';

describe('the default scenario', () => {
  it('is the same in default.ts and scenarios/primeiro-cluster.json', () => {
    const file = parseScenario(JSON.parse(readFileSync(new URL('../../../scenarios/primeiro-cluster.json', import.meta.url), 'utf8')));
    const code = parseScenario(defaultScenarioInput);
    // Compared as the engine reads them (defaults filled in, such as an empty schedule).
    expect(file.ok && code.ok).toBe(true);
    if (file.ok && code.ok) expect(file.scenario).toEqual(code.scenario);
  });

  it('is valid and puts its consumer in a group', () => {
    const parsed = parseScenario(defaultScenarioInput);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.scenario.consumers[0]!.config?.['group.id']).toBe('leitores');
  });
});
