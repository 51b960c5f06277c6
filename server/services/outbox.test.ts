import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { mails } from '../../db/schema';
import { createTestDatabase } from '../../tests/helpers/db';
import { parseEnv } from '../env';
import { getOutboxMail, listOutbox } from './outbox';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insert(mails).values([
    { to: 'a@example.com', subject: 'Verify', text: 't', html: '<p>h</p>', transport: 'outbox' },
    { to: 'b@example.com', subject: 'Sent by SMTP', text: 't', html: 'h', transport: 'smtp' },
  ]);
});
afterAll(() => database.close());

const local = (overrides: Record<string, string> = {}) => ({
  env: parseEnv(overrides),
  ip: '127.0.0.1',
  db: database.db,
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
    const [smtpMail] = await database.db.select().from(mails).where(eq(mails.transport, 'smtp'));
    await expect(getOutboxMail(local(), { mailId: smtpMail!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
