import { randomUUID } from 'node:crypto';
import { and, desc, eq, lt } from 'drizzle-orm';
import { messages, type TChatbot, type TConversation, type TMessage, type TVisitor } from '../../../db/schema';
import type { TChatbotSettings } from '../chatbots/settings';
import type { TGapReport } from '../knowledge/gaps';
import type { TRetrievedPassage } from '../knowledge/retrieval';
import type { TAnswerDeps } from './answer';
import { AnswerStream } from './answer-stream';
import { botLanguage, fallbackMessageIn } from './bot-language';
import type { TPrompt, TTurn } from './prompt';

/** Messages of history the prompt (and a webhook) may see; the token budget trims further. */
const HISTORY_MESSAGES = 20;

/** What a strategy made of the turn; `answerMessage` stores it. */
export type TTurnResult = {
  content: string;
  outcome: NonNullable<TMessage['outcome']>;
  provider: string | null;
  model: string | null;
  passages?: TRetrievedPassage[];
  prompt?: TPrompt;
  tokensIn?: number;
  tokensOut?: number;
};

export type TAnswerTurnOptions = {
  deps: TAnswerDeps;
  /** The visitor message being answered. */
  message: TMessage;
  conversation: TConversation;
  chatbot: TChatbot;
  visitor: TVisitor;
  settings: TChatbotSettings;
  /** Aborted when a person takes the conversation over. */
  signal: AbortSignal;
  /** `now()` when the message arrived: latency and time to first token count from it. */
  receivedAt: number;
  now: () => number;
};

/**
 * One bot answer to one visitor message, from the moment it is started to
 * the moment it is stored: what it answers, what it has streamed so far
 * (through its leak guard), and the signal that cancels it. A strategy
 * (`answerWithAi`, `answerWithWebhook`) fills it in; `answerMessage` ends it.
 */
export class AnswerTurn {
  /** The streamed pieces' id, which becomes the stored message's: clients replace the one with the other. */
  readonly answerId = randomUUID();
  readonly deps: TAnswerDeps;
  readonly message: TMessage;
  readonly conversation: TConversation;
  readonly chatbot: TChatbot;
  readonly visitor: TVisitor;
  readonly settings: TChatbotSettings;
  readonly signal: AbortSignal;
  readonly receivedAt: number;
  readonly now: () => number;
  readonly ref: { workspaceId: string; chatbotId: string; conversationId: string };
  readonly stream: AnswerStream;

  constructor(options: TAnswerTurnOptions) {
    this.deps = options.deps;
    this.message = options.message;
    this.conversation = options.conversation;
    this.chatbot = options.chatbot;
    this.visitor = options.visitor;
    this.settings = options.settings;
    this.signal = options.signal;
    this.receivedAt = options.receivedAt;
    this.now = options.now;
    this.ref = {
      workspaceId: options.conversation.workspaceId,
      chatbotId: options.chatbot.id,
      conversationId: options.conversation.id,
    };
    this.stream = new AnswerStream({
      now: options.now,
      publish: (piece) =>
        this.deps.bus.publish('answer.delta', {
          ...this.ref,
          answerId: this.answerId,
          replyToId: this.message.id,
          ...piece,
        }),
    });
  }

  get isCancelled() {
    return this.signal.aborted;
  }

  /**
   * Throws once the turn is cancelled (`error` when given, so a strategy's
   * catch passes the cancellation on instead of falling back): a takeover
   * is no failure, and `answerMessage` is the one place that ends it.
   */
  throwIfCancelled(error: unknown = this.signal.reason) {
    if (this.signal.aborted) throw error;
  }

  /** Tells clients to drop what they were shown of this answer. */
  cancel() {
    return this.deps.bus.publish('answer.cancelled', { ...this.ref, answerId: this.answerId });
  }

  /** The conversation before the message, oldest first, without system notes. */
  async history(): Promise<(TTurn & { createdAt: Date })[]> {
    const rows = await this.deps.db
      .select({ role: messages.role, content: messages.content, createdAt: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.conversationId, this.conversation.id), lt(messages.createdAt, this.message.createdAt)))
      .orderBy(desc(messages.createdAt))
      .limit(HISTORY_MESSAGES);
    return rows
      .reverse()
      .filter((row): row is typeof row & { role: TTurn['role'] } => row.role !== 'system')
      .map((row) => ({ role: row.role, content: row.content, createdAt: row.createdAt }));
  }

  /** The language of the bot's own words in this turn (see botLanguage). */
  get language() {
    return botLanguage(this.settings, this.visitor);
  }

  /** The chatbot's fallback message, with what the strategy got to before it gave up. */
  fallback(outcome: 'abstained' | 'failed', extra: Partial<TTurnResult> = {}): TTurnResult {
    return { provider: null, model: null, ...extra, content: fallbackMessageIn(this.settings, this.language), outcome };
  }

  /** Records a knowledge gap; a failure is logged, never fatal. */
  async reportGap(reason: TGapReport['reason'], topScore: number | null) {
    // The team trying its own bot (playground, preview, demo) does not fill the Gaps page.
    if (this.conversation.isTest) return;
    await this.deps
      .recordGap?.({ ...this.ref, question: this.message.content, reason, topScore })
      .catch((err: unknown) =>
        this.deps.log.warn({ err, messageId: this.message.id }, 'could not record a knowledge gap'),
      );
  }
}
