import { and, eq, sql } from 'drizzle-orm';
import { requestLanguage } from '../../../shared/i18n/detect';
import { sessions, users, type TUser } from '../../../db/schema';
import { AppError } from '../../errors';
import { queueMail } from '../mail/send';
import { acceptSignupInvitation, linkSignupInvitation, openInvitationFor } from '../workspaces/invitation-signup';
import {
  createUserWithWorkspace,
  findUser,
  findUserByEmail,
  ipOf,
  isUniqueViolation,
  LINK_INVALID,
  metaOf,
  normaliseEmail,
  type TAuthContext,
  type TSignedInContext,
} from './account-context';
import { issueToken, peekToken, spendOtherTokens, spendToken } from './link-tokens';
import { authMails } from './mails';
import { assertStrongPassword, hashPassword } from './passwords';
import { hasSignUpProof, signUpCookie } from './proof-cookies';
import { consumeLimit, authLimiters } from './rate-limits';
import { createSession } from './sessions';
import { randomToken } from './tokens';

/** `invitationToken`: the sign-up started from an invitation link (see acceptSignupInvitation). */
export type TSignUpInput = { name: string; email: string; password: string; invitationToken?: string };

/** A cookie shaped like a sign-up proof that proves nothing: sent where a real one would reveal an account. */
const decoyCookie = (ctx: TAuthContext) => signUpCookie(ctx.env, { verifyToken: randomToken(32), passwordHash: '' });

/**
 * Sign-up never logs in and always answers the same way, whether or not the
 * address is registered: "check your inbox", and a sign-up cookie. Logging a
 * new user in at once would tell an attacker which addresses are free. The
 * owner of a confirmed address gets a mail saying someone tried.
 *
 * A sign-up over an account nobody has confirmed yet is the usual case of
 * "someone else used my address first": it replaces that account's password
 * with the new one and ends its sessions. Whoever then confirms decides
 * (see verifyEmail). Returns the sign-up cookie for this browser.
 */
export async function register(ctx: TAuthContext, input: TSignUpInput) {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  assertStrongPassword({ password: input.password, email, field: 'password' });
  await consumeLimit(authLimiters(ctx.database).signUpIp, ipOf(ctx));
  // Hashed before the lookup so every answer takes the time of one argon2 hash.
  const passwordHash = await hashPassword(input.password);

  const existing = await findUserByEmail(ctx.db, email);
  if (existing?.emailVerifiedAt) {
    await queueMail(ctx, authMails.alreadyRegistered(ctx.env, { to: existing.email }));
    return { email, cookie: decoyCookie(ctx) };
  }
  const invitation = input.invitationToken
    ? await openInvitationFor(ctx.db, { token: input.invitationToken, email })
    : null;
  if (existing) return signUpAgain(ctx, existing, { name, passwordHash, invitationId: invitation?.id ?? null });

  let token: string;
  try {
    token = await ctx.db.transaction(async (tx) => {
      const user = await createUserWithWorkspace(
        tx,
        { email, name, passwordHash, language: requestLanguage(ctx.headers) },
        { isInvited: !!invitation },
      );
      if (invitation) await linkSignupInvitation(tx, { invitationId: invitation.id, userId: user.id });
      return issueToken(tx, { userId: user.id, purpose: 'verify_email', email });
    });
  } catch (error) {
    // Two sign-ups for one address at once: the loser is an "existing account" too.
    if (!isUniqueViolation(error)) throw error;
    return { email, cookie: decoyCookie(ctx) };
  }
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: email, name, token }));
  return { email, cookie: signUpCookie(ctx.env, { verifyToken: token, passwordHash }) };
}

/** The newest sign-up of an unconfirmed address wins its password; every session of the account ends. */
async function signUpAgain(
  ctx: TAuthContext,
  user: TUser,
  { invitationId, ...values }: { name: string; passwordHash: string; invitationId: string | null },
) {
  try {
    await consumeLimit(authLimiters(ctx.database).resendAccount, user.id);
  } catch {
    // Silently: refusing here would reveal that the address has an account.
    return { email: user.email, cookie: decoyCookie(ctx) };
  }
  const token = await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(users.id, user.id), sql`${users.emailVerifiedAt} is null`));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    if (invitationId) await linkSignupInvitation(tx, { invitationId, userId: user.id });
    return issueToken(tx, { userId: user.id, purpose: 'verify_email', email: user.email });
  });
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: user.email, name: values.name, token }));
  return {
    email: user.email,
    cookie: signUpCookie(ctx.env, { verifyToken: token, passwordHash: values.passwordHash }),
  };
}

