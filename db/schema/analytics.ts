import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { chatbots } from './chatbots';
import { workspaces } from './workspaces';

// Rollups of conversations, kept by the triggers of migrations 0021 and 0025 (`conversations_analytics`) on every
// insert, update and delete of a conversation, so they equal a recount after any path that writes or
// deletes (retention, visitor erasure, chatbot deletion) and the dashboard never scans raw messages.
// Test conversations are left out. A conversation counts in the day and hour (UTC) it started; its messages too.
// `origin` is '' when the conversation had none (playground, API).

const rollupKey = {
  workspaceId: uuid()
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  chatbotId: uuid()
    .notNull()
    .references(() => chatbots.id, { onDelete: 'cascade' }),
  channel: text().notNull(),
  origin: text().notNull(),
};

const count = () => integer().notNull().default(0);

/** The figures of a conversation, summed per day (UTC) it started in. */
export const analyticsDaily = pgTable(
  'analytics_daily',
  {
    ...rollupKey,
    day: date({ mode: 'string' }).notNull(),
    conversations: count(),
    visitorMessages: count(),
    botMessages: count(),
    operatorMessages: count(),
    outcomeAi: count(),
    outcomeHanded: count(),
    outcomeHuman: count(),
    outcomeUnanswered: count(),
    handoffVisitorAsked: count(),
    handoffLowConfidence: count(),
    handoffNoAnswer: count(),
    handoffPolicy: count(),
    handoffWebhookFailure: count(),
    handoffBotOffered: count(),
    rated: count(),
    ratingSum: count(),
    rating1: integer('rating_1').notNull().default(0),
    rating2: integer('rating_2').notNull().default(0),
    rating3: integer('rating_3').notNull().default(0),
    rating4: integer('rating_4').notNull().default(0),
    rating5: integer('rating_5').notNull().default(0),
    thumbsUp: count(),
    thumbsDown: count(),
    sentimentPositive: count(),
    sentimentNeutral: count(),
    sentimentNegative: count(),
    botResponses: count(),
    botResponseMsSum: doublePrecision().notNull().default(0),
    humanResponses: count(),
    humanResponseMsSum: doublePrecision().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.chatbotId, t.channel, t.origin, t.day] }),
    index('analytics_daily_workspace_day_idx').on(t.workspaceId, t.day),
  ],
);

/**
 * Conversations per hour (UTC) they started: only the busiest-hours chart
 * needs the hour, so only the count is kept at this grain (a year's dashboard
 * reads 24 times fewer rows of the other figures from `analytics_daily`).
 */
export const analyticsHourly = pgTable(
  'analytics_hourly',
  {
    ...rollupKey,
    /** The hour the conversations started, in UTC (timestamp without time zone). */
    hour: timestamp({ mode: 'string' }).notNull(),
    conversations: count(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.chatbotId, t.channel, t.origin, t.hour] }),
    index('analytics_hourly_workspace_hour_idx').on(t.workspaceId, t.hour),
  ],
);

/**
 * First-response times as a log histogram per day: bucket b holds times in
 * [2^(b/4), 2^((b+1)/4)) ms, so medians and p90s come out within 19 % without
 * keeping every time.
 */
export const analyticsResponseTimes = pgTable(
  'analytics_response_times',
  {
    ...rollupKey,
    day: date({ mode: 'string' }).notNull(),
    /** `bot` or `human`. */
    kind: text().notNull(),
    bucket: smallint().notNull(),
    count: count(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.chatbotId, t.channel, t.origin, t.day, t.kind, t.bucket] })],
);

/** Conversations per day by insight label: `kind` is `topic` or `language`. */
export const analyticsLabels = pgTable(
  'analytics_labels',
  {
    ...rollupKey,
    day: date({ mode: 'string' }).notNull(),
    kind: text().notNull(),
    label: text().notNull(),
    count: count(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.chatbotId, t.channel, t.origin, t.day, t.kind, t.label] })],
);

/** AI tokens per workspace, day and provider (`gemini`, `offline`): the Usage page's split. */
export const usageTokensDaily = pgTable(
  'usage_tokens_daily',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    provider: text().notNull(),
    tokensIn: bigint({ mode: 'number' }).notNull().default(0),
    tokensOut: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.provider] })],
);

/** A usage warning sent (80 or 100 % of a limit), once per workspace, month, metric and threshold. */
export const usageNotices = pgTable(
  'usage_notices',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** First day of the month, UTC. */
    month: date({ mode: 'string' }).notNull(),
    metric: text().notNull(),
    threshold: smallint().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month, t.metric, t.threshold] })],
);

export type TAnalyticsDaily = typeof analyticsDaily.$inferSelect;

/** A re-labelling of a past range's conversations (insights), started from the Analytics page; its progress. */
export const insightRuns = pgTable(
  'insight_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The range, by the day (UTC) the conversations started; both ends included. */
    fromDay: date({ mode: 'string' }).notNull(),
    toDay: date({ mode: 'string' }).notNull(),
    total: integer().notNull(),
    done: integer().notNull().default(0),
    /** `running`, `finished` or `failed`. */
    status: text().notNull().default('running'),
    startedById: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('insight_runs_workspace_idx').on(t.workspaceId, t.createdAt)],
);
