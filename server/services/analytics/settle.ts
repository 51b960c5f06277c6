import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, conversations } from '../../../db/schema';
import { readSettings } from '../chatbots/settings';
import { outcomeOf, type TBotTurnFacts } from './outcomes';

declare module '../../jobs/types' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Decides the outcome of conversations that ended or went idle (every minute). */
    'analytics.settle': Record<string, never>;
  }
}

/** A conversation without a message for this long has gone idle: its outcome is decided. */
export const IDLE_AFTER_MINUTES = 30;
const BATCH = 500;

type TSettleRow = {
  id: string;
  visitorMessages: number;
  botMessages: number;
  operatorMessages: number;
  thumbsDown: number;
  rating: number | null;
  handoffRequestedAt: Date | null;
  settings: unknown;
  botAnswers: number;
  lastBotTurn: TBotTurnFacts | null;
  botFirstResponseMs: number | null;
  humanFirstResponseMs: number | null;
};

const m = sql.raw('m');
const firstOf = (role: string) =>
  sql`(select min(${m}.created_at) from messages ${m} where ${m}.conversation_id = ${conversations.id} and ${m}.role = ${role})`;
const firstVisitor = firstOf('visitor');

/**
 * Decides the outcome of conversations that ended (resolved, archived) or
 * went idle since their last message, in batches; a message arriving while
 * a batch is decided leaves its conversation for the next run. Returns how
 * many were decided.
 */
export async function settleConversations(
  db: Db,
  // `settledIds` collects the conversations decided, for the insights job to label.
  options: { now?: Date; settledIds?: string[] } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const idleSince = new Date(now.getTime() - IDLE_AFTER_MINUTES * 60_000);
  const rows: TSettleRow[] = await db
    .select({
      id: conversations.id,
      visitorMessages: conversations.visitorMessages,
      botMessages: conversations.botMessages,
      operatorMessages: conversations.operatorMessages,
      thumbsDown: conversations.thumbsDown,
      rating: conversations.rating,
      handoffRequestedAt: conversations.handoffRequestedAt,
      settings: chatbots.settings,
      botAnswers: sql<number>`(select count(*)::int from messages ${m} where ${m}.conversation_id = ${conversations.id}
        and ${m}.role = 'bot' and ${m}.outcome = 'answered')`,
      lastBotTurn: sql<TBotTurnFacts | null>`(select json_build_object('outcome', ${m}.outcome,
          'offersHandoff', ${m}.offers_handoff, 'provider', ${m}.provider,
          'hadPassages', coalesce(jsonb_array_length(${m}.retrieval->'passages'), 0) > 0)
        from messages ${m} where ${m}.conversation_id = ${conversations.id} and ${m}.role = 'bot'
          and (${conversations.handoffRequestedAt} is null or ${m}.created_at <= ${conversations.handoffRequestedAt})
        order by ${m}.created_at desc limit 1)`,
      botFirstResponseMs: sql<number | null>`extract(epoch from (select min(${m}.created_at) from messages ${m}
        where ${m}.conversation_id = ${conversations.id} and ${m}.role = 'bot' and ${m}.created_at >= ${firstVisitor})
        - ${firstVisitor}) * 1000`,
      humanFirstResponseMs: sql<number | null>`extract(epoch from ${firstOf('operator')}
        - coalesce(${conversations.handoffRequestedAt}, ${firstVisitor})) * 1000`,
    })
    .from(conversations)
    .innerJoin(chatbots, eq(chatbots.id, conversations.chatbotId))
    .where(
      and(
        isNull(conversations.outcomeAt),
        or(inArray(conversations.status, ['resolved', 'archived']), lt(conversations.lastMessageAt, idleSince)),
      ),
    )
    .orderBy(asc(conversations.lastMessageAt))
    .limit(BATCH);

  await db.transaction(async (tx) => {
    for (const row of rows) {
      const { outcome, handoffReason } = outcomeOf({
        visitorMessages: row.visitorMessages,
        botAnswers: row.botAnswers,
        operatorMessages: row.operatorMessages,
        handoffRequested: row.handoffRequestedAt !== null,
        humanOnly: readSettings(row.settings).responseMode === 'human',
        lastBotTurn: row.lastBotTurn,
        rating: row.rating,
        thumbsDown: row.thumbsDown,
      });
      const nonNegative = (ms: number | null) => (ms === null ? null : Math.max(0, Number(ms)));
      const updated = await tx
        .update(conversations)
        .set({
          outcome,
          handoffReason,
          outcomeAt: now,
          botFirstResponseMs: nonNegative(row.botFirstResponseMs),
          humanFirstResponseMs: nonNegative(row.humanFirstResponseMs),
        })
        // Unchanged since it was read (same message counts): a newer message waits for the next run.
        .where(
          and(
            eq(conversations.id, row.id),
            eq(conversations.visitorMessages, row.visitorMessages),
            eq(conversations.botMessages, row.botMessages),
            eq(conversations.operatorMessages, row.operatorMessages),
          ),
        )
        .returning({ id: conversations.id });
      options.settledIds?.push(...updated.map((u) => u.id));
    }
  });
  return rows.length;
}
