import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import type { TEnv } from '../../env';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import { loadChatbot, queueIngestion, type TChatbotCtx } from '../chatbots/chatbots';
import type { TMemberCtx } from '../workspaces';
import { embedderFor } from './embedder';
import { retrieve } from './retrieval';

export const SOURCE_NOT_FOUND = "We couldn't find that source.";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the sources list shows: never the content or file bytes, which can be large. */
const listColumns = {
  id: knowledgeSources.id,
  kind: knowledgeSources.kind,
  title: knowledgeSources.title,
  status: knowledgeSources.status,
  error: knowledgeSources.error,
  url: knowledgeSources.url,
  chunkCount: knowledgeSources.chunkCount,
  parentId: knowledgeSources.parentId,
  createdAt: knowledgeSources.createdAt,
  updatedAt: knowledgeSources.updatedAt,
  processedAt: knowledgeSources.processedAt,
};

export type TSourceView = {
  [K in keyof typeof listColumns]: TKnowledgeSource[K];
};

const present = (source: TKnowledgeSource): TSourceView => ({
  id: source.id,
  kind: source.kind,
  title: source.title,
  status: source.status,
  error: source.error,
  url: source.url,
  chunkCount: source.chunkCount,
  parentId: source.parentId,
  createdAt: source.createdAt,
  updatedAt: source.updatedAt,
  processedAt: source.processedAt,
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
    .select(listColumns)
    .from(knowledgeSources)
    .where(and(eq(knowledgeSources.workspaceId, ctx.workspace.id), eq(knowledgeSources.chatbotId, chatbot.id)))
    .orderBy(desc(knowledgeSources.createdAt), desc(knowledgeSources.id));
}

const insertSource = async (
  ctx: TChatbotCtx,
  input: { chatbotId: string; kind: 'text' | 'faq'; title: string; content: string },
) => {
  const source = await ctx.db.transaction(async (tx) => {
    const chatbot = await loadChatbot(tx, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
    const [row] = await tx
      .insert(knowledgeSources)
      .values({
        workspaceId: ctx.workspace.id,
        chatbotId: chatbot.id,
        kind: input.kind,
        title: input.title,
        content: input.content,
      })
      .returning();
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return present(source);
};

export const createTextSource = (ctx: TChatbotCtx, input: { chatbotId: string; title: string; content: string }) =>
  insertSource(ctx, { ...input, kind: 'text' });

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
    if (current.kind !== 'faq') throw new AppError('BAD_REQUEST', 'Only FAQ pairs can be edited here.');
    const [row] = await tx
      .update(knowledgeSources)
      .set({ title: input.question, content: input.answer, status: 'pending', error: null, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return present(source);
}

/** Chunks (and a sitemap's pages) go with it through ON DELETE CASCADE. */
export async function deleteSource(ctx: TMemberCtx, input: { sourceId: string }) {
  const source = await loadSource(ctx.db, { workspaceId: ctx.workspace.id, sourceId: input.sourceId });
  await ctx.db
    .delete(knowledgeSources)
    .where(and(eq(knowledgeSources.id, source.id), eq(knowledgeSources.workspaceId, ctx.workspace.id)));
  return { id: source.id };
}

/** Only failed sources: retrying one that is queued or running would ingest it twice for nothing. */
export async function retrySource(ctx: TChatbotCtx, input: { sourceId: string }) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    if (current.status !== 'failed')
      throw new AppError('PRECONDITION_FAILED', 'Only a source that failed can be retried.');
    const [row] = await tx
      .update(knowledgeSources)
      .set({ status: 'pending', error: null, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return present(source);
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
 * the page refetches `source.list`, which already reflects every earlier
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
