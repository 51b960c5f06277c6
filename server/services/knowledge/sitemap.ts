import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../errors';
import { decodeText } from './extract';
import { fetchPage, parsePublicUrl, type TFetchOptions } from './fetch-page';

/** Pages imported from one sitemap at most: each is fetched and embedded, so a huge site is capped. */
export const MAX_SITEMAP_PAGES = 200;
/** Child sitemaps read from a sitemap index: bounds the time one import can take. */
const MAX_CHILD_SITEMAPS = 20;

export type TSitemapPages = {
  /** Same-site page addresses, in sitemap order, at most `MAX_SITEMAP_PAGES`. */
  pages: string[];
  /** Distinct same-site pages the sitemap lists (more than `pages.length` when capped). */
  found: number;
  /** Pages on other sites, left out. */
  otherSites: number;
  capped: boolean;
};

const parser = new XMLParser({
  ignoreAttributes: true,
  // Sitemaps are namespaced (and some sites prefix the namespace); `loc` is `loc` either way.
  removeNSPrefix: true,
  // A sitemap with one URL would otherwise give an object instead of an array.
  isArray: (name) => name === 'url' || name === 'sitemap',
  parseTagValue: false,
  // XML's own entities must be decoded (`&amp;` is common in sitemap URLs); fast-xml-parser caps how far
  // DTD-declared entities may expand, so an entity bomb is refused rather than expanded.
  processEntities: true,
  htmlEntities: false,
});

type TParsed = { urlset?: { url?: Array<{ loc?: unknown }> }; sitemapindex?: { sitemap?: Array<{ loc?: unknown }> } };

const locs = (entries: Array<{ loc?: unknown }> | undefined) =>
  (entries ?? []).map((entry) => (typeof entry.loc === 'string' ? entry.loc.trim() : '')).filter(Boolean);

/** `www.example.com` and `example.com` are one site; any other host is another. */
const siteOf = (url: URL) => url.hostname.toLowerCase().replace(/^www\./, '');

function parseSitemap(body: Uint8Array, charset: string | null): { pages: string[]; sitemaps: string[] } {
  const text = decodeText(body, charset).replace(/^\uFEFF/, '');
  // Sitemaps may also be plain text files, one address per line.
  if (!text.trimStart().startsWith('<')) {
    const lines = text.split(/\r?\n/).map((line) => line.trim());
    return { pages: lines.filter((line) => /^https?:\/\//i.test(line)), sitemaps: [] };
  }
  let parsed: TParsed;
  try {
    parsed = parser.parse(text) as TParsed;
  } catch {
    throw new AppError('BAD_REQUEST', 'knowledge:errors.sitemap.invalidXml');
  }
  if (parsed.urlset) return { pages: locs(parsed.urlset.url), sitemaps: [] };
  if (parsed.sitemapindex) return { pages: [], sitemaps: locs(parsed.sitemapindex.sitemap) };
  throw new AppError('BAD_REQUEST', 'knowledge:errors.sitemap.notSitemap');
}

/**
 * The pages a sitemap lists: a `<urlset>`, or a `<sitemapindex>` whose
 * sitemaps are read one level deep (an index inside an index is skipped).
 * Only pages on the sitemap's own site are kept — a sitemap must not turn
 * Parley into a crawler of other people's sites — and at most
 * `MAX_SITEMAP_PAGES`, in sitemap order. Every fetch goes through the SSRF
 * guard.
 */
export async function readSitemap(sitemapUrl: string, options: TFetchOptions = {}): Promise<TSitemapPages> {
  const root = await fetchPage(sitemapUrl, options);
  if (root.kind !== 'xml' && root.kind !== 'text')
    throw new AppError('BAD_REQUEST', 'knowledge:errors.sitemap.webPage');
  const site = siteOf(new URL(root.url));
  const first = parseSitemap(root.body, root.charset);

  const seen = new Set<string>();
  let otherSites = 0;
  const add = (raw: string) => {
    let url: URL;
    try {
      url = parsePublicUrl(raw, { allowPrivate: true });
    } catch {
      return;
    }
    if (siteOf(url) !== site) {
      otherSites += 1;
      return;
    }
    seen.add(url.toString());
  };
  first.pages.forEach(add);

  const children = first.sitemaps
    .filter((raw) => {
      try {
        return siteOf(new URL(raw)) === site;
      } catch {
        return false;
      }
    })
    .slice(0, MAX_CHILD_SITEMAPS);
  for (const child of children) {
    // One more than the cap is enough to know it was capped; stop fetching then.
    if (seen.size > MAX_SITEMAP_PAGES) break;
    try {
      const page = await fetchPage(child, options);
      parseSitemap(page.body, page.charset).pages.forEach(add);
    } catch (error) {
      // One broken child sitemap should not lose the pages of the others; without any, it fails below.
      if (!(error instanceof AppError)) throw error;
    }
  }

  const all = [...seen];
  if (!all.length)
    throw new AppError(
      'BAD_REQUEST',
      otherSites
        ? { key: 'knowledge:errors.sitemap.noPagesOnSite', values: { site } }
        : 'knowledge:errors.sitemap.noPages',
    );
  return {
    pages: all.slice(0, MAX_SITEMAP_PAGES),
    found: all.length,
    otherSites,
    capped: all.length > MAX_SITEMAP_PAGES,
  };
}
