/**
 * A second app process for queue tests, run as a child (`node --import tsx`):
 * it opens the database at PARLEY_WORKER_DATABASE_URL, works `events.prune`
 * with a handler that never returns, and says on stdout (one JSON line
 * each) when it is ready and which job it started. The test then kills it.
 */
import { openDatabase } from '../../db/client';
import { startJobQueue } from '../../server/jobs/queue';
import { createLogger } from '../../server/logger';

const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

const databaseUrl = process.env.PARLEY_WORKER_DATABASE_URL;
if (!databaseUrl) throw new Error('PARLEY_WORKER_DATABASE_URL is not set');

const database = await openDatabase({ databaseUrl, dataDir: 'unused', poolMax: 1 });
const jobs = await startJobQueue(database, createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
  supervise: false,
  pollingIntervalSeconds: 0.5,
  leases: { leaseSeconds: 3, heartbeatSeconds: 1, sweepSeconds: 3600 },
});
await jobs.work('events.prune', async (_data, job) => {
  say({ started: job.id });
  await new Promise(() => {});
});
say({ ready: true });
