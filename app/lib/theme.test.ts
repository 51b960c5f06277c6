import { describe, expect, it } from 'vitest';
import { serializeThemeCookie } from './theme';
import { getTheme } from './theme.server';

const withCookie = (cookie: string) => new Request('https://parley.test/', { headers: { cookie } });

describe('the theme cookie', () => {
  it('reads the saved theme among other cookies, and system when it is missing or tampered with', () => {
    expect(getTheme(withCookie('a=1; parley-theme=dark; b=2'))).toBe('dark');
    expect(getTheme(withCookie('a=1'))).toBe('system');
    expect(getTheme(withCookie('parley-theme=%3Cscript%3E'))).toBe('system');
    expect(getTheme(new Request('https://parley.test/'))).toBe('system');
  });

  it('is written for a year on every path, Secure only over https', () => {
    const secure = serializeThemeCookie('light', { isSecure: true });
    expect(secure.split('; ').sort()).toEqual([
      'Max-Age=31536000',
      'Path=/',
      'SameSite=Lax',
      'Secure',
      'parley-theme=light',
    ]);
    expect(serializeThemeCookie('light', { isSecure: false })).not.toMatch(/Secure/);
  });
});
