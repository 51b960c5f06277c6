import ReactMarkdown, { type Components } from 'react-markdown';
import { safeHref } from '../../shared/safe-href';
import { CITATION_MARKER, refsIn } from '../../shared/citations';

/**
 * `[S1]` and `[S1, S2]` citation markers become links to `#<prefix>S1` (the
 * element showing that source), drawn as small chips.
 */
const withCitationLinks = (text: string, prefix: string) =>
  text.replace(CITATION_MARKER, (_, refs: string) =>
    refsIn(refs)
      .map((ref) => `[${ref}](#${prefix}${ref})`)
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
    const target = safeHref(href);
    if (!target) return <>{children}</>;
    return (
      <a href={target} target="_blank" rel="noopener noreferrer nofollow" className="underline">
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

/** The little of a Markdown (mdast) node that the HTML rewrite below reads and writes. */
type TMdNode = { type: string; value?: string; children?: TMdNode[] };

/** Where a block of HTML stands alone, so its text becomes a paragraph rather than loose text. */
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem']);

/**
 * Raw HTML in a message is something a model, a visitor or a webhook wrote,
 * never markup of ours: it is turned into plain text, so `<script>…` shows as
 * those characters (as in the widget, whose micromark escapes it). Dropping
 * it instead (`skipHtml`) made a reply that starts with an HTML block an
 * empty bubble for operators while visitors saw the text.
 */
const remarkHtmlAsText = () => (tree: TMdNode) => {
  const walk = (node: TMdNode) => {
    node.children = node.children?.map((child) => {
      if (child.type !== 'html') {
        walk(child);
        return child;
      }
      const text = { type: 'text', value: child.value };
      return FLOW_PARENTS.has(node.type) ? { type: 'paragraph', children: [text] } : text;
    });
  };
  walk(tree);
};

/**
 * Answers and messages are Markdown written by a model or a visitor: shown
 * only through react-markdown, which builds React elements (never
 * innerHTML); raw HTML shows as text, and links go only to http(s)
 * addresses (`safeHref`) or to the answer's own citation chips. Images are not rendered at all (a tracking pixel in an
 * answer would report who read it).
 */
export function Markdown({ children, citationPrefix = 'cite-' }: { children: string; citationPrefix?: string }) {
  return (
    <ReactMarkdown
      components={components}
      remarkPlugins={[remarkHtmlAsText]}
      disallowedElements={['img']}
      unwrapDisallowed
    >
      {withCitationLinks(children, citationPrefix)}
    </ReactMarkdown>
  );
}
