import ReactMarkdown, { type Components } from 'react-markdown';

/**
 * `[S1]` and `[S1, S2]` citation markers become links to `#<prefix>S1` (the
 * element showing that source), drawn as small chips.
 */
const withCitationLinks = (text: string, prefix: string) =>
  text.replace(/\[(S\d+(?:\s*,\s*S\d+)*)\]/g, (_, refs: string) =>
    refs
      .split(',')
      .map((ref) => `[${ref.trim()}](#${prefix}${ref.trim()})`)
      .join(''),
  );

const components: Components = {
  a: ({ href, children }) => {
    if (href?.startsWith('#') && /S\d+$/.test(href))
      return (
        <a
          href={href}
          className="mx-0.5 inline-flex items-center rounded bg-brand-100 px-1 align-baseline text-[0.7rem] font-semibold text-brand-800 no-underline hover:bg-brand-200 dark:bg-brand-900 dark:text-brand-100"
        >
          {children}
        </a>
      );
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="underline">
        {children}
      </a>
    );
  },
  p: ({ children }) => <p className="mb-2 last:mb-0">{children}</p>,
  ul: ({ children }) => <ul className="mb-2 list-disc pl-5 last:mb-0">{children}</ul>,
  ol: ({ children }) => <ol className="mb-2 list-decimal pl-5 last:mb-0">{children}</ol>,
  blockquote: ({ children }) => (
    <blockquote className="mb-2 border-l-2 border-slate-300 pl-3 text-slate-700 last:mb-0 dark:border-slate-600 dark:text-slate-300">
      {children}
    </blockquote>
  ),
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 text-[0.9em] dark:bg-slate-800">{children}</code>,
};

/**
 * Answers and messages are Markdown written by a model or a visitor: shown
 * only through react-markdown, which builds React elements (never
 * innerHTML), drops raw HTML, and strips `javascript:` and other unsafe
 * link targets. Images are not rendered at all (a tracking pixel in an
 * answer would report who read it).
 */
export function Markdown({ children, citationPrefix = 'cite-' }: { children: string; citationPrefix?: string }) {
  return (
    <ReactMarkdown components={components} skipHtml disallowedElements={['img']} unwrapDisallowed>
      {withCitationLinks(children, citationPrefix)}
    </ReactMarkdown>
  );
}
