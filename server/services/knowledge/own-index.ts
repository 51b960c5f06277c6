import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { resultRows, type Db } from '../../../db/client';
import { knowledgeSources } from '../../../db/schema';
import type { Logger } from '../../logger';

/**
 * From this many chunks a chatbot gets an HNSW index of its own. The shared
 * index serves everyone, but a query for one chatbot walks the whole graph's
 * neighbourhoods and drops every other chatbot's rows (pgvector's iterative
 * scan): at 10,000 chunks among 100,000 that is nine rows read for each one
 * kept. A partial index on `chatbot_id = '<id>'` holds only that chatbot's
 * rows, and the planner picks it for that chatbot's queries (retrieval plans
 * each call for its chatbot, migration 0012). Below this size the shared
 * index, or an exact scan of a few hundred rows, is fast enough, and every
 * index is one more graph each new chunk is inserted into.
 */
export const OWN_INDEX_MIN_CHUNKS = 5_000;

/** The index's name: Postgres allows 63 bytes, this is 59. */
export const ownIndexName = (chatbotId: string) => `knowledge_chunks_embedding_${chatbotId.replaceAll('-', '')}`;

/**
 * Gives the chatbot its own vector index once it has enough chunks (see
 * above); true when one was built now. On a shared Postgres the index is
 * built CONCURRENTLY, so the chatbot's (and everyone's) writes go on while
 * it is; a concurrent build that failed leaves an invalid index, which is
 * dropped and built again. The chatbot's deletion drops it (migration 0026).
 */
export async function ensureOwnIndex(
  deps: { db: Db; isSharedDatabase: boolean },
  chatbotId: string,
  options: { minChunks?: number } = {},
): Promise<boolean> {
  // The id goes into DDL as a literal, so it is checked to be exactly a UUID first.
  const id = z.uuid().parse(chatbotId);
  const name = ownIndexName(id);
  const [state] = resultRows<{ chunks: number; valid: boolean | null }>(
    await deps.db.execute(sql`
      select (select count(*)::int from knowledge_chunks where chatbot_id = ${id}) as chunks,
        (select i.indisvalid from pg_index i where i.indexrelid = to_regclass(${name})) as valid`),
  );
  if (!state || state.valid === true || state.chunks < (options.minChunks ?? OWN_INDEX_MIN_CHUNKS)) return false;
  if (state.valid === false) await deps.db.execute(sql.raw(`drop index if exists "${name}"`));
  const concurrently = deps.isSharedDatabase ? 'concurrently ' : '';
  await deps.db.execute(
    sql.raw(
      `create index ${concurrently}if not exists "${name}" on knowledge_chunks ` +
        `using hnsw (embedding vector_cosine_ops) where chatbot_id = '${id}'`,
    ),
  );
  return true;
}

/**
 * After a source's chunks were written: its chatbot's own index, if it has
 * grown into one. Retrieval works without it (on the shared index), so a
 * failure is logged and tried again after the next ingestion.
 */
export async function ensureOwnIndexAfterIngest(
  deps: { db: Db; isSharedDatabase: boolean; log: Logger },
  sourceId: string,
) {
  try {
    const [source] = await deps.db
      .select({ chatbotId: knowledgeSources.chatbotId })
      .from(knowledgeSources)
      .where(eq(knowledgeSources.id, sourceId));
    if (!source) return;
    const started = performance.now();
    if (await ensureOwnIndex(deps, source.chatbotId)) {
      deps.log.info(
        { chatbotId: source.chatbotId, ms: Math.round(performance.now() - started) },
        'built the chatbot its own vector index',
      );
    }
  } catch (err) {
    deps.log.warn({ err, sourceId }, "could not build the chatbot's own vector index; retrieval uses the shared one");
  }
}
