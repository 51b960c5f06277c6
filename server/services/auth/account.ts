import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import {
  defaultPreferences,
  memberships,
  sessions,
  users,
  userTokens,
  workspaces,
  type TUser,
  type TUserPreferences,
} from '../../../db/schema';
import { AppError } from '../../errors';
import type { TEnv } from '../../env';
import type { JobQueue } from '../../jobs/queue';
import { queueMail, type TMailMessage } from '../mail';
import { authMails } from './mails';
import { assertStrongPassword, burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { assertUnderLimit, authLimiters, consumeLimit, penalise, resetLimit } from './rate-limits';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  publicSessionId,
  type TSessionMeta,
} from './sessions';
import { hashToken, randomToken } from './tokens';

/** What account services need from a request: the database, mail, and who is asking from where. */
export type TAuthContext = {
  db: Db;
  database: Database;
  env: TEnv;
  jobs: JobQueue;
  ip: string | null;
  headers: Headers;
};
/** A request by a signed-in user, in the session it is using. */
export type TSignedInContext = TAuthContext & { user: { id: string; email: string }; session: { id: string } };

export const LOGIN_FAILED = 'That e-mail and password do not match.';
export const LINK_INVALID = 'This link is invalid, was already used or has expired. Ask for a new one.';

const HOUR = 60 * 60 * 1000;
const TOKEN_LIFETIME = { verify_email: 48 * HOUR, reset_password: 1 * HOUR, change_email: 24 * HOUR } as const;
type TTokenPurpose = keyof typeof TOKEN_LIFETIME;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
const ipOf = (ctx: TAuthContext) => ctx.ip ?? 'unknown';
const metaOf = (ctx: TAuthContext): TSessionMeta => ({ ip: ctx.ip, userAgent: ctx.headers.get('user-agent') });
const sendAll = async (ctx: TAuthContext, messages: TMailMessage[]) => {
  for (const message of messages) await queueMail(ctx, message);
};

/** A one-time link token: 256 random bits in the link, only its SHA-256 in `user_tokens`. */
async function issueToken(db: Db, options: { userId: string; purpose: TTokenPurpose; email: string }) {
  const token = randomToken(32);
  await db.insert(userTokens).values({
    tokenHash: hashToken(token),
    userId: options.userId,
    purpose: options.purpose,
    email: options.email,
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME[options.purpose]),
  });
  return token;
}

/**
 * Spends a one-time token inside the caller's transaction. The conditional
 * UPDATE is the single-use guarantee: of two concurrent submissions only one
 * sees the row still unused. Every failure gives the same answer.
 */
async function spendToken(tx: Db, options: { token: string; purpose: TTokenPurpose }) {
  const now = new Date();
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(options.token)),
        eq(userTokens.purpose, options.purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    )
    .returning();
  if (!row) throw new AppError('BAD_REQUEST', LINK_INVALID);
  return row;
}

const findUserByEmail = async (db: Db, email: string) =>
  (await db.select().from(users).where(eq(users.email, email)))[0] ?? null;

const findUser = async (db: Db, id: string) => {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new AppError('UNAUTHORIZED', 'Please log in to continue.');
  return user;
};

/**
 * A new user who owns a new personal workspace, opened after log-in: what
 * sign-up and a first OAuth sign-in both make. Run it inside a transaction.
 */
export async function createUserWithWorkspace(
  tx: Db,
  values: { email: string; name: string; passwordHash: string | null; emailVerifiedAt?: Date | null },
) {
  const [user] = await tx.insert(users).values(values).returning();
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: `${values.name}'s workspace`.slice(0, 100) })
    .returning();
  await tx.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: 'owner' });
  await tx.update(users).set({ lastWorkspaceId: workspace!.id }).where(eq(users.id, user!.id));
  return { ...user!, lastWorkspaceId: workspace!.id };
}

export const isUniqueViolation = (error: unknown) =>
  (error as { code?: string } | null)?.code === '23505' ||
  (error as { cause?: { code?: string } } | null)?.cause?.code === '23505';

