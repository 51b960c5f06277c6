import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import {
  chatbots,
  conversations,
  messages,
  usageDaily,
  visitors,
  workspaces,
  type TMessage,
  type TStoredRetrieval,
} from '../../../db/schema';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logger';
import { readSettings, type TChatbotSettings } from '../chatbots/settings';
import type { Embedder } from '../knowledge/embedder';
import type { TGapReport } from '../knowledge/gaps';
import { retrieve, type TRetrievedPassage } from '../knowledge/retrieval';
import { resolveCitations } from './citations';
import { confidenceOf } from './confidence';
import { countUsage } from '../conversations/usage';
import { presentMessage } from './events';
import { leakCheck, releasableLength } from './leak-guard';
import { buildPrompt, type TPrompt, type TTurn } from './prompt';
import { NoAnswerError, type TAnswerProvider } from './providers';
import { callWebhook, type TWebhookPayload } from './webhook';

/** Reply when a workspace is past its monthly message limit: the message is kept for the team. */
export const OVER_LIMIT_MESSAGE =
  'Thanks for your message! We can’t reply automatically right now, but the team has your message and will get back to you here.';

/** Messages of history the prompt (and a webhook) may see; the token budget trims further. */
const HISTORY_MESSAGES = 20;
/** Passages retrieved per question. */
const PASSAGES = 6;

export type { TGapReport };

export type TAnswerDeps = {
  db: Db;
  database: Database;
  bus: Pick<EventBus, 'publish'>;
  embedder: Embedder;
  provider: TAnswerProvider;
  log: Logger;
  /** Records a knowledge gap (low confidence, no answer); failures are logged, never fatal. */
  recordGap?: (report: TGapReport) => Promise<unknown>;
  fetch?: typeof fetch;
  webhookTimeoutMs?: number;
  /** Monotonic milliseconds; replaced in tests. */
  now?: () => number;
};

export type TAnswerInput = {
  /** The visitor message to answer. */
  messageId: string;
  /** `now()` when that message arrived: latency and time to first token count from it. */
  receivedAt?: number;
  /** Aborted when a person takes the conversation over. */
  signal?: AbortSignal;
};

type TTurnResult = {
  content: string;
  outcome: NonNullable<TMessage['outcome']>;
  provider: string | null;
  model: string | null;
  passages?: TRetrievedPassage[];
  prompt?: TPrompt;
  tokensIn?: number;
  tokensOut?: number;
  firstTokenAt?: number;
};

const topScoreOf = (passages: TRetrievedPassage[]) =>
  passages.reduce<number | null>(
    (best, p) => (p.vectorScore === null ? best : Math.max(best ?? 0, p.vectorScore)),
    null,
  );

