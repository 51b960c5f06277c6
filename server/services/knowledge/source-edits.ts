import { eq } from 'drizzle-orm';
import { knowledgeSources, type TKnowledgeSource } from '../../../db/schema';
import type { TEnv } from '../../env';
import { AppError } from '../../errors';
import { queueIngestion, type TChatbotCtx } from '../chatbots/chatbots';
import { recordMemberAudit } from '../audit';
import type { TMemberCtx } from '../workspaces/workspaces';
import { checkedUpload, loadSource, presentSource } from './sources';
import { nextSyncAt, SYNCED_KINDS, type TSyncSettings } from './sync-schedule';

/** One source for its edit page: pasted text carries its text (the list leaves content out). */
export async function getSource(
  ctx: TMemberCtx & { env: Pick<TEnv, 'KNOWLEDGE_SYNC_SHORTEST_SECONDS'> },
  input: { sourceId: string },
) {
  const source = await loadSource(ctx.db, { workspaceId: ctx.workspace.id, sourceId: input.sourceId });
  return {
    ...presentSource(source),
    chatbotId: source.chatbotId,
    text: source.kind === 'text' ? source.content : null,
    /** What "As often as allowed" means on this installation. */
    shortestSyncSeconds: ctx.env.KNOWLEDGE_SYNC_SHORTEST_SECONDS,
  };
}

/** An edit of what a chatbot knows, in the workspace's audit trail with the transaction that made it. */
const auditSource = (tx: TMemberCtx['db'], ctx: TMemberCtx, action: string, source: TKnowledgeSource) =>
  recordMemberAudit(tx, ctx, {
    action,
    target: { type: 'knowledge_source', id: source.id, label: source.title },
    details: { chatbotId: source.chatbotId, kind: source.kind },
  });

/** The sources whose text changes here go back through ingestion, which re-embeds only changed chunks. */
async function updateAndQueue(
  ctx: TChatbotCtx,
  input: {
    sourceId: string;
    action: string;
    check: (source: TKnowledgeSource) => void;
    patch: Partial<TKnowledgeSource>;
  },
) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    input.check(current);
    const [row] = await tx
      .update(knowledgeSources)
      .set({ ...input.patch, status: 'pending', error: null, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    await auditSource(tx, ctx, input.action, row!);
    return row!;
  });
  await queueIngestion(ctx, [source.id]);
  return presentSource(source);
}

/**
 * Pasted text edited in place: same id, so citations and links to it
 * survive; until the new chunks are swapped in, the old ones keep answering.
 */
export const updateTextSource = (ctx: TChatbotCtx, input: { sourceId: string; title: string; content: string }) =>
  updateAndQueue(ctx, {
    sourceId: input.sourceId,
    action: 'knowledge.source_edited',
    check: (source) => {
      if (source.kind !== 'text') throw new AppError('BAD_REQUEST', 'knowledge:errors.onlyTextEditable');
    },
    patch: { title: input.title, content: input.content, isTitleEdited: true },
  });

/** A new version of an uploaded file; its title stays unless it was still the old file's name. */
export async function replaceFileSource(
  ctx: TChatbotCtx,
  input: { sourceId: string; fileName: string; contentBase64: string },
) {
  return updateAndQueue(ctx, {
    sourceId: input.sourceId,
    action: 'knowledge.source_replaced',
    check: (source) => {
      if (source.kind !== 'file') throw new AppError('BAD_REQUEST', 'knowledge:errors.onlyFileReplaceable');
    },
    patch: checkedUpload(input),
  });
}

/**
 * The title is what visitors see in citations (the widget and the
 * playground read it at answer time), so a rename needs no re-ingestion.
 * An FAQ pair's title is its question, part of its text: edit the pair.
 */
export async function renameSource(ctx: TMemberCtx, input: { sourceId: string; title: string }) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    if (current.kind === 'faq') throw new AppError('BAD_REQUEST', 'knowledge:errors.faqTitledByQuestion');
    const [row] = await tx
      .update(knowledgeSources)
      .set({ title: input.title, isTitleEdited: true, updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    await recordMemberAudit(tx, ctx, {
      action: 'knowledge.source_renamed',
      target: { type: 'knowledge_source', id: current.id, label: input.title },
      details: { chatbotId: current.chatbotId, from: current.title },
    });
    return row!;
  });
  return presentSource(source);
}

const assertSynced = (source: TKnowledgeSource) => {
  if (source.parentId) throw new AppError('BAD_REQUEST', 'knowledge:errors.pageSyncsWithParent');
  if (!(SYNCED_KINDS as readonly string[]).includes(source.kind))
    throw new AppError('BAD_REQUEST', 'knowledge:errors.onlySyncedKinds');
};

/** How often a web source is fetched again; the next sync moves to match at once. */
export async function setSyncInterval(
  ctx: TMemberCtx & { sync: TSyncSettings },
  input: { sourceId: string; interval: TKnowledgeSource['syncInterval'] },
) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    assertSynced(current);
    const [row] = await tx
      .update(knowledgeSources)
      .set({
        syncInterval: input.interval,
        nextSyncAt: nextSyncAt({ ...current, syncInterval: input.interval }, ctx.sync),
        updatedAt: new Date(),
      })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    await auditSource(tx, ctx, 'knowledge.sync_interval_changed', row!);
    return row!;
  });
  return presentSource(source);
}

/** "Sync now": queued at once (one waiting sync per source, so pressing twice does not fetch twice). */
export async function syncSourceNow(ctx: TChatbotCtx, input: { sourceId: string }) {
  const source = await ctx.db.transaction(async (tx) => {
    const current = await loadSource(tx, { workspaceId: ctx.workspace.id, sourceId: input.sourceId, forUpdate: true });
    assertSynced(current);
    if (current.status !== 'ready') throw new AppError('PRECONDITION_FAILED', 'knowledge:errors.stillImporting');
    const [row] = await tx
      .update(knowledgeSources)
      .set({ lastSyncResult: 'queued', updatedAt: new Date() })
      .where(eq(knowledgeSources.id, current.id))
      .returning();
    return row!;
  });
  await ctx.jobs.send('source.sync', { sourceId: source.id }, { singletonKey: source.id });
  return presentSource(source);
}
