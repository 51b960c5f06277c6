import { and, eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { AppError } from '../../errors';
import { queueMail } from '../mail/send';
import {
  findUserByEmail,
  ipOf,
  LINK_INVALID,
  LOGIN_FAILED,
  metaOf,
  normaliseEmail,
  type TAuthContext,
  type TSignedInContext,
} from './account-context';
import { issueToken, spendToken } from './link-tokens';
import { authMails } from './mails';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { knownDeviceOf } from './proof-cookies';
import { assertUnderLimit, authLimiters, consumeLimit, penalise, resetLimit } from './rate-limits';
import { createSession, invalidateSession, invalidateUserSessions } from './sessions';

export const confirmFirstMessage = (email: string) => ({ key: 'auth:errors.confirmFirst', values: { email } });

/** Said with the minutes left as `count`. */
const ACCOUNT_LOCKED = 'auth:errors.accountLocked';

/**
 * The password log-in, counted as rate-limits.ts describes (per address, per
 * account and address, per account — a browser that got in before is exempt
 * from the last). An unconfirmed account is never opened: it may be someone
 * else's sign-up with the owner's address (see sign-up.ts).
 */
export async function login(ctx: TAuthContext, input: { email: string; password: string }) {
  const email = normaliseEmail(input.email);
  const limiters = authLimiters(ctx.database);
  const ip = ipOf(ctx);
  const accountAtIp = `${email}|${ip}`;
  await assertUnderLimit(limiters.loginIp, ip);
  await assertUnderLimit(limiters.loginAccountIp, accountAtIp);

  const user = await findUserByEmail(ctx.db, email);
  const deviceId = user ? knownDeviceOf(ctx.env, ctx.headers, user.id) : null;
  const device = deviceId ? `${user!.id}|${deviceId}` : null;
  if (device) await assertUnderLimit(limiters.loginDevice, device);
  else await assertUnderLimit(limiters.loginAccount, email, ACCOUNT_LOCKED);

  const isMatch = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  if (!user || !isMatch) {
    await penalise(limiters.loginIp, ip);
    await penalise(limiters.loginAccountIp, accountAtIp);
    await penalise(limiters.loginAccount, email);
    if (device) await penalise(limiters.loginDevice, device);
    throw new AppError('UNAUTHORIZED', LOGIN_FAILED);
  }
  await resetLimit(limiters.loginAccountIp, accountAtIp);
  if (device) await resetLimit(limiters.loginDevice, device);
  if (!user.emailVerifiedAt) throw new AppError('FORBIDDEN', confirmFirstMessage(email));
  return createSession(ctx.db, { userId: user.id, ...metaOf(ctx) });
}

export const logout = (ctx: TSignedInContext) => invalidateSession(ctx.db, ctx.session.id);

export const logoutEverywhere = (ctx: TSignedInContext) => invalidateUserSessions(ctx.db, { userId: ctx.user.id });

export const logoutOtherSessions = (ctx: TSignedInContext) =>
  invalidateUserSessions(ctx.db, { userId: ctx.user.id, exceptSessionId: ctx.session.id });

/**
 * The owner's way past the account-wide limit: a one-time link to the
 * account's address. Same answer whether or not the address has a confirmed
 * account (counted per address asked for, so the limit reveals nothing either).
 */
export async function requestSignInLink(ctx: TAuthContext, input: { email: string }) {
  const email = normaliseEmail(input.email);
  const limiters = authLimiters(ctx.database);
  await consumeLimit(limiters.signInIp, ipOf(ctx));
  await consumeLimit(limiters.signInAccount, email);
  const user = await findUserByEmail(ctx.db, email);
  if (!user?.emailVerifiedAt) return { email };
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'sign_in', email });
  await queueMail(ctx, authMails.signInLink(ctx.env, { to: email, token }));
  return { email };
}

/** The sign-in link's button (a POST): a new session for the account the link was mailed for. */
export async function signInWithLink(ctx: TAuthContext, input: { token: string }) {
  await consumeLimit(authLimiters(ctx.database).tokenIp, ipOf(ctx));
  const userId = await ctx.db.transaction(async (tx) => {
    const token = await spendToken(tx, { token: input.token, purpose: 'sign_in' });
    // A link for an address the account no longer uses proves nothing.
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, token.userId), eq(users.email, token.email)));
    if (!user) throw new AppError('BAD_REQUEST', LINK_INVALID);
    return user.id;
  });
  return createSession(ctx.db, { userId, ...metaOf(ctx) });
}
