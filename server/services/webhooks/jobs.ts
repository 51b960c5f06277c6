import { lt, sql } from 'drizzle-orm';
import { webhookMessages } from '../../../db/schema';
import type { JobQueue } from '../../jobs/queue';
import { attemptDelivery, type TDeliverDeps } from './deliver';
import { unqueuedMessages } from './dispatcher';
import { readMessage } from './log-text';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Delivers one stored webhook message, retried with backoff until it succeeds or the retries run out. */
    'webhook.deliver': { messageId: string };
    /** A delivery sent again by hand: one attempt. */
    'webhook.replay': { messageId: string };
    /** Queues messages a stopped process stored but did not queue, and drops old delivery logs. */
    'webhook.maintain': Record<string, never>;
  }
}

/**
 * The retry schedule: pg-boss waits between `delay·2ⁿ` and `delay·2ⁿ⁺¹` seconds before retry n+1
 * (exponential backoff with jitter), so twelve retries from 45 s span about three days (2.1 to 4.3):
 * the first after about a minute, the last days later. Long enough to outlast a weekend's outage.
 */
export const WEBHOOK_RETRY = { retryLimit: 12, retryDelaySeconds: 45 } as const;
/** How long the delivery log keeps a message and its attempts. */
export const DELIVERY_LOG_DAYS = 30;

export async function registerWebhookJobs(
  jobs: JobQueue,
  deps: Omit<TDeliverDeps, 'jobs'>,
  // Tests make the schedule seconds long to watch the retries happen.
  retry: { retryLimit: number; retryDelaySeconds: number } = WEBHOOK_RETRY,
) {
  const delivery = { ...deps, jobs };
  await jobs.work(
    'webhook.deliver',
    async ({ messageId }, job) => {
      const isFinal = job.retryCount >= retry.retryLimit;
      const attempt = await attemptDelivery(delivery, {
        messageId,
        trigger: job.retryCount === 0 ? 'event' : 'retry',
        isFinal,
      });
      // Failing the job is what schedules the next retry.
      // The queue's own record of the failure, for operators: in English.
      if (attempt && !attempt.isSuccess && !isFinal)
        throw new Error(readMessage('en', attempt.error) ?? 'The delivery failed');
    },
    // A run is one POST with a 15 s timeout.
    { ...retry, expireInSeconds: 60 },
  );
  await jobs.work(
    'webhook.replay',
    async ({ messageId }) => {
      await attemptDelivery(delivery, { messageId, trigger: 'replay', isFinal: true });
    },
    { retryLimit: 0, expireInSeconds: 60 },
  );
  await jobs.work(
    'webhook.maintain',
    async (_data, job) => {
      const lost = await unqueuedMessages(deps.db);
      for (const message of lost) await jobs.send('webhook.deliver', { messageId: message.id });
      const pruned = await deps.db
        .delete(webhookMessages)
        .where(lt(webhookMessages.createdAt, sql`now() - ${`${DELIVERY_LOG_DAYS} days`}::interval`))
        .returning({ id: webhookMessages.id });
      job.log.debug({ requeued: lost.length, pruned: pruned.length }, 'webhook maintenance');
    },
    { expireInSeconds: 5 * 60 },
  );
  await jobs.schedule('webhook.maintain', '23 * * * *', {});
}
