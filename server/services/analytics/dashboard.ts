import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { resultRows, type Db } from '../../../db/client';
import {
  analyticsDaily,
  analyticsHourly,
  analyticsLabels,
  analyticsResponseTimes,
  chatbots,
  knowledgeGaps,
} from '../../../db/schema';
import type { TMemberCtx } from '../workspaces/workspaces';
import { addDays, previousPeriod, type TAnalyticsFilters } from './filters';
import { bucketMiddleMs } from './recount';

type TRollup = typeof analyticsDaily | typeof analyticsHourly | typeof analyticsLabels | typeof analyticsResponseTimes;

/** The rows of a rollup the filters select; `timeColumn` is its hour or day. */
function cut(
  table: TRollup,
  time: AnyPgColumn,
  ctx: TMemberCtx,
  f: Pick<TAnalyticsFilters, 'from' | 'to' | 'chatbotId' | 'origin' | 'channel'>,
) {
  return and(
    eq(table.workspaceId, ctx.workspace.id),
    sql`${time} >= ${f.from}`,
    sql`${time} < ${addDays(f.to, 1)}`,
    f.chatbotId ? eq(table.chatbotId, f.chatbotId) : undefined,
    f.origin ? eq(table.origin, f.origin) : undefined,
    f.channel ? eq(table.channel, f.channel) : undefined,
  );
}

