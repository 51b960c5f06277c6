import { and, eq, gt, sql } from 'drizzle-orm';
import { defaultPreferences, sessions, users, type TUserPreferences } from '../../../db/schema';
import { AppError } from '../../errors';
import { findUser, type TAuthContext, type TSignedInContext } from './account-context';
import { invalidateSession, publicSessionId } from './sessions';

export async function updateProfile(ctx: TSignedInContext, input: { name: string }) {
  const name = input.name.trim();
  await ctx.db.update(users).set({ name, updatedAt: new Date() }).where(eq(users.id, ctx.user.id));
  return { name };
}

export type TPreferencesPatch = {
  theme?: TUserPreferences['theme'];
  language?: TUserPreferences['language'];
  notifications?: Partial<TUserPreferences['notifications']>;
};

/** Merges a partial update into the stored preferences (a form may send only what it shows). */
export async function updatePreferences(ctx: TSignedInContext, patch: TPreferencesPatch) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ preferences: users.preferences })
      .from(users)
      .where(eq(users.id, ctx.user.id))
      .for('update');
    const current = { ...defaultPreferences, ...row?.preferences };
    const preferences: TUserPreferences = {
      theme: patch.theme ?? current.theme,
      language: patch.language ?? current.language,
      notifications: { ...defaultPreferences.notifications, ...current.notifications, ...patch.notifications },
    };
    await tx.update(users).set({ preferences, updatedAt: new Date() }).where(eq(users.id, ctx.user.id));
    return preferences;
  });
}

export async function getMe(ctx: Pick<TAuthContext, 'db' | 'env'> & { user: { id: string } }) {
  const user = await findUser(ctx.db, ctx.user.id);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    hasPassword: user.passwordHash !== null,
    isAdmin: user.isPlatformAdmin || ctx.env.ADMIN_EMAILS.includes(user.email),
    preferences: { ...defaultPreferences, ...user.preferences },
    lastWorkspaceId: user.lastWorkspaceId,
    createdAt: user.createdAt,
  };
}

export async function listSessions(ctx: TSignedInContext) {
  const rows = await ctx.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, ctx.user.id), gt(sessions.expiresAt, new Date())))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
  return rows.map((row) => ({
    id: publicSessionId(row.id),
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    userAgent: row.userAgent,
    ip: row.ip,
    isCurrent: row.id === ctx.session.id,
  }));
}

/** Ends one of the caller's own sessions, named by its public id; another user's id finds nothing. */
export async function revokeSession(ctx: TSignedInContext, input: { sessionId: string }) {
  const rows = await ctx.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, ctx.user.id));
  const target = rows.find((row) => publicSessionId(row.id) === input.sessionId);
  if (!target) throw new AppError('NOT_FOUND', 'auth:errors.sessionEnded');
  await invalidateSession(ctx.db, target.id);
  return { isCurrent: target.id === ctx.session.id };
}
