import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { normaliseText, type TExtracted } from './document-text';
import { limitMessages, PARSE_LIMITS, ParseLimitError, type TParseLimits } from './parse-limits';

/** Page furniture that is never knowledge; removed before Readability and before the fallback. */
const BOILERPLATE = [
  'head',
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'form',
  'button',
  'nav',
  'header',
  'footer',
  'aside',
  '[role=navigation]',
  '[role=banner]',
  '[role=contentinfo]',
  '[role=search]',
  '[aria-hidden=true]',
  '[hidden]',
].join(',');

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'UL',
]);

type TNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<TNode> };
/** A node to enter, or the end of an element whose children have all been walked. */
type TStep = { node: TNode; isExit: boolean };

const TOO_DEEP = Symbol('too deep');

/**
 * Past this many elements Readability is skipped and the page's whole main
 * text kept: its scoring grows faster than the page (a 2 MB page of 250,000
 * paragraphs took it well over a minute), and pages that large are
 * documentation dumps or listings, not the articles it is tuned for.
 */
const READABILITY_MAX_ELEMENTS = 20_000;
/** Nor past this depth: its cost grows with the cube of it (0.1 s at 100 levels, 2.5 s at 500); real pages nest 10 to 40. */
const READABILITY_MAX_DEPTH = 100;

/**
 * Refuses HTML nested deeper than `maxDepth` before any DOM is built, and
 * gives the deepest nesting seen. htmlparser2 (linkedom's parser) keeps its
 * open elements with `Array#unshift`, so a page of 400,000 nested `<div>`s
 * costs it minutes; counting with that same parser, and stopping at the
 * limit, keeps that stack short and the check linear. The same parser means
 * the same depth linkedom would build, implied closes (`<p>`, `<li>`) included.
 */
function measureDepth(html: string, maxDepth: number): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser(
    {
      onopentagname: () => {
        depth += 1;
        deepest = Math.max(deepest, depth);
        if (depth > maxDepth) throw TOO_DEEP;
      },
      onclosetag: () => {
        depth -= 1;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true },
  );
  try {
    parser.end(html);
  } catch (error) {
    if (error === TOO_DEEP) throw new ParseLimitError(limitMessages.htmlDepth(maxDepth));
    throw error;
  }
  return deepest;
}

/**
 * Readable text from a DOM subtree: headings become Markdown `#` headings
 * (so chunking's heading path works for pages as for Markdown files), list
 * items `- ` lines, table rows one line each, other blocks paragraphs.
 * The walk keeps its own stack rather than recursing: a page's nesting is
 * the uploader's to choose, the call stack's size is not.
 */
function domToText(root: TNode): string {
  const out: string[] = [];
  const inline: string[] = [];
  const flush = () => {
    const line = inline.join('').replace(/\s+/g, ' ').trim();
    inline.length = 0;
    if (line) out.push(line);
  };
  const stack: TStep[] = [{ node: root, isExit: false }];
  while (stack.length) {
    const { node, isExit } = stack.pop()!;
    const name = node.nodeName.toUpperCase();
    if (isExit) {
      if (name === 'LI' || name === 'TR') flush();
      else if (BLOCKS.has(name)) {
        flush();
        out.push('');
      }
      continue;
    }
    if (node.nodeType === 3) {
      inline.push(node.textContent ?? '');
      continue;
    }
    if (node.nodeType !== 1) continue;
    const heading = /^H([1-6])$/.exec(name);
    if (heading) {
      flush();
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text) out.push('', `${'#'.repeat(Number(heading[1]))} ${text}`, '');
      continue;
    }
    if (name === 'BR') {
      flush();
      continue;
    }
    if (name === 'LI') {
      flush();
      inline.push('- ');
    } else if (name === 'TR') {
      flush();
    } else if (name === 'TD' || name === 'TH') {
      inline.push(' ');
    } else if (BLOCKS.has(name)) {
      flush();
      out.push('');
    }
    // Children in reverse, so the first is popped first; the element's exit waits beneath them.
    stack.push({ node, isExit: true });
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push({ node: node.childNodes[i]!, isExit: false });
  }
  flush();
  return normaliseText(out.join('\n'));
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The readable text of an HTML page and its `<title>`.
 *
 * Readability (Firefox's reader view, run here on linkedom — a light DOM
 * without jsdom's weight) finds the main content and drops what tags alone
 * cannot tell apart: sidebars, share bars, cookie banners, related links.
 * It is tuned for articles, though: on a help-centre or pricing page with
 * several sections it sometimes keeps just one. So when its result holds
 * much less than the page's main text (boilerplate elements removed), the
 * whole main text is used instead.
 */
export function htmlToText(html: string, limits: Pick<TParseLimits, 'maxHtmlDepth'> = PARSE_LIMITS): TExtracted {
  // linkedom builds no <html>/<body> around a bare fragment (servers do send those); give it one.
  const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`;
  const depth = measureDepth(page, limits.maxHtmlDepth);
  const { document } = parseHTML(page);
  const title = (document.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim() || null;
  for (const element of Array.from(document.querySelectorAll(BOILERPLATE))) element.remove();

  const main = document.querySelector('main, [role=main]') ?? document.body ?? document.documentElement;
  const fallback = main ? domToText(main as unknown as TNode) : '';

  const h1 = main?.querySelector('h1')?.textContent ?? null;
  let readable = '';
  try {
    if (depth > READABILITY_MAX_DEPTH || document.querySelectorAll('*').length > READABILITY_MAX_ELEMENTS)
      throw new Error('too large for Readability');
    // Readability mutates the document it is given, so it gets its own copy.
    const copy = parseHTML(document.toString()).document;
    const article = new Readability(copy as unknown as Document, { keepClasses: false }).parse();
    if (article?.content) {
      const body = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
      readable = domToText(body as unknown as TNode);
      // Readability lifts the page's main heading out as the title; put it back on top so every
      // chunk's heading path starts with what the page is about ("Opening hours › Winter"). The
      // page's own <h1> is preferred: Readability's title is often the <title>, site name and all.
      const heading = (h1 ?? article.title ?? '').replace(/\s+/g, ' ').trim();
      if (heading && readable && !readable.startsWith('# ')) {
        // Sometimes it keeps the <h1>, demoted to <h2>: then that line is the one promoted back.
        const first = /^#{1,6} (.*)\n*/.exec(readable);
        const rest = first && first[1] === heading ? readable.slice(first[0].length) : readable;
        readable = `# ${heading}\n\n${rest}`;
      }
    }
  } catch {
    // Readability gives up on some odd documents (and is not run on huge ones); the fallback text is still good.
  }
  const text = wordCount(readable) >= wordCount(fallback) * 0.6 ? readable : fallback;
  return { text, title };
}
