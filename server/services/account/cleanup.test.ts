import { describe, expect, it } from 'vitest';
import { rateLimits, sessions, userTokens, users } from '../../../db/schema';
import { fileTestApp } from '../../../tests/helpers/app';
import { cleanupAuth } from './cleanup';

const h = fileTestApp();

describe('cleanupAuth', () => {
  it('deletes dead sessions, spent or long-expired links and stale counters, and keeps the rest', async () => {
    const { db } = h;
    const now = new Date('2026-06-01T12:00:00Z');
    const hours = (n: number) => new Date(now.getTime() + n * 3_600_000);
    const [user] = await db.insert(users).values({ email: 'c@example.com', name: 'C' }).returning();
    const userId = user!.id;
    await db.insert(sessions).values([
      { id: 'live', secretHash: 'x', userId, expiresAt: hours(24), absoluteExpiresAt: hours(48) },
      { id: 'idle', secretHash: 'x', userId, expiresAt: hours(-1), absoluteExpiresAt: hours(48) },
      { id: 'too-old', secretHash: 'x', userId, expiresAt: hours(24), absoluteExpiresAt: hours(-1) },
    ]);
    await db.insert(userTokens).values([
      { tokenHash: 'fresh', userId, purpose: 'verify_email', email: 'c@example.com', expiresAt: hours(1) },
      { tokenHash: 'just-expired', userId, purpose: 'verify_email', email: 'c@example.com', expiresAt: hours(-2) },
      { tokenHash: 'long-expired', userId, purpose: 'reset_password', email: 'c@example.com', expiresAt: hours(-30) },
      {
        tokenHash: 'used',
        userId,
        purpose: 'reset_password',
        email: 'c@example.com',
        expiresAt: hours(1),
        usedAt: hours(-1),
      },
    ]);
    await db.insert(rateLimits).values([
      { key: 'current', points: 3, expire: hours(1).getTime() },
      { key: 'stale', points: 3, expire: hours(-1).getTime() },
    ]);

    expect(await cleanupAuth(db, now)).toEqual({ sessions: 2, tokens: 2, rateLimits: 1, mailBodies: 0 });
    expect((await db.select({ id: sessions.id }).from(sessions)).map((row) => row.id)).toEqual(['live']);
    expect((await db.select({ hash: userTokens.tokenHash }).from(userTokens)).map((row) => row.hash).sort()).toEqual([
      'fresh',
      'just-expired',
    ]);
    expect((await db.select({ key: rateLimits.key }).from(rateLimits)).map((row) => row.key)).toEqual(['current']);
  });
});
