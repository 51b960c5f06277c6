import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { mails } from '../../../db/schema';
import { createTestApp, recordingJobs, type TTestApp } from '../../../tests/helpers/app';
import { freePort } from '../../../tests/helpers/net';
import { parseEnv } from '../../env';
import { deliverMail, dropExpiredMailBodies, MAIL_RETRY_LIMIT, queueMail } from './send';
import { renderMail } from './templates';
import { unseal } from '../secret-key';

type TReceived = { from: string; to: string[]; raw: string };

let h: TTestApp;
let database: Database;
let smtp: SMTPServer;
let smtpPort: number;
const received: TReceived[] = [];

beforeAll(async () => {
  h = await createTestApp();
  database = h.database;
  smtpPort = await freePort();
  // A real SMTP server on loopback, without TLS or auth, so nodemailer speaks plain SMTP to it.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, '127.0.0.1', () => resolve());
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await h.close();
});

const message = (to: string) =>
  renderMail({
    to,
    subject: 'Hello from the tests',
    heading: 'A short heading',
    paragraphs: ['Plain words here.'],
    action: { label: 'Open', url: 'https://parley.test/x' },
  });

/** One process's settings; the key that seals mail bodies is SECRET_KEY (the same for every process of an install). */
const testEnv = (overrides: Record<string, string> = {}) =>
  parseEnv({ NODE_ENV: 'test', SECRET_KEY: 'k'.repeat(40), ...overrides });

const mailRow = async (id: string) => {
  const [row] = await database.db.select().from(mails).where(eq(mails.id, id));
  return row!;
};

describe('mail bodies in the local outbox', () => {
  it('are dropped once their longest link has expired, and kept until then', async () => {
    const env = testEnv();
    const { jobs } = recordingJobs();
    const deps = { db: database.db, jobs, env };
    const now = Date.now();
    const expired = await queueMail(deps, { ...message('old@example.test'), linksExpireAt: new Date(now - 1000) });
    const fresh = await queueMail(deps, { ...message('new@example.test'), linksExpireAt: new Date(now + 60_000) });
    const linkless = await queueMail(deps, message('note@example.test'));
    for (const id of [expired, fresh, linkless]) await deliverMail(deps, id, { retryCount: 0 });

    expect(await dropExpiredMailBodies(database.db)).toBe(1);
    expect(await mailRow(expired)).toMatchObject({ status: 'sent', text: null, html: null });
    expect(unseal(env, (await mailRow(fresh)).text!)).toContain('https://parley.test/x');
    expect((await mailRow(linkless)).text).not.toBeNull();
  });
});

describe('deliverMail', () => {
  it('files the mail in the outbox when no SMTP is configured', async () => {
    const env = testEnv();
    const { jobs, sent } = recordingJobs();
    const id = await queueMail({ db: database.db, jobs, env }, message('Outbox@Example.test'));
    expect(sent).toEqual([{ name: 'mail.send', data: { mailId: id } }]);
    expect(await mailRow(id)).toMatchObject({ to: 'outbox@example.test', transport: 'outbox', status: 'queued' });

    await deliverMail({ db: database.db, env }, id, { retryCount: 0 });
    const row = await mailRow(id);
    expect(row).toMatchObject({ status: 'sent', error: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('sends through SMTP with text and HTML bodies', async () => {
    const env = testEnv({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Parley <parley@example.test>' });
    const { jobs } = recordingJobs();
    const id = await queueMail({ db: database.db, jobs, env }, message('smtp@example.test'));
    const queued = await mailRow(id);
    expect(queued.transport).toBe('smtp');
    // What the database holds while queued is sealed: its link is not readable there.
    expect(queued.text).toMatch(/^sealed:v1:[\w-]+$/);
    expect(queued.html).toMatch(/^sealed:v1:[\w-]+$/);
    expect(JSON.stringify(queued)).not.toContain('parley.test/x');

    await deliverMail({ db: database.db, env }, id, { retryCount: 0 });
    // Sent: the body is gone from the database.
    expect(await mailRow(id)).toMatchObject({
      status: 'sent',
      error: null,
      sentAt: expect.any(Date),
      text: null,
      html: null,
    });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail).toMatchObject({ from: 'parley@example.test', to: ['smtp@example.test'] });
    expect(mail!.raw).toContain('Subject: Hello from the tests');
    expect(mail!.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail!.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail!.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail!.raw).toContain('Plain words here.');
    expect(mail!.raw).toContain('<h1');
    expect(mail!.raw).toContain('https://parley.test/x');

    // Delivering again (a retried job) sends nothing twice.
    await deliverMail({ db: database.db, env }, id, { retryCount: 1 });
    expect(received).toHaveLength(1);
  });

  it('records SMTP errors, retrying until the last attempt marks the mail failed', async () => {
    const closedPort = await freePort();
    const env = testEnv({ SMTP_URL: `smtp://127.0.0.1:${closedPort}` });
    const { jobs } = recordingJobs();
    const id = await queueMail({ db: database.db, jobs, env }, message('nobody@example.test'));

    await expect(deliverMail({ db: database.db, env }, id, { retryCount: 0 })).rejects.toThrow();
    const afterFirst = await mailRow(id);
    expect(afterFirst.status).toBe('queued');
    expect(afterFirst.error).toMatch(/ECONNREFUSED|connect/i);
    expect(afterFirst.text).not.toBeNull();

    await expect(deliverMail({ db: database.db, env }, id, { retryCount: MAIL_RETRY_LIMIT })).rejects.toThrow();
    const afterLast = await mailRow(id);
    expect(afterLast.status).toBe('failed');
    expect(afterLast.error).toBeTruthy();
    expect(afterLast.sentAt).toBeNull();
    // Given up on: nothing left to send, so nothing kept.
    expect(afterLast).toMatchObject({ text: null, html: null });
  });

  it('fails at once, with the reason, a mail sealed by a process with another SECRET_KEY', async () => {
    const { jobs } = recordingJobs();
    const smtp = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` };
    const id = await queueMail({ db: database.db, jobs, env: testEnv(smtp) }, message('other@example.test'));
    const otherProcess = testEnv({ ...smtp, SECRET_KEY: 'z'.repeat(40) });
    await deliverMail({ db: database.db, env: otherProcess }, id, { retryCount: 0 });
    expect(await mailRow(id)).toMatchObject({ status: 'failed', text: null, html: null });
    expect((await mailRow(id)).error).toMatch(/same SECRET_KEY/);
  });

  it('does nothing for a mail that no longer exists', async () => {
    await expect(
      deliverMail({ db: database.db, env: testEnv() }, '00000000-0000-4000-8000-000000000000', { retryCount: 0 }),
    ).resolves.toBeUndefined();
  });
});
