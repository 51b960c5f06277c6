import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { sessions, users, type TSession, type TUser } from '../../../db/schema';
import { AppError } from '../../errors';
import { hashesEqual, hashToken, randomToken } from './tokens';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;
/** Renewed once less than half the idle window is left, so active users never see it lapse. */
const RENEW_WHEN_LEFT_MS = SESSION_IDLE_MS / 2;
/** lastSeenAt is a hint for the session list; writing it on every request would cost a write per request. */
const TOUCH_AFTER_MS = 60 * 1000;

export type TSessionMeta = { userAgent?: string | null; ip?: string | null };

/**
 * A new session, never one the client proposed (no fixation). The token is
 * `id.secret`: the id finds the row, the secret (160 bits) proves possession
 * and only its SHA-256 is stored.
 */
export async function createSession(db: Db, options: { userId: string } & TSessionMeta) {
  // Every way in (password, link, OAuth, reset, sign-up) ends here, so a suspension is enforced once.
  await assertNotSuspended(db, options.userId);
  const id = randomToken(15);
  const secret = randomToken(20);
  const now = new Date();
  const absoluteExpiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  const [session] = await db
    .insert(sessions)
    .values({
      id,
      secretHash: hashToken(secret),
      userId: options.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
      absoluteExpiresAt,
      userAgent: options.userAgent?.slice(0, 500) ?? null,
      ip: options.ip?.slice(0, 100) ?? null,
    })
    .returning();
  return { token: `${id}.${secret}`, session: session! };
}

export const suspendedMessage = (reason: string | null) =>
  reason ? { key: 'auth:errors.suspendedWithReason', values: { reason } } : 'auth:errors.suspended';

async function assertNotSuspended(db: Db, userId: string) {
  const [user] = await db
    .select({ suspendedAt: users.suspendedAt, reason: users.suspensionReason })
    .from(users)
    .where(eq(users.id, userId));
  if (user?.suspendedAt) throw new AppError('FORBIDDEN', suspendedMessage(user.reason));
}

export type TValidatedSession = { session: TSession; user: TUser; isRenewed: boolean };

/** The session and user a token belongs to, sliding its expiry forward; null when invalid or expired. */
export async function validateSessionToken(db: Db, token: string): Promise<TValidatedSession | null> {
  const [id, secret] = token.split('.');
  if (!id || !secret) return null;
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (!hashesEqual(row.session.secretHash, hashToken(secret))) return null;
  // Suspending deletes the sessions; this covers one created in the same instant.
  if (row.user.suspendedAt) return null;

  const now = Date.now();
  const { session } = row;
  if (now >= session.expiresAt.getTime() || now >= session.absoluteExpiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const shouldRenew = session.expiresAt.getTime() - now < RENEW_WHEN_LEFT_MS;
  const shouldTouch = now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS;
  if (!shouldRenew && !shouldTouch) return { ...row, isRenewed: false };

  const expiresAt = shouldRenew
    ? new Date(Math.min(now + SESSION_IDLE_MS, session.absoluteExpiresAt.getTime()))
    : session.expiresAt;
  const isRenewed = expiresAt.getTime() !== session.expiresAt.getTime();
  const lastSeenAt = new Date(now);
  await db.update(sessions).set({ expiresAt, lastSeenAt }).where(eq(sessions.id, id));
  return { user: row.user, session: { ...session, expiresAt, lastSeenAt }, isRenewed };
}

export const invalidateSession = (db: Db, sessionId: string) => db.delete(sessions).where(eq(sessions.id, sessionId));

/** Every session of a user, or every one but `exceptSessionId` (the one in use). */
export const invalidateUserSessions = (db: Db, options: { userId: string; exceptSessionId?: string | null }) =>
  db
    .delete(sessions)
    .where(
      options.exceptSessionId
        ? and(eq(sessions.userId, options.userId), ne(sessions.id, options.exceptSessionId))
        : eq(sessions.userId, options.userId),
    );

/**
 * The handle shown in the session list and used to revoke one: derived from
 * the id by hashing, so the id half of a cookie never leaves the server
 * (not even to its owner's page scripts).
 */
export const publicSessionId = (sessionId: string) => hashToken(`session:${sessionId}`).slice(0, 16);
