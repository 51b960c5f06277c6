import type { JobName, JobQueue, ParleyJobs } from './queue';

type TSentJob = { [K in JobName]: [K, ParleyJobs[K]] }[JobName];

/**
 * A job queue that holds what is sent until `flush`: jobs go through
 * pg-boss on its own connection, so one sent inside a transaction could run
 * before that transaction commits (and find nothing), or be queued for rows
 * a rollback then removes. (On PGlite, a query outside the open transaction
 * would also wait on it.)
 */
export const afterCommit = (jobs: Pick<JobQueue, 'send'>) => {
  const held: TSentJob[] = [];
  return {
    jobs: {
      send: async (name, data) => {
        held.push([name, data] as TSentJob);
        return null;
      },
    } satisfies Pick<JobQueue, 'send'>,
    flush: async () => {
      for (const [name, data] of held) await jobs.send(name, data as never);
    },
  };
};
