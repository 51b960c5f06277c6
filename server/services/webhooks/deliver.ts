import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  memberships,
  users,
  webhookAttempts,
  webhookEndpoints,
  webhookMessages,
  workspaces,
  type TWebhookEndpoint,
} from '../../../db/schema';
import { appUrl, type TEnv } from '../../env';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import { webhookFetch, type TWebhookGuard } from '../answering/webhook';
import { recordAudit } from '../audit';
import { PRIVATE_ADDRESS } from '../knowledge/fetch-page';
import { queueMail } from '../mail/send';
import { MAIL_TIME } from '../mail/templates';
import { storedMessage } from './log-text';
import { signedHeaders, signingSecrets, webhookIdOf } from './secrets';

export const DELIVERY_TIMEOUT_MS = 15_000;
/** An endpoint every automatic delivery has failed for this long is switched off, and its admins told. */
export const DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
const REQUEST_EXCERPT_CHARS = 4000;
const RESPONSE_EXCERPT_CHARS = 2000;

export type TDeliverDeps = {
  db: Db;
  env: TEnv;
  jobs: JobQueue;
  bus: Pick<EventBus, 'publish'>;
  guard: TWebhookGuard;
  /** Tests shorten it to see an endpoint disabled. */
  disableAfterMs?: number;
};

export type TTrigger = 'event' | 'retry' | 'replay' | 'test';

type TOutcome = { statusCode: number | null; error: string | null; response: string };

/** The delivery log's message (stored, see log-text.ts): what went wrong, and for a refused address, why. */
const failureOf = (error: unknown): string => {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return storedMessage({
      key: 'developers:webhooks.deliveryErrors.timeout',
      values: { seconds: DELIVERY_TIMEOUT_MS / 1000 },
    });
  if (error instanceof AppError)
    return error.key === PRIVATE_ADDRESS
      ? storedMessage('developers:webhooks.deliveryErrors.privateAddress')
      : storedMessage({ key: 'developers:webhooks.deliveryErrors.refused', values: { reason: error.key } });
  // The network's own words (a refused connection, an unknown name) are technical, the same in every language.
  return storedMessage({
    key: 'developers:webhooks.deliveryErrors.connectFailed',
    values: { detail: (error as Error).message },
  });
};

async function post(deps: TDeliverDeps, url: string, headers: Record<string, string>, body: string): Promise<TOutcome> {
  try {
    const response = await webhookFetch(deps.guard)(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      redirect: 'error',
    });
    const text = (await response.text().catch(() => '')).slice(0, RESPONSE_EXCERPT_CHARS);
    if (response.status >= 300 && response.status < 400)
      return {
        statusCode: response.status,
        error: storedMessage('developers:webhooks.deliveryErrors.redirect'),
        response: text,
      };
    const error = response.ok
      ? null
      : storedMessage({ key: 'developers:webhooks.deliveryErrors.answered', values: { status: response.status } });
    return { statusCode: response.status, error, response: text };
  } catch (error) {
    return { statusCode: null, error: failureOf(error), response: '' };
  }
}

/**
 * POSTs one stored message once and writes the attempt to the delivery log. Automatic attempts
 * (`event`, `retry`) also keep the endpoint's health: a success clears it, days of nothing but
 * failures switch the endpoint off. Returns null when the message or its endpoint is gone.
 */
