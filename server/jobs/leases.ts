import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import type { Logger } from '../logger';

export type LeaseOptions = {
  /** A running job whose lease is not renewed for this long is given to another process. */
  leaseSeconds: number;
  /** How often this process renews the leases of the jobs it is running. */
  heartbeatSeconds: number;
  /** How often this process looks for lapsed leases (every process does; the first one to look wins). */
  sweepSeconds: number;
};

export const DEFAULT_LEASES: LeaseOptions = { leaseSeconds: 30, heartbeatSeconds: 10, sweepSeconds: 10 };

/** A job taken back from a worker that stopped renewing its lease. */
export type AbandonedJob = { id: string; name: string; data: unknown; willRetry: boolean };

/**
 * Called for each abandoned job inside the transaction that puts it back in
 * the queue, so what it writes (e.g. a "retrying" status) is committed
 * before any other process can pick the job up again.
 */
export type OnAbandoned = (job: AbandonedJob, tx: Db) => Promise<void>;

export type Leases = {
  /** Takes the lease of a job this process just started; returns its token. */
  acquire: (jobId: string, queue: string) => Promise<string>;
  release: (jobId: string, token: string) => Promise<void>;
  /** Renews every lease this process holds; returns the ids of jobs whose lease was taken away. */
  beat: () => Promise<string[]>;
  /** Puts the jobs of lapsed leases back in the queue (or fails them past their retry limit). */
  sweep: () => Promise<AbandonedJob[]>;
  stop: () => void;
};

/** A Postgres array literal: the same one parameter for both drivers (uuids need no quoting). */
const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

const ABANDONED_OUTPUT = JSON.stringify({ message: 'The process working on this job stopped; it was handed on.' });

/**
 * Liveness for pg-boss jobs. pg-boss 10 only knows a job's expiry, counted
 * from its start and checked by maintenance every few minutes, so a job of
 * a killed process waits out its whole expiry; it has no way to extend one.
 * A lease in our own table is renewed every few seconds while the job runs,
 * and a lapsed lease returns the job to pg-boss's queue at once. pg-boss's
 * expiry stays the cap on how long a job may run at all.
 */
export function createLeases(
  database: Database,
  log: Logger,
  options: LeaseOptions & { onAbandoned: OnAbandoned; onRequeued: (names: string[], tx: Db) => Promise<void> },
): Leases {
  const held = new Map<string, string>();
  const lease = options.leaseSeconds;

  const beat = async () => {
    if (held.size === 0) return [];
    const mine = [...held];
    const renewed = await database.rows<{ job_id: string }>(sql`
      UPDATE job_leases SET expires_at = now() + make_interval(secs => ${lease})
      WHERE (job_id, token) IN (SELECT * FROM unnest(${uuidArray(mine.map(([id]) => id))}::uuid[], ${uuidArray(mine.map(([, token]) => token))}::uuid[]))
      RETURNING job_id`);
    const kept = new Set(renewed.map((row) => row.job_id));
    const lost = mine.filter(([id, token]) => !kept.has(id) && held.get(id) === token).map(([id]) => id);
    for (const id of lost) held.delete(id);
    return lost;
  };

  const sweep = () =>
    database.db.transaction(async (tx) => {
      // SKIP LOCKED: processes sweeping at the same moment split the lapsed leases instead of queueing on them.
      const rows = await database.rows<{ id: string; name: string; data: unknown; state: string }>(
        sql`
          WITH lapsed AS (
            DELETE FROM job_leases WHERE job_id IN (
              SELECT job_id FROM job_leases WHERE expires_at < now() FOR UPDATE SKIP LOCKED
            ) RETURNING job_id, queue
          )
          UPDATE pgboss.job j SET
            state = (CASE WHEN j.retry_count < j.retry_limit THEN 'retry' ELSE 'failed' END)::pgboss.job_state,
            start_after = now(),
            completed_on = CASE WHEN j.retry_count < j.retry_limit THEN NULL ELSE now() END,
            output = ${ABANDONED_OUTPUT}::jsonb
          FROM lapsed
          WHERE j.name = lapsed.queue AND j.id = lapsed.job_id AND j.state = 'active'
          RETURNING j.id, j.name, j.data, j.state`,
        tx,
      );
      const jobs = rows.map((row) => ({
        id: row.id,
        name: row.name,
        data: row.data,
        willRetry: row.state === 'retry',
      }));
      // Each in a savepoint: a hook that fails is logged, and the job is requeued all the same.
      for (const job of jobs)
        await tx
          .transaction((savepoint) => options.onAbandoned(job, savepoint))
          .catch((err: unknown) =>
            log.error({ err, jobId: job.id, queue: job.name }, 'a queue could not mark its job abandoned'),
          );
      const requeued = [...new Set(jobs.filter((job) => job.willRetry).map((job) => job.name))];
      if (requeued.length) await options.onRequeued(requeued, tx);
      return jobs;
    });

  const every = (seconds: number, run: () => Promise<unknown>, what: string) => {
    let running = false;
    // Jittered a little so processes started together do not sweep in lockstep.
    const timer = setInterval(
      () => {
        if (running) return;
        running = true;
        run()
          .catch((err: unknown) => log.warn({ err }, `job leases: ${what} failed; trying again shortly`))
          .finally(() => (running = false));
      },
      seconds * 1000 * (0.9 + Math.random() * 0.2),
    );
    timer.unref();
    return timer;
  };

  const timers = [
    every(
      options.heartbeatSeconds,
      async () => {
        const lost = await beat();
        if (lost.length) log.warn({ jobIds: lost }, 'job leases lapsed while running; the jobs were handed on');
      },
      'renewing',
    ),
    every(
      options.sweepSeconds,
      async () => {
        const jobs = await sweep();
        if (jobs.length)
          log.warn({ jobs: jobs.map(({ id, name }) => ({ id, name })) }, 'took back jobs of a stopped process');
      },
      'sweeping',
    ),
  ];

  return {
    acquire: async (jobId, queue) => {
      const token = randomUUID();
      await database.rows(sql`
        INSERT INTO job_leases (job_id, queue, token, expires_at)
        VALUES (${jobId}, ${queue}, ${token}, now() + make_interval(secs => ${lease}))
        ON CONFLICT (job_id) DO UPDATE SET queue = excluded.queue, token = excluded.token, expires_at = excluded.expires_at`);
      held.set(jobId, token);
      return token;
    },
    release: async (jobId, token) => {
      if (held.get(jobId) === token) held.delete(jobId);
      await database.rows(sql`DELETE FROM job_leases WHERE job_id = ${jobId} AND token = ${token}`);
    },
    beat,
    sweep,
    stop: () => timers.forEach((timer) => clearInterval(timer)),
  };
}
