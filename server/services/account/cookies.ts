import { parseCookie, stringifySetCookie } from 'cookie';
import type { TEnv } from '../../env';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `__Host-` + Secure in production, unless APP_URL says the install is served
 * over plain http on a non-local host (browsers would drop a Secure cookie
 * there and nobody could log in). Plain http on localhost/127.0.0.1 keeps
 * them: Chromium counts those origins as secure and keeps Secure cookies —
 * checked in headless Chromium 150 on http://127.0.0.1 and http://localhost.
 */
export const isSecureCookie = (env: TEnv) => {
  if (env.NODE_ENV !== 'production') return false;
  if (!env.APP_URL) return true;
  const url = new URL(env.APP_URL);
  return url.protocol === 'https:' || LOCAL_HOSTS.has(url.hostname);
};

/** `parley_<name>`, with the `__Host-` prefix whenever the cookie is Secure. */
export const cookieName = (env: TEnv, name: string) =>
  isSecureCookie(env) ? `__Host-parley_${name}` : `parley_${name}`;

export const sessionCookieName = (env: TEnv) => cookieName(env, 'session');

/** One of our cookies: host-only, whole site, HttpOnly, SameSite=Lax, Secure when the install allows. */
export const serializeCookie = (env: TEnv, name: string, value: string, maxAgeSeconds: number) =>
  [
    // The library rejects a name or value a browser would misread; the attributes are
    // fixed, and written in the order Parley has always sent them.
    stringifySetCookie(cookieName(env, name), value),
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(isSecureCookie(env) ? ['Secure'] : []),
  ].join('; ');

const serialize = (env: TEnv, value: string, maxAgeSeconds: number) =>
  serializeCookie(env, 'session', value, maxAgeSeconds);

/** The value of our cookie `name` from a Cookie header, when it has the shape `pattern` expects; else null. */
export const readCookie = (env: TEnv, headers: Headers, name: string, pattern: RegExp) => {
  const header = headers.get('cookie');
  if (!header) return null;
  // Values as sent, undecoded: every value Parley sets is already cookie-safe.
  const value = parseCookie(header, { decode: (raw) => raw })[cookieName(env, name)];
  return value !== undefined && pattern.test(value) ? value : null;
};

export const sessionCookie = (env: TEnv, token: string, expiresAt: Date) =>
  serialize(env, token, Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000)));

export const clearedSessionCookie = (env: TEnv) => serialize(env, '', 0);

/** The session token from a Cookie header, or null. Only our own cookie name counts. */
// Tokens are base32 `id.secret`; anything else is not ours and is ignored.
export const readSessionToken = (env: TEnv, headers: Headers) =>
  readCookie(env, headers, 'session', /^[a-z2-7]{1,64}\.[a-z2-7]{1,128}$/);
