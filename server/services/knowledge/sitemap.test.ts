import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { PRIVATE_ADDRESS } from './fetch-page';
import { MAX_SITEMAP_PAGES, readSitemap } from './sitemap';

const documents = new Map<string, { type: string; body: string }>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const document = documents.get(request.url ?? '');
    if (!document) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': document.type }).end(document.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = { exemptAddresses: ['127.0.0.1'] };
const xml = (body: string) => ({ type: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
const urlset = (urls: string[]) =>
  xml(
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${u}</loc><lastmod>2024-01-01</lastmod></url>`).join('')}</urlset>`,
  );

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.message;
  }
  throw new Error('expected a refusal');
};

describe('readSitemap', () => {
  it('lists same-site pages in order, once each, decoding entities and dropping other sites', async () => {
    documents.set(
      '/sitemap.xml',
      urlset([
        `${base}/a`,
        `${base}/b?x=1&amp;y=2`,
        `${base}/a#again`,
        'https://elsewhere.example/c',
        'ftp://nope.example/',
      ]),
    );
    expect(await readSitemap(`${base}/sitemap.xml`, options)).toEqual({
      pages: [`${base}/a`, `${base}/b?x=1&y=2`],
      found: 2,
      otherSites: 1,
      capped: false,
    });
  });

  it('reads the sitemaps of a sitemap index, one level, same site only', async () => {
    documents.set('/one.xml', urlset([`${base}/one`]));
    documents.set('/two.xml', urlset([`${base}/two`, `${base}/one`]));
    documents.set(
      '/index.xml',
      xml(
        `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>${base}/one.xml</loc></sitemap>
          <sitemap><loc>${base}/missing.xml</loc></sitemap>
          <sitemap><loc>https://elsewhere.example/sitemap.xml</loc></sitemap>
          <sitemap><loc>${base}/two.xml</loc></sitemap>
        </sitemapindex>`,
      ),
    );
    const result = await readSitemap(`${base}/index.xml`, options);
    expect(result.pages).toEqual([`${base}/one`, `${base}/two`]);
    expect(result.capped).toBe(false);
  });

  it(`caps at ${MAX_SITEMAP_PAGES} pages and says it did`, async () => {
    documents.set('/big.xml', urlset(Array.from({ length: 250 }, (_, i) => `${base}/page-${i}`)));
    const result = await readSitemap(`${base}/big.xml`, options);
    expect(result.pages).toHaveLength(MAX_SITEMAP_PAGES);
    expect(result.pages[0]).toBe(`${base}/page-0`);
    expect(result).toMatchObject({ found: 250, capped: true });
  });

  it('reads a plain-text sitemap', async () => {
    documents.set('/sitemap.txt', { type: 'text/plain', body: `${base}/t1\n\n${base}/t2\n` });
    expect((await readSitemap(`${base}/sitemap.txt`, options)).pages).toEqual([`${base}/t1`, `${base}/t2`]);
  });

  it('explains what is wrong with an address that is not a usable sitemap', async () => {
    documents.set('/page.html', { type: 'text/html', body: '<p>hi</p>' });
    expect(await refusal(readSitemap(`${base}/page.html`, options))).toBe(
      'That address is not a sitemap; it answered with a web page, not XML.',
    );
    documents.set('/feed.xml', xml('<rss><channel><title>News</title></channel></rss>'));
    expect(await refusal(readSitemap(`${base}/feed.xml`, options))).toBe(
      'That address is not a sitemap (no <urlset> or <sitemapindex>).',
    );
    documents.set('/foreign.xml', urlset(['https://elsewhere.example/a']));
    expect(await refusal(readSitemap(`${base}/foreign.xml`, options))).toBe(
      "The sitemap lists no pages on 127.0.0.1; Parley only imports pages of the sitemap's own site.",
    );
    expect(await refusal(readSitemap(`${base}/sitemap.xml`))).toBe(PRIVATE_ADDRESS);
  });
});
