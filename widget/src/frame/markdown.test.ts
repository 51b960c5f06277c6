import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

/** Renders into a DOM the way the frame does and reports what would run. */
const dom = (html: string) => {
  const { document } = parseHTML(`<!doctype html><html><body><div id="m">${html}</div></body></html>`);
  const root = document.getElementById('m')!;
  const all = [...root.querySelectorAll('*')];
  return {
    root,
    scripts: root.querySelectorAll('script').length,
    handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
    urls: all.flatMap((el) => ['href', 'src', 'action', 'formaction'].map((n) => el.getAttribute(n)).filter(Boolean)),
    tags: all.map((el) => el.tagName.toLowerCase()),
  };
};

const attacks = [
  '<script>window.pwned = 1</script>',
  '<img src=x onerror="window.pwned=1">',
  'Hello <b onclick="alert(1)">there</b>',
  '<iframe src="https://evil.test"></iframe>',
  '<svg onload=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '![x](javascript:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<style>body{display:none}</style>',
  '```html\n<script>alert(1)</script>\n```',
  '[ref]: javascript:alert(1)\n\n[ref]',
  '<form action="https://evil.test"><button>go</button></form>',
];

describe('message Markdown', () => {
  it('renders the usual Markdown', () => {
    const html = renderMarkdown('**Bold**, _em_, `code`\n\n- one\n- two\n\n[docs](https://example.com/a?b=1)');
    const { tags, root } = dom(html);
    expect(tags).toEqual(expect.arrayContaining(['strong', 'em', 'code', 'ul', 'li', 'a']));
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/a?b=1');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it.each(attacks)('shows %j as text and runs nothing', (attack) => {
    const result = dom(renderMarkdown(attack));
    expect(result.scripts).toBe(0);
    expect(result.handlers).toEqual([]);
    const raw = ['script', 'iframe', 'svg', 'style', 'form', 'button', 'b'];
    expect(result.tags.filter((tag) => raw.includes(tag))).toEqual([]);
    for (const url of result.urls) expect(url).not.toMatch(/^\s*(javascript|data|vbscript):/i);
  });

  it('keeps escaped HTML visible as text', () => {
    const { root } = dom(renderMarkdown('<script>alert("x")</script> & <b>hi</b>'));
    expect(root.textContent).toContain('<script>alert("x")</script>');
    expect(root.textContent).toContain('<b>hi</b>');
  });

  it('turns known citation markers into anchors to the source list, and leaves others alone', () => {
    const html = renderMarkdown('Ships in 3 days [S1, S2]. Not a source [S9]. Plain [x].', {
      messageId: 'msg-1',
      refs: ['S1', 'S2'],
    });
    const { root } = dom(html);
    const refs = [...root.querySelectorAll('a.ref')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(refs).toEqual([
      ['S1', '#c-msg-1-S1'],
      ['S2', '#c-msg-1-S2'],
    ]);
    expect(root.textContent).toContain('[S9]');
    expect(root.textContent).toContain('[x]');
  });

  it('does not let a message id smuggle markup into an anchor', () => {
    const html = renderMarkdown('See [S1]', { messageId: '"><script>x</script>', refs: ['S1'] });
    expect(dom(html).scripts).toBe(0);
    expect(html).not.toContain('<script>');
  });
});
