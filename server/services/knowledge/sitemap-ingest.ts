import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import type { TMessage } from '../../../shared/i18n/server';
import { AppError } from '../../errors';
import { sha256 } from './chunking';
import type { IngestDeps, TSetStatus } from './ingest';
import { MAX_SITEMAP_PAGES, readSitemap } from './sitemap';
import { storeMessage } from './stored-message';

/**
 * A sitemap source becomes the parent of one `url` source per page (each
 * ingested by its own job, so one slow or broken page holds up nothing
 * else and shows its own error). The parent has no chunks: it is ready once
 * its pages exist and are queued, and its `content` starts with a line
 * saying what was imported, followed by the page addresses.
 *
 * Pages already among the chatbot's sources are not added twice. On a sync,
 * pages the sitemap no longer lists are removed (their chunks with them, in
 * the same transaction) and every page still listed is synced on its own
 * (a conditional request: unchanged pages cost one 304). The pages are
 * inserted together with the parent's status in one transaction, then every
 * page of this sitemap still pending is queued — so if the job runs again
 * after a crash between the two, the pages are queued then.
 */
export async function expandSitemap(deps: IngestDeps, source: TKnowledgeSource, setStatus: TSetStatus) {
  if (!deps.jobs) throw new Error('ingestSource needs a job queue to import a sitemap');
  if (!source.url) throw new AppError('BAD_REQUEST', 'knowledge:errors.sitemap.noAddress');
  const sitemap = await readSitemap(source.url, deps.fetch);
  // An empty list is more likely a broken sitemap than a site with no pages: keep what is there.
  if (!sitemap.pages.length) throw new AppError('BAD_REQUEST', 'knowledge:errors.noText.sitemap');

  const removed = await deps.db.transaction(async (tx) => {
    const gone = await tx
      .delete(knowledgeSources)
      .where(and(eq(knowledgeSources.parentId, source.id), notInArray(knowledgeSources.url, sitemap.pages)))
      .returning({ id: knowledgeSources.id });
    const existing = await tx
      .select({ url: knowledgeSources.url, parentId: knowledgeSources.parentId })
      .from(knowledgeSources)
      .where(and(eq(knowledgeSources.chatbotId, source.chatbotId), inArray(knowledgeSources.url, sitemap.pages)));
    const known = new Set(existing.map((row) => row.url));
    const elsewhere = existing.filter((row) => row.parentId !== source.id).length;
    const fresh = sitemap.pages.filter((url) => !known.has(url));
    if (fresh.length)
      await tx.insert(knowledgeSources).values(
        fresh.map((url) => ({
          workspaceId: source.workspaceId,
          chatbotId: source.chatbotId,
          parentId: source.id,
          kind: 'url' as const,
          title: url.slice(0, 200),
          url,
        })),
      );
    // Stored as keys (see stored-message.ts): the note is read later, in the reader's language.
    const notes: TMessage[] = [
      sitemap.capped
        ? { key: 'knowledge:notes.sitemapCapped', values: { maximum: MAX_SITEMAP_PAGES } }
        : { key: 'knowledge:notes.sitemapPages', values: { count: sitemap.pages.length } },
      ...(elsewhere ? [{ key: 'knowledge:notes.alreadySources', values: { count: elsewhere } }] : []),
      ...(sitemap.otherSites ? [{ key: 'knowledge:notes.otherSites', values: { count: sitemap.otherSites } }] : []),
    ];
    const content = [storeMessage(notes), '', ...sitemap.pages].join('\n');
    await setStatus(tx, {
      status: 'ready',
      error: null,
      chunkCount: 0,
      content,
      contentHash: sha256(content),
      processedAt: new Date(),
    });
    return gone.length;
  });

  const pages = await deps.db
    .select({ id: knowledgeSources.id, status: knowledgeSources.status })
    .from(knowledgeSources)
    .where(eq(knowledgeSources.parentId, source.id));
  for (const page of pages) {
    if (page.status === 'pending') await deps.jobs.send('source.ingest', { sourceId: page.id });
    else if (page.status === 'ready' || page.status === 'failed')
      await deps.jobs.send('source.sync', { sourceId: page.id }, { singletonKey: page.id });
  }
  return { removed };
}
