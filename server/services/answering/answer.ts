import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import { chatbots, conversations, messages, visitors, type TMessage } from '../../../db/schema';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logger';
import { readSettings } from '../chatbots/settings';
import { answeringState } from '../usage/enforce';
import type { Embedder } from '../knowledge/embedder';
import type { TGapReport } from '../knowledge/gaps';
import { answerWithAi } from './ai-answer';
import type { TAnswerProvider } from './providers';
import { storeAnswer, storedReply } from './store';
import { AnswerTurn, type TTurnResult } from './turn';
import { botSays } from './bot-language';
import { answerWithWebhook } from './webhook-answer';

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

/**
 * The answer of the chatbot's strategy (AI or webhook); past the workspace's monthly message or token
 * limit, the chatbot's own fallback message with the offer of a person (the team still gets the message).
 */
async function answerTurn(turn: AnswerTurn): Promise<TTurnResult> {
  const state = await answeringState(turn.deps.db, turn.conversation.workspaceId);
  // What a suspended workspace's chatbots answer: polite, and no promise the team can keep meanwhile.
  if (state.isSuspended) {
    return { content: botSays(turn.language, 'bot:unavailable'), outcome: 'unavailable', provider: null, model: null };
  }
  if (state.isOverLimit) return { ...turn.fallback('abstained'), outcome: 'over_limit' };
  return turn.settings.responseMode === 'webhook' ? answerWithWebhook(turn) : answerWithAi(turn);
}

/**
 * Answers one visitor message: streams the answer as `answer.delta` events
 * and stores the finished bot message with its usage and `message.created`
 * event. Whatever fails on the way, the visitor gets the fallback message,
 * stored like any answer; only a takeover (the signal) ends a turn without
 * a bot message. Returns the stored message, or null when the bot should
 * not answer (a person is handling the conversation, human-only mode,
 * already answered).
 */
export async function answerMessage(deps: TAnswerDeps, input: TAnswerInput): Promise<TMessage | null> {
  const now = deps.now ?? (() => performance.now());
  const receivedAt = input.receivedAt ?? now();
  const row = await loadTurn(deps.db, input.messageId);
  if (!row || row.message.role !== 'visitor') return null;
  const settings = readSettings(row.chatbot.settings);
  if (
    row.conversation.handler === 'human' ||
    row.conversation.status === 'resolved' ||
    settings.responseMode === 'human'
  )
    return null;
  const existing = await storedReply(deps.db, row.message);
  if (existing) return existing;

  const signal = input.signal ?? new AbortController().signal;
  const turn = new AnswerTurn({ deps, ...row, settings, signal, receivedAt, now });
  let result: TTurnResult | undefined;
  try {
    result = await answerTurn(turn);
  } catch (error) {
    if (!turn.isCancelled) {
      deps.log.error({ err: error, messageId: row.message.id }, 'answering failed');
      result = turn.fallback('failed');
    }
  }
  // The one place a cancelled turn ends: its clients drop what they were shown, and nothing is stored.
  if (turn.isCancelled || !result) {
    await turn.cancel();
    return null;
  }
  return storeAnswer(turn, result);
}
