import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { chatbots, conversations, messages, visitors } from '../../../db/schema';
import type { TMemberCtx } from '../workspaces/workspaces';
import { addDays, type TAnalyticsFilters } from './filters';

// The CSV exports read conversations page by page with a keyset cursor (created_at, id), so a year
// of data streams through in flat memory: the route asks for the next page only after writing the last.

export const EXPORT_PAGE_SIZE = 500;

export const ZExportCursor = z
  .object({ createdAt: z.iso.datetime({ error: 'analytics:validation.exportPosition' }), id: z.uuid() })
  .nullish();

export const CONVERSATION_COLUMNS = [
  'conversation_id',
  'chatbot',
  'channel',
  'website',
  'status',
  'started_at',
  'last_message_at',
  'resolved_at',
  'outcome',
  'handoff_reason',
  'bot_first_response_ms',
  'human_first_response_ms',
  'visitor_messages',
  'bot_messages',
  'operator_messages',
  'rating',
  'thumbs_up',
  'thumbs_down',
  'topic',
  'sentiment',
  'language',
  'visitor_name',
  'visitor_email',
];
export const MESSAGE_COLUMNS = ['conversation_id', 'message_id', 'sent_at', 'role', 'content', 'outcome', 'feedback'];

type TCursor = z.infer<typeof ZExportCursor>;

/** The filtered conversations, from the cursor on, in start order. */
function pageWhere(ctx: TMemberCtx, f: TAnalyticsFilters, after: TCursor) {
  const c = conversations;
  return and(
    eq(c.workspaceId, ctx.workspace.id),
    eq(c.isTest, false),
    sql`${c.createdAt} >= ${`${f.from}T00:00:00Z`}::timestamptz`,
    lt(c.createdAt, new Date(`${addDays(f.to, 1)}T00:00:00Z`)),
    f.chatbotId ? eq(c.chatbotId, f.chatbotId) : undefined,
    f.origin ? eq(c.origin, f.origin) : undefined,
    f.channel ? eq(c.channel, f.channel) : undefined,
    // The row comparison lets the (workspace, created_at) index start at the cursor.
    after ? sql`(${c.createdAt}, ${c.id}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
    after ? sql`${c.createdAt} >= ${after.createdAt}::timestamptz` : undefined,
  );
}

const cursorAfter = (rows: { createdAt: Date; id: string }[]) => {
  const last = rows.at(-1);
  return rows.length === EXPORT_PAGE_SIZE && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null;
};

/** One page of the filtered conversations in start order, and the cursor after it (null at the end). */
async function conversationPage(ctx: TMemberCtx, f: TAnalyticsFilters, after: TCursor) {
  const c = conversations;
  const rows = await ctx.db
    .select({ conversation: c, chatbot: chatbots.name, visitorName: visitors.name, visitorEmail: visitors.email })
    .from(c)
    .innerJoin(chatbots, eq(chatbots.id, c.chatbotId))
    .innerJoin(visitors, eq(visitors.id, c.visitorId))
    .where(pageWhere(ctx, f, after))
    .orderBy(asc(c.createdAt), asc(c.id))
    .limit(EXPORT_PAGE_SIZE);
  return { rows, next: cursorAfter(rows.map((row) => row.conversation)) };
}

/** The same page, its ids only: what the messages export needs. */
async function conversationIdPage(ctx: TMemberCtx, f: TAnalyticsFilters, after: TCursor) {
  const c = conversations;
  const rows = await ctx.db
    .select({ id: c.id, createdAt: c.createdAt })
    .from(c)
    .where(pageWhere(ctx, f, after))
    .orderBy(asc(c.createdAt), asc(c.id))
    .limit(EXPORT_PAGE_SIZE);
  return { ids: rows.map((row) => row.id), next: cursorAfter(rows) };
}

const iso = (date: Date | null) => date?.toISOString() ?? '';

/**
 * One page of an export as CSV cells: conversations (one row each) or their
 * messages. Test conversations are never exported as figures' data.
 */
export async function exportPage(
  ctx: TMemberCtx,
  input: TAnalyticsFilters & { kind: 'conversations' | 'messages'; after?: TCursor },
) {
  if (input.kind === 'conversations') {
    const page = await conversationPage(ctx, input, input.after ?? null);
    return {
      columns: CONVERSATION_COLUMNS,
      next: page.next,
      rows: page.rows.map(({ conversation: c, chatbot, visitorName, visitorEmail }) => [
        c.id,
        chatbot,
        c.channel,
        c.origin ?? '',
        c.status,
        iso(c.createdAt),
        iso(c.lastMessageAt),
        iso(c.resolvedAt),
        c.outcome ?? '',
        c.handoffReason ?? '',
        c.botFirstResponseMs === null ? '' : Math.round(c.botFirstResponseMs),
        c.humanFirstResponseMs === null ? '' : Math.round(c.humanFirstResponseMs),
        c.visitorMessages,
        c.botMessages,
        c.operatorMessages,
        c.rating ?? '',
        c.thumbsUp,
        c.thumbsDown,
        c.topic ?? '',
        c.sentiment ?? '',
        c.language ?? '',
        visitorName ?? '',
        visitorEmail ?? '',
      ]),
    };
  }
  const page = await conversationIdPage(ctx, input, input.after ?? null);
  const ids = page.ids;
  const found = ids.length
    ? await ctx.db
        .select({
          conversationId: messages.conversationId,
          id: messages.id,
          createdAt: messages.createdAt,
          role: messages.role,
          content: messages.content,
          outcome: messages.outcome,
          feedback: messages.feedback,
        })
        .from(messages)
        .where(inArray(messages.conversationId, ids))
        .orderBy(asc(messages.conversationId), asc(messages.createdAt), asc(messages.seq))
    : [];
  const order = new Map(ids.map((id, index) => [id, index]));
  found.sort((a, b) => order.get(a.conversationId)! - order.get(b.conversationId)!);
  return {
    columns: MESSAGE_COLUMNS,
    next: page.next,
    rows: found.map((m) => [
      m.conversationId,
      m.id,
      iso(m.createdAt),
      m.role,
      m.content,
      m.outcome ?? '',
      m.feedback ?? '',
    ]),
  };
}
