import { desc, eq, ilike, max, or, sql } from 'drizzle-orm';
import { memberships, sessions, users, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import { issueToken } from '../account/link-tokens';
import { authMails } from '../account/mails';
import { publicSessionId } from '../account/sessions';
import { queueMail } from '../mail/send';
import { isPlatformAdmin } from './admins';
import { auditAdmin, likePattern, type TAdminContext } from './context';

// Written out with table names: in a one-table select drizzle leaves columns unqualified, and inside
// these subqueries a bare "id" would be the sessions' (text) id, not the user's.
const lastSeen = sql<Date | null>`(select max(s.last_seen_at) from sessions s where s.user_id = users.id)`;

/** Users matching an e-mail or name, newest first, with when they were last seen and how many workspaces they are in. */
export async function searchUsers(ctx: TAdminContext, input: { search?: string; limit: number; offset: number }) {
  const search = input.search?.trim();
  const rows = await ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      createdAt: users.createdAt,
      isPlatformAdmin: users.isPlatformAdmin,
      suspendedAt: users.suspendedAt,
      suspensionReason: users.suspensionReason,
      lastSeenAt: lastSeen,
      workspaceCount: sql<number>`(select count(*)::int from memberships m where m.user_id = users.id)`,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(users)
    .where(search ? or(ilike(users.email, likePattern(search)), ilike(users.name, likePattern(search))) : undefined)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit)
    .offset(input.offset);
  return {
    total: rows[0]?.total ?? 0,
    users: rows.map(({ total: _total, ...row }) => ({
      ...row,
      lastSeenAt: row.lastSeenAt ? new Date(row.lastSeenAt) : null,
      isAdmin: isPlatformAdmin(ctx.env, row),
      isAdminByAddress: ctx.env.ADMIN_EMAILS.includes(row.email),
    })),
  };
}

async function findUser(ctx: TAdminContext, userId: string) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'admin:errors.userGone');
  return user;
}

/** One user: their workspaces and roles, and their open sessions (never the tokens). */
export async function userDetail(ctx: TAdminContext, input: { userId: string }) {
  const user = await findUser(ctx, input.userId);
  const [teams, open] = await Promise.all([
    ctx.db
      .select({ id: workspaces.id, name: workspaces.name, role: memberships.role, suspendedAt: workspaces.suspendedAt })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, user.id))
      .orderBy(workspaces.name),
    ctx.db
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        ip: sessions.ip,
        userAgent: sessions.userAgent,
      })
      .from(sessions)
      .where(eq(sessions.userId, user.id))
      .orderBy(desc(sessions.lastSeenAt)),
  ]);
  const [seen] = await ctx.db
    .select({ at: max(sessions.lastSeenAt) })
    .from(sessions)
    .where(eq(sessions.userId, user.id));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt,
    emailVerified: user.emailVerifiedAt !== null,
    hasPassword: user.passwordHash !== null,
    suspendedAt: user.suspendedAt,
    suspensionReason: user.suspensionReason,
    isAdmin: isPlatformAdmin(ctx.env, user),
    isAdminByAddress: ctx.env.ADMIN_EMAILS.includes(user.email),
    lastSeenAt: seen?.at ?? null,
    workspaces: teams,
    sessions: open.map(({ id, ...session }) => ({ ...session, id: publicSessionId(id) })),
  };
}

/**
 * Suspends an account: log-ins are refused with the reason, and deleting its
 * sessions ends them everywhere at once (the sessions trigger of migration
 * 0010 announces it and every process closes the sockets that used them).
 */
export async function suspendUser(ctx: TAdminContext, input: { userId: string; reason: string }) {
  if (input.userId === ctx.user.id) throw new AppError('BAD_REQUEST', 'admin:errors.cannotSuspendSelf');
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ suspendedAt: new Date(), suspensionReason: input.reason, updatedAt: new Date() })
      .where(eq(users.id, input.userId))
      .returning();
    if (!user) throw new AppError('NOT_FOUND', 'admin:errors.userGone');
    const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id });
    await auditAdmin(ctx, tx, {
      action: 'admin.user_suspended',
      target: { type: 'user', id: user.id, label: user.email },
      details: { reason: input.reason, sessionsEnded: ended.length },
    });
    return { userId: user.id, sessionsEnded: ended.length };
  });
}

export async function restoreUser(ctx: TAdminContext, input: { userId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ suspendedAt: null, suspensionReason: null, updatedAt: new Date() })
      .where(eq(users.id, input.userId))
      .returning();
    if (!user) throw new AppError('NOT_FOUND', 'admin:errors.userGone');
    await auditAdmin(ctx, tx, {
      action: 'admin.user_restored',
      target: { type: 'user', id: user.id, label: user.email },
    });
    return { userId: user.id };
  });
}

/** Mails the user a password-reset link (the same mail "Forgot password" sends), e.g. after a support request. */
export async function sendPasswordResetLink(ctx: TAdminContext, input: { userId: string }) {
  const user = await findUser(ctx, input.userId);
  // The mail job must find its row when it runs, so the mail is committed before it is queued (as every mail is).
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'reset_password', email: user.email });
  await queueMail(ctx, authMails.resetPassword(ctx.env, { to: user.email, token }));
  await ctx.db.transaction(async (tx) => {
    await auditAdmin(ctx, tx, {
      action: 'admin.password_reset_sent',
      target: { type: 'user', id: user.id, label: user.email },
    });
  });
  return { email: user.email };
}
