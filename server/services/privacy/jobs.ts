import type { Db } from '../../../db/client';
import type { TEnv } from '../../env';
import type { JobQueue } from '../../jobs/queue';
import { expireExports, runAccountExport } from './account-export';

const MINUTE = 60;

/** The data-rights jobs: archives prepared on request, and their hourly expiry. */
export async function registerPrivacyJobs(jobs: JobQueue, deps: { db: Db; env: TEnv }) {
  await jobs.work('privacy.export', ({ exportId }) => runAccountExport({ ...deps, jobs }, exportId), {
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
