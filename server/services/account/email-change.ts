import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { AppError } from '../../errors';
import { queueMail } from '../mail/send';
import {
  findUser,
  findUserByEmail,
  ipOf,
  isUniqueViolation,
  LINK_INVALID,
  normaliseEmail,
  type TAuthContext,
  type TSignedInContext,
} from './account-context';
import { issueToken, spendToken } from './link-tokens';
import { authMails } from './mails';
import { assertCurrentPassword } from './password-reset';
import { authLimiters, consumeLimit } from './rate-limits';

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
    const message = 'auth:errors.alreadyYourEmail';
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
    throw new AppError('CONFLICT', 'auth:errors.emailTaken');
  }
  await queueMail(ctx, authMails.emailChanged(ctx.env, { to: change.oldEmail, newEmail: change.newEmail }));
  return { email: change.newEmail };
}
