import { parseHTML } from 'linkedom';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../widget/src/frame/markdown';
import { Markdown } from './markdown';

/** What a person sees and what would run, for HTML from either renderer. */
const read = (html: string) => {
  const { document } = parseHTML(`<!doctype html><html><body><div id="m">${html}</div></body></html>`);
  const root = document.getElementById('m')!;
  return {
    text: root.textContent ?? '',
    tags: [...root.querySelectorAll('*')].map((element) => element.tagName.toLowerCase()),
    hrefs: [...root.querySelectorAll('a')].map((link) => link.getAttribute('href')),
  };
};

const dashboard = (text: string) => read(renderToStaticMarkup(<Markdown>{text}</Markdown>));
const widget = (text: string) => read(renderMarkdown(text));

describe('Markdown with HTML in it, in the dashboard and the widget alike', () => {
  it.each([
    ['a webhook reply that starts with a script block', '<script>alert("x")</script>\n\nThanks for asking!'],
    ['an HTML block alone', '<div class="note">\nOpen 9–5\n</div>'],
    ['inline HTML in a sentence', 'Hello <b onclick="alert(1)">there</b> & welcome'],
    ['an HTML comment', '<!-- internal note -->\nVisible'],
  ])('shows %s as text, in both, running nothing', (_name, text) => {
    const shown = dashboard(text);
    const inWidget = widget(text);
    // Every character of the message is on screen (the old dashboard showed an empty bubble for the first case).
    for (const fragment of text.split('\n').filter(Boolean)) {
      expect(shown.text, 'dashboard').toContain(fragment);
      expect(inWidget.text, 'widget').toContain(fragment);
    }
    for (const rendered of [shown, inWidget])
      expect(rendered.tags.filter((tag) => ['script', 'div', 'b'].includes(tag))).toEqual([]);
  });

  it('escapes the script text in the dashboard markup', () => {
    const html = renderToStaticMarkup(<Markdown>{'<script>alert(1)</script>'}</Markdown>);
    expect(html).toBe('<p class="mb-2 last:mb-0">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('keeps the usual Markdown and citation chips, and links only to http(s)', () => {
    const shown = dashboard(
      '**Plans** from 9 € [S1]. [Docs](https://docs.example.com/a) · [bad](javascript:alert(1)) · [rel](/app/settings)',
    );
    expect(shown.tags).toEqual(expect.arrayContaining(['strong', 'a']));
    expect(shown.hrefs).toEqual(['#cite-S1', 'https://docs.example.com/a']);
    expect(shown.text).toContain('bad');
    expect(shown.text).toContain('rel');
  });
});
