import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeSources, usageDaily, usageTokensDaily, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import { amountOf } from '../../../shared/amounts';
import { monthStart } from './measure';

/**
 * Whether a workspace's chatbots may answer: not when an admin suspended it,
 * and not past its monthly message limit (this message included) or token
 * limit. One statement, on the path of every answer.
 */
export async function answeringState(db: Db, workspaceId: string) {
  const [row] = await db
    .select({
      suspendedAt: workspaces.suspendedAt,
      messageLimit: workspaces.monthlyMessageLimit,
      tokenLimit: workspaces.monthlyTokenLimit,
      messages: sql<number>`(select coalesce(sum(${usageDaily.messages}), 0)::float8 from ${usageDaily}
        where ${usageDaily.workspaceId} = ${workspaces.id} and ${usageDaily.day} >= ${monthStart})`,
      tokens: sql<number>`(select coalesce(sum(${usageTokensDaily.tokensIn} + ${usageTokensDaily.tokensOut}), 0)::float8
        from ${usageTokensDaily} where ${usageTokensDaily.workspaceId} = ${workspaces.id}
        and ${usageTokensDaily.day} >= ${monthStart})`,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) return { isSuspended: false, isOverLimit: false };
  return {
    isSuspended: !!row.suspendedAt,
    isOverLimit: Number(row.messages) > row.messageLimit || Number(row.tokens) >= row.tokenLimit,
  };
}

/**
 * Refuses a new knowledge source past the workspace's document or storage
 * limit, in words the person adding it understands.
 */
export async function assertRoomForKnowledge(db: Db, workspaceId: string, addBytes = 0) {
  const [row] = await db
    .select({
      documentLimit: workspaces.documentLimit,
      storageLimit: workspaces.storageByteLimit,
      documents: sql<number>`count(${knowledgeSources.id})::float8`,
      bytes: sql<number>`coalesce(sum(greatest(coalesce(${knowledgeSources.sizeBytes}, 0),
        coalesce(octet_length(${knowledgeSources.content}), 0))), 0)::float8`,
    })
    .from(workspaces)
    .leftJoin(knowledgeSources, eq(knowledgeSources.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId))
    .groupBy(workspaces.id);
  if (!row) return;
  if (Number(row.documents) >= row.documentLimit)
    throw new AppError('FORBIDDEN', { key: 'dashboard:errors.documentsFull', values: { limit: row.documentLimit } });
  if (Number(row.bytes) + addBytes > row.storageLimit)
    // The limit in words of the reader's language: its size's key is nested in the sentence.
    throw new AppError('FORBIDDEN', {
      key: 'dashboard:errors.storageFull',
      values: amountOf('bytes', row.storageLimit),
    });
}

/** Whether the workspace has sent this month's allowance of event webhooks. */
export async function isWebhookLimitReached(db: Db, workspaceId: string) {
  const [row] = await db
    .select({
      limit: workspaces.monthlyWebhookLimit,
      // Names written out: drizzle leaves a one-table select's columns unqualified, and both tables have an id.
      sent: sql<number>`(select count(*)::float8 from webhook_messages wm
        join webhook_endpoints we on we.id = wm.endpoint_id
        where we.workspace_id = workspaces.id and wm.created_at >= ${monthStart}::timestamp at time zone 'utc')`,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return !!row && Number(row.sent) >= row.limit;
}
