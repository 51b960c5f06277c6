import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { auditLog, memberships, usageDaily, users, type workspaceRole, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import { recordMemberAudit } from '../audit';
import { newWorkspaceLimits } from '../usage/limits';

export type TWorkspaceRole = (typeof workspaceRole.enumValues)[number];

/** Higher outranks lower: agents answer, admins also configure, owners also manage members and deletion. */
export const ROLE_RANK: Record<TWorkspaceRole, number> = { agent: 0, admin: 1, owner: 2 };

export const hasRole = (role: TWorkspaceRole, minRole: TWorkspaceRole) => ROLE_RANK[role] >= ROLE_RANK[minRole];

/** The signed-in account holder acting; only what the rules need, so any session shape fits. */
export type TActor = { id: string; email: string };

export type TUserCtx = { db: Db; user: TActor; ip?: string | null };

/** What workspaceProcedure adds: the workspace in the input and the caller's role there. */
export type TMemberCtx = TUserCtx & { workspace: { id: string; role: TWorkspaceRole } };

/** A key: callers throw it in an AppError (errorMapping translates it) or translate it themselves. */
export const WORKSPACE_NOT_FOUND = 'settings:errors.workspaceNotFound';

export async function findMembership(db: Db, input: { workspaceId: string; userId: string }) {
  const [row] = await db
    .select({ workspaceId: memberships.workspaceId, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)));
  return row ?? null;
}

const memberCounts = async (db: Db, workspaceIds: string[]) => {
  if (workspaceIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ workspaceId: memberships.workspaceId, members: count() })
    .from(memberships)
    .where(inArray(memberships.workspaceId, workspaceIds))
    .groupBy(memberships.workspaceId);
  return new Map(rows.map((row) => [row.workspaceId, row.members]));
};

const myWorkspaces = (db: Db, userId: string) =>
  db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      suspendedAt: workspaces.suspendedAt,
      suspensionReason: workspaces.suspensionReason,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(workspaces.id));

/**
 * The remembered workspace if the user still belongs to it, else the one
 * joined first: a deleted workspace or a removal must never strand anyone.
 */
export async function currentWorkspace(ctx: TUserCtx) {
  const [user] = await ctx.db
    .select({ lastWorkspaceId: users.lastWorkspaceId })
    .from(users)
    .where(eq(users.id, ctx.user.id));
  const mine = await myWorkspaces(ctx.db, ctx.user.id);
  const current = mine.find((workspace) => workspace.id === user?.lastWorkspaceId) ?? mine[0];
  if (!current) return null;
  // A suspended workspace's team sees why its chatbots answer "unavailable".
  const suspension = current.suspendedAt ? { at: current.suspendedAt, reason: current.suspensionReason } : null;
  return { id: current.id, name: current.name, role: current.role, suspension };
}

