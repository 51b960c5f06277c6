import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { webhookEndpoints, webhookMessages } from '../../../db/schema';
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import { isWebhookLimitReached } from '../usage/enforce';
import { SOURCE_EVENTS, webhookBody, webhookEventOf, type TSourceEvent } from './payloads';

type TTarget = { id: string; events: string[]; chatbotId: string | null };

/**
 * Turns bus events into webhook deliveries, in every process: each hears every event (LISTEN/NOTIFY),
 * so each tries to store the (endpoint, event) message and the unique index lets exactly one insert
 * win; only the winner queues the delivery job. Storing the message is the whole of the request's
 * share: the POST happens in the job, so a slow receiver never holds up what caused the event.
 *
 * A workspace's enabled endpoints are cached per process (most events belong to workspaces without
 * any) until `webhook.endpoints-changed` says otherwise.
 */
export function startWebhookDispatcher(deps: { db: Db; bus: EventBus; jobs: Pick<JobQueue, 'send'>; log: Logger }) {
  const controller = new AbortController();
  const targets = new Map<string, Promise<TTarget[]>>();
  let chain: Promise<void> = Promise.resolve();

  const targetsOf = (workspaceId: string) => {
    let found = targets.get(workspaceId);
    if (!found) {
      found = deps.db
        .select({ id: webhookEndpoints.id, events: webhookEndpoints.events, chatbotId: webhookEndpoints.chatbotId })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.isEnabled, true)))
        // A query builder runs again each time it is awaited: the cache must hold the result's promise.
        .execute();
      targets.set(workspaceId, found);
      found.catch(() => targets.delete(workspaceId));
    }
    return found;
  };

  const dispatch = async (event: TSourceEvent) => {
    const webhook = webhookEventOf(event);
    if (!webhook) return;
    const wanted = (await targetsOf(webhook.workspaceId)).filter(
      (target) =>
        target.events.includes(webhook.type) && (target.chatbotId === null || target.chatbotId === webhook.chatbotId),
    );
    if (!wanted.length) return;
    // Past the workspace's monthly allowance nothing is sent (the Usage page and the owners' e-mail say so).
    if (await isWebhookLimitReached(deps.db, webhook.workspaceId)) return;
    const body = webhookBody(webhook, event.publishedAt);
    const created = await deps.db
      .insert(webhookMessages)
      .values(
        wanted.map((target) => ({
          endpointId: target.id,
          workspaceId: webhook.workspaceId,
          eventId: event.id,
          type: webhook.type,
          body,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookMessages.id });
    for (const message of created) await deps.jobs.send('webhook.deliver', { messageId: message.id });
  };

  deps.bus.listen(['webhook.endpoints-changed'], (event) => targets.delete(event.payload.workspaceId), {
    signal: controller.signal,
  });
  deps.bus.listen(
    [...SOURCE_EVENTS],
    (event) => {
      // One after another, so the deliveries of one conversation are queued in the order it happened.
      chain = chain
        .then(() => dispatch(event))
        .catch((err: unknown) => deps.log.error({ err, eventId: event.id }, 'could not queue webhook deliveries'));
    },
    { signal: controller.signal },
  );

  return {
    /** Resolves when every event heard so far has been dispatched (tests, shutdown). */
    idle: () => chain,
    close: async () => {
      controller.abort();
      await chain;
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof startWebhookDispatcher>;

/** Stored messages whose delivery job was never queued (a process stopped between the two steps). */
export const unqueuedMessages = (db: Db) =>
  db
    .select({ id: webhookMessages.id })
    .from(webhookMessages)
    .where(
      and(
        eq(webhookMessages.status, 'pending'),
        sql`${webhookMessages.createdAt} < now() - interval '10 minutes'`,
        sql`not exists (select 1 from pgboss.job j where j.name = 'webhook.deliver' and j.data->>'messageId' = ${webhookMessages.id}::text)`,
      ),
    )
    .limit(500);
