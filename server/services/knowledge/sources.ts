import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import { knowledgeSources, type TCrawlSettings, type TKnowledgeSource } from '../../../db/schema';
import type { TEnv } from '../../env';
import { translatorFor, type TMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';
import { AppError } from '../../errors';
import { recordMemberAudit } from '../audit';
import type { EventBus } from '../../events/bus';
import { loadChatbot, queueIngestion, type TChatbotCtx } from '../chatbots/chatbots';
import { assertRoomForKnowledge } from '../usage/enforce';
import type { TMemberCtx } from '../workspaces/workspaces';
import { embedderFor } from './embedder';
import { MIME_TYPES, validateUpload } from './extract';
import { parsePublicUrl } from './fetch-page';
import { retrieve } from './retrieval';

export const SOURCE_NOT_FOUND = 'knowledge:errors.sourceNotFound';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the sources list shows: never the content or file bytes, which can be large. */
const listColumns = {
  id: knowledgeSources.id,
  kind: knowledgeSources.kind,
  title: knowledgeSources.title,
  status: knowledgeSources.status,
  error: knowledgeSources.error,
  url: knowledgeSources.url,
  fileName: knowledgeSources.fileName,
  sizeBytes: knowledgeSources.sizeBytes,
  chunkCount: knowledgeSources.chunkCount,
  parentId: knowledgeSources.parentId,
  createdAt: knowledgeSources.createdAt,
  updatedAt: knowledgeSources.updatedAt,
  processedAt: knowledgeSources.processedAt,
  syncInterval: knowledgeSources.syncInterval,
  lastSyncedAt: knowledgeSources.lastSyncedAt,
  lastSyncResult: knowledgeSources.lastSyncResult,
  syncError: knowledgeSources.syncError,
  nextSyncAt: knowledgeSources.nextSyncAt,
};

/** A sitemap's or crawl's import summary (a stored message, see stored-message.ts): the first line of its content. */
const sitemapNote = (content: string | null) => content?.split('\n', 1)[0] || null;

export type TSourceView = {
  [K in keyof typeof listColumns]: TKnowledgeSource[K];
} & {
  /** Sitemaps only, once expanded: how many pages were imported, and whether the list was capped. */
  note: string | null;
  /** FAQ pairs only: the answer (their content), which the FAQ editor shows and edits in place. */
  answer: string | null;
};

export const presentSource = (source: TKnowledgeSource): TSourceView => ({
  id: source.id,
  kind: source.kind,
  title: source.title,
  status: source.status,
  error: source.error,
  url: source.url,
  fileName: source.fileName,
  sizeBytes: source.sizeBytes,
  chunkCount: source.chunkCount,
  parentId: source.parentId,
  createdAt: source.createdAt,
  updatedAt: source.updatedAt,
  processedAt: source.processedAt,
  syncInterval: source.syncInterval,
  lastSyncedAt: source.lastSyncedAt,
  lastSyncResult: source.lastSyncResult,
  syncError: source.syncError,
  nextSyncAt: source.nextSyncAt,
  note: source.kind === 'sitemap' || source.kind === 'crawl' ? sitemapNote(source.content) : null,
  answer: source.kind === 'faq' ? source.content : null,
});

/**
 * Every source lookup filters by the caller's workspace: an id from another
 * workspace answers exactly like one that does not exist.
 */
export const loadSource = async (
  db: TMemberCtx['db'],
  { workspaceId, sourceId, forUpdate = false }: { workspaceId: string; sourceId: string; forUpdate?: boolean },
) => {
  // Checked by hand so a malformed id never reaches Postgres (which would answer with a cast error).
  if (!UUID.test(sourceId)) throw new AppError('NOT_FOUND', SOURCE_NOT_FOUND);
  const query = db
    .select()
    .from(knowledgeSources)
    .where(and(eq(knowledgeSources.id, sourceId), eq(knowledgeSources.workspaceId, workspaceId)));
  const [source] = forUpdate ? await query.for('update') : await query;
  if (!source) throw new AppError('NOT_FOUND', SOURCE_NOT_FOUND);
  return source;
};

/** Top-level sources and sitemap pages alike, newest first; the page nests children by `parentId`. */
export async function listSources(ctx: TMemberCtx, input: { chatbotId: string }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  return ctx.db
    .select({
      ...listColumns,
      // Only the first line, computed in SQL: a sitemap's content also lists up to 200 addresses.
      note: sql<
        string | null
      >`case when ${knowledgeSources.kind} in ('sitemap', 'crawl') then nullif(split_part(${knowledgeSources.content}, chr(10), 1), '') end`,
      // FAQ answers are short (≤ 5,000 characters); documents' content stays out of the list.
      answer: sql<string | null>`case when ${knowledgeSources.kind} = 'faq' then ${knowledgeSources.content} end`,
    })
    .from(knowledgeSources)
    .where(and(eq(knowledgeSources.workspaceId, ctx.workspace.id), eq(knowledgeSources.chatbotId, chatbot.id)))
    .orderBy(desc(knowledgeSources.createdAt), desc(knowledgeSources.id));
}

type TNewSource = Pick<TKnowledgeSource, 'kind' | 'title'> &
  Partial<
    Pick<TKnowledgeSource, 'content' | 'url' | 'fileName' | 'mimeType' | 'sizeBytes' | 'fileData' | 'crawlSettings'>
  >;

const fieldError = (field: string, message: TMessage) => new AppError('BAD_REQUEST', message, { [field]: [message] });

const insertSource = async (ctx: TChatbotCtx, input: { chatbotId: string } & TNewSource) => {
  const { chatbotId, ...values } = input;
  const source = await ctx.db.transaction(async (tx) => {
    const chatbot = await loadChatbot(tx, { workspaceId: ctx.workspace.id, chatbotId });
    await assertRoomForKnowledge(tx, ctx.workspace.id, values.sizeBytes ?? Buffer.byteLength(values.content ?? ''));
    // One source per address and kind: a second copy would only double the same passages in answers.
    if (values.url) {
      const [duplicate] = await tx
        .select({ id: knowledgeSources.id })
        .from(knowledgeSources)
        .where(
          and(
            eq(knowledgeSources.chatbotId, chatbot.id),
            eq(knowledgeSources.kind, values.kind),
            eq(knowledgeSources.url, values.url),
          ),
        )
        .limit(1);
      if (duplicate)
        throw fieldError(
          'url',
          values.kind === 'sitemap' ? 'knowledge:errors.sitemapDuplicate' : 'knowledge:errors.pageDuplicate',
        );
    }
    const [row] = await tx
      .insert(knowledgeSources)
      .values({ workspaceId: ctx.workspace.id, chatbotId: chatbot.id, ...values })
      .returning();
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return presentSource(source);
};

export const createTextSource = (ctx: TChatbotCtx, input: { chatbotId: string; title: string; content: string }) =>
  insertSource(ctx, { ...input, kind: 'text' });

/** An upload's columns, checked at once (size, type from its bytes and name) and answered as a field error. */
export function checkedUpload(input: { fileName: string; contentBase64: string }) {
  const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
  try {
    const type = validateUpload({ fileName: input.fileName, bytes });
    return { fileName: input.fileName, mimeType: MIME_TYPES[type], sizeBytes: bytes.length, fileData: bytes };
  } catch (error) {
    if (error instanceof AppError) throw fieldError('contentBase64', error.key);
    throw error;
  }
}

/** "warranty-terms_2024.md" → "Warranty terms 2024": visitors see the title in citations, not a file name. */
export const titleFromFileName = (fileName: string) => {
  const base = fileName
    .replace(/\.[a-z0-9]+$/i, '')
    .replace(/[-_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (base ? base.charAt(0).toUpperCase() + base.slice(1) : fileName).slice(0, 200);
};

/**
 * An uploaded file: checked at once (size, type from its bytes and name) so
 * a bad file never becomes a source; its bytes are kept only until the
 * ingestion job has extracted its text.
 */
export async function createFileSource(
  ctx: TChatbotCtx,
  input: { chatbotId: string; fileName: string; contentBase64: string },
) {
  return insertSource(ctx, {
    chatbotId: input.chatbotId,
    kind: 'file',
    title: titleFromFileName(input.fileName),
    ...checkedUpload(input),
  });
}

/** The settings of the SSRF guard a source's address is checked against. */
export type TFetchEnv = Pick<TEnv, 'KNOWLEDGE_ALLOW_PRIVATE_URLS' | 'UNSAFE_KNOWLEDGE_FETCH_EXEMPT'>;
/** `locale`: the language of the request, which the title of a new sitemap or crawl is written in. */
export type TWebSourceCtx = TChatbotCtx & { env: TFetchEnv; locale?: TAppLanguage };

/** A source's web address as people type it; `checkedSourceUrl` then checks it as the fetcher will. */
export const ZSourceUrl = z
  .string({ error: 'knowledge:validation.urlRequired' })
  .trim()
  .min(1, 'knowledge:validation.urlRequired')
  .max(2000, 'knowledge:validation.urlTooLong');

/**
 * The address checked as the fetcher will (http(s) only, no credentials, no
 * private hosts), answered as a field error. Every way a source URL gets in
 * — a new page, a sitemap, an imported chatbot — goes through this one check,
 * so a stored source URL is always one the app may show as a link.
 */
export const checkedSourceUrl = (env: TFetchEnv, options: { raw: string; field: string }) => {
  try {
    return parsePublicUrl(options.raw, {
      allowPrivate: env.KNOWLEDGE_ALLOW_PRIVATE_URLS,
      exemptAddresses: env.UNSAFE_KNOWLEDGE_FETCH_EXEMPT,
    }).toString();
  } catch (error) {
    if (error instanceof AppError) throw fieldError(options.field, error.key);
    throw error;
  }
};

const checkedUrl = (ctx: TWebSourceCtx, raw: string) => checkedSourceUrl(ctx.env, { raw, field: 'url' });

/** One web page; the ingestion job fetches it (through the SSRF guard) and names it after its `<title>`. */
export async function createUrlSource(ctx: TWebSourceCtx, input: { chatbotId: string; url: string }) {
  const url = checkedUrl(ctx, input.url);
  return insertSource(ctx, { chatbotId: input.chatbotId, kind: 'url', title: url.slice(0, 200), url });
}

/** A sitemap; its ingestion job adds its pages as sources under it (see `expandSitemap` in ingest.ts). */
export async function createSitemapSource(ctx: TWebSourceCtx, input: { chatbotId: string; url: string }) {
  const url = checkedUrl(ctx, input.url);
  const t = translatorFor(ctx.locale ?? 'en');
  const title = t('knowledge:titles.sitemap', { host: new URL(url).hostname }).slice(0, 200);
  return insertSource(ctx, { chatbotId: input.chatbotId, kind: 'sitemap', title, url });
}

/** A whole site from one address; the crawl job (`crawl.ts`) adds its pages as sources under it. */
export async function createCrawlSource(
  ctx: TWebSourceCtx,
  input: { chatbotId: string; url: string } & Partial<TCrawlSettings>,
) {
  const url = checkedUrl(ctx, input.url);
  const start = new URL(url);
  const pathPrefix = input.pathPrefix?.trim() || '/';
  if (!start.pathname.startsWith(pathPrefix))
    throw fieldError('pathPrefix', { key: 'knowledge:errors.startOutsidePrefix', values: { prefix: pathPrefix } });
  const settings: TCrawlSettings = {
    pathPrefix,
    include: input.include ?? [],
    exclude: input.exclude ?? [],
    maxPages: input.maxPages ?? 100,
    maxDepth: input.maxDepth ?? 5,
  };
  const t = translatorFor(ctx.locale ?? 'en');
  const title = t('knowledge:titles.crawl', { site: `${start.host}${pathPrefix === '/' ? '' : pathPrefix}` }).slice(
    0,
    200,
  );
  return insertSource(ctx, { chatbotId: input.chatbotId, kind: 'crawl', title, url, crawlSettings: settings });
}

/** An FAQ pair is a source whose title is the question and whose content is the answer. */
export const createFaqSource = (ctx: TChatbotCtx, input: { chatbotId: string; question: string; answer: string }) =>
  insertSource(ctx, { chatbotId: input.chatbotId, kind: 'faq', title: input.question, content: input.answer });

/**
 * Edits a pair in place (same id, so links to it and its history survive)
 * and re-ingests it; ingestion reuses the embedding of any chunk whose
 * text did not change, so fixing a typo in one pair is cheap.
 */
export async function updateFaqSource(ctx: TChatbotCtx, input: { sourceId: string; question: string; answer: string }) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    if (current.kind !== 'faq') throw new AppError('BAD_REQUEST', 'knowledge:errors.onlyFaqEditable');
    const [row] = await tx
      .update(knowledgeSources)
      .set({ title: input.question, content: input.answer, status: 'pending', error: null, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return presentSource(source);
}

/** Chunks (and a sitemap's pages) go with it through ON DELETE CASCADE. */
export async function deleteSource(ctx: TMemberCtx, input: { sourceId: string }) {
  return ctx.db.transaction(async (tx) => {
    const source = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId });
    await tx
      .delete(knowledgeSources)
      .where(and(eq(knowledgeSources.id, source.id), eq(knowledgeSources.workspaceId, ctx.workspace.id)));
    await recordMemberAudit(tx, ctx, {
      action: 'knowledge.source_deleted',
      target: { type: 'knowledge_source', id: source.id, label: source.title },
      details: { chatbotId: source.chatbotId, kind: source.kind, url: source.url },
    });
    return { id: source.id };
  });
}

/** Only failed sources: retrying one that is queued or running would ingest it twice for nothing. */
export async function retrySource(ctx: TChatbotCtx, input: { sourceId: string }) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    if (current.status !== 'failed') throw new AppError('PRECONDITION_FAILED', 'knowledge:errors.onlyFailedRetry');
    const [row] = await tx
      .update(knowledgeSources)
      .set({ status: 'pending', error: null, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return presentSource(source);
}

export type TSearchCtx = TMemberCtx & {
  database: Database;
  env: Pick<TEnv, 'GEMINI_API_KEY' | 'GEMINI_EMBEDDING_MODEL'>;
};

/** The retrieval tester: exactly what answering would retrieve for this question. */
export async function searchSources(ctx: TSearchCtx, input: { chatbotId: string; query: string; k: number }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  const passages = await retrieve(
    { database: ctx.database, embedder: embedderFor(ctx.env) },
    { chatbotId: chatbot.id, query: input.query, k: input.k },
  );
  return { passages };
}

/**
 * Live status of one chatbot's sources. It listens before returning, so no
 * event published after the call is lost; it replays nothing: on (re)connect
 * the page refetches `knowledge.source.list`, which already reflects every earlier
 * event, so `lastEventId` is only accepted for the client's bookkeeping.
 */
export async function watchSources(
  ctx: TMemberCtx & { bus: Pick<EventBus, 'subscribe'> },
  input: { chatbotId: string; signal?: AbortSignal },
) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  return ctx.bus.subscribe(['source.updated'], {
    signal: input.signal,
    filter: (event) => event.payload.workspaceId === ctx.workspace.id && event.payload.chatbotId === chatbot.id,
  });
}