/**
 * What the confirmation page shows before anything is spent: whether the
 * link works, and whether this browser proves it chose the account's current
 * password (else the page asks for one).
 */
export async function verifyEmailStatus(ctx: TAuthContext, input: { token: string }) {
  const row = await peekToken(ctx.db, { token: input.token, purpose: 'verify_email' });
  if (!row) return { isValid: false as const };
  const isProven =
    row.user.emailVerifiedAt !== null ||
    hasSignUpProof(ctx.env, ctx.headers, { verifyToken: input.token, passwordHash: row.user.passwordHash });
  return { isValid: true as const, email: row.user.email, needsPassword: !isProven };
}

/**
 * The confirmation (a POST from the page the link opens). Proving the
 * address makes the confirmer the account's only holder:
 * - every session of the account ends (the confirmer gets a new one);
 * - the password survives only if this browser signed up with it (the
 *   sign-up cookie); otherwise the password typed on the confirmation page
 *   replaces it, and without one the account is left without a password
 *   (the confirmer sets one later with "Forgot password");
 * - every other confirmation link of the account dies.
 * A link of an account already confirmed only logs its owner in.
 */
export async function verifyEmail(ctx: TAuthContext, input: { token: string; password?: string }) {
  await consumeLimit(authLimiters(ctx.database).tokenIp, ipOf(ctx));
  const pending = await peekToken(ctx.db, { token: input.token, purpose: 'verify_email' });
  if (!pending) throw new AppError('BAD_REQUEST', LINK_INVALID);
  const { user } = pending;
  const isConfirmed = user.emailVerifiedAt !== null;
  const isProven =
    isConfirmed || hasSignUpProof(ctx.env, ctx.headers, { verifyToken: input.token, passwordHash: user.passwordHash });
  let passwordHash: string | null = user.passwordHash;
  if (!isProven) {
    if (input.password) assertStrongPassword({ password: input.password, email: user.email, field: 'password' });
    passwordHash = input.password ? await hashPassword(input.password) : null;
  }

  await ctx.db.transaction(async (tx) => {
    const token = await spendToken(tx, { token: input.token, purpose: 'verify_email' });
    if (isConfirmed) return;
    // The WHERE re-checks, in the transaction, what the peek saw: same address, password unchanged since.
    const [updated] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, passwordHash, updatedAt: new Date() })
      .where(
        and(
          eq(users.id, token.userId),
          eq(users.email, token.email),
          user.passwordHash === null ? sql`${users.passwordHash} is null` : eq(users.passwordHash, user.passwordHash),
        ),
      )
      .returning({ id: users.id });
    if (!updated) throw new AppError('BAD_REQUEST', LINK_INVALID);
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await spendOtherTokens(tx, { userId: user.id, purpose: 'verify_email' });
    await acceptSignupInvitation(tx, { id: user.id, email: user.email });
  });
  const session = await createSession(ctx.db, { userId: user.id, ...metaOf(ctx) });
  return { ...session, hasPassword: passwordHash !== null };
}

export async function resendVerification(ctx: TSignedInContext) {
  const user = await findUser(ctx.db, ctx.user.id);
  if (user.emailVerifiedAt) throw new AppError('BAD_REQUEST', 'auth:errors.alreadyVerified');
  await consumeLimit(authLimiters(ctx.database).resendAccount, user.id);
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'verify_email', email: user.email });
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: user.email, name: user.name, token }));
  return { email: user.email };
}

/**
 * "Send the link again" from the log-in page, for someone who cannot log in
 * yet. Same answer whether or not the address has an unconfirmed account.
 * The new link carries no sign-up proof, so whoever opens it chooses the
 * password on the confirmation page.
 */
export async function requestVerificationLink(ctx: TAuthContext, input: { email: string }) {
  const email = normaliseEmail(input.email);
  const limiters = authLimiters(ctx.database);
  await consumeLimit(limiters.resendIp, ipOf(ctx));
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.emailVerifiedAt) return { email };
  try {
    await consumeLimit(limiters.resendAccount, user.id);
  } catch {
    return { email };
  }
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'verify_email', email });
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: email, name: user.name, token }));
  return { email };
}
