import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { titleFromFileName } from './sources';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeChunks, knowledgeSources, type TChatbot, type TUser } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, recordingJobs, type TTestApp } from '../../../tests/helpers/app';
import { testLog } from '../../../tests/helpers/log';
import type { EventBus } from '../../events/bus';
import { registerJobs } from '../../jobs/handlers';
import { startJobQueue, type JobQueue } from '../../jobs/queue';
import { offlineEmbedder } from './embedder';
import { PRIVATE_ADDRESS } from './fetch-page';
import { ingestSource } from './ingest';
import { MAX_SITEMAP_PAGES } from './sitemap';
import { localizedSource, readStoredMessage } from './stored-message';

/**
 * Files, pages and sitemaps end to end, the way the app runs them: the
 * procedures create the sources, the real job queue (pg-boss on the test
 * database) works `source.ingest` through `registerJobs`, pages come from a
 * local web server (private addresses allowed, as KNOWLEDGE_ALLOW_PRIVATE_URLS
 * does in development), and the retrieval tester finds what was imported.
 */

const fixtureDir = 'tests/fixtures/knowledge/files';
const fixture = (name: string) => fs.readFileSync(`${fixtureDir}/${name}`);

const documents = new Map<string, { type: string; body: string | Buffer }>();
let server: http.Server;
let base: string;
let h: TTestApp;
let database: Database;
let bus: EventBus;
let jobs: JobQueue;
let admin: TUser;
let workspaceId: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const document = documents.get(request.url ?? '');
    if (!document) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': document.type }).end(document.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  h = await createTestApp({
    env: { KNOWLEDGE_ALLOW_PRIVATE_URLS: 'true' },
    jobs: (database) => startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 0.5 }),
  });
  ({ database, bus, jobs } = h);
  await registerJobs(jobs, { bus, db: database.db, env: h.env });
  const team = await createTestTeam(database.db, { name: 'Harbour' });
  admin = team.admin;
  workspaceId = team.workspace.id;
}, 60_000);
afterAll(async () => {
  await h.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const caller = async () => (await h.as(admin)).knowledge.source;

const newBot = () => createTestChatbot(database.db, { workspaceId });
/** The row with its stored messages (keys) as people read them in English. */
const row = async (id: string) => {
  const [found] = await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, id));
  return found && localizedSource('en', found);
};
const chunkCount = async (sourceId: string) =>
  (await database.db.select({ n: count() }).from(knowledgeChunks).where(eq(knowledgeChunks.sourceId, sourceId)))[0]!.n;

/** Waits for the job queue to bring a source to a final status. */
const settled = async (id: string) => {
  await vi.waitFor(async () => expect(['ready', 'failed']).toContain((await row(id))?.status), {
    timeout: 30_000,
    interval: 200,
  });
  return (await row(id))!;
};

const topSource = async (bot: TChatbot, query: string) => {
  const { passages } = await (await caller()).search({ workspaceId, chatbotId: bot.id, query, k: 3 });
  return passages[0];
};

