import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import { applySwap, embedNew, planSwap, storedChunks } from './chunk-swap';
import { chunkText, countWords, embeddingText, sha256, type ChunkOptions, type TChunk } from './chunking';
import type { Embedder } from './embedder';
import { detectFileType } from './extract';
import { fetchPageIfChanged, type TFetchOptions, type TValidators } from './fetch-page';
import { PageGoneError } from './fetch-page';
import type { HostPace } from './host-pace';
import { sharedDocumentParser, type DocumentParser } from './parse-pool';
import { expandSitemap } from './sitemap-ingest';
import { readStoredMessage, storeMessage } from './stored-message';
import { nextSyncAt, type TSyncSettings } from './sync-schedule';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Extracts, chunks and embeds one knowledge source, replacing its chunks. */
    'source.ingest': { sourceId: string };
    /** Fetches a web source again (conditional request) and re-ingests only what changed. */
    'source.sync': { sourceId: string };
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
      /** Set by syncs: "unchanged", "updated", "failed" (`error` then says why; the last good content stays), "removed". */
      syncResult?: string | null;
    };
  }
}

/**
 * A source's text, and what else extraction learned (a page's title and
 * validators; the upload's bytes can go) — or, for a conditional fetch,
 * that the page did not change.
 */
export type TExtraction =
  | { text: string; patch?: Partial<TKnowledgeSource>; isNotModified?: false }
  | { isNotModified: true; patch?: Partial<TKnowledgeSource> };

/** Turns a source into text to chunk. Text sources have it already; files and pages need extracting. */
export type TextExtractor = (
  source: TKnowledgeSource,
  options: { fetch?: TFetchOptions; parser: DocumentParser; validators?: TValidators },
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
  /** Waits for this process's turn at a host before a page is fetched (politeness). */
  pace?: HostPace;
  /** The installation's shortest sync interval; a sync sets the next one from it. */
  sync?: TSyncSettings;
  /** Runs a whole-site crawl (crawl sources only); see `crawl.ts`. */
  crawl?: (source: TKnowledgeSource, options: { isSync: boolean }) => Promise<void>;
};

/**
 * Texts up to this long are chunked on the main thread (a few milliseconds;
 * a worker round trip would cost more); longer ones (a pasted text can be
 * 200,000 characters, an extracted file 10 million) in a parsing worker.
 */
const INLINE_CHUNK_CHARS = 50_000;

/** What one ingestion did: `knowledge.resync_embeds` and the tests read it. */
export type TIngestOutcome = {
  result: 'updated' | 'unchanged' | 'failed' | 'removed' | 'skipped';
  embedded: number;
  kept: number;
  removed: number;
};

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
    if (!source.url) throw new AppError('BAD_REQUEST', 'knowledge:errors.noAddress');
    const page = await fetchPageIfChanged(source.url, options.validators ?? {}, options.fetch);
    if ('isNotModified' in page) return { isNotModified: true };
    if (page.kind === 'xml') throw new AppError('BAD_REQUEST', 'knowledge:errors.xmlNotPage');
    const { text, title } = await options.parser.extract(page.kind, page.body, page.charset);
    return {
      text,
      patch: {
        content: text,
        mimeType: page.contentType || null,
        // A title the owner gave is what visitors see; the page's own only replaces the address.
        title: source.isTitleEdited ? source.title : (title ?? source.title).slice(0, 200),
        etag: page.etag,
        lastModified: page.lastModified,
      },
    };
  }
  return { text: source.content ?? '' };
};

const NO_TEXT: Record<TKnowledgeSource['kind'], string> = {
  text: 'knowledge:errors.noText.text',
  faq: 'knowledge:errors.noText.text',
  file: 'knowledge:errors.noText.file',
  url: 'knowledge:errors.noText.url',
  sitemap: 'knowledge:errors.noText.sitemap',
  crawl: 'knowledge:errors.noText.crawl',
};

export type TSetStatus = (
  on: Db,
  patch: { status: TKnowledgeSource['status']; error?: string | null } & Partial<TKnowledgeSource>,
) => Promise<void>;

/** Sets a source's status and announces it (`source.updated`) with the same transaction. */
export async function writeStatus(
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
      syncError: knowledgeSources.syncError,
      syncResult: knowledgeSources.lastSyncResult,
    });
  if (!row) return;
  const { syncError, ...payload } = row;
  // Stored as keys; the event (and the webhooks sent from it) carries the English text.
  const error = readStoredMessage('en', payload.error ?? syncError);
  await bus.publish('source.updated', { ...payload, error, sourceId, status: patch.status }, { tx: on });
}

