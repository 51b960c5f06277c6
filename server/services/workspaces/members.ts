import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { memberships, users } from '../../../db/schema';
import { AppError } from '../../errors';
import { recordMemberAudit } from '../audit';
import { hasRole, ROLE_RANK, type TMemberCtx, type TWorkspaceRole } from './workspaces';

const NOT_A_MEMBER = 'settings:errors.notAMember';
const LAST_OWNER = 'settings:errors.lastOwner';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The target's membership, locked together with the workspace's owners, so
 * two concurrent changes cannot both decide "there is another owner" and
 * leave the workspace with none.
 */
const lockForChange = async (tx: Tx, input: { workspaceId: string; userId: string }) => {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.role, 'owner')))
    .for('update');
  const [target] = await tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)))
    .for('update');
  if (!target) throw new AppError('NOT_FOUND', NOT_A_MEMBER);
  return { target, ownerCount: owners.length };
};

const removeMembership = async (tx: Tx, input: { workspaceId: string; userId: string }) => {
  await tx
    .delete(memberships)
    .where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)));
  // Only tidiness: currentWorkspace already ignores workspaces the user left.
  await tx
    .update(users)
    .set({ lastWorkspaceId: null })
    .where(and(eq(users.id, input.userId), eq(users.lastWorkspaceId, input.workspaceId)));
};

export async function listMembers(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, ctx.workspace.id))
    .orderBy(asc(users.name), asc(users.email));
  return rows
    .map((row) => ({ ...row, isYou: row.userId === ctx.user.id }))
    .sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role]);
}

/**
 * Owners may set any role, including their own (while another owner
 * remains). Admins may move others between agent and admin but never touch
 * owners or make one, so an admin can't promote themselves past the owners.
 */
export async function changeRole(ctx: TMemberCtx, input: { userId: string; role: TWorkspaceRole }) {
  const isOwner = hasRole(ctx.workspace.role, 'owner');
  if (!isOwner && input.role === 'owner') {
    throw new AppError('FORBIDDEN', 'settings:errors.ownerPromoteOnly');
  }
  if (!isOwner && input.userId === ctx.user.id) {
    throw new AppError('FORBIDDEN', 'settings:errors.ownRole');
  }
  return ctx.db.transaction(async (tx) => {
    const { target, ownerCount } = await lockForChange(tx, { workspaceId: ctx.workspace.id, userId: input.userId });
    if (!isOwner && target.role === 'owner') {
      throw new AppError('FORBIDDEN', 'settings:errors.ownerRoleOnly');
    }
    if (target.role === 'owner' && input.role !== 'owner' && ownerCount <= 1) {
      throw new AppError('CONFLICT', LAST_OWNER);
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, input.userId)));
    await recordMemberAudit(tx, ctx, {
      action: 'member.role_changed',
      target: { type: 'user', id: target.userId, label: target.email },
      details: { from: target.role, to: input.role },
    });
    return { userId: input.userId, role: input.role };
  });
}

export async function removeMember(ctx: TMemberCtx, input: { userId: string }) {
  return ctx.db.transaction(async (tx) => {
    const { target, ownerCount } = await lockForChange(tx, { workspaceId: ctx.workspace.id, userId: input.userId });
    if (target.role === 'owner' && !hasRole(ctx.workspace.role, 'owner')) {
      throw new AppError('FORBIDDEN', 'settings:errors.ownerRemoveOnly');
    }
    if (target.role === 'owner' && ownerCount <= 1) throw new AppError('CONFLICT', LAST_OWNER);
    await removeMembership(tx, { workspaceId: ctx.workspace.id, userId: input.userId });
    await recordMemberAudit(tx, ctx, {
      action: 'member.removed',
      target: { type: 'user', id: target.userId, label: target.email },
      details: { role: target.role },
    });
    return { userId: input.userId };
  });
}

export async function leaveWorkspace(ctx: TMemberCtx) {
  return ctx.db.transaction(async (tx) => {
    const { target, ownerCount } = await lockForChange(tx, { workspaceId: ctx.workspace.id, userId: ctx.user.id });
    if (target.role === 'owner' && ownerCount <= 1) throw new AppError('CONFLICT', LAST_OWNER);
    await removeMembership(tx, { workspaceId: ctx.workspace.id, userId: ctx.user.id });
    return { workspaceId: ctx.workspace.id };
  });
}

/** The target becomes an owner and the caller steps down to admin, keeping access to configure. */
export async function transferOwnership(ctx: TMemberCtx, input: { userId: string }) {
  if (input.userId === ctx.user.id) {
    throw new AppError('BAD_REQUEST', 'settings:errors.transferToSelf', { userId: ['settings:errors.transferToSelf'] });
  }
  return ctx.db.transaction(async (tx) => {
    const { target } = await lockForChange(tx, { workspaceId: ctx.workspace.id, userId: input.userId });
    await recordMemberAudit(tx, ctx, {
      action: 'workspace.ownership_transferred',
      target: { type: 'user', id: target.userId, label: target.email },
    });
    await tx
      .update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, input.userId)));
    await tx
      .update(memberships)
      .set({ role: 'admin' })
      .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, ctx.user.id)));
    return { ownerId: input.userId, yourRole: 'admin' as const };
  });
}
