import { and, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { conversationReads, conversations, messages, type TConversation } from '../../../db/schema';
import { AppError } from '../../errors';
import type { TMemberCtx } from '../workspaces/workspaces';
import { loadInboxItems, type TInboxItem } from './items';

/** The text-search configuration of the index `messages_search_idx`; queries must use the same to use it. */
const SEARCH_CONFIG = sql.raw(`'english'`);
const searchVector = sql`to_tsvector(${SEARCH_CONFIG}, ${messages.content})`;

export const DEFAULT_PAGE = 25;
const MAX_SEARCH_TERMS = 8;

export type TInboxFilter = {
  /** 'open' (the default) is open and pending together; 'all' is everything but archived. */
  status?: 'open' | 'pending' | 'resolved' | 'archived' | 'all';
  chatbotId?: string;
  assignee?: 'me' | 'unassigned' | 'anyone';
  handler?: 'bot' | 'human';
  tests?: boolean;
  /** Insight labels (conversations.topic, sentiment, language). */
  topic?: string;
  sentiment?: 'positive' | 'neutral' | 'negative';
  language?: string;
  /** Conversations with a message in this range (by their last message). */
  from?: Date;
  to?: Date;
  search?: string;
  cursor?: string | null;
  limit?: number;
};

const STATUSES: Record<NonNullable<TInboxFilter['status']>, TConversation['status'][]> = {
  open: ['open', 'pending'],
  pending: ['pending'],
  resolved: ['resolved'],
  archived: ['archived'],
  all: ['open', 'pending', 'resolved'],
};

/**
 * A tsquery from what someone typed: words only (no operators to get
 * wrong), each matched as a prefix, so "ship" finds "shipping" while the
 * search box is still being typed in. Null when nothing searchable is left.
 */
export function searchQueryOf(text: string | undefined) {
  const terms = (text ?? '').match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_SEARCH_TERMS) ?? [];
  if (!terms.length) return null;
  return sql`to_tsquery(${SEARCH_CONFIG}, ${terms.map((term) => `${term}:*`).join(' & ')})`;
}

type TCursor = { at: string; id: string } | { offset: number };

const encodeCursor = (cursor: TCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
const BAD_CURSOR = 'inbox:errors.cursorExpired';
function decodeCursor(cursor: string | null | undefined, isSearch: boolean): TCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    if (isSearch && Number.isInteger(value.offset) && (value.offset as number) >= 0)
      return { offset: value.offset as number };
    if (
      !isSearch &&
      typeof value.at === 'string' &&
      typeof value.id === 'string' &&
      !Number.isNaN(Date.parse(value.at))
    )
      return { at: value.at, id: value.id };
  } catch {
    // Falls through to the sentence below.
  }
  throw new AppError('BAD_REQUEST', BAD_CURSOR);
}

/** What every count and list shares: the workspace's conversations with visitors (the playground is not the inbox). */
// The team's own tests (preview, demo page) stay out unless asked for; the playground has its own page.
const inInbox = (workspaceId: string, isTest = false) =>
  and(
    eq(conversations.workspaceId, workspaceId),
    ne(conversations.channel, 'playground'),
    eq(conversations.isTest, isTest),
  )!;

/**
 * The inbox list: the workspace's conversations by the filters, newest
 * activity first (best match first with a search), a page at a time, with
 * the badge counts. Search is Postgres full-text over the message text,
 * ranked by the best-matching message of each conversation.
 */
