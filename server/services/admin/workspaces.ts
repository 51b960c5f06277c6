import { and, desc, eq, ilike, sql } from 'drizzle-orm';
import { chatbots, memberships, usageDaily, users, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import { usageAgainstLimits } from '../usage/measure';
import type { TLimitColumn } from '../usage/limits';
import { auditAdmin, likePattern, type TAdminContext } from './context';

const monthStart = sql`date_trunc('month', now() at time zone 'utc')::date`;
const messagesThisMonth = sql<number>`(select coalesce(sum(${usageDaily.messages}), 0)::int from ${usageDaily}
  where ${usageDaily.workspaceId} = ${workspaces.id} and ${usageDaily.day} >= ${monthStart})`;

/** The limits an admin can change: the `workspaces` columns of usage/limits.ts. */
export type TLimitKey = TLimitColumn;

const NOT_FOUND = 'admin:errors.workspaceGone';

export async function searchWorkspaces(ctx: TAdminContext, input: { search?: string; limit: number; offset: number }) {
  const search = input.search?.trim();
  const rows = await ctx.db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      createdAt: workspaces.createdAt,
      suspendedAt: workspaces.suspendedAt,
      monthlyMessageLimit: workspaces.monthlyMessageLimit,
      messagesThisMonth,
      // Table names written out: drizzle leaves a one-table select's columns unqualified, and a bare
      // "id" inside the chatbots subquery would be the chatbot's own.
      memberCount: sql<number>`(select count(*)::int from memberships m where m.workspace_id = workspaces.id)`,
      chatbotCount: sql<number>`(select count(*)::int from chatbots c where c.workspace_id = workspaces.id)`,
      ownerEmail: sql<
        string | null
      >`(select ${users.email} from ${memberships} join ${users} on ${users.id} = ${memberships.userId}
        where ${memberships.workspaceId} = ${workspaces.id} and ${memberships.role} = 'owner' limit 1)`,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(workspaces)
    .where(search ? ilike(workspaces.name, likePattern(search)) : undefined)
    .orderBy(desc(workspaces.createdAt), desc(workspaces.id))
    .limit(input.limit)
    .offset(input.offset);
  return { total: rows[0]?.total ?? 0, workspaces: rows.map(({ total: _total, ...row }) => row) };
}

/** One workspace: members, chatbots, and usage against each limit. */
export async function workspaceDetail(ctx: TAdminContext, input: { workspaceId: string }) {
  const [workspace] = await ctx.db
    .select({ workspace: workspaces, messagesThisMonth })
    .from(workspaces)
    .where(eq(workspaces.id, input.workspaceId));
  if (!workspace) throw new AppError('NOT_FOUND', NOT_FOUND);
  const [members, bots] = await Promise.all([
    ctx.db
      .select({ id: users.id, email: users.email, name: users.name, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.workspaceId, input.workspaceId))
      .orderBy(users.email),
    ctx.db
      .select({ id: chatbots.id, name: chatbots.name, status: chatbots.status, createdAt: chatbots.createdAt })
      .from(chatbots)
      .where(eq(chatbots.workspaceId, input.workspaceId))
      .orderBy(chatbots.name),
  ]);
  const { workspace: row } = workspace;
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    suspendedAt: row.suspendedAt,
    suspensionReason: row.suspensionReason,
    retention: {
      days: row.retentionDays,
      keepIdentified: row.retentionKeepIdentified,
      deleteTests: row.retentionDeleteTests,
      lastRunAt: row.retentionLastRunAt,
    },
    // One row per plan limit, each with what it counts this period (usage/limits.ts); the page names each by its metric.
    limits: ((await usageAgainstLimits(ctx.db, row.id)) ?? []).map((limit) => ({
      key: limit.column as TLimitKey,
      metric: limit.metric,
      used: limit.used,
      limit: limit.limit,
    })),
    members,
    chatbots: bots,
  };
}

export async function setWorkspaceLimits(
  ctx: TAdminContext,
  input: { workspaceId: string; limits: Partial<Record<TLimitKey, number>> },
) {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(workspaces).where(eq(workspaces.id, input.workspaceId)).for('update');
    if (!before) throw new AppError('NOT_FOUND', NOT_FOUND);
    await tx
      .update(workspaces)
      .set({ ...input.limits, updatedAt: new Date() })
      .where(eq(workspaces.id, before.id));
    const changes = Object.fromEntries(
      Object.entries(input.limits).map(([key, value]) => [key, { from: before[key as TLimitKey], to: value }]),
    );
    await auditAdmin(ctx, tx, {
      action: 'admin.workspace_limits_changed',
      workspaceId: before.id,
      target: { type: 'workspace', id: before.id, label: before.name },
      details: changes,
    });
    return { workspaceId: before.id };
  });
}

/** Suspends or restores a workspace: its widgets answer an "unavailable" message meanwhile, and its team sees the reason. */
export async function setWorkspaceSuspension(
  ctx: TAdminContext,
  input: { workspaceId: string; suspend: boolean; reason?: string },
) {
  return ctx.db.transaction(async (tx) => {
    const [workspace] = await tx
      .update(workspaces)
      .set({
        suspendedAt: input.suspend ? new Date() : null,
        suspensionReason: input.suspend ? (input.reason ?? null) : null,
        updatedAt: new Date(),
      })
      .where(and(eq(workspaces.id, input.workspaceId)))
      .returning();
    if (!workspace) throw new AppError('NOT_FOUND', NOT_FOUND);
    await auditAdmin(ctx, tx, {
      action: input.suspend ? 'admin.workspace_suspended' : 'admin.workspace_restored',
      workspaceId: workspace.id,
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
      details: input.suspend ? { reason: input.reason ?? null } : {},
    });
    return { workspaceId: workspace.id };
  });
}
