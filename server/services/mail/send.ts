import { and, eq, isNotNull, lt } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../../db/client';
import { mails, users } from '../../../db/schema';
import type { TEnv } from '../../env';
import { isAppLanguage, type TAppLanguage } from '../../../shared/languages';
import { renderMail, type TMailDraft } from './templates';
import { seal, unseal } from '../secret-key';
import type { JobContext, JobQueue } from '../../jobs/queue';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Delivers one row of `mails` (SMTP), or files it in the local outbox. */
    'mail.send': { mailId: string };
  }
}

export type TMailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** When the longest-lived link in the mail stops working; the local outbox drops the body then. */
  linksExpireAt?: Date;
};

export type MailDeps = {
  db: Db;
  jobs: Pick<JobQueue, 'send'>;
  env: TEnv;
  /** The language of the request that caused the mail (a tRPC context has it); jobs have none. */
  locale?: TAppLanguage;
};

/**
 * The language a mail to this address is written in: the account's own
 * preference if the address has one, else the draft's (an invitee, a
 * visitor), else the language of the request that sent it, else English.
 */
async function recipientLanguage(deps: MailDeps, draft: TMailDraft): Promise<TAppLanguage> {
  const [account] = await deps.db
    .select({ preferences: users.preferences })
    .from(users)
    .where(eq(users.email, draft.to.trim().toLowerCase()));
  const preferred = account?.preferences.language;
  if (preferred && isAppLanguage(preferred)) return preferred;
  return draft.language ?? deps.locale ?? 'en';
}

const isDraft = (mail: TMailMessage | TMailDraft): mail is TMailDraft => !('html' in mail);

export const MAIL_RETRY_LIMIT = 5;

/**
 * Records a mail and hands it to the job queue, which delivers it with
 * retries. Call it after the transaction that made the mail necessary has
 * committed: the job runs on its own connection and would not see
 * uncommitted rows (if it finds no row it does nothing).
 *
 * The bodies are stored sealed (links in them carry live tokens, and the
 * database must not hand those to whoever reads a copy of it); the whole
 * body rather than just its links, so no template has to mark its secrets.
 */
export async function queueMail(deps: MailDeps, mail: TMailMessage | TMailDraft) {
  const message = isDraft(mail) ? renderMail(mail, await recipientLanguage(deps, mail)) : mail;
  const [row] = await deps.db
    .insert(mails)
    .values({
      to: message.to.trim().toLowerCase(),
      subject: message.subject,
      text: seal(deps.env, message.text),
      html: seal(deps.env, message.html),
      bodyExpiresAt: message.linksExpireAt ?? null,
      transport: deps.env.SMTP_URL ? 'smtp' : 'outbox',
    })
    .returning({ id: mails.id });
  await deps.jobs.send('mail.send', { mailId: row!.id });
  return row!.id;
}

let transporter: { url: string; transport: Transporter } | null = null;
const smtpTransport = (url: string) => {
  if (transporter?.url !== url) transporter = { url, transport: nodemailer.createTransport(url) };
  return transporter.transport;
};

/** The `mail.send` job. Throws to be retried; the last failure marks the mail failed. */
export async function deliverMail(deps: { db: Db; env: TEnv }, mailId: string, job: Pick<JobContext, 'retryCount'>) {
  const [mail] = await deps.db.select().from(mails).where(eq(mails.id, mailId));
  if (!mail || mail.status === 'sent') return;
  if (mail.transport === 'outbox' || !deps.env.SMTP_URL) {
    // Without SMTP the outbox is the destination: the mail is shown at /mailbox.
    await deps.db.update(mails).set({ status: 'sent', sentAt: new Date() }).where(eq(mails.id, mailId));
    return;
  }
  const text = mail.text === null ? null : unseal(deps.env, mail.text);
  const html = mail.html === null ? null : unseal(deps.env, mail.html);
  if (text === null || html === null) {
    // Retrying cannot help: the key that sealed it is not this process's.
    await deps.db
      .update(mails)
      .set({ status: 'failed', error: UNREADABLE, text: null, html: null })
      .where(eq(mails.id, mailId));
    return;
  }
  try {
    await smtpTransport(deps.env.SMTP_URL).sendMail({
      from: deps.env.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text,
      html,
    });
    // Delivered: the copy here would only keep its links alive for a reader of the database.
    await deps.db
      .update(mails)
      .set({ status: 'sent', sentAt: new Date(), error: null, text: null, html: null })
      .where(eq(mails.id, mailId));
  } catch (error) {
    const isLastAttempt = job.retryCount >= MAIL_RETRY_LIMIT;
    await deps.db
      .update(mails)
      .set({
        error: (error as Error).message.slice(0, 1000),
        ...(isLastAttempt ? { status: 'failed' as const, text: null, html: null } : {}),
      })
      .where(eq(mails.id, mailId));
    throw error;
  }
}

const UNREADABLE =
  'The mail was sealed with another key: give every Parley process that shares this database the same SECRET_KEY.';

/**
 * Outbox mails keep their bodies only while a link in them still works
 * (run by the hourly auth cleanup; the outbox also hides an expired body at once).
 */
export async function dropExpiredMailBodies(db: Db, now = new Date()) {
  const dropped = await db
    .update(mails)
    .set({ text: null, html: null })
    .where(and(lt(mails.bodyExpiresAt, now), isNotNull(mails.text)))
    .returning({ id: mails.id });
  return dropped.length;
}
