import type { Db } from '../../../db/client';
import type { TEnv } from '../../env';
import type { JobQueue } from '../../jobs/queue';
import { eq } from 'drizzle-orm';
import { dataExports } from '../../../db/schema';
import { expireExports, runAccountExport } from './account-export';
import { runWorkspaceExport } from './workspace-export';

const MINUTE = 60;

/** The data-rights jobs: archives prepared on request, and their hourly expiry. */
export async function registerPrivacyJobs(jobs: JobQueue, deps: { db: Db; env: TEnv }) {
  await jobs.work('privacy.export', ({ exportId }) => runExport({ ...deps, jobs }, exportId), {
    expireInSeconds: 10 * MINUTE,
  });
  await jobs.work(
    'privacy.expire',
    async (_data, job) => {
      const deleted = await expireExports(deps.db);
      job.log.debug({ deleted }, 'deleted expired data archives');
    },
    { expireInSeconds: 5 * MINUTE },
  );
  await jobs.schedule('privacy.expire', '29 * * * *', {});
}

/** One job for both kinds of archive: the row says which. */
export async function runExport(deps: { db: Db; env: TEnv; jobs: JobQueue }, exportId: string) {
  const [row] = await deps.db.select({ kind: dataExports.kind }).from(dataExports).where(eq(dataExports.id, exportId));
  if (row?.kind === 'workspace') return runWorkspaceExport(deps, exportId);
  return runAccountExport(deps, exportId);
}
