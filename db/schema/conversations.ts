import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { chatbots } from './chatbots';
import { workspaces } from './workspaces';

/** A value the host page may pass to `identify` (traits) or `setContext`. */
export type TContextValue = string | number | boolean | null;

/**
 * Someone chatting with a chatbot: an anonymous widget visitor (named once
 * the host page calls `identify`), or a team member trying the bot in the
 * playground (`userId` set).
 */
export const visitors = pgTable(
  'visitors',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    name: text(),
    email: text(),
    /** The browser's language when the widget last started (e.g. `de-CH`). */
    locale: text(),
    userAgent: text(),
    /** What the host page passed to `identify` beyond name and e-mail (plan, account id…). */
    traits: jsonb().$type<Record<string, TContextValue>>().notNull().default({}),
    /** What the host page last passed to `setContext` (page, product…); copied onto new conversations. */
    context: jsonb().$type<Record<string, TContextValue>>().notNull().default({}),
    /**
     * The last position handed out to this visitor's messages. A trigger on
     * `messages` increments it under this row's lock, so positions follow
     * commit order and a reconnecting widget can ask for "everything after n".
     */
    messageSeq: bigint({ mode: 'number' }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The website (origin) the widget was last opened on; copied onto new conversations for the analytics filter. */
    origin: text(),
    /** The team's own tries (playground, preview, demo page): their conversations are tests. */
    isTest: boolean().notNull().default(false),
  },
  (t) => [
    index('visitors_chatbot_id_idx').on(t.chatbotId),
    index('visitors_user_id_idx').on(t.userId),
    // Retention finds a workspace's visitors inactive since a date.
    index('visitors_workspace_last_seen_idx').on(t.workspaceId, t.lastSeenAt),
  ],
);

export const conversationChannel = pgEnum('conversation_channel', ['widget', 'playground', 'api']);
/** `pending`: the visitor asked for a person and is waiting; `archived`: kept, but out of every list. */
export const conversationStatus = pgEnum('conversation_status', ['open', 'pending', 'resolved', 'archived']);
/** Who answers next: the bot, or a person who took the conversation over. */
export const conversationHandler = pgEnum('conversation_handler', ['bot', 'human']);

/** How a conversation ended: docs/analytics.md defines each (server/services/analytics/outcomes.ts decides). */
export const conversationOutcome = pgEnum('conversation_outcome', ['ai', 'handed', 'human', 'unanswered']);
/** Why a person was brought in (docs/analytics.md). */
export const handoffReason = pgEnum('handoff_reason', [
  'visitor_asked',
  'low_confidence',
  'no_answer',
  'policy',
  'webhook_failure',
  'bot_offered',
]);
export const conversationSentiment = pgEnum('conversation_sentiment', ['positive', 'neutral', 'negative']);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    visitorId: uuid()
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    channel: conversationChannel().notNull(),
    status: conversationStatus().notNull().default('open'),
    handler: conversationHandler().notNull().default('bot'),
    assignedUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** What the host page said about where the visitor is (page, product…); shown to the bot as context. */
    context: jsonb().$type<Record<string, string>>().notNull().default({}),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When a team member last read it (the widget shows "read" on the visitor's messages up to then). */
    agentReadAt: timestamp({ withTimezone: true }),
    /** When the visitor last saw it (the inbox shows "seen"). */
    visitorReadAt: timestamp({ withTimezone: true }),
    /** The visitor's end-of-chat rating, 1 to 5, and what they wrote with it. */
    rating: smallint(),
    ratingComment: text(),
    ratedAt: timestamp({ withTimezone: true }),
    /** When the visitor asked for a person ("talk to a human"). */
    handoffRequestedAt: timestamp({ withTimezone: true }),
    /** When the visitor asked for a person while nobody was online, and was offered a reply by e-mail. */
    emailOfferedAt: timestamp({ withTimezone: true }),
    /** Where the visitor wants the team's replies sent (left after the e-mail offer). */
    replyEmail: text(),
    /** The visitor also asked for a copy of the conversation, sent with the first e-mailed reply. */
    wantsTranscript: boolean().notNull().default(false),
    transcriptSentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    /** The website the widget was on (`https://shop.example`); null in the playground and API. */
    origin: text(),
    /** The team trying its own bot (playground, preview, demo): out of the inbox, figures, quotas and gaps. */
    isTest: boolean().notNull().default(false),
    // Kept by the `messages_analytics` trigger (0017) so rollups never need to scan messages.
    visitorMessages: integer().notNull().default(0),
    botMessages: integer().notNull().default(0),
    operatorMessages: integer().notNull().default(0),
    thumbsUp: integer().notNull().default(0),
    thumbsDown: integer().notNull().default(0),
    /** Set by the `analytics.settle` job when the conversation ends or goes idle; a new message clears `outcomeAt`. */
    outcome: conversationOutcome(),
    handoffReason: handoffReason(),
    outcomeAt: timestamp({ withTimezone: true }),
    /** From the first visitor message to the first bot reply, and from the hand-off (or first message) to a person's first reply. */
    botFirstResponseMs: doublePrecision(),
    humanFirstResponseMs: doublePrecision(),
    /** Insights, labelled by the `analytics.label` job. */
    topic: text(),
    sentiment: conversationSentiment(),
    language: text(),
    labeledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('conversations_workspace_id_idx').on(t.workspaceId, t.lastMessageAt),
    index('conversations_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('conversations_to_settle_idx')
      .on(t.lastMessageAt)
      .where(sql`${t.outcomeAt} is null`),
    index('conversations_chatbot_id_idx').on(t.chatbotId, t.lastMessageAt),
    index('conversations_visitor_id_idx').on(t.visitorId),
  ],
);

