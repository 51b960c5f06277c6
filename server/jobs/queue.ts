import { jobDuration, jobsFinished, seconds } from '../metrics';
import { sql } from 'drizzle-orm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { Database, Db } from '../../db/client';
import type { Logger } from '../logger';
import { createLeases, DEFAULT_LEASES, type LeaseOptions } from './leases';
import type { JobName, ParleyJobs } from './types';

export type { JobName, ParleyJobs } from './types';

export type JobContext = { id: string; name: JobName; retryCount: number; log: Logger };
export type JobHandler<K extends JobName> = (data: ParleyJobs[K], job: JobContext) => Promise<void>;

export type QueueOptions = {
  /** Attempts after the first failure before the job is left in the failed (dead) state. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled on each further one. */
  retryDelaySeconds?: number;
  /**
   * A running job that takes longer than this is failed (and retried): the cap on one run, sized per
   * job type. A process that dies is noticed much sooner, by its lapsed lease (`leases.ts`).
   */
  expireInSeconds?: number;
};

/** What a queue does when the process running one of its jobs died: runs in the transaction that requeues it. */
export type AbandonHandler<K extends JobName> = (
  data: ParleyJobs[K],
  job: { id: string; willRetry: boolean; tx: Db },
) => Promise<void>;

export type WorkOptions<K extends JobName> = QueueOptions & { onAbandoned?: AbandonHandler<K> };

export type SendOptions = {
  startAfterSeconds?: number;
  /** Only one queued job per key at a time. */
  singletonKey?: string;
};

export type JobQueue = {
  /** Starts working a queue in this process; handlers run one job at a time per worker. */
  work: <K extends JobName>(name: K, handler: JobHandler<K>, options?: WorkOptions<K>) => Promise<void>;
  send: <K extends JobName>(name: K, data: ParleyJobs[K], options?: SendOptions) => Promise<string | null>;
  /** Runs a job on a cron schedule, once across all processes. */
  schedule: <K extends JobName>(name: K, cron: string, data: ParleyJobs[K]) => Promise<void>;
  /** Jobs waiting (created or retrying) in a queue. */
  depth: (name: JobName) => Promise<number>;
  /** Puts failed jobs back in their queue (the admin panel's "Retry") and wakes its workers. */
  retry: (name: string, ids: string[]) => Promise<void>;
  /** Deletes jobs for good (the admin panel's "Drop"). */
  drop: (name: string, ids: string[]) => Promise<void>;
  stop: () => Promise<void>;
};

export type JobQueueOptions = {
  /** How often idle workers look for new jobs; a job sent from any process wakes them at once. */
  pollingIntervalSeconds?: number;
  /** Schedules and maintenance run where this is on (every app process by default). */
  supervise?: boolean;
  /** How quickly a job of a process that died is handed on (defaults: `DEFAULT_LEASES`). */
  leases?: Partial<LeaseOptions>;
  /** Tests only (`UNSAFE_JOB_RETRY_LIMIT`): no queue retries more often than this. */
  retryLimitCap?: number;
};

/** NOTIFY channel that tells every process's idle workers a queue has a job for them. */
const WAKE_CHANNEL = 'parley_jobs';

const defaults: Required<QueueOptions> = { retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 15 * 60 };

/**
 * The durable job queue: pg-boss on the app's own database. pg-boss takes an
 * `executeSql` adapter, so the same queue runs on real Postgres (postgres.js)
 * and on the embedded PGlite — no second driver, and jobs live in the same
 * database as the data they work on, so they survive restarts with it.
 */
