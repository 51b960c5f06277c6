import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../env';
import {
  clearedSessionCookie,
  readCookie,
  readSessionToken,
  serializeCookie,
  sessionCookie,
  sessionCookieName,
} from './cookies';

const inAnHour = () => new Date(Date.now() + 3600_000);

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ with a Max-Age matching the expiry, not Secure in development', () => {
    const env = parseEnv({ NODE_ENV: 'development' });
    const header = sessionCookie(env, 'abc.def', inAnHour());
    expect(header).toMatch(/^parley_session=abc\.def; /);
    expect(header).toContain('; HttpOnly');
    expect(header).toContain('; SameSite=Lax');
    expect(header).toContain('; Path=/');
    expect(Number(/Max-Age=(\d+)/.exec(header)![1])).toBeGreaterThanOrEqual(3599);
    expect(header).not.toContain('Secure');
  });

  it('uses __Host- and Secure in production (https, or no APP_URL, or plain http on localhost)', () => {
    for (const APP_URL of [undefined, 'https://parley.example.com', 'http://localhost:3000', 'http://127.0.0.1:3000']) {
      const env = parseEnv({ NODE_ENV: 'production', ...(APP_URL ? { APP_URL } : {}) });
      const header = sessionCookie(env, 'abc.def', inAnHour());
      expect(header).toMatch(/^__Host-parley_session=abc\.def; /);
      expect(header).toContain('; Secure');
      // __Host- requires Path=/ and no Domain.
      expect(header).toContain('; Path=/');
      expect(header).not.toContain('Domain');
    }
  });

  it('drops __Host-/Secure in production only when APP_URL is plain http on a non-local host', () => {
    const env = parseEnv({ NODE_ENV: 'production', APP_URL: 'http://192.168.1.20:3000' });
    expect(sessionCookie(env, 'abc.def', inAnHour())).toMatch(/^parley_session=abc\.def; /);
    expect(sessionCookie(env, 'abc.def', inAnHour())).not.toContain('Secure');
  });

  it('is cleared with an empty value and Max-Age=0', () => {
    const env = parseEnv({ NODE_ENV: 'production' });
    expect(clearedSessionCookie(env)).toMatch(
      /^__Host-parley_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax; Secure$/,
    );
  });

  it('is read only under its own name and shape', () => {
    const env = parseEnv({ NODE_ENV: 'production' });
    const headers = (cookie: string) => new Headers({ cookie });
    expect(readSessionToken(env, headers(`a=b; ${sessionCookieName(env)}=abc.def; c=d`))).toBe('abc.def');
    expect(readSessionToken(env, headers('parley_session=abc.def'))).toBeNull();
    expect(readSessionToken(env, headers(`${sessionCookieName(env)}=<script>`))).toBeNull();
    expect(readSessionToken(env, new Headers())).toBeNull();
  });
});

describe('any of our cookies', () => {
  const env = parseEnv({ NODE_ENV: 'development' });

  it('has every attribute of the session cookie, under its own name', () => {
    expect(serializeCookie(env, 'oauth', 'abc', 600)).toBe(
      'parley_oauth=abc; Path=/; Max-Age=600; HttpOnly; SameSite=Lax',
    );
  });

  it('encodes a value that would otherwise end the cookie early or add an attribute', () => {
    expect(serializeCookie(env, 'oauth', 'a; Domain=evil.example', 600)).toMatch(
      /^parley_oauth=a%3B%20Domain%3Devil\.example; Path=\/;/,
    );
  });

  it('is read from the first pair under its name, whatever surrounds it', () => {
    const headers = new Headers({ cookie: ' a=b ;parley_oauth=first; parley_oauth=second;c' });
    expect(readCookie(env, headers, 'oauth', /^\w+$/)).toBe('first');
    expect(readCookie(env, new Headers({ cookie: 'xparley_oauth=x' }), 'oauth', /^\w+$/)).toBeNull();
  });
});
