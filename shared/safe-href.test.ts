import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-href';

describe('safeHref', () => {
  it.each([
    ['https://shop.example.com/pricing?a=1#b', 'https://shop.example.com/pricing?a=1#b'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://Example.COM/x', 'https://example.com/x'],
  ])('keeps the web address %j', (value, expected) => {
    expect(safeHref(value)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'mailto:a@example.com',
    '/app/settings',
    '//evil.example/',
    'not a url',
    '',
    null,
    undefined,
  ])('refuses %j', (value) => {
    expect(safeHref(value)).toBeUndefined();
  });
});
