import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeCrawlPages, knowledgeSources, type TCrawlSettings } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { countingEmbedder } from '../../../tests/helpers/counting-embedder';
import { runCrawl } from './crawl';
import type { IngestDeps } from './ingest';
import { readStoredMessage } from './stored-message';

/** A small site: pages link to each other; robots.txt and redirects are set per test. */
const site = new Map<string, { status?: number; body?: string; location?: string; type?: string }>();
let server: http.Server;
let base: string;
let h: TTestApp;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const page = site.get(request.url ?? '/');
    if (!page) return void response.writeHead(404).end();
    if (page.location) return void response.writeHead(302, { location: page.location }).end();
    response.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html' }).end(page.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await createTestApp();
});
afterAll(async () => {
  await h.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => site.clear());

const html = (title: string, text: string, links: string[] = [], head = '') => ({
  body: `<html><head><title>${title}</title>${head}</head><body><main><h1>${title}</h1><p>${text}</p>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</main></body></html>`,
});

const settings = (overrides: Partial<TCrawlSettings> = {}): TCrawlSettings => ({
  pathPrefix: '/',
  include: [],
  exclude: [],
  maxPages: 50,
  maxDepth: 5,
  ...overrides,
});

const deps = (embedder = countingEmbedder().embedder): IngestDeps => ({
  db: h.db,
  bus: h.bus,
  embedder,
  fetch: { exemptAddresses: ['127.0.0.1'] },
});

const newCrawl = async (overrides: Partial<TCrawlSettings> = {}, start = '/') => {
  const chatbot = await createTestChatbot(h.db);
  const [crawl] = await h.db
    .insert(knowledgeSources)
    .values({
      workspaceId: chatbot.workspaceId,
      chatbotId: chatbot.id,
      kind: 'crawl',
      title: 'Site',
      url: `${base}${start}`,
      crawlSettings: settings(overrides),
    })
    .returning();
  return crawl!;
};
const pagesOf = async (crawlId: string) =>
  (await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.parentId, crawlId)))
    .map((row) => row.url!.slice(base.length))
    .sort();
const reload = async (id: string) =>
  (await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, id)))[0]!;

const text = (topic: string) => `${topic} is described on this page with enough words to be indexed properly.`;

describe('runCrawl', () => {
  it('follows same-origin links, honours robots.txt, drops duplicates and canonical twins, and stays in scope', async () => {
    site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /private/' });
    site.set(
      '/',
      html('Home', text('Home'), ['/a', '/b', '/private/x', 'https://elsewhere.example/', '/a?ref=nav', '/copy']),
    );
    site.set('/a', html('A', text('Returns'), ['/']));
    site.set('/a?ref=nav', html('A', text('Returns'), [], `<link rel="canonical" href="${base}/a">`));
    site.set('/b', html('B', text('Shipping')));
    site.set('/copy', html('B', text('Shipping')));
    site.set('/private/x', html('Secret', text('Secret')));
    const crawl = await newCrawl();
    await runCrawl(deps(), crawl, { isSync: false });
    expect(await pagesOf(crawl.id)).toEqual(['/', '/a', '/b']);
    const frontier = await h.db.select().from(knowledgeCrawlPages).where(eq(knowledgeCrawlPages.sourceId, crawl.id));
    const note = (path: string) => frontier.find((row) => row.url === `${base}${path}`)?.note ?? '';
    expect(note('/private/x')).toContain('robots.txt');
    expect(note('/copy')).toContain('Same text as');
    expect(note('/a?ref=nav')).toContain('Same page as');
    expect(frontier.some((row) => row.url.startsWith('https://elsewhere.example'))).toBe(false);
    expect(readStoredMessage('en', (await reload(crawl.id)).content)).toMatch(
      /^Crawled \d+ pages; 3 with text imported/,
    );
  });

  it('keeps to the page and depth limits, the path prefix and the exclude patterns', async () => {
    site.set('/help/', html('Help', text('Help'), ['/help/1', '/help/2', '/help/skip/3', '/blog/']));
    site.set('/help/1', html('One', text('One'), ['/help/deep']));
    site.set('/help/2', html('Two', text('Two')));
    site.set('/help/deep', html('Deep', text('Deep')));
    site.set('/help/skip/3', html('Skip', text('Skip')));
    site.set('/blog/', html('Blog', text('Blog')));
    const limited = await newCrawl({ pathPrefix: '/help/', exclude: ['/help/skip/*'], maxDepth: 1 }, '/help/');
    await runCrawl(deps(), limited, { isSync: false });
    expect(await pagesOf(limited.id)).toEqual(['/help/', '/help/1', '/help/2']);
    const capped = await newCrawl({ pathPrefix: '/help/', maxPages: 2 }, '/help/');
    await runCrawl(deps(), capped, { isSync: false });
    expect((await pagesOf(capped.id)).length).toBe(2);
  });

  it('re-crawls without duplicates or embeddings when nothing changed, and removes a page that is gone', async () => {
    site.set('/', html('Home', text('Home'), ['/a', '/b']));
    site.set('/a', html('A', text('Returns')));
    site.set('/b', html('B', text('Shipping')));
    const crawl = await newCrawl();
    await runCrawl(deps(), crawl, { isSync: false });
    const count = countingEmbedder();
    site.delete('/b');
    await runCrawl(deps(count.embedder), await reload(crawl.id), { isSync: true });
    expect(await pagesOf(crawl.id)).toEqual(['/', '/a']);
    expect(count.texts()).toBe(0);
  });

  it('resumes after a restart from the frontier kept in the database', async () => {
    site.set('/', html('Home', text('Home'), ['/a', '/b']));
    site.set('/a', html('A', text('Returns')));
    site.set('/b', html('B', text('Shipping')));
    const crawl = await newCrawl();
    // As if the process stopped after the first page: its links are queued, the home page is done.
    await h.db.insert(knowledgeCrawlPages).values([
      { sourceId: crawl.id, url: `${base}/`, depth: 0, status: 'done' },
      { sourceId: crawl.id, url: `${base}/a`, depth: 1 },
      { sourceId: crawl.id, url: `${base}/b`, depth: 1 },
    ]);
    await runCrawl(deps(), crawl, { isSync: false });
    expect(await pagesOf(crawl.id)).toEqual(['/a', '/b']);
  });

  it('refuses private targets through the SSRF guard, for links and redirects alike', async () => {
    site.set('/', html('Home', text('Home'), ['/to-metadata', 'http://10.0.0.5/admin']));
    site.set('/to-metadata', { location: 'http://169.254.169.254/latest/meta-data/' });
    const crawl = await newCrawl();
    await runCrawl(deps(), crawl, { isSync: false });
    expect(await pagesOf(crawl.id)).toEqual(['/']);
    const frontier = await h.db.select().from(knowledgeCrawlPages).where(eq(knowledgeCrawlPages.sourceId, crawl.id));
    expect(frontier.find((row) => row.url.endsWith('/to-metadata'))?.note).toContain('private network');
    expect(frontier.some((row) => row.url.includes('10.0.0.5'))).toBe(false);
  });
});
