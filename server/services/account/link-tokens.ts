import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { users, userTokens } from '../../../db/schema';
import { AppError } from '../../errors';
import { LINK_INVALID } from './account-context';
import { hashToken, randomToken } from './tokens';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
export const TOKEN_LIFETIME = {
  verify_email: 48 * HOUR,
  reset_password: 1 * HOUR,
  change_email: 24 * HOUR,
  // It gets a person past the account-wide log-in limit: short, so a mail read late opens nothing.
  sign_in: 15 * MINUTE,
} as const;
export type TTokenPurpose = keyof typeof TOKEN_LIFETIME;

/** When a link issued now for `purpose` stops working (mails keep their bodies until then). */
export const linkExpiry = (purpose: TTokenPurpose) => new Date(Date.now() + TOKEN_LIFETIME[purpose]);

/** A one-time link token: 256 random bits in the link, only its SHA-256 in `user_tokens`. */
export async function issueToken(db: Db, options: { userId: string; purpose: TTokenPurpose; email: string }) {
  const token = randomToken(32);
  await db.insert(userTokens).values({
    tokenHash: hashToken(token),
    userId: options.userId,
    purpose: options.purpose,
    email: options.email,
    expiresAt: linkExpiry(options.purpose),
  });
  return token;
}

const liveToken = (token: string, purpose: TTokenPurpose, now: Date) =>
  and(
    eq(userTokens.tokenHash, hashToken(token)),
    eq(userTokens.purpose, purpose),
    isNull(userTokens.usedAt),
    gt(userTokens.expiresAt, now),
  );

/**
 * Spends a one-time token inside the caller's transaction. The conditional
 * UPDATE is the single-use guarantee: of two concurrent submissions only one
 * sees the row still unused. Every failure gives the same answer.
 */
export async function spendToken(tx: Db, options: { token: string; purpose: TTokenPurpose }) {
  const now = new Date();
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(liveToken(options.token, options.purpose, now))
    .returning();
  if (!row) throw new AppError('BAD_REQUEST', LINK_INVALID);
  return row;
}

/**
 * A live token and its account, without spending it: what the page a link
 * opens needs to show (a GET must never spend a token or log anyone in).
 * Null when the link is dead or proves an address the account no longer uses.
 */
export async function peekToken(db: Db, options: { token: string; purpose: TTokenPurpose }) {
  const [row] = await db
    .select({ token: userTokens, user: users })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(liveToken(options.token, options.purpose, new Date()));
  if (!row) return null;
  if (options.purpose !== 'change_email' && row.user.email !== row.token.email) return null;
  return row;
}

/** Every other unused link of one purpose for the account dies (one was just used, or the password changed). */
export const spendOtherTokens = (tx: Db, options: { userId: string; purpose: TTokenPurpose; except?: string }) =>
  tx
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.userId, options.userId),
        eq(userTokens.purpose, options.purpose),
        isNull(userTokens.usedAt),
        ...(options.except ? [ne(userTokens.tokenHash, hashToken(options.except))] : []),
      ),
    );
