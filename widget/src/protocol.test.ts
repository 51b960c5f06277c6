import { describe, expect, it } from 'vitest';
import { envelope, isFromPeer, parseToFrame, parseToLoader, ZToLoader } from './protocol';
import { parseToLoaderByHand } from './protocol-core';

const message = { id: 'm1', role: 'bot', content: 'Hi', authorName: null, createdAt: '2026-01-01T00:00:00.000Z' };

/** Good and bad frame → loader messages; the loader's hand check must agree with the zod schema on each. */
const toLoaderSamples: unknown[] = [
  { parley: 1, type: 'ready' },
  { parley: 1, type: 'open' },
  { parley: 1, type: 'close' },
  { parley: 1, type: 'forgotten' },
  { parley: 1, type: 'unread', count: 3 },
  { parley: 1, type: 'message', message },
  { parley: 1, type: 'message', message: { ...message, authorName: 'Ana', role: 'operator' } },
  { parley: 1, type: 'visitor', token: 'v1.eyJhIjoxfQ.abc_-' },
  { parley: 1, type: 'visitor', token: '' },
  { parley: 1, type: 'visitor', token: null },
  { parley: 1, type: 'visitor', token: 'v1.a b' },
  { parley: 1, type: 'visitor', token: 'v'.repeat(201) },
  { parley: 1, type: 'visitor' },
  { parley: 1, type: 'unread', count: '3' },
  { parley: 1, type: 'unread' },
  { parley: 2, type: 'ready' },
  { type: 'ready' },
  { parley: '1', type: 'ready' },
  { parley: 1, type: 'explode' },
  { parley: 1, type: 'message', message: { ...message, role: 'admin' } },
  { parley: 1, type: 'message', message: { ...message, content: 5 } },
  { parley: 1, type: 'message', message: { ...message, authorName: undefined } },
  { parley: 1, type: 'message', message: null },
  { parley: 1, type: 'message' },
  null,
  'ready',
  42,
  [],
  { parley: 1 },
];

describe('the postMessage protocol', () => {
  it('accepts the messages the frame sends to the loader and nothing else', () => {
    expect(parseToLoader(envelope({ type: 'unread', count: 2 }))).toEqual({ parley: 1, type: 'unread', count: 2 });
    expect(parseToLoader({ type: 'unread', count: 2 })).toBeNull();
    expect(parseToLoader({ parley: 1, type: 'message', message: { ...message, role: 'root' } })).toBeNull();
  });

  it("keeps the loader's hand-written check equal to the zod schema", () => {
    for (const sample of toLoaderSamples) {
      const zod = ZToLoader.safeParse(sample);
      expect(parseToLoaderByHand(sample), JSON.stringify(sample)).toEqual(zod.success ? zod.data : null);
    }
  });

  it('drops unknown keys on a checked message (nothing extra travels on)', () => {
    const parsed = parseToLoaderByHand({ parley: 1, type: 'message', message: { ...message, html: '<b>' }, x: 1 });
    expect(parsed).toEqual({ parley: 1, type: 'message', message });
  });

  it('accepts the loader → frame commands with primitive data only', () => {
    expect(parseToFrame({ parley: 1, type: 'open' })).toEqual({ parley: 1, type: 'open' });
    expect(
      parseToFrame({ parley: 1, type: 'identify', data: { name: 'Ana', plan: 'pro', seats: 3, vip: true } }),
    ).not.toBeNull();
    expect(
      parseToFrame({ parley: 1, type: 'setContext', context: { page: '/pricing', product: null } }),
    ).not.toBeNull();
    expect(parseToFrame({ parley: 1, type: 'setContext', context: { page: { nested: 1 } } })).toBeNull();
    expect(parseToFrame({ parley: 1, type: 'identify', data: 'Ana' })).toBeNull();
    expect(
      parseToFrame({ parley: 1, type: 'style', style: { primaryColor: '#112233', position: 'bottom-left' } }),
    ).not.toBeNull();
    expect(parseToFrame({ parley: 1, type: 'style', style: { position: 'top' } })).toBeNull();
    expect(parseToFrame({ type: 'open' })).toBeNull();
    expect(parseToFrame({ parley: 1, type: 'eval', code: 'alert(1)' })).toBeNull();
  });

  it('accepts a message only from the expected origin and window', () => {
    const frame = {};
    expect(
      isFromPeer(
        { origin: 'https://parley.test', source: frame as Window },
        { origin: 'https://parley.test', source: frame },
      ),
    ).toBe(true);
    expect(
      isFromPeer(
        { origin: 'https://evil.test', source: frame as Window },
        { origin: 'https://parley.test', source: frame },
      ),
    ).toBe(false);
    expect(
      isFromPeer(
        { origin: 'https://parley.test', source: {} as Window },
        { origin: 'https://parley.test', source: frame },
      ),
    ).toBe(false);
    expect(
      isFromPeer({ origin: 'https://parley.test.evil.test', source: null }, { origin: 'https://parley.test' }),
    ).toBe(false);
  });
});
