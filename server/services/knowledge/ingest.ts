import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeChunks, knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import { chunkText, countWords, embeddingText, sha256, type ChunkOptions, type TChunk } from './chunking';
import type { Embedder } from './embedder';
import { detectFileType } from './extract';
import { fetchPage, type TFetchOptions } from './fetch-page';
import { sharedDocumentParser, type DocumentParser } from './parse-pool';
import { MAX_SITEMAP_PAGES, readSitemap } from './sitemap';

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

/** A source's text, and what else extraction learned (a page's title; the upload's bytes can go). */
export type TExtraction = { text: string; patch?: Partial<TKnowledgeSource> };

/** Turns a source into text to chunk. Text sources have it already; files and pages need extracting. */
export type TextExtractor = (
  source: TKnowledgeSource,
  options: { fetch?: TFetchOptions; parser: DocumentParser },
) => Promise<TExtraction>;

export type IngestDeps = {
  db: Db;
  bus: Pick<EventBus, 'publish'>;
  embedder: Embedder;
  /** Defaults to `extractSourceText`. */
  extractText?: TextExtractor;
  /** Where files and pages are read and long texts chunked, off the main thread; defaults to a shared one. */
  parser?: DocumentParser;
  /** How pages are fetched (the SSRF guard's settings); from KNOWLEDGE_ALLOW_PRIVATE_URLS in the app. */
  fetch?: TFetchOptions;
  /** Queues the pages of a sitemap; only sitemap sources need it. */
  jobs?: Pick<JobQueue, 'send'>;
  chunkOptions?: ChunkOptions;
  log?: Logger;
};

/** Texts per embed call: bounds memory for large sources (the embedder batches requests itself). */
const EMBED_BATCH = 100;
/** Rows per INSERT: one statement per chunk is slow on an HNSW index (in WASM especially); one huge one hits parameter limits. */
const INSERT_BATCH = 200;
/**
 * Texts up to this long are chunked on the main thread (a few milliseconds;
 * a worker round trip would cost more); longer ones (a pasted text can be
 * 200,000 characters, an extracted file 10 million) in a parsing worker.
 */
const INLINE_CHUNK_CHARS = 50_000;

/**
 * Pasted text is its own content. An upload is extracted from its stored
 * bytes, which are cleared once its text is saved (a processed file
 * re-ingests from `content`). A page is fetched again on every ingestion,
 * so a retry picks up a fixed page, and takes its title from the page.
 */
export const extractSourceText: TextExtractor = async (source, options) => {
  if (source.kind === 'file') {
    if (!source.fileData) return { text: source.content ?? '' };
    const file = { fileName: source.fileName ?? source.title, bytes: source.fileData, mimeType: source.mimeType };
    // Detected again, so a stored file is never trusted blindly.
    const { text } = await options.parser.extract(detectFileType(file), file.bytes);
    return { text, patch: { content: text, fileData: null } };
  }
  if (source.kind === 'url') {
    if (!source.url) throw new AppError('BAD_REQUEST', 'This source has no address to fetch.');
    const page = await fetchPage(source.url, options.fetch);
    if (page.kind === 'xml')
      throw new AppError(
        'BAD_REQUEST',
        'That address is an XML file, not a page; add it as a sitemap to import its pages.',
      );
    const { text, title } = await options.parser.extract(page.kind, page.body, page.charset);
    return {
      text,
      patch: { content: text, mimeType: page.contentType || null, title: (title ?? source.title).slice(0, 200) },
    };
  }
  return { text: source.content ?? '' };
};

const NO_TEXT: Record<TKnowledgeSource['kind'], string> = {
  text: 'This source has no text to learn from. Add some text, then retry it.',
  faq: 'This source has no text to learn from. Add some text, then retry it.',
  file: 'The file has no text to learn from.',
  url: 'The page has no readable text (is its content drawn by JavaScript?).',
  sitemap: 'The sitemap has no pages.',
};

type TSetStatus = (
  on: Db,
  patch: { status: TKnowledgeSource['status']; error?: string | null } & Partial<TKnowledgeSource>,
) => Promise<void>;

/** Sets a source's status and announces it (`source.updated`) with the same transaction. */
async function writeStatus(
  bus: Pick<EventBus, 'publish'>,
  on: Db,
  sourceId: string,
  patch: Parameters<TSetStatus>[1],
  onlyFrom?: TKnowledgeSource['status'][],
) {
  const [row] = await on
    .update(knowledgeSources)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(knowledgeSources.id, sourceId), onlyFrom ? inArray(knowledgeSources.status, onlyFrom) : undefined))
    .returning({
      workspaceId: knowledgeSources.workspaceId,
      chatbotId: knowledgeSources.chatbotId,
      chunkCount: knowledgeSources.chunkCount,
      error: knowledgeSources.error,
    });
  if (!row) return;
  await bus.publish('source.updated', { ...row, sourceId, status: patch.status }, { tx: on });
}

const INTERRUPTED =
  'Parley was interrupted several times while processing this source. Check its content, then retry it.';

