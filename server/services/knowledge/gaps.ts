import { and, cosineDistance, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeGapQuestions, knowledgeGaps, knowledgeSources, type TKnowledgeGap } from '../../../db/schema';
import { AppError } from '../../errors';
import { afterCommit } from '../../jobs/after-commit';
import { loadChatbot, type TChatbotCtx } from '../chatbots/chatbots';
import type { TMemberCtx } from '../workspaces/workspaces';
import { offlineEmbedder, type Embedder } from './embedder';
import { createFaqSource } from './sources';

export const GAP_NOT_FOUND = 'knowledge:errors.gapNotFound';

export type TGapStatus = TKnowledgeGap['status'];
export type TGapReason = (typeof knowledgeGapQuestions.$inferInsert)['reason'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How close (cosine distance) a new question must be to an open gap's first
 * wording to count as the same gap. Per embedder, because distances mean
 * different things per model. The offline embedder is lexical: rewordings
 * that keep the key words ("How do I return my shoes?" / "return shoes I
 * bought") measure ≤ 0.35, while different questions sharing one word ("ship
 * to Canada" / "a store in Canada") measure ≥ 0.40 (gaps.test.ts holds both
 * sets). Merging two different questions is worse than splitting one (an
 * answer would close a gap it does not answer), so synonyms the embedder
 * cannot see ("ship" / "deliver") stay apart. Gemini puts paraphrases above
 * 0.85 similarity and related-but-different questions near 0.7, hence 0.15.
 */
const MAX_DISTANCE: Record<string, number> = { [offlineEmbedder.model]: 0.375 };
const DEFAULT_MAX_DISTANCE = 0.15;
export const gapDistanceFor = (model: string) => MAX_DISTANCE[model] ?? DEFAULT_MAX_DISTANCE;

/** Visitors can paste anything; kept to an FAQ question's length, so "Answer this" can use it as it is. */
const MAX_QUESTION_CHARS = 300;

export type TGapReport = {
  workspaceId: string;
  chatbotId: string;
  question: string;
  reason: TGapReason;
  /** The best retrieval score when it was asked; null when unknown (a thumbs-down). */
  topScore: number | null;
};

export type TGapDeps = { db: Db; embedder: Embedder };

/**
 * Records a question the knowledge did not answer well (the answering
 * service calls it for low-confidence answers, no answer, and thumbs-down).
 * Similar questions land on the nearest open gap of the same chatbot, which
 * counts them; otherwise a new gap opens. Only gaps embedded by the current
 * model are compared (vectors of different models are not comparable; the
 * re-embedding job brings older ones over). The per-chatbot advisory lock
 * makes find-or-create atomic: two processes recording the same new question
 * at once make one gap with count 2, not two gaps.
 */
export async function recordGap(deps: TGapDeps, report: TGapReport) {
  const question = report.question.trim().replace(/\s+/g, ' ').slice(0, MAX_QUESTION_CHARS);
  if (!question) return null;
  // Embedded before the transaction: a call to a remote model must not hold the lock.
  const [embedding] = await deps.embedder.embed([question], { kind: 'query' });
  const model = deps.embedder.model;

  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`knowledge_gaps:${report.chatbotId}`}, 0))`);
    // The chatbot must belong to the workspace the report names (a mismatch would file it under the wrong tenant).
    const chatbot = await loadChatbot(tx, { workspaceId: report.workspaceId, chatbotId: report.chatbotId });

    const distance = cosineDistance(knowledgeGaps.embedding, embedding!);
    const [nearest] = await tx
      .select({ id: knowledgeGaps.id, distance })
      .from(knowledgeGaps)
      .where(
        and(
          eq(knowledgeGaps.chatbotId, chatbot.id),
          eq(knowledgeGaps.status, 'open'),
          eq(knowledgeGaps.embeddingModel, model),
        ),
      )
      .orderBy(distance)
      .limit(1);

    const now = new Date();
    let gapId: string;
    const isNew = !nearest || Number(nearest.distance) > gapDistanceFor(model);
    if (isNew) {
      const [gap] = await tx
        .insert(knowledgeGaps)
        .values({
          workspaceId: chatbot.workspaceId,
          chatbotId: chatbot.id,
          question,
          embedding: embedding!,
          embeddingModel: model,
          firstAskedAt: now,
          lastAskedAt: now,
        })
        .returning({ id: knowledgeGaps.id });
      gapId = gap!.id;
    } else {
      gapId = nearest.id;
      await tx
        .update(knowledgeGaps)
        .set({ count: sql`${knowledgeGaps.count} + 1`, lastAskedAt: now })
        .where(eq(knowledgeGaps.id, gapId));
    }
    await tx
      .insert(knowledgeGapQuestions)
      .values({ gapId, question, reason: report.reason, topScore: report.topScore, askedAt: now });
    return { gapId, isNew };
  });
}

/** Wordings shown per gap: enough to see how people ask, without loading every one. */
const WORDINGS = 3;
/** Gaps per page: the long tail of one-off questions matters less than the top. */
const LIST_LIMIT = 200;

export type TGapView = {
  id: string;
  question: string;
  status: TGapStatus;
  count: number;
  firstAskedAt: Date;
  lastAskedAt: Date;
  /** Distinct recent wordings, newest first (the gap's own question among them when recent). */
  wordings: { question: string; reason: TGapReason; askedAt: Date }[];
  /** The FAQ pair that answered it, while it exists. */
  resolvedSource: { id: string; title: string; status: string } | null;
};

/**
 * A chatbot's gaps in one status, the most asked first (then the most
 * recent), with a few recent wordings each and how many gaps each status has.
 */
export async function listGaps(ctx: TMemberCtx, input: { chatbotId: string; status: TGapStatus }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  const inChatbot = and(eq(knowledgeGaps.workspaceId, ctx.workspace.id), eq(knowledgeGaps.chatbotId, chatbot.id));

  const rows = await ctx.db
    .select({
      gap: knowledgeGaps,
      sourceId: knowledgeSources.id,
      sourceTitle: knowledgeSources.title,
      sourceStatus: knowledgeSources.status,
    })
    .from(knowledgeGaps)
    .leftJoin(knowledgeSources, eq(knowledgeSources.id, knowledgeGaps.resolvedSourceId))
    .where(and(inChatbot, eq(knowledgeGaps.status, input.status)))
    .orderBy(desc(knowledgeGaps.count), desc(knowledgeGaps.lastAskedAt), desc(knowledgeGaps.id))
    .limit(LIST_LIMIT);

  const statusCounts = await ctx.db
    .select({ status: knowledgeGaps.status, n: count() })
    .from(knowledgeGaps)
    .where(inChatbot)
    .groupBy(knowledgeGaps.status);
  const counts: Record<TGapStatus, number> = { open: 0, resolved: 0, dismissed: 0 };
  for (const row of statusCounts) counts[row.status] = row.n;

  const wordings = new Map<string, TGapView['wordings']>();
  if (rows.length) {
    // The newest few per gap (over-fetched, since repeats of one wording are folded below).
    const ranked = ctx.db
      .select({
        gapId: knowledgeGapQuestions.gapId,
        question: knowledgeGapQuestions.question,
        reason: knowledgeGapQuestions.reason,
        askedAt: knowledgeGapQuestions.askedAt,
        n: sql<number>`row_number() over (partition by ${knowledgeGapQuestions.gapId} order by ${knowledgeGapQuestions.askedAt} desc, ${knowledgeGapQuestions.id})`.as(
          'n',
        ),
      })
      .from(knowledgeGapQuestions)
      .where(
        inArray(
          knowledgeGapQuestions.gapId,
          rows.map((row) => row.gap.id),
        ),
      )
      .as('ranked');
    const recent = await ctx.db
      .select()
      .from(ranked)
      .where(lte(ranked.n, WORDINGS * 4))
      .orderBy(ranked.gapId, ranked.n);
    for (const row of recent) {
      const list = wordings.get(row.gapId) ?? [];
      const key = row.question.toLowerCase();
      if (list.length < WORDINGS && !list.some((w) => w.question.toLowerCase() === key))
        list.push({ question: row.question, reason: row.reason, askedAt: row.askedAt });
      wordings.set(row.gapId, list);
    }
  }

  const gaps = rows.map(({ gap, sourceId, sourceTitle, sourceStatus }): TGapView => ({
    id: gap.id,
    question: gap.question,
    status: gap.status,
    count: gap.count,
    firstAskedAt: gap.firstAskedAt,
    lastAskedAt: gap.lastAskedAt,
    wordings: wordings.get(gap.id) ?? [],
    resolvedSource: sourceId ? { id: sourceId, title: sourceTitle!, status: sourceStatus! } : null,
  }));
  return { gaps, counts };
}

const loadGap = async (db: Db, { workspaceId, gapId }: { workspaceId: string; gapId: string }) => {
  // Checked by hand so a malformed id answers like one from another workspace (and never reaches Postgres).
  if (!UUID.test(gapId)) throw new AppError('NOT_FOUND', GAP_NOT_FOUND);
  const [gap] = await db
    .select()
    .from(knowledgeGaps)
    .where(and(eq(knowledgeGaps.id, gapId), eq(knowledgeGaps.workspaceId, workspaceId)))
    .for('update');
  if (!gap) throw new AppError('NOT_FOUND', GAP_NOT_FOUND);
  return gap;
};

const presentGap = (gap: TKnowledgeGap) => ({
  id: gap.id,
  chatbotId: gap.chatbotId,
  question: gap.question,
  status: gap.status,
  count: gap.count,
  resolvedSourceId: gap.resolvedSourceId,
});

/**
 * "Answer this": writes the FAQ pair (the gap's question unless reworded)
 * and marks the gap resolved by it, in one transaction, so a failure leaves
 * neither a pair without its resolved gap nor the reverse. The pair is queued
 * for ingestion right after the commit, like any new FAQ pair.
 */
export async function answerGap(ctx: TChatbotCtx, input: { gapId: string; question?: string; answer: string }) {
  const deferred = afterCommit(ctx.jobs);
  const result = await ctx.db.transaction(async (tx) => {
    const gap = await loadGap(tx, { workspaceId: ctx.workspace.id, gapId: input.gapId });
    if (gap.status === 'resolved') throw new AppError('PRECONDITION_FAILED', 'knowledge:errors.gapAlreadyAnswered');
    // createFaqSource opens a savepoint inside this transaction and checks the chatbot belongs to the workspace.
    const source = await createFaqSource(
      { ...ctx, db: tx, jobs: deferred.jobs },
      { chatbotId: gap.chatbotId, question: input.question ?? gap.question, answer: input.answer },
    );
    const [row] = await tx
      .update(knowledgeGaps)
      .set({ status: 'resolved', resolvedSourceId: source.id, closedAt: new Date() })
      .where(eq(knowledgeGaps.id, gap.id))
      .returning();
    return { gap: presentGap(row!), source };
  });
  await deferred.flush();
  return result;
}

const setStatus = async (
  ctx: TMemberCtx,
  input: { gapId: string },
  rule: { from: TGapStatus[]; to: TGapStatus; refusal: string },
) =>
  ctx.db.transaction(async (tx) => {
    const gap = await loadGap(tx, { workspaceId: ctx.workspace.id, gapId: input.gapId });
    if (!rule.from.includes(gap.status)) throw new AppError('PRECONDITION_FAILED', rule.refusal);
    const [row] = await tx
      .update(knowledgeGaps)
      // An open gap has no answer; the FAQ pair itself stays (it is a source like any other).
      .set({
        status: rule.to,
        closedAt: rule.to === 'open' ? null : new Date(),
        ...(rule.to === 'open' ? { resolvedSourceId: null } : {}),
      })
      .where(eq(knowledgeGaps.id, gap.id))
      .returning();
    return presentGap(row!);
  });

/** Not worth answering (spam, off-topic): out of the open list, kept for the record. */
export const dismissGap = (ctx: TMemberCtx, input: { gapId: string }) =>
  setStatus(ctx, input, { from: ['open'], to: 'dismissed', refusal: 'knowledge:errors.gapOnlyOpenDismissed' });

/** Back to the open list: dismissed by mistake, or answered and still asked. */
export const reopenGap = (ctx: TMemberCtx, input: { gapId: string }) =>
  setStatus(ctx, input, {
    from: ['dismissed', 'resolved'],
    to: 'open',
    refusal: 'knowledge:errors.gapAlreadyOpen',
  });

/** Answered by a change to the knowledge (an edited text, a synced page) rather than a new FAQ pair. */
export const resolveGap = (ctx: TMemberCtx, input: { gapId: string }) =>
  setStatus(ctx, input, { from: ['open'], to: 'resolved', refusal: 'knowledge:errors.gapOnlyOpenResolved' });
