import { sql } from 'drizzle-orm';
import { failedJobs, queueCounts } from '../../jobs/stats';
import { AppError } from '../../errors';
import { auditAdmin, type TAdminContext } from './context';

export const jobsOverview = async (ctx: TAdminContext, input: { queue?: string; limit: number }) => ({
  queues: await queueCounts(ctx.database),
  failed: await failedJobs(ctx.database, input),
});

type TJobRef = { queue: string; id: string };

const byQueue = (jobs: TJobRef[]) => {
  const grouped = new Map<string, string[]>();
  for (const job of jobs) grouped.set(job.queue, [...(grouped.get(job.queue) ?? []), job.id]);
  return grouped;
};

/** The failed ones among `jobs` (a retry or drop of a job that has meanwhile run again must not touch it). */
async function stillFailed(ctx: TAdminContext, jobs: TJobRef[]) {
  const ids = jobs.map((job) => job.id);
  const rows = await ctx.database.rows<{ id: string; queue: string }>(sql`
    select id, name as queue from pgboss.job
    where id = any(${`{${ids.join(',')}}`}::uuid[]) and state = 'failed'`);
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'admin:errors.jobsGone');
  return rows;
}

/**
 * Retries or drops failed jobs, one or many. Each job gets its own audit
 * entry (written before the queue acts: pg-boss runs its own statements).
 */
export async function actOnFailedJobs(ctx: TAdminContext, input: { action: 'retry' | 'drop'; jobs: TJobRef[] }) {
  const found = await stillFailed(ctx, input.jobs);
  await ctx.db.transaction(async (tx) => {
    for (const job of found) {
      await auditAdmin(ctx, tx, {
        action: input.action === 'retry' ? 'admin.job_retried' : 'admin.job_dropped',
        target: { type: 'job', id: job.id, label: job.queue },
      });
    }
  });
  for (const [queue, ids] of byQueue(found)) {
    if (input.action === 'retry') await ctx.jobs.retry(queue, ids);
    else await ctx.jobs.drop(queue, ids);
  }
  return { count: found.length };
}
