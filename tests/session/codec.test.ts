import { describe, expect, test } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { defaultScenarioInput } from '../../sim/scenario/library/default.ts';
import { TimelineSession } from '../../sim/timeline/session.ts';
import { defaultScenario } from '../../sim/index.ts';
import { decodeSessionFile, decodeSessionPayload, decodeSessionText, encodeSessionFile, encodeSessionPayload, linkPayload, sessionLink } from '../../src/session/codec.ts';
import { createSessionDoc, validateSession, SESSION_VERSION, type SessionDoc } from '../../src/session/schema.ts';

/** A real session: the default scenario, two hand-produced records and a broker crash, at 4 s. */
function recordedSession(): SessionDoc {
  const session = new TimelineSession(defaultScenario);
  session.runUntil(1500);
  expect(session.apply({ type: 'produce', producer: 'p1', key: 'pedido-7', value: 'olá, ação ✓' }).ok).toBe(true);
  session.runUntil(2500);
  expect(session.apply({ type: 'crash-broker', broker: 1 }).ok).toBe(true);
  session.runUntil(4000);
  return createSessionDoc({
    scenario: defaultScenarioInput,
    inputs: session.inputs.map((input) => ({ ...input })),
    timeMs: session.sim.nowMs(),
    ui: { route: '#/', selection: { kind: 'partition', topic: 'pedidos', partition: 1 }, partition: { topic: 'pedidos', partition: 1 }, lesson: null, speed: 2 },
  });
}

function bytesToBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

describe('session link', () => {
  const doc = recordedSession();

  test('round trip: the decoded document equals the encoded one', () => {
    const payload = encodeSessionPayload(doc);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = decodeSessionPayload(payload);
    expect(decoded).toEqual({ ok: true, doc });
  });

  test('the link keeps the hash route beside the parameter, and the parameter is found again', () => {
    const lessonDoc = { ...doc, ui: { ...doc.ui, route: '#/licoes/particoes-e-chaves/3', lesson: { id: 'particoes-e-chaves', step: 3 } } };
    const link = new URL(sessionLink(lessonDoc, 'http://localhost:4173/kafka/?test-hooks#/lado-a-lado'));
    expect(link.pathname).toBe('/kafka/');
    expect(link.hash).toBe('#/licoes/particoes-e-chaves/3');
    expect(link.searchParams.has('test-hooks')).toBe(false);
    const payload = linkPayload(link.search);
    expect(payload).not.toBeNull();
    expect(decodeSessionPayload(payload!)).toEqual({ ok: true, doc: lessonDoc });
  });

  test('replaying the decoded inputs reaches the same trace hash', () => {
    const original = new TimelineSession(defaultScenario);
    original.restore(doc.inputs);
    original.runUntil(doc.timeMs);
    const decoded = decodeSessionPayload(encodeSessionPayload(doc));
    if (!decoded.ok) throw new Error('decode failed');
    const replayed = new TimelineSession(defaultScenario);
    replayed.restore(decoded.doc.inputs);
    replayed.runUntil(decoded.doc.timeMs);
    expect(replayed.sim.traceHash()).toBe(original.sim.traceHash());
    expect(replayed.sim.nowMs()).toBe(4000);
  });

  test.each([
    ['empty', '', 'empty'],
    ['characters outside base64url', 'abc$def', 'notBase64'],
    ['not deflated', bytesToBase64Url(strToU8('{"format":"kafka-lab-session"}')), 'notCompressed'],
    ['deflated text that is not JSON', bytesToBase64Url(deflateSync(strToU8('olá, não sou JSON'))), 'notJson'],
    ['JSON that is not a session', bytesToBase64Url(deflateSync(strToU8('{"name":"x"}'))), 'notSession'],
  ])('refuses %s', (_, payload, code) => {
    const decoded = decodeSessionPayload(payload);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.code).toBe(code);
  });

  test('a truncated link is refused, not half-read', () => {
    const payload = encodeSessionPayload(doc);
    const decoded = decodeSessionPayload(payload.slice(0, Math.floor(payload.length / 2)));
    expect(decoded.ok).toBe(false);
  });
});

describe('session file', () => {
  const doc = recordedSession();

  test('round trip through a Blob', async () => {
    const file = new Blob([encodeSessionFile(doc)], { type: 'application/json' });
    await expect(decodeSessionFile(file)).resolves.toEqual({ ok: true, doc });
  });

  test('refuses an empty file, bytes that are not UTF-8 and text that is not JSON', async () => {
    await expect(decodeSessionFile(new Blob([]))).resolves.toMatchObject({ ok: false, error: { code: 'empty' } });
    await expect(decodeSessionFile(new Blob([new Uint8Array([0xff, 0xfe, 0xfd])]))).resolves.toMatchObject({ ok: false, error: { code: 'notJson' } });
    expect(decodeSessionText('{"format": ')).toMatchObject({ ok: false, error: { code: 'notJson' } });
  });
});

describe('session schema', () => {
  const doc = recordedSession();
  const refused = (value: unknown) => {
    const result = validateSession(value);
    if (result.ok) throw new Error('accepted');
    return result.error;
  };

  test('a recorded session is valid as it is', () => {
    expect(validateSession(JSON.parse(JSON.stringify(doc)))).toEqual({ ok: true, doc });
  });

  test('another format, a newer version and a missing field are refused with their codes', () => {
    expect(refused({ ...doc, format: 'kafka-lab-progress' }).code).toBe('notSession');
    expect(refused(null).code).toBe('notSession');
    expect(refused({ ...doc, version: SESSION_VERSION + 1 })).toEqual({ code: 'newerVersion', detail: String(SESSION_VERSION + 1) });
    const { timeMs: _, ...withoutTime } = doc;
    expect(refused(withoutTime)).toMatchObject({ code: 'invalid', detail: expect.stringContaining('timeMs') });
  });

  test('an unknown action, a negative position and inputs out of order are refused, naming the input', () => {
    const bad = structuredClone(doc);
    (bad.inputs[0]!.action as unknown as { type: string }).type = 'format-disk';
    expect(refused(bad)).toMatchObject({ code: 'invalid', detail: expect.stringContaining('inputs.0.action') });
    const negative = structuredClone(doc);
    negative.inputs[1]!.eventCount = -1;
    expect(refused(negative)).toMatchObject({ code: 'invalid', detail: expect.stringContaining('inputs.1.eventCount') });
    const swapped = structuredClone(doc);
    swapped.inputs.reverse();
    expect(refused(swapped)).toMatchObject({ code: 'invalid', detail: expect.stringContaining('inputs.1') });
  });

  test('a bad UI state is refused: an address outside the router, an unknown selection, a zero speed', () => {
    expect(refused({ ...doc, ui: { ...doc.ui, route: 'javascript:alert(1)' } }).code).toBe('invalid');
    expect(refused({ ...doc, ui: { ...doc.ui, selection: { kind: 'disk', disk: 1 } } }).code).toBe('invalid');
    expect(refused({ ...doc, ui: { ...doc.ui, speed: 0 } }).code).toBe('invalid');
  });

  test('the scenario goes through the engine parser, whose Portuguese message is kept', () => {
    const error = refused({ ...doc, scenario: { ...defaultScenarioInput, cluster: { ...defaultScenarioInput.cluster, brokers: 0 } } });
    expect(error.code).toBe('badScenario');
    expect(error.detail).toContain('cluster.brokers');
    expect(refused({ ...doc, scenario: undefined }).code).toBe('badScenario');
  });
});
