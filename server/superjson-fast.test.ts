import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from './superjson-fast';

// A new Date at every use: superjson notes one object met twice, which this module leaves out (tested below).
const at = () => new Date('2026-12-02T10:00:00.000Z');

describe('superjson-fast', () => {
  const plain = {
    'a string': 'text',
    'numbers and flags': { n: 1.5, zero: 0, yes: true, no: false, none: null },
    'a message': {
      id: 'm1',
      createdAt: at(),
      citations: [{ ref: 'S1', at: at() }, { ref: 'S2' }],
      nested: { deeper: { when: at(), list: [at(), 'x', [at()]] } },
    },
    'keys with dots and backslashes': { 'a.b': at(), 'c\\d': { 'e.f\\g': at() } },
    'undefined in objects and arrays': { gone: undefined, list: [1, undefined, 3] },
    'a Date at the root': at(),
    'an array at the root': [at(), { at: at() }],
    'an empty object': {},
    'null prototype': Object.assign(Object.create(null), { at: at() }),
  };
  for (const [name, value] of Object.entries(plain)) {
    it(`writes what superjson writes: ${name}`, () => {
      expect(serialize(value)).toEqual(superjson.serialize(value));
      expect(superjson.deserialize(JSON.parse(JSON.stringify(serialize(value))))).toEqual(value);
    });
  }

  const others = {
    'a Map': { m: new Map([['k', at()]]) },
    'a Set': new Set([1, 2]),
    'a BigInt': { b: 10n },
    'NaN, Infinity and -0': [Number.NaN, Number.POSITIVE_INFINITY, -0],
    'an invalid Date': { d: new Date('nope') },
    'a class instance': { u: new URL('https://example.com/') },
  };
  for (const [name, value] of Object.entries(others)) {
    it(`leaves the rest to superjson: ${name}`, () => {
      expect(serialize(value)).toEqual(superjson.serialize(value));
    });
  }

  it('copies an object met twice twice, equal', () => {
    const shared = { at: at() };
    const value = { a: shared, b: shared };
    expect(superjson.deserialize(JSON.parse(JSON.stringify(serialize(value))))).toEqual(value);
  });

  it('hands cycles and deep nesting to superjson', () => {
    const cycle: Record<string, unknown> = { at: at() };
    cycle.self = cycle;
    expect(serialize(cycle)).toEqual(superjson.serialize(cycle));
    let deep: Record<string, unknown> = { at: at() };
    for (let i = 0; i < 100; i++) deep = { deep };
    expect(serialize(deep)).toEqual(superjson.serialize(deep));
  });

  it('refuses a prototype-polluting key as superjson does', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(() => serialize(value)).toThrow(/prototype pollution/);
  });

  it('reads back in place, and returns a payload without annotations as it is', () => {
    const json = { a: 1, list: [2] };
    expect(deserialize({ json })).toBe(json);
    const payload = JSON.parse(JSON.stringify(serialize({ at: at(), list: [at()] }))) as Parameters<
      typeof deserialize
    >[0];
    expect(deserialize(payload)).toEqual({ at: at(), list: [at()] });
    expect((payload.json as { at: unknown }).at).toEqual(at());
  });
});
