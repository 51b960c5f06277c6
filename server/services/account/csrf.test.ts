import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../env';
import { isCrossSiteRequest } from './csrf';

const env = parseEnv({ APP_URL: 'https://parley.example.com' });
const check = (headers: Record<string, string>) => isCrossSiteRequest(env, new Headers(headers));

describe('isCrossSiteRequest', () => {
  it('refuses what the browser marks cross-site', () => {
    expect(check({ host: 'parley.example.com', 'sec-fetch-site': 'cross-site' })).toBe(true);
  });

  it('refuses an Origin that is neither the Host nor APP_URL', () => {
    expect(check({ host: 'parley.example.com', origin: 'https://evil.example' })).toBe(true);
    expect(check({ host: 'parley.example.com', origin: 'null' })).toBe(true);
    expect(check({ host: 'parley.example.com', origin: 'https://parley.example.com.evil.example' })).toBe(true);
  });

  it('lets same-origin and same-site requests through, and clients that send neither header', () => {
    expect(
      check({ host: 'parley.example.com', origin: 'https://parley.example.com', 'sec-fetch-site': 'same-origin' }),
    ).toBe(false);
    expect(check({ host: 'internal:3000', origin: 'https://parley.example.com' })).toBe(false);
    expect(check({ host: 'localhost:3000', origin: 'http://localhost:3000' })).toBe(false);
    expect(check({ host: 'parley.example.com', 'sec-fetch-site': 'none' })).toBe(false);
    expect(check({ host: 'parley.example.com' })).toBe(false);
  });

  it('exempts API-key requests (no ambient credential to abuse)', () => {
    expect(check({ origin: 'https://evil.example', authorization: 'Bearer pk_123' })).toBe(false);
  });
});