export const messageRole = pgEnum('message_role', ['visitor', 'bot', 'operator', 'system']);
/**
 * How a bot turn ended: a grounded answer, the fallback because nothing in
 * the knowledge matched (abstained), the fallback after a failure, or the
 * "leave a message" reply of a workspace over its monthly limit.
 */
export const answerOutcome = pgEnum('answer_outcome', ['answered', 'abstained', 'failed', 'over_limit', 'unavailable']);
export const messageFeedback = pgEnum('message_feedback', ['up', 'down']);

export type TStoredCitation = {
  ref: string;
  sourceId: string;
  chunkId: number;
  title: string;
  url: string | null;
  headingPath: string;
  snippet: string;
};

/** The passages retrieval returned for a bot turn, with their scores: what the playground's side panel shows. */
export type TStoredRetrieval = {
  /** The best passage's cosine similarity, and that mapped to 0–1 for the embedder (what the threshold compares). */
  topScore: number | null;
  confidence: number;
  passages: {
    ref: string;
    chunkId: number;
    sourceId: string;
    title: string;
    headingPath: string;
    vectorScore: number | null;
    textScore: number | null;
    rrfScore: number;
  }[];
  budget: Record<string, number> | null;
};

export const messages = pgTable(
  'messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: messageRole().notNull(),
    /** The operator who wrote it (role `operator`). */
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Plain Markdown; rendered only through a sanitising renderer. */
    content: text().notNull(),
    /** The sender's own id for the message: a resend after a reconnect is recognised, not stored twice. */
    clientId: text(),
    /** An operator reply that also went to the visitor by e-mail, to this address. */
    emailedTo: text(),
    /** The visitor message this bot turn answers. */
    replyToId: uuid(),
    outcome: answerOutcome(),
    citations: jsonb().$type<TStoredCitation[]>(),
    retrieval: jsonb().$type<TStoredRetrieval>(),
    /** `gemini`, `offline` or `webhook`. */
    provider: text(),
    model: text(),
    tokensIn: integer(),
    tokensOut: integer(),
    /** From the visitor's message arriving to the first token published, and to the stored answer. */
    firstTokenMs: doublePrecision(),
    latencyMs: doublePrecision(),
    feedback: messageFeedback(),
    /** The bot offered to bring in a person (the widget shows a "talk to a person" button under it). */
    offersHandoff: boolean().notNull().default(false),
    /**
     * Position among all messages of the conversation's visitor, in commit
     * order per visitor (an insert skipped by ON CONFLICT leaves a gap), set
     * by the `messages_visitor_seq` trigger from the visitor's counter — or,
     * for a batch of visitor messages, by the batch itself, which moves the
     * locked visitors' counters once (the trigger skips rows with a seq). The
     * widget resumes its stream from it. The trigger locks the visitor's row,
     * so a transaction that also updates the conversation should lock the
     * visitor first (as inserting a message does) to keep one lock order.
     */
    seq: bigint({ mode: 'number' }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('messages_conversation_id_idx').on(t.conversationId, t.createdAt),
    index('messages_conversation_seq_idx').on(t.conversationId, t.seq),
    uniqueIndex('messages_client_id_idx').on(t.conversationId, t.clientId),
    // One bot reply per visitor message, even when a recovery sweep races the live answer.
    uniqueIndex('messages_reply_to_id_idx').on(t.replyToId),
    // The inbox's full-text search. An expression index rather than a stored tsvector column: the hot
    // message paths select and return whole rows, and a tsvector in every row would travel with them.
    index('messages_search_idx').using('gin', sql`to_tsvector('english', ${t.content})`),
  ],
);

/** Per workspace, chatbot and day: what usage pages and the monthly limit count. */
export const usageDaily = pgTable(
  'usage_daily',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    /** Visitor messages received. */
    messages: integer().notNull().default(0),
    /** Bot turns produced by a model (Gemini or offline), fallbacks included. */
    aiAnswers: integer().notNull().default(0),
    tokensIn: bigint({ mode: 'number' }).notNull().default(0),
    tokensOut: bigint({ mode: 'number' }).notNull().default(0),
    /** Webhook deliveries attempted (the webhooks service increments it). */
    webhookDeliveries: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.chatbotId, t.day] })],
);

export type TVisitor = typeof visitors.$inferSelect;
export type TConversation = typeof conversations.$inferSelect;
export type TMessage = typeof messages.$inferSelect;
