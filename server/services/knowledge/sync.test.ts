import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeChunks, knowledgeSources } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { countingEmbedder } from '../../../tests/helpers/counting-embedder';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import type { EventBus } from '../../events/bus';
import { offlineEmbedder, type Embedder } from './embedder';
import { ingestSource, type IngestDeps } from './ingest';
import { localizedSource } from './stored-message';
import { queueDueSyncs } from './sync-schedule';

/** A small site whose pages the tests change; it answers conditional requests like a real server. */
const pages = new Map<string, { body: string; etag: string; status?: number }>();
const requests: Array<{ path: string; ifNoneMatch?: string }> = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, ifNoneMatch: request.headers['if-none-match'] });
    const page = pages.get(path);
    if (!page || page.status) return void response.writeHead(page?.status ?? 404).end();
    if (request.headers['if-none-match'] === page.etag) return void response.writeHead(304).end();
    const type = path.endsWith('.xml') ? 'application/xml' : 'text/html';
    response.writeHead(200, { 'content-type': type, etag: page.etag }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

let h: TTestApp;
let database: Database;
let bus: EventBus;
beforeAll(async () => {
  h = await createTestApp();
  ({ database, bus } = h);
});
afterAll(async () => {
  await h.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  pages.clear();
  requests.length = 0;
});

let version = 0;
const setPage = (path: string, body: string) =>
  pages.set(path, {
    body: `<html><head><title>${path}</title></head><body>${body}</body></html>`,
    etag: `"v${++version}"`,
  });

const paragraphs = (words: string[]) =>
  words.map((word) => `<h2>${word}</h2><p>${`${word} is explained here in some detail. `.repeat(40)}</p>`).join('');

const counting = countingEmbedder;

const sent: Array<{ name: string; data: { sourceId: string } }> = [];
const deps = (embedder: Embedder = offlineEmbedder): IngestDeps => ({
  db: database.db,
  bus,
  embedder,
  fetch: { exemptAddresses: ['127.0.0.1'] },
  jobs: {
    send: async (name, data) => {
      sent.push({ name, data: data as { sourceId: string } });
      return 'job';
    },
  },
});

const addSource = async (kind: 'url' | 'sitemap', path: string, parentId?: string) => {
  const chatbot = await createTestChatbot(database.db);
  const [source] = await database.db
    .insert(knowledgeSources)
    .values({
      workspaceId: chatbot.workspaceId,
      chatbotId: chatbot.id,
      kind,
      title: path,
      url: `${base}${path}`,
      parentId,
    })
    .returning();
  return source!;
};
/** The row with its stored messages (keys) as people read them in English. */
const row = async (id: string) => {
  const [found] = await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, id));
  return found && localizedSource('en', found);
};
const chunks = (sourceId: string) =>
  database.db
    .select()
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.sourceId, sourceId))
    .orderBy(asc(knowledgeChunks.ordinal));