async function loadTurn(db: Db, messageId: string) {
  const [row] = await db
    .select({ message: messages, conversation: conversations, chatbot: chatbots, visitor: visitors })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(chatbots, eq(chatbots.id, conversations.chatbotId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(eq(messages.id, messageId));
  return row;
}

/** Over the limit when this month's visitor messages (this one included) exceed it. */
async function isOverLimit(db: Db, workspaceId: string) {
  const [row] = await db
    .select({
      used: sql<number>`coalesce(sum(${usageDaily.messages}), 0)::int`,
      limit: workspaces.monthlyMessageLimit,
    })
    .from(workspaces)
    .leftJoin(
      usageDaily,
      and(
        eq(usageDaily.workspaceId, workspaces.id),
        sql`${usageDaily.day} >= date_trunc('month', now() at time zone 'utc')::date`,
      ),
    )
    .where(eq(workspaces.id, workspaceId))
    .groupBy(workspaces.monthlyMessageLimit);
  return !!row && row.used > row.limit;
}

/**
 * Answers one visitor message: retrieves, builds the grounded prompt,
 * streams the answer as `answer.delta` events and stores the finished bot
 * message (citations, scores, provider, tokens, latency) in one transaction
 * with its usage and its `message.created` event. Whatever fails on the
 * way, the visitor gets the fallback message, stored like any answer; only
 * a takeover (the signal) ends a turn without a bot message. Returns the
 * stored message, or null when the bot should not answer (a person is
 * handling the conversation, human-only mode, already answered).
 */
export async function answerMessage(deps: TAnswerDeps, input: TAnswerInput): Promise<TMessage | null> {
  const now = deps.now ?? (() => performance.now());
  const receivedAt = input.receivedAt ?? now();
  const signal = input.signal ?? new AbortController().signal;
  const turn = await loadTurn(deps.db, input.messageId);
  if (!turn || turn.message.role !== 'visitor') return null;
  const { message, conversation, chatbot, visitor } = turn;
  const settings = readSettings(chatbot.settings);
  if (conversation.handler === 'human' || conversation.status === 'resolved' || settings.responseMode === 'human')
    return null;
  const [existing] = await deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.replyToId, message.id)))
    .limit(1);
  if (existing) return existing;

  const ref = { workspaceId: conversation.workspaceId, chatbotId: chatbot.id, conversationId: conversation.id };
  const answerId = randomUUID();
  let seq = 0;
  let published = 0;
  let firstTokenAt: number | undefined;
  const publishText = async (text: string) => {
    if (!text) return;
    firstTokenAt ??= now();
    await deps.bus.publish('answer.delta', { ...ref, answerId, replyToId: message.id, seq: seq++, text });
  };

  const history = async (): Promise<(TTurn & { createdAt: Date })[]> => {
    const rows = await deps.db
      .select({ role: messages.role, content: messages.content, createdAt: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), lt(messages.createdAt, message.createdAt)))
      .orderBy(desc(messages.createdAt))
      .limit(HISTORY_MESSAGES);
    return rows
      .reverse()
      .filter((row): row is typeof row & { role: TTurn['role'] } => row.role !== 'system')
      .map((row) => ({ role: row.role, content: row.content, createdAt: row.createdAt }));
  };

  const fallback = (outcome: 'abstained' | 'failed', extra: Partial<TTurnResult> = {}): TTurnResult => ({
    provider: null,
    model: null,
    ...extra,
    content: settings.fallbackMessage,
    outcome,
  });

  const reportGap = (reason: TGapReport['reason'], topScore: number | null) =>
    deps
      .recordGap?.({ ...ref, question: message.content, reason, topScore })
      .catch((err: unknown) => deps.log.warn({ err, messageId: message.id }, 'could not record a knowledge gap'));

  const answerWithAi = async (): Promise<TTurnResult> => {
    const passages = await retrieve(
      { database: deps.database, embedder: deps.embedder },
      { chatbotId: chatbot.id, query: message.content, k: PASSAGES },
    );
    const topScore = topScoreOf(passages);
    const model = deps.provider.name === 'gemini' ? (settings.model ?? deps.provider.model) : deps.provider.model;
    const base = { provider: deps.provider.name, model, passages };
    if (!passages.length || confidenceOf(deps.embedder.model, topScore) < settings.confidenceThreshold) {
      await reportGap(passages.length ? 'low_confidence' : 'no_answer', topScore);
      return fallback('abstained', base);
    }
    const canary = `pcy-${randomBytes(9).toString('base64url')}`;
    const prompt = buildPrompt({
      chatbotName: chatbot.name,
      settings,
      passages,
      history: await history(),
      message: message.content,
      visitorContext: conversation.context,
      canary,
    });

    let text = '';
    let usage = { tokensIn: 0, tokensOut: 0 };
    const leaks = leakCheck({ canary, instructions: prompt.systemInstruction });
    let isLeak = false;
    try {
      for await (const event of deps.provider.generate({
        prompt,
        question: message.content,
        temperature: settings.temperature,
        maxOutputTokens: prompt.budget.answer,
        model: settings.model,
        signal,
      })) {
        if (signal.aborted) throw signal.reason;
        if (event.type === 'usage') {
          usage = event;
          continue;
        }
        text += event.text;
        // Checked before anything new is shown; what is shown stays HOLD_BACK characters behind the model.
        isLeak = leaks(text);
        if (isLeak) break;
        const upTo = releasableLength(text);
        if (upTo <= published) continue;
        await publishText(text.slice(published, upTo));
        published = upTo;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof NoAnswerError) {
        await reportGap('low_confidence', topScore);
        return fallback('abstained', { ...base, prompt });
      }
      deps.log.error({ err: error, messageId: message.id, provider: deps.provider.name }, 'answering failed');
      return fallback('failed', { ...base, prompt, ...usage });
    }
    // The whole answer decides: the held-back tail is shown only if all of it is clean.
    if (isLeak || leaks(text)) {
      deps.log.warn({ messageId: message.id }, 'an answer repeated its instructions; replaced by the fallback');
      return fallback('failed', { ...base, prompt, ...usage });
    }
    if (!text.trim()) return fallback('failed', { ...base, prompt, ...usage });
    await publishText(text.slice(published));
    return { ...base, content: text.trim(), outcome: 'answered', prompt, ...usage };
  };

  const answerWithWebhook = async (): Promise<TTurnResult> => {
    const payload: TWebhookPayload = {
      type: 'message.received',
      chatbot: { id: chatbot.id, name: chatbot.name },
      conversation: { id: conversation.id, channel: conversation.channel, context: conversation.context },
      visitor: { id: visitor.id, name: visitor.name, email: visitor.email },
      message: { id: message.id, content: message.content, createdAt: message.createdAt.toISOString() },
      history: (await history()).map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    };
    const base = { provider: 'webhook', model: null };
    try {
      const reply = await callWebhook(
        {
          url: settings.webhookUrl ?? '',
          secret: chatbot.webhookSecret,
          fetch: deps.fetch,
          timeoutMs: deps.webhookTimeoutMs,
          signal,
        },
        payload,
      );
      await publishText(reply);
      return { ...base, content: reply, outcome: 'answered' };
    } catch (error) {
      if (signal.aborted) throw error;
      deps.log.error({ err: error, messageId: message.id, url: settings.webhookUrl }, 'the chatbot webhook failed');
      return fallback('failed', base);
    }
  };

  let result: TTurnResult;
  try {
    if (await isOverLimit(deps.db, conversation.workspaceId))
      result = { content: OVER_LIMIT_MESSAGE, outcome: 'over_limit', provider: null, model: null };
    else result = settings.responseMode === 'webhook' ? await answerWithWebhook() : await answerWithAi();
  } catch (error) {
    if (signal.aborted) {
      await deps.bus.publish('answer.cancelled', { ...ref, answerId });
      return null;
    }
    deps.log.error({ err: error, messageId: message.id }, 'answering failed');
    result = fallback('failed');
  }
  if (signal.aborted) {
    await deps.bus.publish('answer.cancelled', { ...ref, answerId });
    return null;
  }
  return storeAnswer(deps, {
    answerId,
    ref,
    replyTo: message,
    result,
    settings,
    receivedAt,
    firstTokenAt,
    now,
    embedderModel: deps.embedder.model,
  });
}

