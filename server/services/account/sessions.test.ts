import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { sessions } from '../../../db/schema';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { createLoginUser } from '../../../tests/factories/users';
import { createSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, validateSessionToken } from './sessions';
import { hashToken } from './tokens';

const DAY = 24 * 60 * 60 * 1000;
let h: TTestApp;
let database: Database;
let userId: string;
beforeAll(async () => {
  h = await createTestApp();
  database = h.database;
  userId = (await createLoginUser(database.db)).id;
});
afterAll(() => h.close());
afterEach(() => vi.useRealTimers());

describe('session tokens', () => {
  it('carry at least 128 random bits of secret and never repeat', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { token } = await createSession(database.db, { userId });
      const [id, secret] = token.split('.');
      expect(id).toMatch(/^[a-z2-7]+$/);
      // Base32: 5 bits a character.
      expect(secret!.length * 5).toBeGreaterThanOrEqual(128);
      tokens.add(token);
    }
    expect(tokens.size).toBe(1000);
  });

  it('are stored only as a hash: neither the token nor its secret appears in the sessions table', async () => {
    const { token } = await createSession(database.db, { userId, userAgent: 'test', ip: '198.51.100.7' });
    const secret = token.split('.')[1]!;
    const dump = await database.rows<{ row: string }>(sql`select ${sessions}::text as row from ${sessions}`);
    const text = dump.map((r) => r.row).join('\n');
    expect(text).not.toContain(token);
    expect(text).not.toContain(secret);
    expect(text).toContain(hashToken(secret));
  });

  it('resolves only with the exact secret', async () => {
    const { token } = await createSession(database.db, { userId });
    expect(await validateSessionToken(database.db, token)).not.toBeNull();
    const [id, secret] = token.split('.');
    const flipped = `${id}.${secret!.slice(0, -1)}${secret!.endsWith('a') ? 'b' : 'a'}`;
    expect(await validateSessionToken(database.db, flipped)).toBeNull();
    expect(await validateSessionToken(database.db, `${id}`)).toBeNull();
    expect(await validateSessionToken(database.db, `nosuchid.${secret}`)).toBeNull();
  });
});

describe('expiry', () => {
  it('slides forward when less than half of the idle window is left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { token, session } = await createSession(database.db, { userId });
    expect(session.expiresAt.getTime()).toBe(Date.now() + SESSION_IDLE_MS);

    // Ten days on: more than half left, so only lastSeenAt moves.
    vi.setSystemTime(new Date('2030-01-11T00:00:00Z'));
    const early = await validateSessionToken(database.db, token);
    expect(early?.isRenewed).toBe(false);
    expect(early?.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
    expect(early?.session.lastSeenAt.toISOString()).toBe('2030-01-11T00:00:00.000Z');

    // Twenty days on: renewed to 30 days from now.
    vi.setSystemTime(new Date('2030-01-21T00:00:00Z'));
    const renewed = await validateSessionToken(database.db, token);
    expect(renewed?.isRenewed).toBe(true);
    expect(renewed?.session.expiresAt.toISOString()).toBe(new Date(Date.now() + SESSION_IDLE_MS).toISOString());
  });

  it('ends after 30 idle days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-02-01T00:00:00Z'));
    const { token, session } = await createSession(database.db, { userId });
    vi.setSystemTime(new Date(Date.now() + SESSION_IDLE_MS + 1000));
    expect(await validateSessionToken(database.db, token)).toBeNull();
    // And the dead row is gone.
    expect(await database.db.select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);
  });

  it('never lives past the absolute maximum, however active', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-03-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const { token } = await createSession(database.db, { userId });
    // Used every 10 days: always renewed, yet capped at 90 days from creation.
    let last = null;
    for (let day = 10; day < 90; day += 10) {
      vi.setSystemTime(start + day * DAY);
      last = await validateSessionToken(database.db, token);
      expect(last).not.toBeNull();
      expect(last!.session.expiresAt.getTime()).toBeLessThanOrEqual(start + SESSION_ABSOLUTE_MS);
    }
    expect(last!.session.expiresAt.getTime()).toBe(start + SESSION_ABSOLUTE_MS);
    vi.setSystemTime(start + SESSION_ABSOLUTE_MS + 1000);
    expect(await validateSessionToken(database.db, token)).toBeNull();
  });
});
