// The JDK orders the assignors inherit: String.compareTo and HashMap iteration. The expected
// orders were printed by OpenJDK 17 (HashMap.keySet() after put or computeIfAbsent).
import { describe, expect, it } from 'vitest';
import { javaStringHashCode } from '../../../../sim/group/coordinator-partition.ts';
import { compareJavaStrings, JavaHashOrder, javaHashOrderOfStrings } from '../../../../sim/group/assignors/java-order.ts';

const keys = [...Array.from({ length: 13 }, (_, i) => `k${i}`), 'Aa', 'BB'];

describe('Java orders', () => {
  it('compares strings by UTF-16 code units, as String.compareTo', () => {
    expect(['c2', 'c10', 'B', 'a', 'é', '\u{1F600}', '\uFFFF'].sort(compareJavaStrings)).toEqual(['B', 'a', 'c10', 'c2', 'é', '\u{1F600}', '\uFFFF']);
  });

  it('iterates a HashMap filled with put as Java does, resize and colliding keys included', () => {
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
    expect(javaHashOrderOfStrings(keys)).toEqual(['Aa', 'BB', 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k11', 'k6', 'k10', 'k7', 'k8', 'k12', 'k9']);
    expect(javaHashOrderOfStrings(['consumer1', 'consumer2', 'consumer3', 'consumer4'])).toEqual(['consumer4', 'consumer3', 'consumer2', 'consumer1']);
  });

  it('iterates a HashMap filled with computeIfAbsent as Java does (new keys at the head of their bin, resize one call later)', () => {
    const order = new JavaHashOrder<string>(javaStringHashCode, (s) => s);
    for (const key of keys) order.computeIfAbsent(key);
    expect(order.keys()).toEqual(['BB', 'Aa', 'k0', 'k1', 'k2', 'k3', 'k4', 'k11', 'k5', 'k10', 'k6', 'k7', 'k12', 'k8', 'k9']);
  });

  it('keeps the order of the others when a key is removed, and puts a re-added key last in its bin', () => {
    const order = new JavaHashOrder<string>(javaStringHashCode, (s) => s);
    for (const key of ['Aa', 'BB', 'x']) order.add(key);
    order.remove('Aa');
    expect(order.first()).toBe('BB');
    order.add('Aa');
    expect(order.keys()).toEqual(['BB', 'Aa', 'x']);
  });
});