export type TSignUpInput = { name: string; email: string; password: string };

/**
 * Sign-up never logs in and always answers the same way, whether or not the
 * address is registered: "check your inbox". Logging a new user in at once
 * would tell an attacker which addresses are free (an existing one would
 * not be logged in). The verification link logs the new user in instead;
 * the owner of an existing address gets a mail saying someone tried.
 */
export async function register(ctx: TAuthContext, input: TSignUpInput) {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  assertStrongPassword({ password: input.password, email, field: 'password' });
  await consumeLimit(authLimiters(ctx.database).signUpIp, ipOf(ctx));
  // Hashed before the lookup so both answers take the time of one argon2 hash.
  const passwordHash = await hashPassword(input.password);

  const existing = await findUserByEmail(ctx.db, email);
  if (existing) {
    await mailExistingAccount(ctx, existing);
    return { email };
  }

  let token: string;
  try {
    token = await ctx.db.transaction(async (tx) => {
      const user = await createUserWithWorkspace(tx, { email, name, passwordHash });
      return issueToken(tx, { userId: user.id, purpose: 'verify_email', email });
    });
  } catch (error) {
    // Two sign-ups for one address at once: the loser is an "existing account" too.
    if (!isUniqueViolation(error)) throw error;
    return { email };
  }
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: email, name, token }));
  return { email };
}

/** An unverified account gets a fresh verification link (limited); a verified one a "you already have an account" note. */
async function mailExistingAccount(ctx: TAuthContext, user: TUser) {
  if (user.emailVerifiedAt) {
    await queueMail(ctx, authMails.alreadyRegistered(ctx.env, { to: user.email }));
    return;
  }
  const limiter = authLimiters(ctx.database).resendAccount;
  try {
    await consumeLimit(limiter, user.id);
  } catch {
    // Silently: refusing here would reveal that the address has an account.
    return;
  }
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'verify_email', email: user.email });
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: user.email, name: user.name, token }));
}

/**
 * Per account and per IP, failures are counted; past the limit even the
 * right password is refused until the window passes (so guessing cannot go
 * on by spreading tries). A success clears the account's count, not the IP's.
 */
export async function login(ctx: TAuthContext, input: { email: string; password: string }) {
  const email = normaliseEmail(input.email);
  const limiters = authLimiters(ctx.database);
  await assertUnderLimit(limiters.loginAccount, email);
  await assertUnderLimit(limiters.loginIp, ipOf(ctx));

  const user = await findUserByEmail(ctx.db, email);
  const isMatch = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  if (!user || !isMatch) {
    await penalise(limiters.loginAccount, email);
    await penalise(limiters.loginIp, ipOf(ctx));
    throw new AppError('UNAUTHORIZED', LOGIN_FAILED);
  }
  await resetLimit(limiters.loginAccount, email);
  return createSession(ctx.db, { userId: user.id, ...metaOf(ctx) });
}

export const logout = (ctx: TSignedInContext) => invalidateSession(ctx.db, ctx.session.id);

export const logoutEverywhere = (ctx: TSignedInContext) => invalidateUserSessions(ctx.db, { userId: ctx.user.id });

export const logoutOtherSessions = (ctx: TSignedInContext) =>
  invalidateUserSessions(ctx.db, { userId: ctx.user.id, exceptSessionId: ctx.session.id });

/** The verification link: marks the address verified and logs its owner in (a new session). */
export async function verifyEmail(ctx: TAuthContext, input: { token: string }) {
  await consumeLimit(authLimiters(ctx.database).tokenIp, ipOf(ctx));
  const userId = await ctx.db.transaction(async (tx) => {
    const token = await spendToken(tx, { token: input.token, purpose: 'verify_email' });
    // A link for an address the account no longer uses proves nothing.
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(and(eq(users.id, token.userId), eq(users.email, token.email)))
      .returning({ id: users.id });
    if (!user) throw new AppError('BAD_REQUEST', LINK_INVALID);
    return user.id;
  });
  return createSession(ctx.db, { userId, ...metaOf(ctx) });
}

