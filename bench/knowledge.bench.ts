/**
 * Knowledge that follows the website (issue 21). `knowledge.freshness_s`: a
 * page of a local site changes; with the source's interval at the
 * installation's shortest, how long until a visitor's question is answered
 * with the new text, citing the page — the real server's job queue, minute
 * sweep and answering, in this process. `knowledge.resync_embeds`: a re-sync
 * of an unchanged 500-page crawled site embeds nothing; one changed page
 * re-embeds only its changed chunk. (A crawl, as a sitemap source reads at
 * most 200 pages.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { chatbots, knowledgeChunks, knowledgeSources } from '../db/schema';
import { startParley } from '../server/app';
import { createEventBus } from '../server/events/bus';
import { parseEnv } from '../server/env';
import { answerMessage } from '../server/services/answering/answer';
import { offlineProvider } from '../server/services/answering/providers';
import { receiveVisitorMessage } from '../server/services/conversations/messages';
import { offlineEmbedder } from '../server/services/knowledge/embedder';
import { runCrawl } from '../server/services/knowledge/crawl';
import { ingestSource, type IngestDeps } from '../server/services/knowledge/ingest';
import { createTestChatbot } from '../tests/factories/chatbots';
import { seedConversation } from '../tests/factories/conversations';
import { countingEmbedder } from '../tests/helpers/counting-embedder';
import { once, openFreshDatabase, round, silentLog, sleep, startTimer } from './lib';
import type { Benchmark } from './types';

/** A site on loopback whose pages the benchmark edits; answers like a plain static server (no validators). */
async function startSite() {
  const pages = new Map<string, string>();
  const server = http.createServer((request, response) => {
    const body = pages.get(request.url ?? '/');
    if (body === undefined) return void response.writeHead(404).end();
    const type = request.url!.endsWith('.xml') ? 'application/xml' : 'text/html; charset=utf-8';
    response.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    pages,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const html = (title: string, sections: string[]) =>
  `<!doctype html><html><head><title>${title}</title></head><body>${sections
    .map((section, i) => `<h2>${title}, part ${i + 1}</h2><p>${section}</p>`)
    .join('')}</body></html>`;

/** Three sections of about 250 words each: with the chunker's sizes, one chunk a section. */
const sectionsOf = (page: number) =>
  ['Ordering', 'Delivery', 'Care'].map((topic) =>
    `${topic} for product line ${page}: ${`Every item of line ${page} is checked by hand before it leaves the workshop. `.repeat(16)}`.trim(),
  );

/** What the freshness run needs: the real server with the shortest sync interval this installation allows. */
const SHORTEST_SECONDS = 10;

const freshness = once(async () => {
  const site = await startSite();
  const database = await openFreshDatabase();
  const env = parseEnv({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_SYNC_SHORTEST_SECONDS: String(SHORTEST_SECONDS),
    KNOWLEDGE_HOST_DELAY_MS: '0',
    UNSAFE_KNOWLEDGE_FETCH_EXEMPT: `127.0.0.1:${site.port}`,
  });
  const parley = await startParley(env, silentLog, { database, serveWebApp: false });
  try {
    const db = database.db;
    site.pages.set(
      '/shipping',
      html('Shipping', ['Parcels leave our workshop within five working days by standard post.']),
    );
    const chatbot = await createTestChatbot(db, { name: 'Freshness bench' });
    // Any passage answers: what is measured is when the new one is there, not how sure the bot is of it.
    await db
      .update(chatbots)
      .set({ settings: { confidenceThreshold: 0 } })
      .where(eq(chatbots.id, chatbot.id));
    const [source] = await db
      .insert(knowledgeSources)
      .values({
        workspaceId: chatbot.workspaceId,
        chatbotId: chatbot.id,
        kind: 'url',
        title: 'Shipping',
        url: `${site.base}/shipping`,
        syncInterval: 'shortest',
      })
      .returning();
    await parley.deps.jobs.send('source.ingest', { sourceId: source!.id });
    await waitFor(async () => (await sourceRow(database, source!.id))?.status === 'ready', 60_000);

    const conversation = await seedConversation(db, {
      chatbotId: chatbot.id,
      workspaceId: chatbot.workspaceId,
      startedAt: new Date(),
      messages: [],
    });
    const deps = {
      db,
      database,
      bus: parley.deps.bus,
      embedder: offlineEmbedder,
      provider: offlineProvider,
      log: silentLog,
    };
    let asked = 0;
    const answerCitesNewText = async () => {
      const { message } = await receiveVisitorMessage(
        { db, bus: parley.deps.bus },
        { conversation, content: 'How fast do parcels leave the workshop?', clientId: `q-${asked++}` },
      );
      const answer = await answerMessage(deps, { messageId: message.id });
      return (
        !!answer?.content.includes('within 24 hours') &&
        !!answer.citations?.some(
          (citation) => citation.sourceId === source!.id && citation.snippet.includes('24 hours'),
        )
      );
    };
    if (await answerCitesNewText()) throw new Error('the new text was there before the page changed');

    site.pages.set('/shipping', html('Shipping', ['Every parcel now leaves our workshop within 24 hours by courier.']));
    const elapsed = startTimer();
    await waitFor(answerCitesNewText, (SHORTEST_SECONDS + 120) * 1000, 1000);
    return { seconds: elapsed() / 1000, questions: asked };
  } finally {
    await parley.close();
    await database.close();
    await site.close();
  }
});

const sourceRow = async (database: Database, id: string) =>
  (await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, id)))[0];

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const elapsed = startTimer();
  while (!(await check())) {
    if (elapsed() > timeoutMs) throw new Error(`gave up after ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}

/** The site's pages: a home page linking to 499 product pages, crawled whole. */
const PAGES = 500;

const resync = once(async () => {
  const site = await startSite();
  const database = await openFreshDatabase();
  const bus = await createEventBus(database, silentLog);
  try {
    const db = database.db;
    const paths = Array.from({ length: PAGES - 1 }, (_, i) => `/line-${i + 1}`);
    paths.forEach((path, i) => site.pages.set(path, html(`Line ${i + 1}`, sectionsOf(i + 1))));
    site.pages.set(
      '/',
      html('Lumen', ['Handmade lamps.']).replace(
        '</body>',
        `${paths.map((path) => `<a href="${path}">${path}</a>`).join(' ')}</body>`,
      ),
    );
    const chatbot = await createTestChatbot(db, { name: 'Re-sync bench' });
    const [crawl] = await db
      .insert(knowledgeSources)
      .values({
        workspaceId: chatbot.workspaceId,
        chatbotId: chatbot.id,
        kind: 'crawl',
        title: 'Site',
        url: `${site.base}/`,
        crawlSettings: { pathPrefix: '/', include: [], exclude: [], maxPages: PAGES, maxDepth: 1 },
      })
      .returning();
    // As the `source.ingest` and `source.sync` jobs run it: the crawl visits and ingests every page in line.
    const deps = (embedder = offlineEmbedder): IngestDeps => {
      const ingest: IngestDeps = {
        db,
        bus,
        embedder,
        fetch: { exemptAddresses: [`127.0.0.1:${site.port}`] },
        log: silentLog,
        crawl: (source, options) => runCrawl(ingest, source, options),
      };
      return ingest;
    };
    const importTime = startTimer();
    await ingestSource(deps(), crawl!.id);
    const importSeconds = importTime() / 1000;
    const [pages] = await db
      .select({ n: count() })
      .from(knowledgeSources)
      .where(eq(knowledgeSources.parentId, crawl!.id));
    const [chunks] = await db
      .select({ n: count() })
      .from(knowledgeChunks)
      .where(eq(knowledgeChunks.chatbotId, chatbot.id));
    if (pages!.n !== PAGES) throw new Error(`the crawl imported ${pages!.n} pages, not ${PAGES}`);

    const unchanged = countingEmbedder();
    const resyncTime = startTimer();
    await ingestSource(deps(unchanged.embedder), crawl!.id, { isSync: true });
    const resyncSeconds = resyncTime() / 1000;

    // One section of one page changes: only that chunk may be embedded again.
    const sections = sectionsOf(PAGES - 1);
    sections[1] = `Delivery for product line ${PAGES - 1} now takes one day with our own courier. ${sections[1]}`;
    site.pages.set(paths.at(-1)!, html(`Line ${PAGES - 1}`, sections));
    const changed = countingEmbedder();
    await ingestSource(deps(changed.embedder), crawl!.id, { isSync: true });
    return {
      unchangedTexts: unchanged.texts(),
      changedTexts: changed.texts(),
      pages: pages!.n,
      chunks: chunks!.n,
      importSeconds,
      resyncSeconds,
    };
  } finally {
    await bus.close();
    await database.close();
    await site.close();
  }
});

export const benchmarks: Benchmark[] = [
  {
    id: 'knowledge.freshness_s',
    description: `A page changes → a visitor's answer cites the new text (sync interval at the shortest, ${SHORTEST_SECONDS} s)`,
    run: async () => {
      const { seconds, questions } = await freshness();
      return {
        value: round(seconds, 1),
        unit: 's',
        baseline: null,
        target: SHORTEST_SECONDS + 60,
        notes: `real job queue, minute sync sweep and offline answers on PGlite; asked ${questions} times, once a second`,
      };
    },
  },
  {
    id: 'knowledge.resync_embeds',
    description: `Texts embedded by a re-sync of an unchanged ${PAGES}-page crawled site (the changed-page check must also hold)`,
    run: async () => {
      const result = await resync();
      // The second half of the claim: one changed section re-embeds exactly one chunk, nothing else.
      if (result.changedTexts !== 1)
        throw new Error(`one changed section re-embedded ${result.changedTexts} texts instead of 1`);
      return {
        value: result.unchangedTexts,
        unit: 'texts',
        baseline: null,
        target: 0,
        notes: `${result.pages} pages, ${result.chunks} chunks; pages sent in full (no ETag), skipped by content hash; one changed section re-embedded ${result.changedTexts} chunk; import ${round(result.importSeconds)} s, re-sync ${round(result.resyncSeconds)} s`,
      };
    },
  },
];
