import { and, asc, eq, inArray, isNull, lte, ne, notInArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import type { JobQueue } from '../../jobs/queue';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Every minute: queues a `source.sync` for each web source whose next sync is due. */
    'knowledge.sync-due': Record<string, never>;
  }
}

/** The installation's setting (KNOWLEDGE_SYNC_SHORTEST_SECONDS): no source syncs more often. */
export type TSyncSettings = { shortestSeconds: number };

export const DEFAULT_SYNC: TSyncSettings = { shortestSeconds: 3600 };

const NAMED_SECONDS = { hourly: 3600, daily: 86_400, weekly: 604_800 } as const;

/** Web sources that sync on a schedule: their pages follow them. */
export const SYNCED_KINDS = ['url', 'sitemap', 'crawl'] as const satisfies Array<TKnowledgeSource['kind']>;

/** Seconds between syncs, never below the installation's shortest; null when off. */
export function intervalSeconds(interval: TKnowledgeSource['syncInterval'], settings: TSyncSettings = DEFAULT_SYNC) {
  if (interval === 'off') return null;
  if (interval === 'shortest') return settings.shortestSeconds;
  return Math.max(NAMED_SECONDS[interval], settings.shortestSeconds);
}

/**
 * When a source syncs next: its interval from now, moved by up to a tenth
 * either way, so sources added together (or a whole installation after a
 * restart) do not all fetch in the same minute. Null for pages of a sitemap
 * or crawl (their parent syncs them) and for sources that do not sync.
 */
export function nextSyncAt(
  source: Pick<TKnowledgeSource, 'kind' | 'parentId' | 'syncInterval'>,
  settings: TSyncSettings = DEFAULT_SYNC,
  now = Date.now(),
) {
  if (source.parentId || !(SYNCED_KINDS as readonly string[]).includes(source.kind)) return null;
  const seconds = intervalSeconds(source.syncInterval, settings);
  if (seconds === null) return null;
  const jitter = (Math.random() * 2 - 1) * 0.1 * seconds;
  return new Date(now + (seconds + jitter) * 1000);
}

/** Syncs claimed per sweep; more wait for the next minute (the queue's workers pace them anyway). */
const SWEEP_BATCH = 200;

/**
 * The `knowledge.sync-due` sweep: claims due sources by moving their next
 * sync on (so a second sweep, or a second process, does not queue them
 * again) and queues one `source.sync` each, at most one waiting per source.
 * Sources still being ingested wait for the next sweep.
 */
export async function queueDueSyncs(deps: { db: Db; jobs: Pick<JobQueue, 'send'>; sync?: TSyncSettings }) {
  const now = new Date();
  const due = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(knowledgeSources)
      .where(
        and(
          lte(knowledgeSources.nextSyncAt, now),
          isNull(knowledgeSources.parentId),
          inArray(knowledgeSources.kind, SYNCED_KINDS),
          ne(knowledgeSources.syncInterval, 'off'),
          notInArray(knowledgeSources.status, ['pending', 'processing', 'retrying']),
        ),
      )
      .orderBy(asc(knowledgeSources.nextSyncAt))
      .limit(SWEEP_BATCH)
      .for('update', { skipLocked: true });
    for (const row of rows)
      await tx
        .update(knowledgeSources)
        .set({ nextSyncAt: nextSyncAt(row, deps.sync) })
        .where(eq(knowledgeSources.id, row.id));
    return rows;
  });
  for (const source of due) await deps.jobs.send('source.sync', { sourceId: source.id }, { singletonKey: source.id });
  return due.length;
}