export async function listWorkspaces(ctx: TUserCtx) {
  const [mine, current] = await Promise.all([myWorkspaces(ctx.db, ctx.user.id), currentWorkspace(ctx)]);
  const counts = await memberCounts(
    ctx.db,
    mine.map((workspace) => workspace.id),
  );
  return mine
    .map((workspace) => ({
      id: workspace.id,
      name: workspace.name,
      role: workspace.role,
      memberCount: counts.get(workspace.id) ?? 0,
      isCurrent: workspace.id === current?.id,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function createWorkspace(ctx: TUserCtx, input: { name: string }) {
  return ctx.db.transaction(async (tx) => {
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: input.name, ...newWorkspaceLimits() })
      .returning();
    await tx.insert(memberships).values({ workspaceId: workspace!.id, userId: ctx.user.id, role: 'owner' });
    // A new workspace is where its creator wants to be next.
    await tx
      .update(users)
      .set({ lastWorkspaceId: workspace!.id, updatedAt: new Date() })
      .where(eq(users.id, ctx.user.id));
    return { id: workspace!.id, name: workspace!.name, role: 'owner' as const };
  });
}

const loadWorkspace = async (db: Db, workspaceId: string) => {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  // workspaceProcedure checked membership; a concurrent delete can still get here first.
  if (!workspace) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  return workspace;
};

export async function getWorkspace(ctx: TMemberCtx) {
  const workspace = await loadWorkspace(ctx.db, ctx.workspace.id);
  const counts = await memberCounts(ctx.db, [workspace.id]);
  return {
    id: workspace.id,
    name: workspace.name,
    role: ctx.workspace.role,
    memberCount: counts.get(workspace.id) ?? 0,
    createdAt: workspace.createdAt,
  };
}

export async function renameWorkspace(ctx: TMemberCtx, input: { name: string }) {
  const [workspace] = await ctx.db
    .update(workspaces)
    .set({ name: input.name, updatedAt: new Date() })
    .where(eq(workspaces.id, ctx.workspace.id))
    .returning({ id: workspaces.id, name: workspaces.name });
  if (!workspace) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  return workspace;
}

export async function switchWorkspace(ctx: TMemberCtx) {
  const workspace = await loadWorkspace(ctx.db, ctx.workspace.id);
  await ctx.db
    .update(users)
    .set({ lastWorkspaceId: workspace.id, updatedAt: new Date() })
    .where(eq(users.id, ctx.user.id));
  return { id: workspace.id, name: workspace.name, role: ctx.workspace.role };
}

/**
 * Deletes the workspace and, by cascade, everything in it. The typed name
 * guards against deleting the wrong one of several similar workspaces.
 * Members whose lastWorkspaceId pointed here fall back in currentWorkspace.
 */
export async function deleteWorkspace(ctx: TMemberCtx, input: { confirmName: string }) {
  return ctx.db.transaction(async (tx) => {
    const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for('update');
    if (!workspace) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
    if (input.confirmName !== workspace.name) {
      const message = { key: 'settings:errors.confirmName', values: { name: workspace.name } };
      throw new AppError('BAD_REQUEST', message, { confirmName: [message] });
    }
    await tx.delete(workspaces).where(eq(workspaces.id, workspace.id));
    // The trail keeps who did what and when in it, not what it was done to (which is gone).
    await tx
      .update(auditLog)
      .set({ targetId: null, targetLabel: null, details: {} })
      .where(eq(auditLog.workspaceId, workspace.id));
    await recordMemberAudit(tx, ctx, {
      action: 'workspace.deleted',
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
    });
    return { id: workspace.id };
  });
}

/** From this share of the monthly message limit on, the workspace is warned that answers will stop. */
export const USAGE_WARNING_SHARE = 0.8;

export type TUsageStatus = 'ok' | 'near' | 'reached';

/**
 * This calendar month's (UTC) usage against the monthly message limit, the
 * way answering counts it: visitor messages across every chatbot. At the
 * limit the next message is taken instead of answered, so `reached` starts
 * there, and `near` at USAGE_WARNING_SHARE of it.
 */
export async function getWorkspaceUsage(ctx: TMemberCtx) {
  const monthStart = sql`date_trunc('month', now() at time zone 'utc')::date`;
  const [row] = await ctx.db
    .select({
      monthlyMessageLimit: workspaces.monthlyMessageLimit,
      monthStart: sql<string>`${monthStart}::text`,
      resetsOn: sql<string>`(${monthStart} + interval '1 month')::date::text`,
      messages: sql<number>`coalesce(sum(${usageDaily.messages}), 0)::int`,
      aiAnswers: sql<number>`coalesce(sum(${usageDaily.aiAnswers}), 0)::int`,
      tokensIn: sql<number>`coalesce(sum(${usageDaily.tokensIn}), 0)::float8`,
      tokensOut: sql<number>`coalesce(sum(${usageDaily.tokensOut}), 0)::float8`,
    })
    .from(workspaces)
    .leftJoin(usageDaily, and(eq(usageDaily.workspaceId, workspaces.id), sql`${usageDaily.day} >= ${monthStart}`))
    .where(eq(workspaces.id, ctx.workspace.id))
    .groupBy(workspaces.id);
  if (!row) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  const messages = Number(row.messages);
  const limit = row.monthlyMessageLimit;
  const share = limit > 0 ? messages / limit : 1;
  const status: TUsageStatus = messages >= limit ? 'reached' : share >= USAGE_WARNING_SHARE ? 'near' : 'ok';
  return {
    monthStart: row.monthStart,
    /** The first day (UTC) of the next month, when counting starts again. */
    resetsOn: row.resetsOn,
    messages,
    aiAnswers: Number(row.aiAnswers),
    tokensIn: Number(row.tokensIn),
    tokensOut: Number(row.tokensOut),
    monthlyMessageLimit: limit,
    share,
    status,
  };
}

/** Owners set how many visitor messages a month the workspace's chatbots answer (the billing limit). */
export async function setMessageLimit(ctx: TMemberCtx, input: { monthlyMessageLimit: number }) {
  const [workspace] = await ctx.db
    .update(workspaces)
    .set({ monthlyMessageLimit: input.monthlyMessageLimit, updatedAt: new Date() })
    .where(eq(workspaces.id, ctx.workspace.id))
    .returning({ id: workspaces.id, monthlyMessageLimit: workspaces.monthlyMessageLimit });
  if (!workspace) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  return workspace;
}
