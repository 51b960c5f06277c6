import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect-to';

describe('safeRedirect', () => {
  it.each([
    ['/app', '/app'],
    ['/app/chatbots?tab=faq#top', '/app/chatbots?tab=faq#top'],
    ['/invitations/abc', '/invitations/abc'],
    // Encoded slashes and backslashes stay inside the path: the browser does not decode them into a host.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    // Control characters are dropped the way a browser drops them, and what remains is a local path.
    ['/app\t/x', '/app/x'],
  ])('keeps the same-site path %j', (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  it.each([
    ['a protocol-relative URL', '//evil.example'],
    ['a tab between the slashes', '/\t/evil.example'],
    ['a carriage return between the slashes', '/\r/evil.example'],
    ['a line feed between the slashes', '/\n/evil.example'],
    ['CR LF between the slashes', '/\r\n/evil.example'],
    ['a backslash', '/\\evil.example'],
    ['two backslashes', '/\\\\evil.example'],
    ['a backslash then a slash', '/\\/evil.example'],
    ['a slash then a tab then a backslash', '/\t\\evil.example'],
    ['a dot segment before two slashes', '/.//evil.example'],
    ['dot segments climbing to two slashes', '/a/..//evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a scheme with leading slash trickery', '/\\https://evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with a tab', 'java\tscript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['an empty string', ''],
    ['a relative name', 'evil.example'],
  ])('refuses %s', (_name, to) => {
    expect(safeRedirect(to)).toBe('/app');
  });

  it('refuses what is not a string and uses the fallback given', () => {
    expect(safeRedirect(null)).toBe('/app');
    expect(safeRedirect(undefined, '/')).toBe('/');
    expect(safeRedirect(new File([], 'x'))).toBe('/app');
    expect(safeRedirect('//evil.example', '/')).toBe('/');
  });

  it('never returns a value with a line break (Node refuses such a header with a 500)', () => {
    expect(safeRedirect('/app\r\nSet-Cookie: a=b')).toBe('/appSet-Cookie:%20a=b');
  });
});
