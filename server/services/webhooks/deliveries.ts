import { randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { webhookAttempts, webhookMessages, type TWebhookMessage } from '../../../db/schema';
import { WEBHOOK_TEST_EVENT } from '../../../shared/webhook-events';
import type { JobQueue } from '../../jobs/queue';
import { AppError } from '../../errors';
import type { TMemberCtx } from '../workspaces/workspaces';
import { attemptDelivery, type TDeliverDeps } from './deliver';
import { guardOf, loadEndpoint, type TWebhookCtx } from './endpoints';
import { webhookBody } from './payloads';
import { webhookIdOf } from './secrets';

export const MESSAGE_NOT_FOUND = 'developers:errors.deliveryNotFound';
/** One "replay" press sends at most this many; the rest waits for the next press. */
export const MAX_REPLAY = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TDeliveryStatus = TWebhookMessage['status'];

const presentMessage = (m: Omit<TWebhookMessage, 'body'>) => ({
  id: m.id,
  webhookId: webhookIdOf(m.id),
  type: m.type,
  status: m.status,
  attemptCount: m.attemptCount,
  lastAttemptAt: m.lastAttemptAt,
  createdAt: m.createdAt,
});

/** The endpoint's deliveries, newest first, with each one's latest attempt; a page ends before `before`. */
export async function listDeliveries(
  ctx: TMemberCtx,
  input: { endpointId: string; status?: TDeliveryStatus; before?: Date; limit?: number },
) {
  const endpoint = await loadEndpoint(ctx.db, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
  const where: SQL[] = [eq(webhookMessages.endpointId, endpoint.id)];
  if (input.status) where.push(eq(webhookMessages.status, input.status));
  if (input.before) where.push(lt(webhookMessages.createdAt, input.before));
  const { body: _body, ...columns } = getTableColumns(webhookMessages);
  const rows = await ctx.db
    .select(columns)
    .from(webhookMessages)
    .where(and(...where))
    .orderBy(desc(webhookMessages.createdAt))
    .limit(input.limit ?? 50);
  const attempts = rows.length
    ? await ctx.db
        .selectDistinctOn([webhookAttempts.messageId])
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.messageId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(webhookAttempts.messageId, desc(webhookAttempts.at))
    : [];
  const latest = new Map(attempts.map((attempt) => [attempt.messageId, attempt]));
  return rows.map((row) => ({ ...presentMessage(row), lastAttempt: latest.get(row.id) ?? null }));
}

async function loadMessage(ctx: TMemberCtx, messageId: string) {
  if (!UUID.test(messageId)) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
  const [message] = await ctx.db
    .select()
    .from(webhookMessages)
    .where(and(eq(webhookMessages.id, messageId), eq(webhookMessages.workspaceId, ctx.workspace.id)));
  if (!message) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
  return message;
}

/** One delivery: the body sent and every attempt, newest first. */
export async function getDelivery(ctx: TMemberCtx, input: { messageId: string }) {
  const message = await loadMessage(ctx, input.messageId);
  const attempts = await ctx.db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.messageId, message.id))
    .orderBy(desc(webhookAttempts.at));
  return { ...presentMessage(message), endpointId: message.endpointId, body: message.body, attempts };
}

type TQueueCtx = TMemberCtx & { jobs: Pick<JobQueue, 'send'> };

/**
 * Sends deliveries again through the queue (one attempt each, the same `webhook-id` and body, so a
 * receiver that already has one can tell): the ones named, or every failed one of an endpoint since a time.
 */
export async function replayDeliveries(
  ctx: TQueueCtx,
  input: { endpointId: string; messageIds?: string[]; failedSince?: Date },
) {
  const endpoint = await loadEndpoint(ctx.db, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
  const where: SQL[] = [eq(webhookMessages.endpointId, endpoint.id)];
  if (input.messageIds) {
    const ids = input.messageIds.filter((id) => UUID.test(id));
    if (!ids.length) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
    where.push(inArray(webhookMessages.id, ids));
  } else {
    where.push(eq(webhookMessages.status, 'failed'));
    if (input.failedSince) where.push(gte(webhookMessages.createdAt, input.failedSince));
  }
  const rows = await ctx.db
    .select({ id: webhookMessages.id })
    .from(webhookMessages)
    .where(and(...where))
    .orderBy(webhookMessages.createdAt)
    .limit(MAX_REPLAY);
  if (input.messageIds && rows.length === 0) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
  for (const row of rows) await ctx.jobs.send('webhook.replay', { messageId: row.id });
  return { queued: rows.length };
}

/**
 * "Send test event": a `webhook.test` message delivered now, while the admin waits (one attempt,
 * bounded by the delivery timeout), so the page can say at once whether the receiver works.
 */
export async function sendTestEvent(ctx: TWebhookCtx & { jobs: JobQueue }, input: { endpointId: string }) {
  const endpoint = await loadEndpoint(ctx.db, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
  const body = webhookBody(
    {
      type: WEBHOOK_TEST_EVENT,
      workspaceId: ctx.workspace.id,
      chatbotId: endpoint.chatbotId,
      data: { message: 'This is a test event from Parley. Answer with a 2xx status to acknowledge it.' },
    },
    new Date(),
  );
  const [message] = await ctx.db
    .insert(webhookMessages)
    .values({
      endpointId: endpoint.id,
      workspaceId: ctx.workspace.id,
      eventId: `test_${randomUUID()}`,
      type: WEBHOOK_TEST_EVENT,
      body,
    })
    .returning();
  const deps: TDeliverDeps = { db: ctx.db, env: ctx.env, jobs: ctx.jobs, bus: ctx.bus, guard: guardOf(ctx) };
  const attempt = await attemptDelivery(deps, { messageId: message!.id, trigger: 'test', isFinal: true });
  return { messageId: message!.id, webhookId: webhookIdOf(message!.id), attempt };
}