/** What a source shows (stored as a key, see stored-message.ts) when its process kept stopping. */
const INTERRUPTED = 'knowledge:errors.interrupted';

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
export const faqChunks = (source: TKnowledgeSource): TChunk[] => {
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

const FAILED_UNEXPECTEDLY = 'knowledge:errors.failedUnexpectedly';

/**
 * The `source.ingest` and `source.sync` jobs: chunks a source, embeds only
 * chunks whose text is new (by content hash; unchanged chunks keep their row,
 * id and vector, see `chunk-swap.ts`) and swaps them in one transaction, so
 * retrieval sees the old set or the new one, never half and never none.
 *
 * A sync (`isSync`) of a source that has good content sends the last
 * validators (a 304 ends it), skips a page whose text hash is unchanged, and
 * on failure keeps the last good content and status, recording the error as
 * `syncError`; a page of a sitemap or crawl that answers 404/410 is removed.
 * Otherwise failures mark the source failed with a message for its owner (stored as a key);
 * unexpected ones are rethrown so the job queue retries, while an `AppError`
 * is final. Each outcome is published as `source.updated`.
 */
export async function ingestSource(
  deps: IngestDeps,
  sourceId: string,
  options: { isSync?: boolean } = {},
): Promise<TIngestOutcome> {
  const none = { embedded: 0, kept: 0, removed: 0 };
  const [source] = await deps.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, sourceId));
  // Deleted before the job ran: nothing to do.
  if (!source) return { result: 'skipped', ...none };
  const isSync = Boolean(options.isSync) && source.status === 'ready';
  const setStatus: TSetStatus = (on, patch) => writeStatus(deps.bus, on, sourceId, patch);
  const syncPatch = (result: string, syncError: string | null = null) => ({
    lastSyncedAt: new Date(),
    lastSyncResult: result,
    syncError,
    ...(source.parentId ? {} : { nextSyncAt: nextSyncAt(source, deps.sync) }),
  });

  if (!isSync) await deps.db.transaction((tx) => setStatus(tx, { status: 'processing', error: null }));

  try {
    if (source.kind === 'sitemap') {
      await expandSitemap(deps, source, (on, patch) => setStatus(on, { ...patch, ...syncPatch('updated') }));
      return { result: 'updated', ...none };
    }
    if (source.kind === 'crawl') {
      if (!deps.crawl) throw new Error('ingestSource needs a crawler to crawl a site');
      await deps.crawl(source, { isSync });
      return { result: 'updated', ...none };
    }
    let chunks: TChunk[];
    let contentHash: string;
    let patch: Partial<TKnowledgeSource> = {};
    if (source.kind === 'faq') {
      chunks = faqChunks(source);
      contentHash = sha256(`${source.title}\n${source.content ?? ''}`);
    } else {
      const parser = deps.parser ?? sharedDocumentParser();
      if (source.kind === 'url' && source.url) await deps.pace?.(source.url);
      const validators = isSync ? { etag: source.etag, lastModified: source.lastModified } : undefined;
      const extraction = await (deps.extractText ?? extractSourceText)(source, {
        fetch: deps.fetch,
        parser,
        validators,
      });
      if (extraction.isNotModified) {
        await deps.db.transaction((tx) => setStatus(tx, { status: 'ready', ...syncPatch('unchanged') }));
        return { result: 'unchanged', ...none };
      }
      patch = extraction.patch ?? {};
      contentHash = sha256(extraction.text);
      if (isSync && contentHash === source.contentHash) {
        await deps.db.transaction((tx) => setStatus(tx, { ...patch, status: 'ready', ...syncPatch('unchanged') }));
        return { result: 'unchanged', ...none };
      }
      chunks =
        extraction.text.length > INLINE_CHUNK_CHARS
          ? await parser.chunk(extraction.text, deps.chunkOptions)
          : chunkText(extraction.text, deps.chunkOptions);
    }
    if (!chunks.length) throw new AppError('BAD_REQUEST', NO_TEXT[source.kind]);

    const plan = planSwap(await storedChunks(deps.db, sourceId), chunks, deps.embedder.model);
    const vectors = await embedNew(deps.embedder, plan.add);
    await deps.db.transaction(async (tx) => {
      await applySwap(tx, { source, plan, vectors, model: deps.embedder.model });
      await setStatus(tx, {
        ...patch,
        ...(source.kind === 'url' || isSync ? syncPatch('updated') : {}),
        status: 'ready',
        error: null,
        chunkCount: chunks.length,
        contentHash,
        processedAt: new Date(),
      });
    });
    return { result: 'updated', embedded: vectors.size, kept: plan.keep.length, removed: plan.remove.length };
  } catch (error) {
    const isFinal = error instanceof AppError;
    // Stored as a key (with its values): whoever opens the sources list reads it in their language.
    const message = storeMessage(isFinal ? error.key : FAILED_UNEXPECTEDLY);
    deps.log?.warn({ err: error, sourceId, isSync }, 'knowledge source failed to ingest');
    if (isSync && error instanceof PageGoneError && source.parentId) {
      await removeGonePage(deps, source);
      return { result: 'removed', ...none };
    }
    if (isSync) {
      // The last good content keeps answering; the next sync tries again.
      await deps.db.transaction((tx) => setStatus(tx, { status: 'ready', ...syncPatch('failed', message) }));
      return { result: 'failed', ...none };
    }
    await setStatus(deps.db, { status: 'failed', error: message });
    if (!isFinal) throw error;
    return { result: 'failed', ...none };
  }
}

/** A page of a sitemap or crawl that is gone from the site leaves the knowledge with its chunks. */
async function removeGonePage(deps: IngestDeps, source: TKnowledgeSource) {
  await deps.db.transaction(async (tx) => {
    await tx.delete(knowledgeSources).where(eq(knowledgeSources.id, source.id));
    await deps.bus.publish(
      'source.updated',
      {
        workspaceId: source.workspaceId,
        chatbotId: source.chatbotId,
        sourceId: source.id,
        status: 'ready',
        chunkCount: 0,
        error: null,
        syncResult: 'removed',
      },
      { tx },
    );
  });
}
