import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Who is working a queued job now, and until when: the worker's process
 * renews `expiresAt` while the job runs, and a lease that lapses (the
 * process died) puts the job back in the queue for any live process.
 * Keyed by pg-boss's job id; `token` tells one attempt from the next, so a
 * worker that lost its lease cannot renew its successor's.
 */
export const jobLeases = pgTable(
  'job_leases',
  {
    jobId: uuid().primaryKey(),
    queue: text().notNull(),
    token: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('job_leases_expires_at_idx').on(t.expiresAt)],
);
