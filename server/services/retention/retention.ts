import { and, eq, inArray, isNull, lt, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, messages, visitors, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import { WORKSPACE_NOT_FOUND, type TMemberCtx } from '../workspaces/workspaces';
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

/** How long the team's own test conversations are kept when the policy deletes them. */
export const TEST_RETENTION_DAYS = 7;

/** `tests`: test conversations deleted by the 7-day rule (counted apart from visitors' conversations). */
export type TRetentionResult = { visitors: number; conversations: number; messages: number; tests: number };

type TRetentionPolicy = {
  id: string;
  retentionDays: number;
  retentionKeepIdentified: boolean;
  retentionDeleteTests: boolean;
};

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
  workspace: TRetentionPolicy,
  options: { now?: Date; batchSize?: number } = {},
): Promise<TRetentionResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - workspace.retentionDays * DAY);
  const total: TRetentionResult = { visitors: 0, conversations: 0, messages: 0, tests: 0 };
  if (workspace.retentionDeleteTests) {
    total.tests = await purgeTestConversations(db, workspace.id, now, options.batchSize ?? RETENTION_BATCH);
  }
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

/**
 * Deletes the workspace's test conversations (the team trying its own bot in
 * the playground, the preview or the demo page) with no message for
 * TEST_RETENTION_DAYS, in batches, then the preview and demo visitors left
 * with none. Playground visitors belong to a team member and are kept. Test
 * conversations never entered the figures, so rollups do not move.
 */
async function purgeTestConversations(db: Db, workspaceId: string, now: Date, batchSize: number) {
  const cutoff = new Date(now.getTime() - TEST_RETENTION_DAYS * DAY);
  let deleted = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const ids = (
        await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(
            and(
              eq(conversations.workspaceId, workspaceId),
              eq(conversations.isTest, true),
              lt(conversations.lastMessageAt, cutoff),
            ),
          )
          .limit(batchSize)
          .for('update', { skipLocked: true })
      ).map((row) => row.id);
      if (ids.length > 0) await tx.delete(conversations).where(inArray(conversations.id, ids));
      return ids.length;
    });
    deleted += count;
    if (count < batchSize) break;
  }
  await db.delete(visitors).where(
    and(
      eq(visitors.workspaceId, workspaceId),
      eq(visitors.isTest, true),
      isNull(visitors.userId),
      lt(visitors.lastSeenAt, cutoff),
      notExists(
        db
          .select({ one: sql`1` })
          .from(conversations)
          .where(eq(conversations.visitorId, visitors.id)),
      ),
    ),
  );
  return deleted;
}

/** Every workspace, one after another (the scheduled job). */
export async function runRetention(db: Db, now = new Date()) {
  const all = await db
    .select({
      id: workspaces.id,
      retentionDays: workspaces.retentionDays,
      retentionKeepIdentified: workspaces.retentionKeepIdentified,
      retentionDeleteTests: workspaces.retentionDeleteTests,
    })
    .from(workspaces);
  const total: TRetentionResult = { visitors: 0, conversations: 0, messages: 0, tests: 0 };
  for (const workspace of all) {
    const result = await purgeWorkspace(db, workspace, { now });
    total.visitors += result.visitors;
    total.conversations += result.conversations;
    total.messages += result.messages;
    total.tests += result.tests;
  }
  return { workspaces: all.length, ...total };
}

/** The policy and its last run, for the workspace's settings page. */
export async function getRetention(ctx: TMemberCtx) {
  const [row] = await ctx.db
    .select({
      days: workspaces.retentionDays,
      keepIdentified: workspaces.retentionKeepIdentified,
      deleteTests: workspaces.retentionDeleteTests,
      lastRunAt: workspaces.retentionLastRunAt,
      lastResult: workspaces.retentionLastResult,
    })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspace.id));
  if (!row) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  return row;
}

/** Owners decide how long anonymous visitors' chats are kept. */
export async function setRetention(
  ctx: TMemberCtx,
  input: { days: number; keepIdentified: boolean; deleteTests: boolean },
) {
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({
        retentionDays: input.days,
        retentionKeepIdentified: input.keepIdentified,
        retentionDeleteTests: input.deleteTests,
        updatedAt: new Date(),
      })
      .where(eq(workspaces.id, ctx.workspace.id));
    await recordMemberAudit(tx, ctx, { action: 'workspace.retention_changed', details: input });
    return input;
  });
}