export async function startJobQueue(database: Database, log: Logger, options: JobQueueOptions = {}): Promise<JobQueue> {
  const supervise = options.supervise ?? true;
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schema: 'pgboss',
    supervise,
    schedule: supervise,
    migrate: true,
  });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();

  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  const created = new Map<JobName, Promise<void>>();
  const workerIds = new Map<JobName, string[]>();
  const onAbandoned = new Map<string, AbandonHandler<JobName>>();

  const wakeHere = (name: string) => {
    for (const workerId of workerIds.get(name as JobName) ?? []) boss.notifyWorker(workerId);
  };
  // Only Postgres has other processes to wake: the embedded database belongs to one process.
  const isShared = database.kind === 'postgres';
  const wakeEverywhere = async (names: string[], tx?: Db) => {
    if (!isShared) return names.forEach(wakeHere);
    // In the caller's transaction the NOTIFY goes out on commit, when the job can be fetched.
    for (const name of names) await database.rows(sql`SELECT pg_notify(${WAKE_CHANNEL}, ${name})`, tx);
  };
  const unlisten = isShared ? await database.listen(WAKE_CHANNEL, wakeHere) : null;

  const leases = createLeases(database, log, {
    ...DEFAULT_LEASES,
    ...options.leases,
    onAbandoned: async (job, tx) => {
      await onAbandoned.get(job.name)?.(job.data as never, { id: job.id, willRetry: job.willRetry, tx });
    },
    onRequeued: wakeEverywhere,
  });

  const ensureQueue = (name: JobName, queueOptions: QueueOptions = {}) => {
    let pending = created.get(name);
    if (!pending) {
      const settings = { ...defaults, ...queueOptions };
      const queue = {
        retryLimit: Math.min(settings.retryLimit, options.retryLimitCap ?? Infinity),
        retryDelay: settings.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: settings.expireInSeconds,
      };
      // createQueue keeps an existing queue's settings; updateQueue applies today's.
      pending = boss.createQueue(name, { name, ...queue }).then(() => boss.updateQueue(name, { name, ...queue }));
      created.set(name, pending);
      pending.catch(() => created.delete(name));
    }
    return pending;
  };

  return {
    work: async (name, handler, queueOptions) => {
      // Registering is a few queries in a row, and on the embedded database a query never waits for I/O:
      // without a turn of the event loop in between, requests arriving meanwhile would wait for them all.
      await nextTurn();
      await ensureQueue(name, queueOptions);
      const id = await boss.work<ParleyJobs[typeof name]>(
        name,
        { pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          const jobLog = log.child({ job: name, jobId: job.id });
          const started = performance.now();
          const token = await leases.acquire(job.id, name);
          try {
            await handler(job.data, { id: job.id, name, retryCount: job.retryCount, log: jobLog });
            jobLog.debug({ ms: Math.round(performance.now() - started) }, 'job done');
            jobsFinished.inc({ queue: name, result: 'completed' });
          } catch (err) {
            jobLog.warn({ err }, 'job failed; it will be retried until its retry limit');
            jobsFinished.inc({ queue: name, result: 'failed' });
            throw err;
          } finally {
            jobDuration.observe({ queue: name }, seconds(started));
            await leases
              .release(job.id, token)
              .catch((err: unknown) => jobLog.warn({ err }, 'could not release a job lease'));
          }
        },
      );
      if (queueOptions?.onAbandoned) onAbandoned.set(name, queueOptions.onAbandoned as AbandonHandler<JobName>);
      workerIds.set(name, [...(workerIds.get(name) ?? []), id]);
    },
    send: async (name, data, sendOptions = {}) => {
      await ensureQueue(name);
      const id = await boss.send(name, data as object, {
        startAfter: sendOptions.startAfterSeconds,
        singletonKey: sendOptions.singletonKey,
      });
      // Idle workers start it now instead of at their next poll: this process's at once, others' by NOTIFY.
      if (!sendOptions.startAfterSeconds && id) {
        wakeHere(name);
        if (isShared) await wakeEverywhere([name]);
      }
      return id;
    },
    schedule: async (name, cron, data) => {
      await nextTurn();
      await ensureQueue(name);
      await boss.schedule(name, cron, data as object);
    },
    depth: (name) => boss.getQueueSize(name, { before: 'active' }),
    retry: async (name, ids) => {
      await boss.retry(name, ids);
      await wakeEverywhere([name]);
    },
    drop: (name, ids) => boss.deleteJob(name, ids),
    stop: async () => {
      // Leases are renewed until the running jobs have ended (or the wait gave up on them).
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      leases.stop();
      await unlisten?.();
    },
  };
}
