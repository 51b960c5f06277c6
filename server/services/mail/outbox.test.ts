import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mails } from '../../../db/schema';
import { TEST_PASSWORD } from '../../../tests/factories/users';
import { fileTestApp } from '../../../tests/helpers/app';
import { tokenFromMail } from '../../../tests/helpers/session';
import { parseEnv } from '../../env';
import { getOutboxMail, listOutbox } from './outbox';

const h = fileTestApp();
beforeAll(async () => {
  await h.db.insert(mails).values([
    { to: 'a@example.com', subject: 'Verify', text: 't', html: '<p>h</p>', transport: 'outbox' },
    { to: 'b@example.com', subject: 'Sent by SMTP', text: 't', html: 'h', transport: 'smtp' },
  ]);
});

const local = (overrides: Record<string, string> = {}) => ({
  env: parseEnv(overrides),
  ip: '127.0.0.1',
  db: h.db,
});

describe('the local outbox', () => {
  it('lists only outbox mail to requests from this machine', async () => {
    const listed = await listOutbox(local(), { limit: 10 });
    expect(listed.map((mail) => mail.subject)).toEqual(['Verify']);
    expect(await getOutboxMail({ ...local(), ip: '::1' }, { mailId: listed[0]!.id })).toMatchObject({
      html: '<p>h</p>',
    });
  });

  it('is closed to other machines', async () => {
    await expect(listOutbox({ ...local(), ip: '203.0.113.9' }, { limit: 10 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(listOutbox({ ...local(), ip: null }, { limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('does not exist once SMTP is configured', async () => {
    await expect(listOutbox(local({ SMTP_URL: 'smtp://mail.example.com:587' }), { limit: 10 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('does not show mail that went through SMTP', async () => {
    const [smtpMail] = await h.db.select().from(mails).where(eq(mails.transport, 'smtp'));
    await expect(getOutboxMail(local(), { mailId: smtpMail!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the outbox through the router', () => {
  it('shows a fresh mail’s working link, and no body once the link has expired', async () => {
    const email = `outbox-${Date.now()}@example.test`;
    await (await h.request()).caller.account.register({ name: 'Olga', email, password: TEST_PASSWORD });
    const { caller } = await h.request({ ip: '127.0.0.1' });
    const listed = (await caller.mail.outbox({ limit: 100 })).find((mail) => mail.to === email)!;
    const shown = await caller.mail.get({ mailId: listed.id });
    const token = tokenFromMail(shown, '/verify-email');
    expect(shown.html).toContain(`/verify-email?token=${token}`);

    // The link in the mailbox works.
    const confirmed = await (
      await h.request()
    ).caller.account.verifyEmail({ token, password: 'olga-picks-a-password-3' });
    expect(confirmed.hasPassword).toBe(true);

    // Past the link's expiry the body is not shown, even before the cleanup removes it.
    await h.db
      .update(mails)
      .set({ bodyExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(mails.id, listed.id));
    expect(await caller.mail.get({ mailId: listed.id })).toMatchObject({
      subject: listed.subject,
      text: null,
      html: null,
    });
  });
});
