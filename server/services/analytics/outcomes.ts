import type { TConversation, TMessage } from '../../../db/schema';

// The one definition of a conversation's outcome and hand-off reason (docs/analytics.md says the same in
// words; the dashboard's help shows that text). Pure, so every rule has a unit test.

export type TOutcome = NonNullable<TConversation['outcome']>;
export type THandoffReason = NonNullable<TConversation['handoffReason']>;

/** The last bot turn before a person was asked for (or the last one, when nobody was). */
export type TBotTurnFacts = {
  outcome: NonNullable<TMessage['outcome']>;
  offersHandoff: boolean;
  provider: string | null;
  /** Retrieval found passages, only below the confidence threshold. */
  hadPassages: boolean;
};

export type TOutcomeFacts = {
  visitorMessages: number;
  /** Bot turns that answered (not a fallback, not the over-limit notice). */
  botAnswers: number;
  operatorMessages: number;
  /** The visitor asked for a person ("talk to a person"). */
  handoffRequested: boolean;
  /** The chatbot answers only through people (response mode "human"). */
  humanOnly: boolean;
  lastBotTurn: TBotTurnFacts | null;
  /** The end-of-chat rating, 1–5. */
  rating: number | null;
  thumbsDown: number;
};

/** The words for each outcome and hand-off reason (translation keys; the codes are what is stored and exported). */
export const OUTCOME_LABELS = {
  ai: 'analytics:outcomes.ai',
  handed: 'analytics:outcomes.handed',
  human: 'analytics:outcomes.human',
  unanswered: 'analytics:outcomes.unanswered',
} as const satisfies Record<TOutcome, string>;

export const HANDOFF_REASON_LABELS = {
  visitor_asked: 'analytics:handoffReasons.visitorAsked',
  low_confidence: 'analytics:handoffReasons.lowConfidence',
  no_answer: 'analytics:handoffReasons.noAnswer',
  policy: 'analytics:handoffReasons.policy',
  webhook_failure: 'analytics:handoffReasons.webhookFailure',
  bot_offered: 'analytics:handoffReasons.botOffered',
} as const satisfies Record<THandoffReason, string>;

/** A rating of 1 or 2 out of 5, or any thumbs-down: the visitor said the answer did not help. */
export const isRatedNegatively = (facts: Pick<TOutcomeFacts, 'rating' | 'thumbsDown'>) =>
  (facts.rating !== null && facts.rating <= 2) || facts.thumbsDown > 0;

/**
 * Why a person was brought in, or null when nobody was: policy (human-only
 * chatbot, over the monthly limit) first, then what the bot's last turn
 * before the request was (webhook failure, low confidence, no answer, an
 * offer), else the visitor asked on their own.
 */
export function handoffReasonOf(facts: TOutcomeFacts): THandoffReason | null {
  const turn = facts.lastBotTurn;
  const isOverLimit = turn?.outcome === 'over_limit';
  if (!facts.handoffRequested && !facts.humanOnly && !isOverLimit) return null;
  if (facts.humanOnly || isOverLimit) return 'policy';
  if (turn?.outcome === 'failed' && turn.provider === 'webhook') return 'webhook_failure';
  if (turn?.outcome === 'abstained') return turn.hadPassages ? 'low_confidence' : 'no_answer';
  if (turn?.offersHandoff) return 'bot_offered';
  return 'visitor_asked';
}

/**
 * - `human`: a person replied (whether or not the bot answered first).
 * - `handed`: a person was asked for (or the chatbot only hands over) and nobody has replied.
 * - `ai`: the bot answered, nobody was asked for, and the visitor did not rate it negatively.
 * - `unanswered`: everything else — no reply, only fallbacks, or an answer rated negatively.
 */
export function outcomeOf(facts: TOutcomeFacts): { outcome: TOutcome; handoffReason: THandoffReason | null } {
  const handoffReason = handoffReasonOf(facts);
  if (facts.operatorMessages > 0) return { outcome: 'human', handoffReason };
  if (handoffReason) return { outcome: 'handed', handoffReason };
  if (facts.visitorMessages > 0 && facts.botAnswers > 0 && !isRatedNegatively(facts))
    return { outcome: 'ai', handoffReason: null };
  return { outcome: 'unanswered', handoffReason: null };
}
