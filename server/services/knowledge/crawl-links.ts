import { Parser } from 'htmlparser2';
import type { TCrawlSettings } from '../../../db/schema';
import { decodeText } from './document-text';

/** Links read from one page at most: a page of a million links is not a site map worth following. */
const MAX_LINKS_PER_PAGE = 2000;

/** A page's outgoing links and its declared canonical address, read with a streaming HTML parser (no DOM). */
export function readLinks(body: Uint8Array, charset: string | null, pageUrl: string) {
  const links = new Set<string>();
  let canonical: string | null = null;
  const resolve = (href: string) => {
    try {
      const url = new URL(href.trim(), pageUrl);
      url.hash = '';
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
    } catch {
      return null;
    }
  };
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'a' && attributes.href && links.size < MAX_LINKS_PER_PAGE) {
        if (/\bnofollow\b/i.test(attributes.rel ?? '')) return;
        const url = resolve(attributes.href);
        if (url) links.add(url);
      }
      if (name === 'link' && /\bcanonical\b/i.test(attributes.rel ?? '') && attributes.href && !canonical)
        canonical = resolve(attributes.href);
    },
  });
  parser.write(decodeText(body, charset));
  parser.end();
  return { links: [...links], canonical: canonical as string | null };
}

/** "/docs/*" → matches "/docs/a" and "/docs/a/b"; a pattern without "*" matches a path prefix. */
const patternMatches = (pattern: string, path: string) => {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}${pattern.includes('*') ? '$' : ''}`).test(path);
};

/**
 * Whether a crawl may visit an address: same origin as the start, under the
 * path prefix, matching an include pattern when there are any, and no
 * exclude pattern. Patterns match the path and query ("/blog/*", "*?page=*").
 */
export function isInScope(url: string, start: string, settings: TCrawlSettings) {
  const target = new URL(url);
  if (target.origin !== new URL(start).origin) return false;
  const path = `${target.pathname}${target.search}`;
  if (!target.pathname.startsWith(settings.pathPrefix || '/')) return false;
  if (settings.include.length && !settings.include.some((pattern) => patternMatches(pattern, path))) return false;
  return !settings.exclude.some((pattern) => patternMatches(pattern, path));
}
