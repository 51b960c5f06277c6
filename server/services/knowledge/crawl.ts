import { and, asc, count, eq, ne } from 'drizzle-orm';
import robotsParser from 'robots-parser';
import { knowledgeCrawlPages, knowledgeSources, type TCrawlSettings, type TKnowledgeSource } from '../../../db/schema';
import { AppError } from '../../errors';
import { sha256 } from './chunking';
import { isInScope, readLinks } from './crawl-links';
import { fetchPage, fetchPageIfChanged, PageGoneError } from './fetch-page';
import { ingestSource, writeStatus, type IngestDeps } from './ingest';
import { sharedDocumentParser } from './parse-pool';
import { storeMessage } from './stored-message';
import { nextSyncAt } from './sync-schedule';

const USER_AGENT = 'ParleyBot';
/** The frontier never holds more than this many addresses per allowed page: bounds a site of endless links. */
const FRONTIER_FACTOR = 5;

/** robots.txt through the same SSRF guard; a site without one (or with a broken one) allows everything. */
async function robotsFor(deps: IngestDeps, start: string) {
  const robotsUrl = new URL('/robots.txt', start).toString();
  await deps.pace?.(robotsUrl);
  try {
    const page = await fetchPage(robotsUrl, deps.fetch);
    return robotsParser(robotsUrl, new TextDecoder().decode(page.body));
  } catch (error) {
    // A private or unreachable robots.txt says nothing about the pages; the pages' own fetches are guarded too.
    deps.log?.debug({ err: error, robotsUrl }, 'no robots.txt');
    return robotsParser(robotsUrl, '');
  }
}

/** A frontier row's note says why it was skipped; no page shows it (it is for whoever reads the database), so it stays English. */
const mark = (
  deps: IngestDeps,
  sourceId: string,
  url: string,
  status: 'done' | 'skipped',
  note: string | null = null,
) =>
  deps.db
    .update(knowledgeCrawlPages)
    .set({ status, note })
    .where(and(eq(knowledgeCrawlPages.sourceId, sourceId), eq(knowledgeCrawlPages.url, url)));

async function progress(deps: IngestDeps, crawl: TKnowledgeSource, settings: TCrawlSettings, isDone: boolean) {
  const rows = await deps.db
    .select({ status: knowledgeCrawlPages.status, n: count() })
    .from(knowledgeCrawlPages)
    .where(eq(knowledgeCrawlPages.sourceId, crawl.id))
    .groupBy(knowledgeCrawlPages.status);
  const of = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
  const [pages] = await deps.db
    .select({ n: count() })
    .from(knowledgeSources)
    .where(eq(knowledgeSources.parentId, crawl.id));
  // Stored as a key (see stored-message.ts): the line is read later, in the reader's language.
  const line = storeMessage(
    isDone
      ? {
          key: of('skipped') ? 'knowledge:notes.crawledWithSkipped' : 'knowledge:notes.crawled',
          values: { count: of('done'), imported: pages!.n, skipped: of('skipped') },
        }
      : {
          key: 'knowledge:notes.crawling',
          values: { visited: of('done'), maximum: settings.maxPages, queued: of('queued') },
        },
  );
  await deps.db.transaction((tx) =>
    writeStatus(deps.bus, tx, crawl.id, {
      status: isDone || crawl.status === 'ready' ? 'ready' : 'processing',
      content: line,
      ...(isDone
        ? {
            error: null,
            processedAt: new Date(),
            lastSyncedAt: new Date(),
            lastSyncResult: 'updated',
            syncError: null,
            nextSyncAt: nextSyncAt(crawl, deps.sync),
          }
        : {}),
    }),
  );
}

/** One address of the frontier: fetched (conditionally on a re-crawl), its text ingested as a page of the crawl. */
async function visit(
  deps: IngestDeps,
  crawl: TKnowledgeSource,
  entry: { url: string; depth: number },
  settings: TCrawlSettings,
) {
  const [known] = await deps.db
    .select()
    .from(knowledgeSources)
    .where(and(eq(knowledgeSources.parentId, crawl.id), eq(knowledgeSources.url, entry.url)));
  await deps.pace?.(entry.url);
  let page;
  try {
    page = await fetchPageIfChanged(
      entry.url,
      known ? { etag: known.etag, lastModified: known.lastModified } : {},
      deps.fetch,
    );
  } catch (error) {
    if (error instanceof PageGoneError && known)
      await deps.db.delete(knowledgeSources).where(eq(knowledgeSources.id, known.id));
    return {
      status: 'skipped' as const,
      note: error instanceof AppError ? error.message : 'The page could not be fetched.',
    };
  }
  if ('isNotModified' in page) return { status: 'done' as const, note: 'unchanged' };
  const finalUrl = page.url;
  if (page.kind !== 'html' && page.kind !== 'text' && page.kind !== 'markdown')
    return { status: 'skipped' as const, note: 'Not a page.' };
  const { links, canonical } =
    page.kind === 'html' ? readLinks(page.body, page.charset, finalUrl) : { links: [], canonical: null };
  // Another address of the same page: follow the one the site names, once.
  const own = canonical && isInScope(canonical, crawl.url!, settings) ? canonical : finalUrl;
  if (own !== entry.url) {
    await enqueue(deps, crawl, [own], entry.depth, settings, true);
    return { status: 'skipped' as const, note: `Same page as ${own}.` };
  }
  if (entry.depth < settings.maxDepth) await enqueue(deps, crawl, links, entry.depth + 1, settings);

  const parser = deps.parser ?? sharedDocumentParser();
  const { text, title } = await parser.extract(page.kind, page.body, page.charset);
  if (!text.trim()) return { status: 'skipped' as const, note: 'No readable text.' };
  const hash = sha256(text);
  const [twin] = await deps.db
    .select({ url: knowledgeSources.url })
    .from(knowledgeSources)
    .where(
      and(
        eq(knowledgeSources.parentId, crawl.id),
        eq(knowledgeSources.contentHash, hash),
        ne(knowledgeSources.url, entry.url),
      ),
    )
    .limit(1);
  if (twin) return { status: 'skipped' as const, note: `Same text as ${twin.url}.` };
  if (known && known.contentHash === hash) return { status: 'done' as const, note: 'unchanged' };

  const patch = {
    content: text,
    mimeType: page.contentType || null,
    title: known?.isTitleEdited ? known.title : (title ?? entry.url).slice(0, 200),
    etag: page.etag,
    lastModified: page.lastModified,
  };
  const id =
    known?.id ??
    (
      await deps.db
        .insert(knowledgeSources)
        .values({
          workspaceId: crawl.workspaceId,
          chatbotId: crawl.chatbotId,
          parentId: crawl.id,
          kind: 'url',
          url: entry.url,
          title: patch.title,
        })
        .returning({ id: knowledgeSources.id })
    )[0]!.id;
  // The text is in hand: ingestion chunks it and embeds only chunks it has not seen.
  await ingestSource({ ...deps, extractText: async () => ({ text, patch }) }, id);
  return { status: 'done' as const, note: null };
}

