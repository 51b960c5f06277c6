import { and, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  knowledgeSources,
  usageDaily,
  usageTokensDaily,
  webhookEndpoints,
  webhookMessages,
  workspaces,
} from '../../../db/schema';
import { LIMITS, limitState, METRICS, type TMetric } from './limits';

/** The first day of this calendar month (UTC). */
export const monthStart = sql`date_trunc('month', now() at time zone 'utc')::date`;

export type TUsed = Record<TMetric, number>;
export type TLimitRow = { metric: TMetric; used: number; limit: number };

const zero = (): TUsed => ({ messages: 0, tokens: 0, documents: 0, storage: 0, webhooks: 0 });

/**
 * What each workspace used against its limits: this month's visitor
 * messages, AI tokens and webhook deliveries, and the knowledge it holds
 * now. One grouped query per figure, for one workspace (the Usage page, a
 * check before answering) or many (the notice job).
 */
export async function measureUsage(db: Db, workspaceIds: string[]): Promise<Map<string, TUsed>> {
  const result = new Map(workspaceIds.map((id) => [id, zero()]));
  if (!workspaceIds.length) return result;
  const inIds = (column: Parameters<typeof inArray>[0]) => inArray(column, workspaceIds);
  const [messages, tokens, documents, webhooks] = await Promise.all([
    db
      .select({ id: usageDaily.workspaceId, n: sql<number>`coalesce(sum(${usageDaily.messages}), 0)::float8` })
      .from(usageDaily)
      .where(and(inIds(usageDaily.workspaceId), gte(usageDaily.day, monthStart as SQL<string>)))
      .groupBy(usageDaily.workspaceId),
    db
      .select({
        id: usageTokensDaily.workspaceId,
        n: sql<number>`coalesce(sum(${usageTokensDaily.tokensIn} + ${usageTokensDaily.tokensOut}), 0)::float8`,
      })
      .from(usageTokensDaily)
      .where(and(inIds(usageTokensDaily.workspaceId), gte(usageTokensDaily.day, monthStart as SQL<string>)))
      .groupBy(usageTokensDaily.workspaceId),
    db
      .select({
        id: knowledgeSources.workspaceId,
        n: sql<number>`count(*)::float8`,
        // The larger of the original file and its text: what the source takes up in the database.
        bytes: sql<number>`coalesce(sum(greatest(coalesce(${knowledgeSources.sizeBytes}, 0),
          coalesce(octet_length(${knowledgeSources.content}), 0))), 0)::float8`,
      })
      .from(knowledgeSources)
      .where(inIds(knowledgeSources.workspaceId))
      .groupBy(knowledgeSources.workspaceId),
    db
      .select({ id: webhookEndpoints.workspaceId, n: sql<number>`count(*)::float8` })
      .from(webhookMessages)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
      .where(
        and(
          inIds(webhookEndpoints.workspaceId),
          sql`${webhookMessages.createdAt} >= ${monthStart}::timestamp at time zone 'utc'`,
        ),
      )
      .groupBy(webhookEndpoints.workspaceId),
  ]);
  for (const row of messages) result.get(row.id)!.messages = Number(row.n);
  for (const row of tokens) result.get(row.id)!.tokens = Number(row.n);
  for (const row of documents)
    Object.assign(result.get(row.id)!, { documents: Number(row.n), storage: Number(row.bytes) });
  for (const row of webhooks) result.get(row.id)!.webhooks = Number(row.n);
  return result;
}

/** Each workspace's limits, by metric. */
export async function readLimits(db: Db, workspaceIds: string[]) {
  if (!workspaceIds.length) return new Map<string, Record<TMetric, number>>();
  const rows = await db
    .select({
      id: workspaces.id,
      messages: workspaces.monthlyMessageLimit,
      tokens: workspaces.monthlyTokenLimit,
      documents: workspaces.documentLimit,
      storage: workspaces.storageByteLimit,
      webhooks: workspaces.monthlyWebhookLimit,
    })
    .from(workspaces)
    .where(inArray(workspaces.id, workspaceIds));
  return new Map(rows.map(({ id, ...limits }) => [id, limits as Record<TMetric, number>]));
}

/** One workspace's figures against its limits, with where each stands. */
export async function usageAgainstLimits(db: Db, workspaceId: string) {
  const [used, limits] = await Promise.all([measureUsage(db, [workspaceId]), readLimits(db, [workspaceId])]);
  const workspaceLimits = limits.get(workspaceId);
  if (!workspaceLimits) return null;
  return rowsOf(used.get(workspaceId)!, workspaceLimits);
}

export const rowsOf = (used: TUsed, limits: Record<TMetric, number>) =>
  METRICS.map((metric) => ({
    metric,
    ...LIMITS[metric],
    used: used[metric],
    limit: limits[metric],
    share: limits[metric] > 0 ? used[metric] / limits[metric] : 1,
    state: limitState(used[metric], limits[metric]),
  }));

export type TUsageRow = ReturnType<typeof rowsOf>[number];
