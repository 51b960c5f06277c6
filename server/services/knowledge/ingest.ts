import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeChunks, knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logger';
import { chunkText, countWords, embeddingText, sha256, type ChunkOptions, type TChunk } from './chunking';
import type { Embedder } from './embedder';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Extracts, chunks and embeds one knowledge source, replacing its chunks. */
    'source.ingest': { sourceId: string };
  }
}

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** A source changed status (processing, ready, failed); the sources list updates live from it. */
    'source.updated': {
      workspaceId: string;
      chatbotId: string;
      sourceId: string;
      status: TKnowledgeSource['status'];
      chunkCount: number;
      error: string | null;
    };
  }
}

/** Turns a source into text to chunk. Text sources have it already; files and pages need extracting. */
export type TextExtractor = (source: TKnowledgeSource) => Promise<string>;

export type IngestDeps = {
  db: Db;
  bus: Pick<EventBus, 'publish'>;
  embedder: Embedder;
  /** Defaults to `extractSourceText`, which knows pasted text only. */
  extractText?: TextExtractor;
  chunkOptions?: ChunkOptions;
  log?: Logger;
};

/** Texts per embed call: bounds memory for large sources (the embedder batches requests itself). */
const EMBED_BATCH = 100;
/** Rows per INSERT: one statement per chunk is slow on an HNSW index (in WASM especially); one huge one hits parameter limits. */
const INSERT_BATCH = 200;

/**
 * Pasted text is its own content. File, URL and sitemap sources are
 * extracted elsewhere (not wired yet): until then they fail here, with the
 * generic sentence, rather than pretend to work.
 */
export const extractSourceText: TextExtractor = async (source) => {
  if (source.kind === 'text') return source.content ?? '';
  throw new Error(`No text extractor is wired for ${source.kind} sources yet`);
};

/** FAQ pairs are one chunk each: splitting a question from its answer would make both useless. */
const faqChunks = (source: TKnowledgeSource): TChunk[] => {
  const question = source.title.trim();
  const answer = (source.content ?? '').trim();
  if (!question || !answer) return [];
  const content = `Q: ${question}\nA: ${answer}`;
  return [
    {
      ordinal: 0,
      headingPath: question,
      content,
      contentHash: sha256(embeddingText({ headingPath: question, content })),
      tokenCount: Math.ceil(countWords(content) * 1.3),
    },
  ];
};

/**
 * The `source.ingest` job: chunks a source, embeds what is new (chunks whose
 * hash and model match a stored one keep that embedding) and swaps the
 * source's chunks in one transaction, so retrieval sees either the old set
 * or the new one, never half. Each status change is published as
 * `source.updated`. Failures mark the source failed with a sentence for
 * its owner; unexpected ones are rethrown so the job queue retries (the
 * last retry leaves it failed), while an `AppError` (e.g. no text) is final
 * and not retried.
 */
export async function ingestSource(deps: IngestDeps, sourceId: string): Promise<void> {
  const [source] = await deps.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, sourceId));
  // Deleted before the job ran: nothing to do.
  if (!source) return;

  const setStatus = async (
    on: Db,
    patch: { status: TKnowledgeSource['status']; error?: string | null } & Partial<TKnowledgeSource>,
  ) => {
    const [row] = await on
      .update(knowledgeSources)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, sourceId))
      .returning({ chunkCount: knowledgeSources.chunkCount, error: knowledgeSources.error });
    if (!row) return;
    await deps.bus.publish(
      'source.updated',
      {
        workspaceId: source.workspaceId,
        chatbotId: source.chatbotId,
        sourceId,
        status: patch.status,
        chunkCount: row.chunkCount,
        error: row.error,
      },
      { tx: on },
    );
  };

  await deps.db.transaction((tx) => setStatus(tx as unknown as Db, { status: 'processing', error: null }));

  try {
    let chunks: TChunk[];
    let contentHash: string;
    if (source.kind === 'faq') {
      chunks = faqChunks(source);
      contentHash = sha256(`${source.title}\n${source.content ?? ''}`);
    } else {
      const text = await (deps.extractText ?? extractSourceText)(source);
      chunks = chunkText(text, deps.chunkOptions);
      contentHash = sha256(text);
    }
    if (!chunks.length)
      throw new AppError('BAD_REQUEST', 'This source has no text to learn from. Add some text, then retry it.');

    // Unchanged chunks keep their embedding: re-ingesting an edited document costs only its changed parts.
    const stored = await deps.db
      .select({ contentHash: knowledgeChunks.contentHash, embedding: knowledgeChunks.embedding })
      .from(knowledgeChunks)
      .where(and(eq(knowledgeChunks.sourceId, sourceId), eq(knowledgeChunks.embeddingModel, deps.embedder.model)));
    const known = new Map(stored.map((row) => [row.contentHash, row.embedding]));

    const missing = [...new Map(chunks.filter((c) => !known.has(c.contentHash)).map((c) => [c.contentHash, c]))];
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const vectors = await deps.embedder.embed(
        batch.map(([, chunk]) => embeddingText(chunk)),
        { kind: 'document' },
      );
      batch.forEach(([hash], j) => known.set(hash, vectors[j]!));
    }

    const rows = chunks.map((chunk) => ({
      workspaceId: source.workspaceId,
      chatbotId: source.chatbotId,
      sourceId,
      ordinal: chunk.ordinal,
      headingPath: chunk.headingPath,
      content: chunk.content,
      contentHash: chunk.contentHash,
      tokenCount: chunk.tokenCount,
      embedding: known.get(chunk.contentHash)!,
      embeddingModel: deps.embedder.model,
    }));

    await deps.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      await tx.delete(knowledgeChunks).where(eq(knowledgeChunks.sourceId, sourceId));
      for (let i = 0; i < rows.length; i += INSERT_BATCH)
        await tx.insert(knowledgeChunks).values(rows.slice(i, i + INSERT_BATCH));
      await setStatus(tx, {
        status: 'ready',
        error: null,
        chunkCount: rows.length,
        contentHash,
        processedAt: new Date(),
      });
    });
  } catch (error) {
    const isFinal = error instanceof AppError;
    const message = isFinal
      ? error.message
      : 'Parley could not process this source. It is retried automatically; if it keeps failing, check its content and retry it.';
    deps.log?.warn({ err: error, sourceId }, 'knowledge source failed to ingest');
    await setStatus(deps.db, { status: 'failed', error: message });
    if (!isFinal) throw error;
  }
}