describe('files, pages and sitemaps through the job queue', () => {
  it('ingests each kind of file into chunks that the retrieval tester finds, and drops the upload bytes', async () => {
    const bot = await newBot();
    const source = await caller();
    const ids: Record<string, string> = {};
    for (const name of ['gettysburg.txt', 'lighthouse-keeping.md', 'harbour-page.html', 'constitution.pdf']) {
      const created = await source.createFile({
        workspaceId,
        chatbotId: bot.id,
        fileName: name,
        contentBase64: fixture(name).toString('base64'),
      });
      // Titled for visitors from the file name ("lighthouse-keeping.md" → "Lighthouse keeping").
      expect(created).toMatchObject({
        kind: 'file',
        title: titleFromFileName(name),
        fileName: name,
        status: 'pending',
      });
      expect(created.title).not.toMatch(/\.(txt|md|html|pdf)$/);
      expect(created.sizeBytes).toBe(fixture(name).length);
      ids[name] = created.id;
    }
    for (const id of Object.values(ids)) {
      const done = await settled(id);
      expect(done).toMatchObject({ status: 'ready', error: null, fileData: null });
      expect(done.content?.length).toBeGreaterThan(100);
      expect(await chunkCount(id)).toBe(done.chunkCount);
      expect(done.chunkCount).toBeGreaterThan(0);
    }
    expect((await row(ids['constitution.pdf']!))!.mimeType).toBe('application/pdf');
    expect((await row(ids['harbour-page.html']!))!.content).not.toContain('Tariffs and fees');

    expect((await topSource(bot, 'four score and seven years ago'))?.sourceId).toBe(ids['gettysburg.txt']);
    const wick = await topSource(bot, 'How often should the wick be trimmed?');
    expect(wick).toMatchObject({
      sourceId: ids['lighthouse-keeping.md'],
      headingPath: 'Keeping the lamp › Trimming the wick',
    });
    expect((await topSource(bot, 'When do the harbour gates close in winter?'))?.sourceId).toBe(
      ids['harbour-page.html'],
    );
    expect((await topSource(bot, 'Who holds the legislative powers, Senate and House?'))?.sourceId).toBe(
      ids['constitution.pdf'],
    );
  });

  it('imports a page by address, titled from its <title>', async () => {
    documents.set('/hours', { type: 'text/html; charset=utf-8', body: fixture('harbour-page.html') });
    const bot = await newBot();
    const created = await (await caller()).createUrl({ workspaceId, chatbotId: bot.id, url: `${base}/hours` });
    expect(created).toMatchObject({ kind: 'url', url: `${base}/hours`, title: `${base}/hours`, status: 'pending' });

    const done = await settled(created.id);
    expect(done).toMatchObject({
      status: 'ready',
      title: 'Harbour opening hours | Port Example',
      mimeType: 'text/html',
    });
    expect(done.content).toContain('## Winter hours');
    expect((await topSource(bot, 'visitor berth booking channel twelve'))?.sourceTitle).toBe(
      'Harbour opening hours | Port Example',
    );
  });

  it('imports a PDF served at an address, titled from its metadata', async () => {
    documents.set('/constitution.pdf', { type: 'application/pdf', body: fixture('constitution.pdf') });
    const bot = await newBot();
    const created = await (
      await caller()
    ).createUrl({ workspaceId, chatbotId: bot.id, url: `${base}/constitution.pdf` });
    expect(await settled(created.id)).toMatchObject({
      status: 'ready',
      title: 'The Constitution of the United States',
      mimeType: 'application/pdf',
    });
  });

  it('imports a sitemap index: its pages become sources under it, each ingested; deleting it removes them all', async () => {
    const pages = ['/docs/wick', '/docs/lens', '/docs/log'];
    const bodies = [
      '<title>The wick</title><h1>The wick</h1><p>Trim the wick every four hours through the night with brass scissors.</p>',
      '<title>The lens</title><h1>The lens</h1><p>Clean the Fresnel lens each morning with a soft linen cloth.</p>',
      '<title>The log</title><h1>The log</h1><p>Record the weather and every passing ship in the logbook.</p>',
    ];
    pages.forEach((path, i) => documents.set(path, { type: 'text/html', body: bodies[i]! }));
    const urlset = (paths: string[]) =>
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${base}${p}</loc></url>`).join('')}<url><loc>https://elsewhere.example/x</loc></url></urlset>`;
    documents.set('/sitemap-a.xml', { type: 'application/xml', body: urlset(pages.slice(0, 2)) });
    documents.set('/sitemap-b.xml', { type: 'application/xml', body: urlset(pages.slice(2)) });
    documents.set('/sitemap.xml', {
      type: 'application/xml',
      body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${base}/sitemap-a.xml</loc></sitemap><sitemap><loc>${base}/sitemap-b.xml</loc></sitemap></sitemapindex>`,
    });

    const bot = await newBot();
    const source = await caller();
    const sitemap = await source.createSitemap({ workspaceId, chatbotId: bot.id, url: `${base}/sitemap.xml` });
    expect(sitemap).toMatchObject({ kind: 'sitemap', title: 'Sitemap of 127.0.0.1', status: 'pending' });

    const parent = await settled(sitemap.id);
    expect(parent).toMatchObject({ status: 'ready', chunkCount: 0, error: null });
    let list = await source.list({ workspaceId, chatbotId: bot.id });
    const children = list.filter((s) => s.parentId === sitemap.id);
    expect(children.map((child) => child.url).sort()).toEqual(pages.map((p) => `${base}${p}`).sort());
    expect(list.find((s) => s.id === sitemap.id)?.note).toBe(
      'The sitemap lists 3 pages. 2 on other sites were left out.',
    );

    for (const child of children) expect(await settled(child.id)).toMatchObject({ status: 'ready', kind: 'url' });
    list = await source.list({ workspaceId, chatbotId: bot.id });
    expect(
      list
        .filter((s) => s.parentId === sitemap.id)
        .map((s) => s.title)
        .sort(),
    ).toEqual(['The lens', 'The log', 'The wick']);
    expect((await topSource(bot, 'How do I clean the Fresnel lens?'))?.sourceTitle).toBe('The lens');

    await source.delete({ workspaceId, sourceId: sitemap.id });
    expect(await source.list({ workspaceId, chatbotId: bot.id })).toEqual([]);
    for (const child of children) expect(await chunkCount(child.id)).toBe(0);
    expect(await topSource(bot, 'How do I clean the Fresnel lens?')).toBeUndefined();
  });

  it('shows why a page failed, and a retry works once the page is fixed', async () => {
    const bot = await newBot();
    const source = await caller();
    const created = await source.createUrl({ workspaceId, chatbotId: bot.id, url: `${base}/coming-soon` });
    expect(await settled(created.id)).toMatchObject({ status: 'failed', error: 'The page answered 404 Not Found.' });
    const [listed] = await source.list({ workspaceId, chatbotId: bot.id });
    expect(listed).toMatchObject({ id: created.id, status: 'failed', error: 'The page answered 404 Not Found.' });

    documents.set('/coming-soon', { type: 'text/plain', body: 'Harbour dues are payable at the office before noon.' });
    expect(await source.retry({ workspaceId, sourceId: created.id })).toMatchObject({ status: 'pending', error: null });
    expect(await settled(created.id)).toMatchObject({ status: 'ready', error: null });
    expect(await chunkCount(created.id)).toBe(1);
  });

  it('fails a scanned PDF with its reason, keeping the upload for a retry', async () => {
    const bot = await newBot();
    // The fixture's page without its text: a page that only paints, like a scan.
    const scan = fixture('constitution.pdf')
      .toString('latin1')
      .replace(/BT [^\n]*ET/g, (op) => ' '.repeat(op.length));
    const created = await (
      await caller()
    ).createFile({
      workspaceId,
      chatbotId: bot.id,
      fileName: 'scan.pdf',
      contentBase64: Buffer.from(scan, 'latin1').toString('base64'),
    });
    const done = await settled(created.id);
    expect(done).toMatchObject({
      status: 'failed',
      error: 'The PDF has no text layer (is it a scan?). Parley needs a PDF with selectable text.',
    });
    expect(done.fileData?.length).toBe(scan.length);
  });
});

describe('a sitemap’s pages', () => {
  it(`are capped at ${MAX_SITEMAP_PAGES}, each queued once, pages already present skipped, and the note says so`, async () => {
    const paths = Array.from({ length: 250 }, (_, i) => `/big/${i}`);
    documents.set('/big.xml', {
      type: 'application/xml',
      body: `<urlset>${paths.map((p) => `<url><loc>${base}${p}</loc></url>`).join('')}</urlset>`,
    });
    const bot = await newBot();
    const [present] = await database.db
      .insert(knowledgeSources)
      .values({ workspaceId, chatbotId: bot.id, kind: 'url', title: 'Page 0', url: `${base}/big/0` })
      .returning();
    const [sitemap] = await database.db
      .insert(knowledgeSources)
      .values({ workspaceId, chatbotId: bot.id, kind: 'sitemap', title: 'Big', url: `${base}/big.xml` })
      .returning();
    const recorded = recordingJobs();
    const deps = {
      db: database.db,
      bus,
      embedder: offlineEmbedder,
      jobs: recorded.jobs,
      fetch: { allowPrivate: true },
    };
    await ingestSource(deps, sitemap!.id);

    const children = await database.db
      .select()
      .from(knowledgeSources)
      .where(eq(knowledgeSources.parentId, sitemap!.id));
    expect(children).toHaveLength(MAX_SITEMAP_PAGES - 1);
    expect(children.map((c) => c.url)).not.toContain(present!.url);
    expect(recorded.sent.map((job) => job.data)).toEqual(
      expect.arrayContaining(children.map((child) => ({ sourceId: child.id }))),
    );
    expect(recorded.sent).toHaveLength(MAX_SITEMAP_PAGES - 1);
    const parent = (await row(sitemap!.id))!;
    expect(parent.status).toBe('ready');
    expect(readStoredMessage('en', parent.content?.split('\n')[0])).toBe(
      'The sitemap lists more than 200 pages; Parley imports the first 200. 1 of them were already sources of this chatbot.',
    );

    // Run again (as after a crash between the commit and the queueing): nothing doubled, the pending pages queued again.
    recorded.sent.length = 0;
    await ingestSource(deps, sitemap!.id);
    expect(
      await database.db.select({ n: count() }).from(knowledgeSources).where(eq(knowledgeSources.parentId, sitemap!.id)),
    ).toEqual([{ n: MAX_SITEMAP_PAGES - 1 }]);
    expect(recorded.sent).toHaveLength(MAX_SITEMAP_PAGES - 1);
  });
});

describe('ingesting a page without the development switch', () => {
  it('refuses a stored address on a private network with the guard’s sentence', async () => {
    // Stored directly: the procedures already refuse such addresses when they are added.
    const bot = await newBot();
    const [source] = await database.db
      .insert(knowledgeSources)
      .values({
        workspaceId,
        chatbotId: bot.id,
        kind: 'url',
        title: 'Local',
        url: `${base.replace('127.0.0.1', 'localhost')}/hours`,
      })
      .returning();
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder, fetch: {} }, source!.id);
    expect(await row(source!.id)).toMatchObject({ status: 'failed', error: PRIVATE_ADDRESS });
  });
});
