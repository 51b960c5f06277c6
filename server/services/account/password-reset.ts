import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { sessions, users, userTokens, type TUser } from '../../../db/schema';
import { AppError } from '../../errors';
import { queueMail } from '../mail/send';
import {
  findUser,
  findUserByEmail,
  ipOf,
  LINK_INVALID,
  metaOf,
  normaliseEmail,
  type TAuthContext,
  type TSignedInContext,
} from './account-context';
import { issueToken, spendToken } from './link-tokens';
import { authMails } from './mails';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import { assertUnderLimit, authLimiters, consumeLimit, penalise, resetLimit } from './rate-limits';
import { createSession, invalidateUserSessions } from './sessions';
import { hashToken } from './tokens';

/** Always the same answer, whether or not the address has an account. */
export async function requestPasswordReset(ctx: TAuthContext, input: { email: string }) {
  const email = normaliseEmail(input.email);
  const limiters = authLimiters(ctx.database);
  await consumeLimit(limiters.resetIp, ipOf(ctx));
  await consumeLimit(limiters.resetAccount, email);
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return { email };
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'reset_password', email });
  await queueMail(ctx, authMails.resetPassword(ctx.env, { to: email, token }));
  return { email };
}

/** Sets a new password from a reset link, ends every session, and logs in afresh. */
export async function resetPassword(ctx: TAuthContext, input: { token: string; password: string }) {
  await consumeLimit(authLimiters(ctx.database).tokenIp, ipOf(ctx));
  // Read first (not spent) so a weak password can be corrected with the same link.
  const [pending] = await ctx.db
    .select({ email: users.email })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(input.token)),
        eq(userTokens.purpose, 'reset_password'),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    );
  if (!pending) throw new AppError('BAD_REQUEST', LINK_INVALID);
  assertStrongPassword({ password: input.password, email: pending.email, field: 'password' });
  const passwordHash = await hashPassword(input.password);

  const userId = await ctx.db.transaction(async (tx) => {
    const token = await spendToken(tx, { token: input.token, purpose: 'reset_password' });
    // The link reached the mailbox, which also proves the address.
    await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, token.userId));
    // Other reset links still in mailboxes die with this one.
    await tx
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(
        and(eq(userTokens.userId, token.userId), eq(userTokens.purpose, 'reset_password'), isNull(userTokens.usedAt)),
      );
    await tx.delete(sessions).where(eq(sessions.userId, token.userId));
    return token.userId;
  });
  await resetLimit(authLimiters(ctx.database).loginAccount, pending.email);
  return createSession(ctx.db, { userId, ...metaOf(ctx) });
}

/**
 * The current password, checked like a log-in from this address (its failures count towards the
 * account-and-address limit, not the account-wide one strangers can fill: the owner is signed in).
 */
export async function assertCurrentPassword(ctx: TSignedInContext, user: TUser, password: string, field: string) {
  const limiter = authLimiters(ctx.database).loginAccountIp;
  const key = `${user.email}|${ipOf(ctx)}`;
  await assertUnderLimit(limiter, key);
  if (!user.passwordHash) {
    throw new AppError('BAD_REQUEST', 'auth:errors.noPassword', { [field]: ['auth:errors.noPassword'] });
  }
  if (await verifyPassword(user.passwordHash, password)) return;
  await penalise(limiter, key);
  throw new AppError('BAD_REQUEST', 'auth:errors.wrongPassword', { [field]: ['auth:errors.wrongPassword'] });
}

/** A new password; every other session ends (whoever else was in is out), this one stays. */
export async function changePassword(ctx: TSignedInContext, input: { currentPassword: string; newPassword: string }) {
  const user = await findUser(ctx.db, ctx.user.id);
  await assertCurrentPassword(ctx, user, input.currentPassword, 'currentPassword');
  assertStrongPassword({ password: input.newPassword, email: user.email, field: 'newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    await invalidateUserSessions(tx, { userId: user.id, exceptSessionId: ctx.session.id });
  });
}