async function storeAnswer(
  deps: TAnswerDeps,
  options: {
    answerId: string;
    ref: { workspaceId: string; chatbotId: string; conversationId: string };
    replyTo: TMessage;
    result: TTurnResult;
    settings: TChatbotSettings;
    receivedAt: number;
    firstTokenAt: number | undefined;
    embedderModel: string;
    now: () => number;
  },
) {
  const { result, ref } = options;
  const prompt = result.prompt;
  const { text, citations } =
    result.outcome === 'answered' && prompt
      ? resolveCitations(result.content, prompt.passages)
      : { text: result.content, citations: [] };
  const topScore = result.passages ? topScoreOf(result.passages) : null;
  const retrieval: TStoredRetrieval | null = result.passages
    ? {
        topScore,
        confidence: confidenceOf(options.embedderModel, topScore),
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
      }
    : null;
  const storedAt = options.now();
  // "Always offer" puts a person one click away under every answer; "on low confidence" only where the bot
  // could not answer. ("On request" waits for the visitor to ask; "never" never offers.)
  const policy = options.settings.handoffPolicy;
  const offersHandoff =
    result.outcome !== 'over_limit' &&
    (policy === 'always_offer' || (policy === 'on_low_confidence' && result.outcome !== 'answered'));
  const isAi = result.provider === 'gemini' || result.provider === 'offline';

  try {
    return await deps.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      const [stored] = await tx
        .insert(messages)
        .values({
          id: options.answerId,
          workspaceId: ref.workspaceId,
          conversationId: ref.conversationId,
          role: 'bot',
          content: text,
          replyToId: options.replyTo.id,
          outcome: result.outcome,
          citations: options.settings.showSources ? citations : [],
          retrieval,
          provider: result.provider,
          model: result.model,
          tokensIn: result.tokensIn ?? null,
          tokensOut: result.tokensOut ?? null,
          firstTokenMs: options.firstTokenAt === undefined ? null : options.firstTokenAt - options.receivedAt,
          latencyMs: storedAt - options.receivedAt,
          offersHandoff,
        })
        .returning();
      await tx
        .update(conversations)
        .set({ lastMessageAt: stored!.createdAt })
        .where(eq(conversations.id, ref.conversationId));
      if (isAi)
        await countUsage(tx, {
          workspaceId: ref.workspaceId,
          chatbotId: ref.chatbotId,
          aiAnswers: 1,
          tokensIn: result.tokensIn ?? 0,
          tokensOut: result.tokensOut ?? 0,
        });
      await deps.bus.publish('message.created', { ...ref, message: presentMessage(stored!) }, { tx });
      return stored!;
    });
  } catch (error) {
    // Answered twice at once (a recovery sweep racing the live turn): the other one is stored.
    const [other] = await deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, ref.conversationId), eq(messages.replyToId, options.replyTo.id)))
      .orderBy(asc(messages.createdAt))
      .limit(1);
    if (other) return other;
    throw error;
  }
}
