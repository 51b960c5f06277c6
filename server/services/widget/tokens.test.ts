import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origins';
import { PREVIEW_TTL_MS, signPreviewToken, signVisitorToken, verifyPreviewToken, verifyVisitorToken } from './tokens';

const key = randomBytes(32);
const visitorId = randomUUID();
const chatbotId = randomUUID();

describe('visitor tokens', () => {
  it('round-trip their claims and are stable for the same claims', () => {
    const token = signVisitorToken(key, { visitorId, chatbotId, previewUntil: null });
    expect(verifyVisitorToken(key, token)).toEqual({ visitorId, chatbotId, previewUntil: null });
    expect(signVisitorToken(key, { visitorId, chatbotId, previewUntil: null })).toBe(token);
    const until = new Date('2030-01-01T00:00:00Z');
    expect(
      verifyVisitorToken(key, signVisitorToken(key, { visitorId, chatbotId, previewUntil: until }))?.previewUntil,
    ).toEqual(until);
  });

  it('refuse another key, any changed byte, and a preview token', () => {
    const token = signVisitorToken(key, { visitorId, chatbotId, previewUntil: null });
    expect(verifyVisitorToken(randomBytes(32), token)).toBeNull();
    for (let i = 3; i < token.length; i += 7) {
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(verifyVisitorToken(key, changed)).toBeNull();
    }
    const preview = signPreviewToken(key, { chatbotId }).token;
    expect(verifyVisitorToken(key, preview)).toBeNull();
    expect(verifyVisitorToken(key, `v1.${preview.split('.').slice(1).join('.')}`)).toBeNull();
  });
});

describe('preview tokens', () => {
  it('grant one chatbot until they expire', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const { token, expiresAt } = signPreviewToken(key, { chatbotId, now });
    expect(expiresAt.getTime() - now.getTime()).toBe(PREVIEW_TTL_MS);
    expect(verifyPreviewToken(key, token, { chatbotId, now })).toEqual({ expiresAt });
    expect(verifyPreviewToken(key, token, { chatbotId: randomUUID(), now })).toBeNull();
    expect(verifyPreviewToken(key, token, { chatbotId, now: new Date(expiresAt.getTime() + 1000) })).toBeNull();
  });
});

describe('allowed origins', () => {
  it('match exactly, or any subdomain for a wildcard (not the apex, not another scheme or port)', () => {
    const allowed = ['https://shop.example', 'https://*.acme.test', 'http://localhost:5173'];
    expect(isOriginAllowed(allowed, 'https://shop.example')).toBe(true);
    expect(isOriginAllowed(allowed, 'https://www.acme.test')).toBe(true);
    expect(isOriginAllowed(allowed, 'https://a.b.acme.test')).toBe(true);
    expect(isOriginAllowed(allowed, 'http://localhost:5173')).toBe(true);
    for (const origin of [
      'https://acme.test',
      'http://www.acme.test',
      'https://www.acme.test:8443',
      'https://evilacme.test',
      'https://shop.example.evil',
      'http://localhost:3000',
      'null',
    ])
      expect([origin, isOriginAllowed(allowed, origin)]).toEqual([origin, false]);
  });
});
