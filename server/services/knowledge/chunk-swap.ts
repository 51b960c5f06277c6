import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeChunks, type TKnowledgeSource } from '../../../db/schema';
import { embeddingText, type TChunk } from './chunking';
import type { Embedder } from './embedder';

/** Texts per embed call: bounds memory for large sources (the embedder batches requests itself). */
const EMBED_BATCH = 100;
/** Rows per INSERT: one statement per chunk is slow on an HNSW index (in WASM especially); one huge one hits parameter limits. */
const INSERT_BATCH = 200;

type TStored = { id: number; contentHash: string; ordinal: number; embeddingModel: string };

/** What a re-ingestion changed: the figures `knowledge.resync_embeds` reports. */
export type TSwapPlan = {
  /** Stored chunks whose text is still there (kept with their id and vector). */
  keep: Array<{ id: number; chunk: TChunk }>;
  /** New text: embedded, then inserted. */
  add: TChunk[];
  /** Stored chunks whose text is gone. */
  remove: number[];
};

/**
 * Matches the new chunks to the stored ones by content hash (a hash may
 * repeat within a document, so stored ids are handed out once each): a
 * chunk whose text and heading are unchanged keeps its row, id and vector;
 * the rest is new, and stored rows left over are removed. A vector of
 * another embedding model is never kept.
 */
export function planSwap(stored: TStored[], chunks: TChunk[], model: string): TSwapPlan {
  const byHash = new Map<string, TStored[]>();
  for (const row of stored)
    if (row.embeddingModel === model) byHash.set(row.contentHash, [...(byHash.get(row.contentHash) ?? []), row]);
  const keep: TSwapPlan['keep'] = [];
  const add: TChunk[] = [];
  for (const chunk of chunks) {
    const row = byHash.get(chunk.contentHash)?.shift();
    if (row) keep.push({ id: row.id, chunk });
    else add.push(chunk);
  }
  const kept = new Set(keep.map((entry) => entry.id));
  return { keep, add, remove: stored.filter((row) => !kept.has(row.id)).map((row) => row.id) };
}

export const storedChunks = (db: Db, sourceId: string) =>
  db
    .select({
      id: knowledgeChunks.id,
      contentHash: knowledgeChunks.contentHash,
      ordinal: knowledgeChunks.ordinal,
      embeddingModel: knowledgeChunks.embeddingModel,
    })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.sourceId, sourceId));

/** Embeds each distinct new text once; equal hashes mean equal embedder input. */
export async function embedNew(embedder: Embedder, chunks: TChunk[]): Promise<Map<string, number[]>> {
  const vectors = new Map<string, number[]>();
  const distinct = [...new Map(chunks.map((chunk) => [chunk.contentHash, chunk])).values()];
  for (let i = 0; i < distinct.length; i += EMBED_BATCH) {
    const batch = distinct.slice(i, i + EMBED_BATCH);
    const embedded = await embedder.embed(batch.map(embeddingText), { kind: 'document' });
    batch.forEach((chunk, j) => vectors.set(chunk.contentHash, embedded[j]!));
  }
  return vectors;
}

/**
 * Applies a plan inside the caller's transaction, so retrieval sees the old
 * chunks or the new ones and never a moment with neither: gone rows are
 * deleted, kept rows only get their new position, new rows are inserted.
 */
export async function applySwap(
  tx: Db,
  input: {
    source: Pick<TKnowledgeSource, 'id' | 'workspaceId' | 'chatbotId'>;
    plan: TSwapPlan;
    vectors: Map<string, number[]>;
    model: string;
  },
) {
  const { source, plan, vectors, model } = input;
  if (plan.remove.length)
    await tx
      .delete(knowledgeChunks)
      .where(and(eq(knowledgeChunks.sourceId, source.id), inArray(knowledgeChunks.id, plan.remove)));
  const moved = plan.keep;
  if (moved.length)
    // One statement for every kept row: positions shift whenever a paragraph is added above them.
    await tx.execute(sql`
      update knowledge_chunks as c set ordinal = v.ordinal
      from (values ${sql.join(
        moved.map((entry) => sql`(${entry.id}::bigint, ${entry.chunk.ordinal}::int)`),
        sql`, `,
      )}) as v(id, ordinal)
      where c.id = v.id and c.ordinal <> v.ordinal`);
  const rows = plan.add.map((chunk) => ({
    workspaceId: source.workspaceId,
    chatbotId: source.chatbotId,
    sourceId: source.id,
    ordinal: chunk.ordinal,
    headingPath: chunk.headingPath,
    content: chunk.content,
    contentHash: chunk.contentHash,
    tokenCount: chunk.tokenCount,
    embedding: vectors.get(chunk.contentHash)!,
    embeddingModel: model,
  }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await tx.insert(knowledgeChunks).values(rows.slice(i, i + INSERT_BATCH));
}