/**
 * The process ingesting a source stopped mid-way and its job was handed on
 * (`onAbandoned` of the `source.ingest` queue, inside the requeueing
 * transaction): the source says it is being retried, or, past its
 * retries, that it failed. A source that got further meanwhile is left be.
 */
export async function markIngestInterrupted(
  deps: Pick<IngestDeps, 'bus'>,
  tx: Db,
  input: { sourceId: string; willRetry: boolean },
) {
  const patch = input.willRetry
    ? { status: 'retrying' as const, error: null }
    : { status: 'failed' as const, error: INTERRUPTED };
  await writeStatus(deps.bus, tx, input.sourceId, patch, ['pending', 'processing', 'retrying']);
}

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
 * last retry leaves it failed), while an `AppError` (e.g. no text, or a
 * document past one of the parsing limits) is final and not retried.
 */
export async function ingestSource(deps: IngestDeps, sourceId: string): Promise<void> {
  const [source] = await deps.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, sourceId));
  // Deleted before the job ran: nothing to do.
  if (!source) return;

  const setStatus: TSetStatus = (on, patch) => writeStatus(deps.bus, on, sourceId, patch);

  await deps.db.transaction((tx) => setStatus(tx, { status: 'processing', error: null }));

  try {
    if (source.kind === 'sitemap') {
      await expandSitemap(deps, source, setStatus);
      return;
    }
    let chunks: TChunk[];
    let contentHash: string;
    let patch: Partial<TKnowledgeSource> = {};
    if (source.kind === 'faq') {
      chunks = faqChunks(source);
      contentHash = sha256(`${source.title}\n${source.content ?? ''}`);
    } else {
      const parser = deps.parser ?? sharedDocumentParser();
      const extraction = await (deps.extractText ?? extractSourceText)(source, { fetch: deps.fetch, parser });
      chunks =
        extraction.text.length > INLINE_CHUNK_CHARS
          ? await parser.chunk(extraction.text, deps.chunkOptions)
          : chunkText(extraction.text, deps.chunkOptions);
      contentHash = sha256(extraction.text);
      patch = extraction.patch ?? {};
    }
    if (!chunks.length) throw new AppError('BAD_REQUEST', NO_TEXT[source.kind]);

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

    await deps.db.transaction(async (tx) => {
      await tx.delete(knowledgeChunks).where(eq(knowledgeChunks.sourceId, sourceId));
      for (let i = 0; i < rows.length; i += INSERT_BATCH)
        await tx.insert(knowledgeChunks).values(rows.slice(i, i + INSERT_BATCH));
      await setStatus(tx, {
        ...patch,
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

/**
 * A sitemap source becomes the parent of one `url` source per page (each
 * ingested by its own job, so one slow or broken page holds up nothing
 * else and shows its own error). The parent has no chunks: it is ready once
 * its pages exist and are queued, and its `content` starts with a line
 * saying what was imported, followed by the page addresses.
 *
 * Pages already among the chatbot's sources are not added twice. The pages
 * are inserted together with the parent's status in one transaction, then
 * every page of this sitemap still pending is queued — so if the job runs
 * again after a crash between the two, the pages are queued then.
 */
async function expandSitemap(deps: IngestDeps, source: TKnowledgeSource, setStatus: TSetStatus) {
  if (!deps.jobs) throw new Error('ingestSource needs a job queue to import a sitemap');
  if (!source.url) throw new AppError('BAD_REQUEST', 'This sitemap has no address to fetch.');
  const sitemap = await readSitemap(source.url, deps.fetch);

  await deps.db.transaction(async (tx) => {
    const existing = await tx
      .select({ url: knowledgeSources.url })
      .from(knowledgeSources)
      .where(and(eq(knowledgeSources.chatbotId, source.chatbotId), inArray(knowledgeSources.url, sitemap.pages)));
    const known = new Set(existing.map((row) => row.url));
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
    const notes = [
      sitemap.capped
        ? `The sitemap lists more than ${MAX_SITEMAP_PAGES} pages; Parley imports the first ${MAX_SITEMAP_PAGES}.`
        : `The sitemap lists ${sitemap.pages.length} ${sitemap.pages.length === 1 ? 'page' : 'pages'}.`,
      known.size ? `${known.size} of them were already sources of this chatbot.` : '',
      sitemap.otherSites ? `${sitemap.otherSites} on other sites were left out.` : '',
    ];
    const content = [notes.filter(Boolean).join(' '), '', ...sitemap.pages].join('\n');
    await setStatus(tx, {
      status: 'ready',
      error: null,
      chunkCount: 0,
      content,
      contentHash: sha256(content),
      processedAt: new Date(),
    });
  });

  const pending = await deps.db
    .select({ id: knowledgeSources.id })
    .from(knowledgeSources)
    .where(and(eq(knowledgeSources.parentId, source.id), eq(knowledgeSources.status, 'pending')));
  for (const page of pending) await deps.jobs.send('source.ingest', { sourceId: page.id });
}
