import { and, eq, inArray, isNull, lt, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, messages, visitors, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import type { TMemberCtx } from '../workspaces/workspaces';
import { recordMemberAudit } from '../audit';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Applies every workspace's retention policy (anonymous visitors inactive past their limit). */
    'retention.run': Record<string, never>;
  }
}

const DAY = 86_400_000;
/** Visitors deleted per transaction: each batch holds its locks for milliseconds, never the whole purge. */
export const RETENTION_BATCH = 200;

export type TRetentionResult = { visitors: number; conversations: number; messages: number };

/**
 * Deletes one workspace's visitors inactive for `retentionDays` (last seen,
 * and no conversation with a message since), anonymous ones only unless the
 * policy says otherwise, in small batches. Their conversations, messages,
 * reads, notes and notices go by cascade. Visitors tied to a team member
 * (playground and test chats) are kept. Usage counts (usage_daily) are
 * stored apart, so the analytics of past months stay as they were.
 */
export async function purgeWorkspace(
  db: Db,
  workspace: { id: string; retentionDays: number; retentionKeepIdentified: boolean },
  options: { now?: Date; batchSize?: number } = {},
): Promise<TRetentionResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - workspace.retentionDays * DAY);
  const total: TRetentionResult = { visitors: 0, conversations: 0, messages: 0 };
  const stale = and(
    eq(visitors.workspaceId, workspace.id),
    lt(visitors.lastSeenAt, cutoff),
    isNull(visitors.userId),
    workspace.retentionKeepIdentified ? and(isNull(visitors.email), isNull(visitors.name)) : undefined,
    notExists(
      db
        .select({ one: sql`1` })
        .from(conversations)
        .where(and(eq(conversations.visitorId, visitors.id), sql`${conversations.lastMessageAt} >= ${cutoff}`)),
    ),
  );
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const ids = (
        await tx
          .select({ id: visitors.id })
          .from(visitors)
          .where(stale)
          .limit(options.batchSize ?? RETENTION_BATCH)
          .for('update', { skipLocked: true })
      ).map((row) => row.id);
      if (ids.length === 0) return null;
      const [counts] = await tx
        .select({
          conversations: sql<number>`count(distinct ${conversations.id})::int`,
          messages: sql<number>`count(${messages.id})::int`,
        })
        .from(conversations)
        .leftJoin(messages, eq(messages.conversationId, conversations.id))
        .where(inArray(conversations.visitorId, ids));
      await tx.delete(visitors).where(inArray(visitors.id, ids));
      return {
        visitors: ids.length,
        conversations: Number(counts?.conversations ?? 0),
        messages: Number(counts?.messages ?? 0),
      };
    });
    if (!batch) break;
    total.visitors += batch.visitors;
    total.conversations += batch.conversations;
    total.messages += batch.messages;
  }
  await db
    .update(workspaces)
    .set({ retentionLastRunAt: now, retentionLastResult: total })
    .where(eq(workspaces.id, workspace.id));
  return total;
}

/** Every workspace, one after another (the scheduled job). */
export async function runRetention(db: Db, now = new Date()) {
  const all = await db
    .select({
      id: workspaces.id,
      retentionDays: workspaces.retentionDays,
      retentionKeepIdentified: workspaces.retentionKeepIdentified,
    })
    .from(workspaces);
  const total: TRetentionResult = { visitors: 0, conversations: 0, messages: 0 };
  for (const workspace of all) {
    const result = await purgeWorkspace(db, workspace, { now });
    total.visitors += result.visitors;
    total.conversations += result.conversations;
    total.messages += result.messages;
  }
  return { workspaces: all.length, ...total };
}

/** The policy and its last run, for the workspace's settings page. */
export async function getRetention(ctx: TMemberCtx) {
  const [row] = await ctx.db
    .select({
      days: workspaces.retentionDays,
      keepIdentified: workspaces.retentionKeepIdentified,
      lastRunAt: workspaces.retentionLastRunAt,
      lastResult: workspaces.retentionLastResult,
    })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspace.id));
  if (!row) throw new AppError('NOT_FOUND', "We couldn't find that workspace.");
  return row;
}

/** Owners decide how long anonymous visitors' chats are kept. */
export async function setRetention(ctx: TMemberCtx, input: { days: number; keepIdentified: boolean }) {
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({ retentionDays: input.days, retentionKeepIdentified: input.keepIdentified, updatedAt: new Date() })
      .where(eq(workspaces.id, ctx.workspace.id));
    await recordMemberAudit(tx, ctx, { action: 'workspace.retention_changed', details: input });
    return input;
  });
}