export async function attemptDelivery(
  deps: TDeliverDeps,
  input: { messageId: string; trigger: TTrigger; isFinal: boolean },
) {
  const [row] = await deps.db
    .select({ message: webhookMessages, endpoint: webhookEndpoints })
    .from(webhookMessages)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .where(eq(webhookMessages.id, input.messageId));
  if (!row) return null;
  const { message, endpoint } = row;
  const isAutomatic = input.trigger === 'event' || input.trigger === 'retry';
  if (isAutomatic && !endpoint.isEnabled) {
    await deps.db.update(webhookMessages).set({ status: 'failed' }).where(eq(webhookMessages.id, message.id));
    return null;
  }

  const at = new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Parley-Webhooks/1',
    ...signedHeaders({
      id: webhookIdOf(message.id),
      secrets: signingSecrets(deps.env, endpoint, at),
      body: message.body,
      at,
    }),
  };
  const started = performance.now();
  const outcome = await post(deps, endpoint.url, headers, message.body);
  const isSuccess = outcome.error === null;
  const status = isSuccess
    ? 'delivered'
    : isAutomatic
      ? input.isFinal
        ? 'failed'
        : 'retrying'
      : message.status === 'pending'
        ? 'failed'
        : message.status;

  const [attempt] = await deps.db.transaction(async (tx) => {
    await tx
      .update(webhookMessages)
      .set({ status, attemptCount: sql`${webhookMessages.attemptCount} + 1`, lastAttemptAt: at })
      .where(eq(webhookMessages.id, message.id));
    return tx
      .insert(webhookAttempts)
      .values({
        messageId: message.id,
        at,
        trigger: input.trigger,
        statusCode: outcome.statusCode,
        isSuccess,
        durationMs: Math.round(performance.now() - started),
        error: outcome.error,
        requestHeaders: headers,
        requestExcerpt: message.body.slice(0, REQUEST_EXCERPT_CHARS),
        responseExcerpt: outcome.response,
      })
      .returning();
  });
  if (isSuccess && endpoint.failingSince)
    await deps.db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
  if (!isSuccess && isAutomatic) await noteFailure(deps, endpoint, at);
  return attempt!;
}

/** Starts or continues the endpoint's failing streak; past `DISABLE_AFTER_MS` switches it off, once across processes. */
async function noteFailure(deps: TDeliverDeps, endpoint: TWebhookEndpoint, at: Date) {
  const since = endpoint.failingSince ?? at;
  if (!endpoint.failingSince)
    await deps.db
      .update(webhookEndpoints)
      .set({ failingSince: at })
      .where(and(eq(webhookEndpoints.id, endpoint.id), sql`${webhookEndpoints.failingSince} is null`));
  const limit = deps.disableAfterMs ?? DISABLE_AFTER_MS;
  if (at.getTime() - since.getTime() < limit) return;
  const days = Math.round(limit / 86_400_000);
  const reason = storedMessage({ key: 'developers:webhooks.disabledReason', values: { count: days } });
  const disabled = await deps.db.transaction(async (tx) => {
    const [off] = await tx
      .update(webhookEndpoints)
      .set({ isEnabled: false, disabledReason: reason, updatedAt: at })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.isEnabled, true)))
      .returning({ id: webhookEndpoints.id });
    if (!off) return false;
    await recordAudit(tx, {
      actor: { kind: 'system' },
      action: 'webhook.endpoint_disabled',
      workspaceId: endpoint.workspaceId,
      target: { type: 'webhook_endpoint', id: endpoint.id, label: endpoint.url },
      details: { failingSince: since.toISOString() },
    });
    await deps.bus.publish('webhook.endpoints-changed', { workspaceId: endpoint.workspaceId }, { tx });
    return true;
  });
  if (disabled) await mailAdmins(deps, endpoint, since);
}

async function mailAdmins(deps: TDeliverDeps, endpoint: TWebhookEndpoint, since: Date) {
  const [workspace] = await deps.db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, endpoint.workspaceId));
  const admins = await deps.db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, endpoint.workspaceId), inArray(memberships.role, ['admin', 'owner'])));
  const url = `${appUrl(deps.env)}/app/settings/webhooks?endpoint=${endpoint.id}`;
  for (const admin of admins)
    await queueMail(deps, {
      to: admin.email,
      subject: workspace
        ? { key: 'mail:webhookDisabled.subject', values: { workspace: workspace.name } }
        : 'mail:webhookDisabled.subjectNoWorkspace',
      heading: 'mail:webhookDisabled.heading',
      paragraphs: [
        {
          key: 'mail:webhookDisabled.body',
          values: { url: endpoint.url, since, formatParams: { since: MAIL_TIME } },
        },
        'mail:webhookDisabled.hint',
      ],
      action: { label: 'mail:webhookDisabled.action', url },
      footer: 'mail:webhookDisabled.footer',
    });
}
