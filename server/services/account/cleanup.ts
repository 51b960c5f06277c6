import { isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { rateLimits, sessions, userTokens } from '../../../db/schema';
import { dropExpiredMailBodies } from '../mail/send';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Deletes expired sessions, spent or expired one-time links, stale rate-limit counters and expired mail bodies. */
    'auth.cleanup': Record<string, never>;
  }
}

const DAY = 86_400_000;

/**
 * Dead rows are refused when presented anyway; this keeps the tables small
 * and drops what no longer needs keeping (who logged in from where).
 */
export async function cleanupAuth(db: Db, now = new Date()) {
  const deletedSessions = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)))
    .returning({ id: sessions.id });
  // A day's grace so a person who clicks an old link still gets the "expired" answer for a while.
  const dayAgo = new Date(now.getTime() - DAY);
  const deletedTokens = await db
    .delete(userTokens)
    .where(or(lt(userTokens.expiresAt, dayAgo), isNotNull(userTokens.usedAt)))
    .returning({ tokenHash: userTokens.tokenHash });
  const deletedCounters = await db
    .delete(rateLimits)
    .where(lt(rateLimits.expire, now.getTime()))
    .returning({ key: rateLimits.key });
  // Outbox mails carry links; once those are dead the body has nothing left to give.
  const mailBodies = await dropExpiredMailBodies(db, now);
  return {
    sessions: deletedSessions.length,
    tokens: deletedTokens.length,
    rateLimits: deletedCounters.length,
    mailBodies,
  };
}
