import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { mails } from '../../../db/schema';
import type { TEnv } from '../../env';
import { AppError } from '../../errors';
import { unseal } from '../secret-key';

/** Who asks: the install's settings and the request's client address. */
type TOutboxReader = { env: TEnv; ip: string | null; db: Db };

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The local outbox stands in for a mail server when SMTP_URL is unset. Its
 * mails hold sign-in links, so it is only shown to requests from this machine
 * (a laptop install, the tests) and disappears once real mail is configured.
 */
function assertOutboxVisible(ctx: Pick<TOutboxReader, 'env' | 'ip'>) {
  if (ctx.env.SMTP_URL) throw new AppError('NOT_FOUND', 'auth:mailbox.errors.smtp');
  if (!ctx.ip || !LOOPBACK.test(ctx.ip)) {
    throw new AppError('FORBIDDEN', 'auth:mailbox.errors.localOnly');
  }
}

export async function listOutbox(ctx: TOutboxReader, input: { limit: number }) {
  assertOutboxVisible(ctx);
  return ctx.db
    .select({ id: mails.id, to: mails.to, subject: mails.subject, status: mails.status, createdAt: mails.createdAt })
    .from(mails)
    .where(eq(mails.transport, 'outbox'))
    .orderBy(desc(mails.createdAt))
    .limit(input.limit);
}

export async function getOutboxMail(ctx: TOutboxReader, input: { mailId: string }) {
  assertOutboxVisible(ctx);
  const [mail] = await ctx.db.select().from(mails).where(eq(mails.id, input.mailId));
  if (!mail || mail.transport !== 'outbox') throw new AppError('NOT_FOUND', 'auth:mailbox.errors.notFound');
  // Past its links' expiry the body is gone (or about to be, at the next cleanup): show it as gone now.
  const isExpired = mail.bodyExpiresAt !== null && mail.bodyExpiresAt.getTime() <= Date.now();
  const open = (body: string | null) => (body === null || isExpired ? null : unseal(ctx.env, body));
  return { ...mail, text: open(mail.text), html: open(mail.html) };
}