describe('syncing a web page', () => {
  it('sends the last ETag back and skips a page that answers 304, embedding nothing', async () => {
    setPage('/a', paragraphs(['Returns', 'Shipping']));
    const source = await addSource('url', '/a');
    await ingestSource(deps(), source.id);
    expect((await row(source.id))!.etag).toBe(`"v${version}"`);

    const count = counting();
    const outcome = await ingestSource(deps(count.embedder), source.id, { isSync: true });
    expect(outcome.result).toBe('unchanged');
    expect(requests.at(-1)).toEqual({ path: '/a', ifNoneMatch: `"v${version}"` });
    expect(count.texts()).toBe(0);
    expect(await row(source.id)).toMatchObject({ status: 'ready', lastSyncResult: 'unchanged', syncError: null });
    expect((await row(source.id))!.nextSyncAt).toBeInstanceOf(Date);
  });

  it('skips a page whose text did not change even when the server sends it again', async () => {
    setPage('/b', paragraphs(['Returns']));
    const source = await addSource('url', '/b');
    await ingestSource(deps(), source.id);
    pages.get('/b')!.etag = '"rotated"';
    const count = counting();
    expect((await ingestSource(deps(count.embedder), source.id, { isSync: true })).result).toBe('unchanged');
    expect(count.texts()).toBe(0);
  });

  it('re-embeds only the changed chunk of a changed page, keeping the other chunks’ ids', async () => {
    setPage('/c', paragraphs(['Returns', 'Shipping', 'Warranty']));
    const source = await addSource('url', '/c');
    await ingestSource(deps(), source.id);
    const before = await chunks(source.id);
    expect(before.length).toBeGreaterThanOrEqual(3);

    setPage('/c', paragraphs(['Returns', 'Delivery', 'Warranty']));
    const count = counting();
    const outcome = await ingestSource(deps(count.embedder), source.id, { isSync: true });
    expect(outcome).toMatchObject({ result: 'updated' });
    const after = await chunks(source.id);
    const changed = after.filter((chunk) => !before.some((old) => old.id === chunk.id));
    expect(count.texts()).toBe(changed.length);
    expect(changed.length).toBeLessThan(after.length);
    expect(changed.every((chunk) => chunk.content.includes('Delivery'))).toBe(true);
    // The old text is gone: retrieval can no longer find it.
    expect(after.some((chunk) => chunk.content.includes('Shipping is explained'))).toBe(false);
  });

  it('keeps the last good content and shows the error when a sync fails', async () => {
    setPage('/d', paragraphs(['Returns']));
    const source = await addSource('url', '/d');
    await ingestSource(deps(), source.id);
    const before = await chunks(source.id);
    pages.set('/d', { body: '', etag: '"x"', status: 500 });
    const outcome = await ingestSource(deps(), source.id, { isSync: true });
    expect(outcome.result).toBe('failed');
    expect(await row(source.id)).toMatchObject({ status: 'ready', lastSyncResult: 'failed' });
    expect((await row(source.id))!.syncError).toContain('500');
    expect((await chunks(source.id)).map((c) => c.id)).toEqual(before.map((c) => c.id));
  });

  it('removes a sitemap’s page that answers 404 or 410, with its chunks', async () => {
    setPage('/e', paragraphs(['Returns']));
    const sitemap = await addSource('sitemap', '/sitemap-e.xml');
    const page = await addSource('url', '/e', sitemap.id);
    await ingestSource(deps(), page.id);
    pages.set('/e', { body: '', etag: '"gone"', status: 410 });
    expect((await ingestSource(deps(), page.id, { isSync: true })).result).toBe('removed');
    expect(await row(page.id)).toBeUndefined();
    expect(await chunks(page.id)).toEqual([]);
  });

  it('refuses a private target on a sync like on the first fetch', async () => {
    const chatbot = await createTestChatbot(database.db);
    const [source] = await database.db
      .insert(knowledgeSources)
      .values({
        workspaceId: chatbot.workspaceId,
        chatbotId: chatbot.id,
        kind: 'url',
        title: 'x',
        url: 'http://10.0.0.1/',
      })
      .returning();
    await database.db
      .update(knowledgeSources)
      .set({ status: 'ready', content: 'old text', chunkCount: 1 })
      .where(eq(knowledgeSources.id, source!.id));
    expect((await ingestSource(deps(), source!.id, { isSync: true })).result).toBe('failed');
    expect((await row(source!.id))!.syncError).toContain('private network');
  });
});

describe('syncing a sitemap', () => {
  it('removes pages the sitemap no longer lists and syncs the rest', async () => {
    const urlset = (paths: string[]) =>
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${base}${p}</loc></url>`).join('')}</urlset>`;
    pages.set('/sitemap.xml', { body: urlset(['/p1', '/p2']), etag: '"s1"' });
    const sitemap = await addSource('sitemap', '/sitemap.xml');
    await ingestSource(deps(), sitemap.id);
    const children = await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.parentId, sitemap.id));
    expect(children.map((c) => c.url).sort()).toEqual([`${base}/p1`, `${base}/p2`]);
    await database.db
      .update(knowledgeSources)
      .set({ status: 'ready' })
      .where(eq(knowledgeSources.parentId, sitemap.id));

    pages.set('/sitemap.xml', { body: urlset(['/p1', '/p3']), etag: '"s2"' });
    sent.length = 0;
    await ingestSource(deps(), sitemap.id, { isSync: true });
    const after = await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.parentId, sitemap.id));
    expect(after.map((c) => c.url).sort()).toEqual([`${base}/p1`, `${base}/p3`]);
    const p1 = after.find((c) => c.url === `${base}/p1`)!;
    expect(sent).toContainEqual({ name: 'source.sync', data: { sourceId: p1.id } });
    expect(sent.filter((job) => job.name === 'source.ingest')).toHaveLength(1);
  });
});

describe('the sync sweep', () => {
  it('queues due sources once, spreads their next syncs, and leaves off and pages alone', async () => {
    const due = await addSource('url', '/due');
    const off = await addSource('url', '/off');
    const past = new Date(Date.now() - 1000);
    await database.db
      .update(knowledgeSources)
      .set({ status: 'ready', nextSyncAt: past, syncInterval: 'hourly' })
      .where(eq(knowledgeSources.id, due.id));
    await database.db
      .update(knowledgeSources)
      .set({ status: 'ready', nextSyncAt: past, syncInterval: 'off' })
      .where(eq(knowledgeSources.id, off.id));
    sent.length = 0;
    const jobs = deps().jobs!;
    await queueDueSyncs({ db: database.db, jobs });
    expect(sent.filter((job) => job.data.sourceId === due.id)).toHaveLength(1);
    expect(sent.some((job) => job.data.sourceId === off.id)).toBe(false);
    const next = (await row(due.id))!.nextSyncAt!.getTime() - Date.now();
    // An hour, give or take the tenth of jitter.
    expect(next).toBeGreaterThan(3600_000 * 0.89);
    expect(next).toBeLessThan(3600_000 * 1.11);
    sent.length = 0;
    await queueDueSyncs({ db: database.db, jobs });
    expect(sent.some((job) => job.data.sourceId === due.id)).toBe(false);
  });
});
