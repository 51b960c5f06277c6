import { eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../db/client';
import { mails } from '../../db/schema';
import type { TEnv } from '../env';
import type { JobContext, JobQueue } from '../jobs/queue';

declare module '../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Delivers one row of `mails` (SMTP), or files it in the local outbox. */
    'mail.send': { mailId: string };
  }
}

export type TMailMessage = { to: string; subject: string; text: string; html: string };

export type MailDeps = { db: Db; jobs: JobQueue; env: TEnv };

export const MAIL_RETRY_LIMIT = 5;

/**
 * Records a mail and hands it to the job queue, which delivers it with
 * retries. Call it after the transaction that made the mail necessary has
 * committed: the job runs on its own connection and would not see
 * uncommitted rows (if it finds no row it does nothing).
 */
export async function queueMail(deps: MailDeps, message: TMailMessage) {
  const [row] = await deps.db
    .insert(mails)
    .values({ ...message, to: message.to.trim().toLowerCase(), transport: deps.env.SMTP_URL ? 'smtp' : 'outbox' })
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
  try {
    await smtpTransport(deps.env.SMTP_URL).sendMail({
      from: deps.env.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    await deps.db.update(mails).set({ status: 'sent', sentAt: new Date(), error: null }).where(eq(mails.id, mailId));
  } catch (error) {
    const isLastAttempt = job.retryCount >= MAIL_RETRY_LIMIT;
    await deps.db
      .update(mails)
      .set({ error: (error as Error).message.slice(0, 1000), ...(isLastAttempt ? { status: 'failed' as const } : {}) })
      .where(eq(mails.id, mailId));
    throw error;
  }
}
