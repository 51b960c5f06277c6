import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { answersTotal, firstTokenSeconds, messagesTotal } from '../../metrics';
import { conversations, messages, type TMessage, type TStoredRetrieval } from '../../../db/schema';
import { presentStoredMessage } from '../conversations/message-view';
import { countUsage } from '../conversations/usage';
import { resolveCitations } from './citations';
import { confidenceOf, topScoreOf } from './confidence';
import type { AnswerTurn, TTurnResult } from './turn';

/** The bot's reply to a visitor message, if one is stored (there is at most one). */
export async function storedReply(db: Db, replyTo: Pick<TMessage, 'id' | 'conversationId'>) {
  const [reply] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, replyTo.conversationId), eq(messages.replyToId, replyTo.id)))
    .orderBy(asc(messages.createdAt))
    .limit(1);
  return reply;
}

const retrievalOf = (result: TTurnResult, embedderModel: string): TStoredRetrieval | null => {
  if (!result.passages) return null;
  const { prompt } = result;
  const topScore = topScoreOf(result.passages);
  return {
    topScore,
    confidence: confidenceOf(embedderModel, topScore),
    passages: result.passages.map((p, i) => ({
      ref: prompt?.passages[i]?.ref ?? `S${i + 1}`,
      chunkId: p.chunkId,
      sourceId: p.sourceId,
      title: p.sourceTitle,
      headingPath: p.headingPath,
      vectorScore: p.vectorScore,
      textScore: p.textScore,
      rrfScore: p.rrfScore,
    })),
    budget: prompt ? { ...prompt.budget } : null,
  };
};

/**
 * Stores the finished bot message (citations, scores, provider, tokens,
 * latency) in one transaction with its usage and its `message.created`
 * event, which replaces the streamed pieces on every client.
 */
export async function storeAnswer(turn: AnswerTurn, result: TTurnResult) {
  const { deps, ref, settings } = turn;
  const { text, citations } =
    result.outcome === 'answered' && result.prompt
      ? resolveCitations(result.content, result.prompt.passages)
      : { text: result.content, citations: [] };
  const retrieval = retrievalOf(result, deps.embedder.model);
  const storedAt = turn.now();
  const { firstShownAt } = turn.stream;
  // "Always offer" puts a person one click away under every answer; "on low confidence" only where the bot
  // could not answer. ("On request" waits for the visitor to ask; "never" never offers.) Past the workspace's
  // limit the bot cannot answer at all, so a person is offered whatever the policy.
  const policy = settings.handoffPolicy;
  const offersHandoff =
    result.outcome === 'over_limit' ||
    policy === 'always_offer' ||
    (policy === 'on_low_confidence' && result.outcome !== 'answered');
  const isAi = result.provider === 'gemini' || result.provider === 'offline';

  try {
    const stored = await deps.db.transaction(async (tx) => {
      const [stored] = await tx
        .insert(messages)
        .values({
          id: turn.answerId,
          workspaceId: ref.workspaceId,
          conversationId: ref.conversationId,
          role: 'bot',
          content: text,
          replyToId: turn.message.id,
          outcome: result.outcome,
          citations: settings.showSources ? citations : [],
          retrieval,
          provider: result.provider,
          model: result.model,
          tokensIn: result.tokensIn ?? null,
          tokensOut: result.tokensOut ?? null,
          firstTokenMs: firstShownAt === undefined ? null : firstShownAt - turn.receivedAt,
          latencyMs: storedAt - turn.receivedAt,
          offersHandoff,
        })
        .returning();
      await tx
        .update(conversations)
        .set({ lastMessageAt: stored!.createdAt })
        .where(eq(conversations.id, ref.conversationId));
      if (isAi && !turn.conversation.isTest)
        await countUsage(tx, {
          workspaceId: ref.workspaceId,
          chatbotId: ref.chatbotId,
          aiAnswers: 1,
          provider: result.provider,
          tokensIn: result.tokensIn ?? 0,
          tokensOut: result.tokensOut ?? 0,
        });
      await deps.bus.publish(
        'message.created',
        {
          ...ref,
          message: presentStoredMessage(stored!, { chatbotName: turn.chatbot.name, operatorName: null }),
        },
        { tx },
      );
      return stored!;
    });
    const provider = result.provider ?? 'none';
    messagesTotal.inc({ direction: 'out', role: 'bot' });
    answersTotal.inc({ provider, outcome: result.outcome });
    if (stored.firstTokenMs !== null) firstTokenSeconds.observe({ provider }, stored.firstTokenMs / 1000);
    return stored;
  } catch (error) {
    // Answered twice at once (a recovery sweep racing the live turn): the other one is stored.
    const other = await storedReply(deps.db, turn.message);
    if (other) return other;
    throw error;
  }
}
