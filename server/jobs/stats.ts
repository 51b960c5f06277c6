import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

export type TQueueCounts = {
  queue: string;
  queued: number;
  active: number;
  failed: number;
  completed: number;
  /** How long the oldest job waiting to start has waited, in seconds (0 when none waits). */
  oldestWaitSeconds: number;
};

export type TFailedJob = {
  id: string;
  queue: string;
  error: string;
  retryCount: number;
  createdAt: Date;
  failedAt: Date | null;
};

const hasQueueTables = async (database: Database) => {
  const [row] = await database.rows<{ exists: boolean }>(sql`select to_regclass('pgboss.job') is not null as exists`);
  return row?.exists === true;
};

/**
 * Per queue: jobs queued (created or waiting to retry), running, failed and
 * completed (completed ones move to pgboss.archive after a while; both count).
 * Read straight from pg-boss's tables, one grouped scan, for the admin panel
 * and the queue gauges of /metrics.
 */
export async function queueCounts(database: Database): Promise<TQueueCounts[]> {
  if (!(await hasQueueTables(database))) return [];
  const rows = await database.rows<{
    queue: string;
    queued: number;
    active: number;
    failed: number;
    completed: number;
    oldest_wait_seconds: number | null;
  }>(sql`
    select q.name as queue,
      count(*) filter (where j.state in ('created', 'retry'))::int as queued,
      count(*) filter (where j.state = 'active')::int as active,
      count(*) filter (where j.state = 'failed')::int as failed,
      (count(*) filter (where j.state = 'completed')
        + (select count(*) from pgboss.archive a where a.name = q.name and a.state = 'completed'))::int as completed,
      extract(epoch from now() - min(j.created_on) filter (where j.state in ('created', 'retry') and j.start_after <= now()))::float8
        as oldest_wait_seconds
    from pgboss.queue q
    left join pgboss.job j on j.name = q.name
    group by q.name
    order by q.name`);
  return rows.map((row) => ({
    queue: row.queue,
    queued: Number(row.queued),
    active: Number(row.active),
    failed: Number(row.failed),
    completed: Number(row.completed),
    oldestWaitSeconds: Math.max(0, Number(row.oldest_wait_seconds ?? 0)),
  }));
}

/** Failed jobs, newest first, with the error pg-boss stored for their last run. */
export async function failedJobs(database: Database, input: { queue?: string; limit: number }): Promise<TFailedJob[]> {
  if (!(await hasQueueTables(database))) return [];
  const rows = await database.rows<{
    id: string;
    queue: string;
    output: unknown;
    retry_count: number;
    created_on: Date | string;
    completed_on: Date | string | null;
  }>(sql`
    select id, name as queue, output, retry_count, created_on, completed_on
    from pgboss.job
    where state = 'failed' ${input.queue ? sql`and name = ${input.queue}` : sql``}
    order by completed_on desc nulls last, created_on desc
    limit ${input.limit}`);
  return rows.map((row) => ({
    id: row.id,
    queue: row.queue,
    error: errorText(row.output),
    retryCount: Number(row.retry_count),
    createdAt: new Date(row.created_on),
    failedAt: row.completed_on ? new Date(row.completed_on) : null,
  }));
}

/** pg-boss stores a thrown Error as { message, stack } (or a value a handler returned); the message is what a person reads. */
function errorText(output: unknown): string {
  if (output && typeof output === 'object' && 'message' in output && typeof output.message === 'string') {
    return output.message;
  }
  if (output === null || output === undefined) return 'No error was recorded.';
  return typeof output === 'string' ? output : JSON.stringify(output).slice(0, 1000);
}