async function enqueue(
  deps: IngestDeps,
  crawl: TKnowledgeSource,
  links: string[],
  depth: number,
  settings: TCrawlSettings,
  force = false,
) {
  const inScope = links.filter((url) => isInScope(url, crawl.url!, settings));
  if (!inScope.length) return;
  const [size] = await deps.db
    .select({ n: count() })
    .from(knowledgeCrawlPages)
    .where(eq(knowledgeCrawlPages.sourceId, crawl.id));
  const room = settings.maxPages * FRONTIER_FACTOR - size!.n;
  const take = force ? inScope : inScope.slice(0, Math.max(0, room));
  if (!take.length) return;
  await deps.db
    .insert(knowledgeCrawlPages)
    .values(take.map((url) => ({ sourceId: crawl.id, url, depth })))
    .onConflictDoNothing();
}

/**
 * A whole-site crawl from one address. The frontier lives in
 * `knowledge_crawl_pages`, so a crawl interrupted by a restart (its job is
 * handed on by the lease sweep) continues with the addresses still queued.
 * Breadth first (by depth), within the settings' scope and limits, honouring
 * robots.txt, one request per host per pace slot, every fetch through the
 * SSRF guard (redirects included). A re-crawl (`isSync`) visits every known
 * address again with conditional requests, imports new pages and removes
 * pages that answer 404/410.
 */
export async function runCrawl(deps: IngestDeps, crawl: TKnowledgeSource, options: { isSync: boolean }) {
  const settings = crawl.crawlSettings;
  if (!settings || !crawl.url) throw new AppError('BAD_REQUEST', 'knowledge:errors.crawlNoStart');
  if (options.isSync)
    await deps.db
      .update(knowledgeCrawlPages)
      .set({ status: 'queued', note: null })
      .where(eq(knowledgeCrawlPages.sourceId, crawl.id));
  await deps.db
    .insert(knowledgeCrawlPages)
    .values({ sourceId: crawl.id, url: crawl.url, depth: 0 })
    .onConflictDoNothing();
  const robots = await robotsFor(deps, crawl.url);

  for (;;) {
    const [visited] = await deps.db
      .select({ n: count() })
      .from(knowledgeCrawlPages)
      .where(and(eq(knowledgeCrawlPages.sourceId, crawl.id), eq(knowledgeCrawlPages.status, 'done')));
    const [next] = await deps.db
      .select({ url: knowledgeCrawlPages.url, depth: knowledgeCrawlPages.depth })
      .from(knowledgeCrawlPages)
      .where(and(eq(knowledgeCrawlPages.sourceId, crawl.id), eq(knowledgeCrawlPages.status, 'queued')))
      .orderBy(asc(knowledgeCrawlPages.depth), asc(knowledgeCrawlPages.foundAt), asc(knowledgeCrawlPages.url))
      .limit(1);
    if (!next) break;
    if (visited!.n >= settings.maxPages) {
      await deps.db
        .update(knowledgeCrawlPages)
        .set({ status: 'skipped', note: `Past the limit of ${settings.maxPages} pages.` })
        .where(and(eq(knowledgeCrawlPages.sourceId, crawl.id), eq(knowledgeCrawlPages.status, 'queued')));
      break;
    }
    if (robots.isDisallowed(next.url, USER_AGENT)) {
      await mark(deps, crawl.id, next.url, 'skipped', 'robots.txt asks crawlers to stay away.');
      continue;
    }
    const outcome = await visit(deps, crawl, next, settings).catch((error: unknown) => {
      deps.log?.warn({ err: error, url: next.url }, 'crawl page failed');
      return {
        status: 'skipped' as const,
        note: error instanceof AppError ? error.message : 'The page could not be read.',
      };
    });
    await mark(deps, crawl.id, next.url, outcome.status, outcome.note);
    await progress(deps, crawl, settings, false);
  }
  await progress(deps, crawl, settings, true);
}
