import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, webhookEndpoints, type TWebhookEndpoint } from '../../../db/schema';
import type { TWebhookEventType } from '../../../shared/webhook-events';
import type { TEnv } from '../../env';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import type { TWebhookGuard } from '../answering/webhook';
import { recordAudit } from '../audit';
import { parsePublicUrl } from '../knowledge/fetch-page';
import type { TMemberCtx } from '../workspaces/workspaces';
import { DEFAULT_ROTATION_OVERLAP_HOURS, newWebhookSecret, openSecret, sealSecret } from './secrets';

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** A workspace's endpoints changed: every process's dispatcher forgets what it cached for it. */
    'webhook.endpoints-changed': { workspaceId: string };
  }
}

export type TWebhookCtx = TMemberCtx & {
  env: TEnv;
  bus: Pick<EventBus, 'publish'>;
  ip?: string | null;
  /** The SSRF guard's settings; from KNOWLEDGE_ALLOW_PRIVATE_URLS unless a test exempts its receiver. */
  webhookGuard?: TWebhookGuard;
};

export const ENDPOINT_NOT_FOUND = 'developers:errors.endpointNotFound';
export const MAX_ENDPOINTS_PER_WORKSPACE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const guardOf = (ctx: { env: Pick<TEnv, 'KNOWLEDGE_ALLOW_PRIVATE_URLS'>; webhookGuard?: TWebhookGuard }) =>
  ctx.webhookGuard ?? { allowPrivate: ctx.env.KNOWLEDGE_ALLOW_PRIVATE_URLS };

/** What the settings page shows of an endpoint: never the secret (see `revealSecret`). */
export type TEndpointView = Omit<TWebhookEndpoint, 'secret' | 'previousSecret'> & {
  chatbotName: string | null;
  isRotating: boolean;
};

const present = (row: TWebhookEndpoint, chatbotName: string | null): TEndpointView => {
  const { secret: _secret, previousSecret, ...rest } = row;
  return {
    ...rest,
    chatbotName,
    isRotating: Boolean(previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()),
  };
};

export async function loadEndpoint(db: Db, input: { workspaceId: string; endpointId: string }) {
  if (!UUID.test(input.endpointId)) throw new AppError('NOT_FOUND', ENDPOINT_NOT_FOUND);
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.workspaceId, input.workspaceId)));
  if (!row) throw new AppError('NOT_FOUND', ENDPOINT_NOT_FOUND);
  return row;
}

export async function listEndpoints(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select({ endpoint: webhookEndpoints, chatbotName: chatbots.name })
    .from(webhookEndpoints)
    .leftJoin(chatbots, eq(chatbots.id, webhookEndpoints.chatbotId))
    .where(eq(webhookEndpoints.workspaceId, ctx.workspace.id))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map((row) => present(row.endpoint, row.chatbotName));
}