export async function resendVerification(ctx: TSignedInContext) {
  const user = await findUser(ctx.db, ctx.user.id);
  if (user.emailVerifiedAt) throw new AppError('BAD_REQUEST', 'Your e-mail address is already verified.');
  await consumeLimit(authLimiters(ctx.database).resendAccount, user.id);
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'verify_email', email: user.email });
  await queueMail(ctx, authMails.verifyEmail(ctx.env, { to: user.email, name: user.name, token }));
  return { email: user.email };
}

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

/** The current password, checked like a log-in (its failures count towards the account's log-in limit). */
async function assertCurrentPassword(ctx: TSignedInContext, user: TUser, password: string, field: string) {
  const limiter = authLimiters(ctx.database).loginAccount;
  await assertUnderLimit(limiter, user.email);
  if (!user.passwordHash) {
    throw new AppError('BAD_REQUEST', 'Your account has no password yet. Set one with "Forgot password".', {
      [field]: ['Your account has no password yet. Set one with "Forgot password".'],
    });
  }
  if (await verifyPassword(user.passwordHash, password)) return;
  await penalise(limiter, user.email);
  throw new AppError('BAD_REQUEST', 'That is not your current password.', {
    [field]: ['That is not your current password.'],
  });
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

/**
 * Mails a confirmation link to the new address; the account keeps its old
 * address until the link is used. A taken address gets a note instead, and
 * the caller the same answer (no probing which addresses have accounts).
 */
export async function requestEmailChange(ctx: TSignedInContext, input: { newEmail: string; password: string }) {
  const newEmail = normaliseEmail(input.newEmail);
  const user = await findUser(ctx.db, ctx.user.id);
  await assertCurrentPassword(ctx, user, input.password, 'password');
  if (newEmail === user.email) {
    const message = 'This is already your e-mail address.';
    throw new AppError('BAD_REQUEST', message, { newEmail: [message] });
  }
  await consumeLimit(authLimiters(ctx.database).resendAccount, user.id);
  if (await findUserByEmail(ctx.db, newEmail)) {
    await queueMail(ctx, authMails.emailInUse(ctx.env, { to: newEmail }));
    return { email: newEmail };
  }
  const token = await issueToken(ctx.db, { userId: user.id, purpose: 'change_email', email: newEmail });
  await queueMail(ctx, authMails.confirmEmailChange(ctx.env, { to: newEmail, token }));
  return { email: newEmail };
}

export async function confirmEmailChange(ctx: TAuthContext, input: { token: string }) {
  await consumeLimit(authLimiters(ctx.database).tokenIp, ipOf(ctx));
  let change: { oldEmail: string; newEmail: string };
  try {
    change = await ctx.db.transaction(async (tx) => {
      const token = await spendToken(tx, { token: input.token, purpose: 'change_email' });
      const [before] = await tx.select({ email: users.email }).from(users).where(eq(users.id, token.userId));
      if (!before) throw new AppError('BAD_REQUEST', LINK_INVALID);
      await tx
        .update(users)
        .set({ email: token.email, emailVerifiedAt: new Date(), updatedAt: new Date() })
        .where(eq(users.id, token.userId));
      return { oldEmail: before.email, newEmail: token.email };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('CONFLICT', 'That e-mail address now belongs to another account. Choose a different one.');
  }
  await sendAll(ctx, [authMails.emailChanged(ctx.env, { to: change.oldEmail, newEmail: change.newEmail })]);
  return { email: change.newEmail };
}

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
    isAdmin: ctx.env.ADMIN_EMAILS.includes(user.email),
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
  if (!target) throw new AppError('NOT_FOUND', 'That session has already ended.');
  await invalidateSession(ctx.db, target.id);
  return { isCurrent: target.id === ctx.session.id };
}
