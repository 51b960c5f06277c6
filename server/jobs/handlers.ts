import type { Db } from '../../db/client';
import type { TEnv } from '../env';
import type { EventBus } from '../events/bus';
import { cleanupAuth } from '../services/auth/cleanup';
import { embedderFor } from '../services/knowledge/embedder';
import { ingestSource } from '../services/knowledge/ingest';
import { deliverMail, MAIL_RETRY_LIMIT } from '../services/mail';
import type { JobQueue } from './queue';

/** Every background job this process works, and the recurring ones it schedules. */
export async function registerJobs(jobs: JobQueue, deps: { bus: EventBus; db: Db; env: TEnv }) {
  await jobs.work('events.prune', async ({ olderThanMinutes }, job) => {
    const deleted = await deps.bus.prune(olderThanMinutes);
    job.log.debug({ deleted }, 'pruned stored event payloads');
  });
  await jobs.schedule('events.prune', '17 * * * *', { olderThanMinutes: 60 });

  await jobs.work('auth.cleanup', async (_data, job) => {
    job.log.debug(await cleanupAuth(deps.db), 'cleaned up sessions, links and rate-limit counters');
  });
  await jobs.schedule('auth.cleanup', '41 * * * *', {});

  await jobs.work('mail.send', ({ mailId }, job) => deliverMail(deps, mailId, job), {
    retryLimit: MAIL_RETRY_LIMIT,
    retryDelaySeconds: 10,
  });

  const embedder = embedderFor(deps.env);
  await jobs.work(
    'source.ingest',
    ({ sourceId }, job) => ingestSource({ db: deps.db, bus: deps.bus, embedder, log: job.log }, sourceId),
    // Few retries, spaced out: a failing embedding service is usually down for a while, not a moment.
    { retryLimit: 3, retryDelaySeconds: 30 },
  );
}