export async function listInbox(
  ctx: TMemberCtx,
  input: TInboxFilter,
): Promise<{
  items: TInboxItem[];
  nextCursor: string | null;
  counts: { open: number; pending: number; unreadConversations: number };
}> {
  const limit = input.limit ?? DEFAULT_PAGE;
  const query = input.search?.trim() ? searchQueryOf(input.search) : null;
  const isSearch = !!input.search?.trim();
  const cursor = decodeCursor(input.cursor, isSearch);

  const where: SQL[] = [
    inInbox(ctx.workspace.id, input.tests ?? false),
    inArray(conversations.status, STATUSES[input.status ?? 'open']),
  ];
  if (input.chatbotId) where.push(eq(conversations.chatbotId, input.chatbotId));
  if (input.assignee === 'me') where.push(eq(conversations.assignedUserId, ctx.user.id));
  if (input.assignee === 'unassigned') where.push(isNull(conversations.assignedUserId));
  if (input.handler) where.push(eq(conversations.handler, input.handler));
  if (input.topic) where.push(eq(conversations.topic, input.topic));
  if (input.sentiment) where.push(eq(conversations.sentiment, input.sentiment));
  if (input.language) where.push(eq(conversations.language, input.language));
  if (input.from) where.push(gte(conversations.lastMessageAt, input.from));
  if (input.to) where.push(lte(conversations.lastMessageAt, input.to));

  let ids: string[];
  let nextCursor: string | null = null;
  const highlights = new Map<string, string>();
  if (isSearch) {
    const offset = cursor && 'offset' in cursor ? cursor.offset : 0;
    ids = [];
    if (query) {
      // Ranked per conversation by its best message; the GIN index finds the messages.
      const hits = ctx.db.$with('hits').as(
        ctx.db
          .select({
            conversationId: messages.conversationId,
            rank: sql<number>`max(ts_rank(${searchVector}, ${query}))`.as('rank'),
          })
          .from(messages)
          .where(and(eq(messages.workspaceId, ctx.workspace.id), sql`${searchVector} @@ ${query}`))
          .groupBy(messages.conversationId),
      );
      const rows = await ctx.db
        .with(hits)
        .select({ id: conversations.id })
        .from(conversations)
        .innerJoin(hits, eq(hits.conversationId, conversations.id))
        .where(and(...where))
        .orderBy(desc(hits.rank), desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(limit + 1)
        .offset(offset);
      ids = rows.slice(0, limit).map((row) => row.id);
      if (rows.length > limit) nextCursor = encodeCursor({ offset: offset + limit });
      if (ids.length) {
        // Headlines only for the page (ts_headline re-parses the text). Any <mark> a visitor typed is
        // removed first, so the only marks in a highlight are the matches.
        const snippets = await ctx.db
          .selectDistinctOn([messages.conversationId], {
            conversationId: messages.conversationId,
            highlight: sql<string>`ts_headline(${SEARCH_CONFIG}, regexp_replace(${messages.content}, '</?mark>', '', 'gi'), ${query}, 'StartSel=<mark>, StopSel=</mark>, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')`,
          })
          .from(messages)
          .where(and(inArray(messages.conversationId, ids), sql`${searchVector} @@ ${query}`))
          .orderBy(messages.conversationId, desc(sql`ts_rank(${searchVector}, ${query})`), desc(messages.seq));
        for (const snippet of snippets) highlights.set(snippet.conversationId, snippet.highlight);
      }
    }
  } else {
    if (cursor && 'at' in cursor) {
      const at = new Date(cursor.at);
      where.push(
        or(
          lt(conversations.lastMessageAt, at),
          and(eq(conversations.lastMessageAt, at), lt(conversations.id, cursor.id)),
        )!,
      );
    }
    const rows = await ctx.db
      .select({ id: conversations.id, lastMessageAt: conversations.lastMessageAt })
      .from(conversations)
      .where(and(...where))
      .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
      .limit(limit + 1);
    ids = rows.slice(0, limit).map((row) => row.id);
    const last = rows[limit - 1];
    if (rows.length > limit && last) nextCursor = encodeCursor({ at: last.lastMessageAt.toISOString(), id: last.id });
  }

  const items = await loadInboxItems(ctx.db, {
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
    conversationIds: ids,
    highlights,
  });
  return { items, nextCursor, counts: await inboxCounts(ctx) };
}

/**
 * The navigation badge: open and pending conversations, and how many of
 * them hold visitor messages this member has not read.
 */
export async function inboxCounts(ctx: TMemberCtx) {
  const [row] = await ctx.db
    .select({
      open: sql<number>`count(*) filter (where ${conversations.status} = 'open')::int`,
      pending: sql<number>`count(*) filter (where ${conversations.status} = 'pending')::int`,
      unreadConversations: sql<number>`count(*) filter (where exists (
        select 1 from ${messages} m where m.conversation_id = ${conversations.id} and m.role = 'visitor'
          and m.seq > coalesce(${conversationReads.lastReadSeq}, 0)))::int`,
    })
    .from(conversations)
    .leftJoin(
      conversationReads,
      and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, ctx.user.id)),
    )
    .where(and(inInbox(ctx.workspace.id), inArray(conversations.status, ['open', 'pending'])));
  return { open: row?.open ?? 0, pending: row?.pending ?? 0, unreadConversations: row?.unreadConversations ?? 0 };
}

/**
 * The dashboard's headline numbers, for today (UTC, like usage): new
 * conversations, the share the bot handled alone (no person asked for, none
 * took over or replied), the average time from a visitor's first message to
 * the first reply (bot or person), and what is open and waiting now.
 */
export async function inboxStats(ctx: TMemberCtx) {
  const today = sql`date_trunc('day', now() at time zone 'utc') at time zone 'utc'`;
  const [row] = await ctx.db
    .select({
      today: sql<number>`count(*)::int`,
      botOnly: sql<number>`count(*) filter (where ${conversations.handler} = 'bot'
        and ${conversations.handoffRequestedAt} is null
        and not exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id} and m.role = 'operator'))::int`,
      avgFirstResponseMs: sql<number | null>`avg(extract(epoch from (
        select min(r.created_at) from ${messages} r
        where r.conversation_id = ${conversations.id} and r.role in ('bot', 'operator') and r.created_at >= first.created_at
      ) - first.created_at) * 1000)::float8`,
    })
    .from(conversations)
    .leftJoin(
      sql`lateral (select m.created_at from ${messages} m where m.conversation_id = ${conversations.id} and m.role = 'visitor' order by m.seq limit 1) first`,
      sql`true`,
    )
    .where(and(inInbox(ctx.workspace.id), gte(conversations.createdAt, today)));
  const counts = await inboxCounts(ctx);
  const latest = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(inInbox(ctx.workspace.id), ne(conversations.status, 'archived')))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(5);
  const todayCount = row?.today ?? 0;
  return {
    today: todayCount,
    open: counts.open,
    pending: counts.pending,
    aiAnsweredShare: todayCount ? (row?.botOnly ?? 0) / todayCount : null,
    avgFirstResponseMs: row?.avgFirstResponseMs == null ? null : Math.round(Number(row.avgFirstResponseMs)),
    latest: await loadInboxItems(ctx.db, {
      workspaceId: ctx.workspace.id,
      userId: ctx.user.id,
      conversationIds: latest.map((r) => r.id),
    }),
  };
}
