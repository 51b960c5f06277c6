import type { EventBus } from '../events/bus';
import type { JobQueue } from './queue';

/** Every background job this process works, and the recurring ones it schedules. */
export async function registerJobs(jobs: JobQueue, deps: { bus: EventBus }) {
  await jobs.work('events.prune', async ({ olderThanMinutes }, job) => {
    const deleted = await deps.bus.prune(olderThanMinutes);
    job.log.debug({ deleted }, 'pruned stored event payloads');
  });
  await jobs.schedule('events.prune', '17 * * * *', { olderThanMinutes: 60 });
}
