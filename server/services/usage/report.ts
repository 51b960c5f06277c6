import { and, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { usageDaily, usageTokensDaily, webhookEndpoints, webhookMessages } from '../../../db/schema';
import type { TAppLanguage } from '../../../shared/languages';
import { AppError } from '../../errors';
import { WORKSPACE_NOT_FOUND } from '../workspaces/workspaces';
import { monthStart, usageAgainstLimits, type TUsageRow } from './measure';
import { limitMessage } from './notices';

/** The month's days (UTC) up to today, as `YYYY-MM-DD`; the next month's first day. */
export function daysOfMonth(now: Date) {
  const day = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), n)).toISOString().slice(0, 10);
  return Array.from({ length: now.getUTCDate() }, (_, i) => day(i + 1));
}
export const nextMonth = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);

type TCtx = { db: Db; workspace: { id: string } };

export type TUsageDay = { day: string; messages: number; tokensIn: number; tokensOut: number; webhooks: number };

/** Every day of this month so far (UTC), with what was used that day. */
async function monthTrend(db: Db, workspaceId: string): Promise<TUsageDay[]> {
  const [messages, tokens, webhooks] = await Promise.all([
    db
      .select({ day: usageDaily.day, n: sql<number>`sum(${usageDaily.messages})::float8` })
      .from(usageDaily)
      .where(and(eq(usageDaily.workspaceId, workspaceId), gte(usageDaily.day, monthStart as SQL<string>)))
      .groupBy(usageDaily.day),
    db
      .select({
        day: usageTokensDaily.day,
        tokensIn: sql<number>`sum(${usageTokensDaily.tokensIn})::float8`,
        tokensOut: sql<number>`sum(${usageTokensDaily.tokensOut})::float8`,
      })
      .from(usageTokensDaily)
      .where(and(eq(usageTokensDaily.workspaceId, workspaceId), gte(usageTokensDaily.day, monthStart as SQL<string>)))
      .groupBy(usageTokensDaily.day),
    db
      .select({
        day: sql<string>`(${webhookMessages.createdAt} at time zone 'utc')::date::text`,
        n: sql<number>`count(*)::float8`,
      })
      .from(webhookMessages)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
      .where(
        and(
          eq(webhookEndpoints.workspaceId, workspaceId),
          sql`${webhookMessages.createdAt} >= ${monthStart}::timestamp at time zone 'utc'`,
        ),
      )
      .groupBy(sql`1`),
  ]);
  const byDay = <T extends { day: string }>(rows: T[]) => new Map(rows.map((row) => [row.day, row]));
  const [m, t, w] = [byDay(messages), byDay(tokens), byDay(webhooks)];
  return daysOfMonth(new Date()).map((day) => ({
    day,
    messages: Number(m.get(day)?.n ?? 0),
    tokensIn: Number(t.get(day)?.tokensIn ?? 0),
    tokensOut: Number(t.get(day)?.tokensOut ?? 0),
    webhooks: Number(w.get(day)?.n ?? 0),
  }));
}

/** The Usage page: each figure against its limit, tokens by provider, and the month day by day. */
export async function usageReport(ctx: TCtx) {
  const workspaceId = ctx.workspace.id;
  const now = new Date();
  const [rows, providers, trend] = await Promise.all([
    usageAgainstLimits(ctx.db, workspaceId),
    ctx.db
      .select({
        provider: usageTokensDaily.provider,
        tokensIn: sql<number>`sum(${usageTokensDaily.tokensIn})::float8`,
        tokensOut: sql<number>`sum(${usageTokensDaily.tokensOut})::float8`,
      })
      .from(usageTokensDaily)
      .where(and(eq(usageTokensDaily.workspaceId, workspaceId), gte(usageTokensDaily.day, monthStart as SQL<string>)))
      .groupBy(usageTokensDaily.provider)
      .orderBy(usageTokensDaily.provider),
    monthTrend(ctx.db, workspaceId),
  ]);
  if (!rows) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  return {
    monthStart: daysOfMonth(now)[0]!,
    /** The first day (UTC) of the next month, when the monthly figures start again. */
    resetsOn: nextMonth(now),
    limits: rows,
    tokensByProvider: providers.map((row) => ({
      provider: row.provider,
      tokensIn: Number(row.tokensIn),
      tokensOut: Number(row.tokensOut),
    })),
    trend,
  };
}

export type TUsageReport = Awaited<ReturnType<typeof usageReport>>;

/** The limits the team should hear about (80 % or more), for the banner on every workspace page, in the reader's language. */
export async function usageAlerts(ctx: TCtx & { locale?: TAppLanguage }) {
  const rows = (await usageAgainstLimits(ctx.db, ctx.workspace.id)) ?? [];
  const resetsOn = nextMonth(new Date());
  return {
    resetsOn,
    alerts: rows
      .filter((row: TUsageRow) => row.state !== 'ok')
      .map((row) => ({ metric: row.metric, state: row.state, message: limitMessage(row, resetsOn, ctx.locale) })),
  };
}