const h = analyticsDaily;
const total = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)::float8`;
const TOTALS = {
  conversations: total(h.conversations),
  messages: sql<number>`coalesce(sum(${h.visitorMessages} + ${h.botMessages} + ${h.operatorMessages}), 0)::float8`,
  visitorMessages: total(h.visitorMessages),
  outcomeAi: total(h.outcomeAi),
  outcomeHanded: total(h.outcomeHanded),
  outcomeHuman: total(h.outcomeHuman),
  outcomeUnanswered: total(h.outcomeUnanswered),
  handoffVisitorAsked: total(h.handoffVisitorAsked),
  handoffLowConfidence: total(h.handoffLowConfidence),
  handoffNoAnswer: total(h.handoffNoAnswer),
  handoffPolicy: total(h.handoffPolicy),
  handoffWebhookFailure: total(h.handoffWebhookFailure),
  handoffBotOffered: total(h.handoffBotOffered),
  rated: total(h.rated),
  ratingSum: total(h.ratingSum),
  rating1: total(h.rating1),
  rating2: total(h.rating2),
  rating3: total(h.rating3),
  rating4: total(h.rating4),
  rating5: total(h.rating5),
  thumbsUp: total(h.thumbsUp),
  thumbsDown: total(h.thumbsDown),
  sentimentPositive: total(h.sentimentPositive),
  sentimentNeutral: total(h.sentimentNeutral),
  sentimentNegative: total(h.sentimentNegative),
};
export type TTotals = { [K in keyof typeof TOTALS]: number };

/** The period a day falls in: itself, or the Monday starting its week. */
const periodOf = (time: SQL | AnyPgColumn, granularity: 'day' | 'week') =>
  granularity === 'week' ? sql<string>`date_trunc('week', ${time})::date::text` : sql<string>`(${time})::date::text`;

/** The totals of a range (used for the period before the one shown, and by the live headline). */
const totalsOf = async (ctx: TMemberCtx, f: TAnalyticsFilters, range: Pick<TAnalyticsFilters, 'from' | 'to'>) => {
  const [row] = await ctx.db
    .select(TOTALS)
    .from(h)
    .where(cut(h, h.day, ctx, { ...f, ...range }));
  return row as TTotals;
};

/** The headline figures of a range, and of the period before it. */
export async function analyticsHeadline(ctx: TMemberCtx, f: TAnalyticsFilters) {
  const previous = previousPeriod(f);
  return { current: await totalsOf(ctx, f, f), previous: await totalsOf(ctx, f, previous), previousRange: previous };
}

/** The range's totals per period and over the whole range, read in one pass over the daily rollup. */
async function dailyOfRange(ctx: TMemberCtx, f: TAnalyticsFilters) {
  const period = periodOf(h.day, f.granularity);
  const rows = await ctx.db
    .select({
      // 1 for the range's total row (it comes even from no rows, with zero sums), 0 for a period's row.
      set: sql<number>`grouping(${period})::int`,
      period: sql<string | null>`${period}`,
      ...TOTALS,
    })
    .from(h)
    .where(cut(h, h.day, ctx, f))
    .groupBy(sql`grouping sets ((${period}), ())`);
  const totalsOfRow = ({ set: _set, period: _period, ...totals }: (typeof rows)[number]) => totals as TTotals;
  return {
    total: totalsOfRow(rows.find((row) => row.set === 1)!),
    series: rows
      .filter((row) => row.set === 0)
      .map((row) => ({ period: row.period!, ...totalsOfRow(row) }))
      .sort((a, b) => a.period.localeCompare(b.period)),
  };
}

/** Conversations by weekday and hour of the day (UTC) over the range. */
async function busiestHours(ctx: TMemberCtx, f: TAnalyticsFilters) {
  const hourly = analyticsHourly;
  const weekday = sql<number>`extract(isodow from ${hourly.hour})::int`;
  const hour = sql<number>`extract(hour from ${hourly.hour})::int`;
  const rows = await ctx.db
    .select({ weekday, hour, conversations: sql<number>`sum(${hourly.conversations})::float8` })
    .from(hourly)
    .where(cut(hourly, hourly.hour, ctx, f))
    .groupBy(sql`1`, sql`2`);
  return rows.filter((row) => row.conversations > 0);
}

/** Median and 90th percentile of a histogram of response times. */
export function percentiles(buckets: { bucket: number; count: number }[]) {
  const sorted = [...buckets].sort((a, b) => a.bucket - b.bucket);
  const n = sorted.reduce((sum, b) => sum + b.count, 0);
  if (!n) return { median: null, p90: null, count: 0 };
  const at = (share: number) => {
    let seen = 0;
    for (const b of sorted) {
      seen += b.count;
      if (seen >= share * n) return Math.round(bucketMiddleMs(b.bucket));
    }
    return Math.round(bucketMiddleMs(sorted.at(-1)!.bucket));
  };
  return { median: at(0.5), p90: at(0.9), count: n };
}

async function responseTimes(ctx: TMemberCtx, f: TAnalyticsFilters) {
  const r = analyticsResponseTimes;
  const rows = await ctx.db
    .select({
      period: periodOf(r.day, f.granularity),
      kind: r.kind,
      bucket: r.bucket,
      count: sql<number>`sum(${r.count})::int`,
    })
    .from(r)
    .where(cut(r, r.day, ctx, f))
    .groupBy(sql`1`, r.kind, r.bucket);
  const byPeriod = new Map<string, { bot: typeof rows; human: typeof rows }>();
  const all = { bot: [] as typeof rows, human: [] as typeof rows };
  for (const row of rows) {
    const entry = byPeriod.get(row.period) ?? { bot: [], human: [] };
    const kind = row.kind === 'human' ? 'human' : 'bot';
    entry[kind].push(row);
    all[kind].push(row);
    byPeriod.set(row.period, entry);
  }
  return {
    overall: { bot: percentiles(all.bot), human: percentiles(all.human) },
    series: [...byPeriod.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, kinds]) => ({ period, bot: percentiles(kinds.bot), human: percentiles(kinds.human) })),
  };
}

async function gapsOpenedClosed(db: Db, ctx: TMemberCtx, f: TAnalyticsFilters) {
  const g = knowledgeGaps;
  // Gaps belong to a chatbot, not to a website or channel: those filters do not cut them.
  const count = (column: typeof g.firstAskedAt | typeof g.closedAt) =>
    db
      .select({
        period: periodOf(sql`(${column} at time zone 'UTC')`, f.granularity),
        count: sql<number>`count(*)::int`,
      })
      .from(g)
      .where(
        and(
          eq(g.workspaceId, ctx.workspace.id),
          f.chatbotId ? eq(g.chatbotId, f.chatbotId) : undefined,
          gte(column, new Date(`${f.from}T00:00:00Z`)),
          lt(column, new Date(`${addDays(f.to, 1)}T00:00:00Z`)),
        ),
      )
      .groupBy(sql`1`);
  const [opened, closed] = [await count(g.firstAskedAt), await count(g.closedAt)];
  const periods = [...new Set([...opened, ...closed].map((row) => row.period))].sort();
  return periods.map((period) => ({
    period,
    opened: opened.find((row) => row.period === period)?.count ?? 0,
    closed: closed.find((row) => row.period === period)?.count ?? 0,
  }));
}

/** The most frequent topics and languages of the range, read in one pass over the label rollup. */
async function topLabels(ctx: TMemberCtx, f: TAnalyticsFilters, limit: number) {
  const l = analyticsLabels;
  const rows = await ctx.db
    .select({ kind: l.kind, label: l.label, count: sql<number>`sum(${l.count})::int` })
    .from(l)
    .where(and(cut(l, l.day, ctx, f), inArray(l.kind, ['topic', 'language'])))
    .groupBy(l.kind, l.label)
    .having(sql`sum(${l.count}) > 0`);
  const top = (kind: 'topic' | 'language') =>
    rows
      .filter((row) => row.kind === kind)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
      .slice(0, limit)
      .map(({ label, count }) => ({ label, count }));
  return { topics: top('topic'), languages: top('language') };
}

/** Everything the Analytics page draws, for one set of filters: a handful of queries over the rollups. */
export async function analyticsDashboard(ctx: TMemberCtx, f: TAnalyticsFilters) {
  const range = await dailyOfRange(ctx, f);
  const previous = previousPeriod(f);
  const labels = await topLabels(ctx, f, 12);
  return {
    headline: { current: range.total, previous: await totalsOf(ctx, f, previous), previousRange: previous },
    series: range.series,
    busiestHours: await busiestHours(ctx, f),
    responseTimes: await responseTimes(ctx, f),
    gaps: await gapsOpenedClosed(ctx.db, ctx, f),
    topics: labels.topics,
    languages: labels.languages,
  };
}

export type TAnalyticsDashboard = Awaited<ReturnType<typeof analyticsDashboard>>;

/** What the filters offer: the workspace's chatbots and the websites its conversations came from. */
export async function analyticsOptions(ctx: TMemberCtx) {
  const bots = await ctx.db
    .select({ id: chatbots.id, name: chatbots.name })
    .from(chatbots)
    .where(eq(chatbots.workspaceId, ctx.workspace.id))
    .orderBy(chatbots.name);
  // A skip scan over the rollup's primary key (workspace, chatbot, channel, origin, day): one index
  // probe per chatbot, channel and website, where a plain DISTINCT reads every day of the year.
  const origins = await ctx.db.execute(sql`
    with recursive seen as (
      (select chatbot_id, channel, origin from analytics_daily
        where workspace_id = ${ctx.workspace.id}
        order by chatbot_id, channel, origin limit 1)
      union all
      select next.* from seen, lateral (
        select chatbot_id, channel, origin from analytics_daily
        where workspace_id = ${ctx.workspace.id}
          and (chatbot_id, channel, origin) > (seen.chatbot_id, seen.channel, seen.origin)
        order by chatbot_id, channel, origin limit 1) next
    )
    select distinct origin from seen where origin <> '' order by origin`);
  return { chatbots: bots, origins: resultRows<{ origin: string }>(origins).map((row) => row.origin) };
}