export async function getEndpoint(ctx: TMemberCtx, input: { endpointId: string }) {
  const row = await loadEndpoint(ctx.db, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
  const [bot] = row.chatbotId
    ? await ctx.db.select({ name: chatbots.name }).from(chatbots).where(eq(chatbots.id, row.chatbotId))
    : [];
  return present(row, bot?.name ?? null);
}

type TEndpointInput = {
  url: string;
  events: TWebhookEventType[];
  chatbotId: string | null;
  description: string;
};

/** The URL through the SSRF guard's address checks (a name is resolved again on every delivery), the chatbot this workspace's. */
async function checked(ctx: TWebhookCtx, input: Partial<TEndpointInput>) {
  const url = input.url === undefined ? undefined : parsePublicUrl(input.url, guardOf(ctx)).toString();
  if (input.chatbotId) {
    const [bot] = UUID.test(input.chatbotId)
      ? await ctx.db
          .select({ id: chatbots.id })
          .from(chatbots)
          .where(and(eq(chatbots.id, input.chatbotId), eq(chatbots.workspaceId, ctx.workspace.id)))
      : [];
    if (!bot) throw new AppError('BAD_REQUEST', 'developers:errors.chatbotNotInWorkspace');
  }
  return { ...input, ...(url === undefined ? {} : { url }) };
}

/** An audit entry about one endpoint, by the calling admin, in the change's transaction. */
const audit = (
  ctx: TWebhookCtx,
  tx: Db,
  entry: { action: string; endpoint: Pick<TWebhookEndpoint, 'id' | 'url'>; details?: Record<string, unknown> },
) =>
  recordAudit(tx, {
    actor: { kind: 'user', id: ctx.user.id, email: ctx.user.email },
    action: entry.action,
    workspaceId: ctx.workspace.id,
    target: { type: 'webhook_endpoint', id: entry.endpoint.id, label: entry.endpoint.url },
    ip: ctx.ip,
    details: entry.details,
  });

const changed = (ctx: TWebhookCtx, tx: Db) =>
  ctx.bus.publish('webhook.endpoints-changed', { workspaceId: ctx.workspace.id }, { tx });

/** A new endpoint with a fresh secret, shown once here and again only through `revealSecret`. */
export async function createEndpoint(ctx: TWebhookCtx, input: TEndpointInput) {
  const values = await checked(ctx, input);
  const secret = newWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.workspaceId, ctx.workspace.id));
    if (existing.length >= MAX_ENDPOINTS_PER_WORKSPACE)
      throw new AppError('BAD_REQUEST', {
        key: 'developers:errors.tooManyEndpoints',
        values: { maximum: MAX_ENDPOINTS_PER_WORKSPACE },
      });
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        workspaceId: ctx.workspace.id,
        url: values.url!,
        events: input.events,
        chatbotId: input.chatbotId,
        description: input.description,
        secret: sealSecret(ctx.env, secret),
      })
      .returning();
    await audit(ctx, tx, {
      action: 'webhook.endpoint_created',
      endpoint: row!,
      details: { events: input.events, chatbotId: input.chatbotId },
    });
    await changed(ctx, tx);
    return { endpoint: present(row!, null), secret };
  });
}

export async function updateEndpoint(
  ctx: TWebhookCtx,
  input: { endpointId: string } & Partial<TEndpointInput> & { isEnabled?: boolean },
) {
  const { endpointId, ...patch } = input;
  const values = await checked(ctx, patch);
  return ctx.db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, { workspaceId: ctx.workspace.id, endpointId });
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...values,
        // Switching it back on starts its failure count afresh.
        ...(patch.isEnabled ? { disabledReason: null, failingSince: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, before.id))
      .returning();
    const fields = Object.keys(patch).filter(
      (key) =>
        JSON.stringify(before[key as keyof TWebhookEndpoint]) !== JSON.stringify(row![key as keyof TWebhookEndpoint]),
    );
    if (fields.length) {
      await audit(ctx, tx, { action: 'webhook.endpoint_changed', endpoint: row!, details: { fields } });
      await changed(ctx, tx);
    }
    return present(row!, null);
  });
}

export async function deleteEndpoint(ctx: TWebhookCtx, input: { endpointId: string }) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
    await audit(ctx, tx, { action: 'webhook.endpoint_deleted', endpoint: row });
    await changed(ctx, tx);
  });
  return { ok: true as const };
}

/** The current secret, for the admin to copy into the receiver. */
export async function revealSecret(ctx: TWebhookCtx, input: { endpointId: string }) {
  const row = await loadEndpoint(ctx.db, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
  return { secret: openSecret(ctx.env, row.secret) };
}

/**
 * A new secret; the old one keeps signing beside it for `overlapHours` (0: stops at once, for a
 * leaked secret), so receivers can be switched over without dropping a delivery.
 */
export async function rotateSecret(ctx: TWebhookCtx, input: { endpointId: string; overlapHours?: number }) {
  const overlapHours = input.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS;
  const secret = newWebhookSecret();
  const expiresAt = new Date(Date.now() + overlapHours * 3_600_000);
  await ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, { workspaceId: ctx.workspace.id, endpointId: input.endpointId });
    await tx
      .update(webhookEndpoints)
      .set({
        secret: sealSecret(ctx.env, secret),
        previousSecret: overlapHours > 0 ? row.secret : null,
        previousSecretExpiresAt: overlapHours > 0 ? expiresAt : null,
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, row.id));
    await audit(ctx, tx, { action: 'webhook.secret_rotated', endpoint: row, details: { overlapHours } });
  });
  return { secret, previousSecretExpiresAt: overlapHours > 0 ? expiresAt : null };
}
