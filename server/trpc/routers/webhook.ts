import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events';
import { getDelivery, listDeliveries, replayDeliveries, sendTestEvent } from '../../services/webhooks/deliveries';
import { localizedAttempt, localizedEndpoint } from '../../services/webhooks/log-text';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  revealSecret,
  rotateSecret,
  updateEndpoint,
} from '../../services/webhooks/endpoints';
import { router, workspaceProcedure } from '../procedures';

// Any string: the service answers NOT_FOUND for a malformed id like for one from another workspace.
const ZEndpointRef = z.object({ endpointId: z.string({ error: 'developers:validation.endpointRequired' }).max(100) });

const ZUrl = z
  .string({ error: 'developers:validation.urlRequired' })
  .trim()
  .min(1, 'developers:validation.urlRequired')
  .max(2000, 'developers:validation.urlTooLong');

const ZEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: 'developers:validation.eventUnknown' }), {
    error: 'developers:validation.eventsRequired',
  })
  .min(1, 'developers:validation.eventsRequired')
  .transform((events) => [...new Set(events)]);

const ZChatbotFilter = z.string().max(100).nullable();

const ZDescription = z.string().trim().max(200, 'developers:validation.descriptionTooLong');

const ZStatus = z.enum(['pending', 'delivered', 'retrying', 'failed'], {
  error: 'developers:validation.statusUnknown',
});

/**
 * Event webhooks (spec §10). Every procedure is for admins: endpoints carry secrets and receiver
 * addresses (often with tokens in them), and the delivery log copies conversation content to
 * wherever the endpoint points — configuration, like chatbots and keys, not inbox work.
 * The log's errors and an endpoint's switch-off note are stored as messages and answered in the
 * caller's language.
 */
export const webhookRouter = router({
  list: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/webhooks',
        summary: "List the workspace's webhook endpoints",
      },
    })
    .query(async ({ ctx }) => (await listEndpoints(ctx)).map((endpoint) => localizedEndpoint(ctx.locale, endpoint))),

  get: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}',
        summary: 'Get a webhook endpoint',
      },
    })
    .input(ZEndpointRef)
    .query(async ({ ctx, input }) => localizedEndpoint(ctx.locale, await getEndpoint(ctx, input))),

  /** Returns the endpoint and its new secret. */
  create: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: { method: 'POST', path: '/workspaces/{workspaceId}/webhooks', summary: 'Create a webhook endpoint' },
    })
    .input(
      z.object({
        url: ZUrl,
        events: ZEvents,
        chatbotId: ZChatbotFilter.default(null),
        description: ZDescription.default(''),
      }),
    )
    .mutation(({ ctx, input }) => createEndpoint(ctx, input)),

  update: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: {
        method: 'PATCH',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}',
        summary: 'Change a webhook endpoint',
      },
    })
    .input(
      ZEndpointRef.extend({
        url: ZUrl.optional(),
        events: ZEvents.optional(),
        chatbotId: ZChatbotFilter.optional(),
        description: ZDescription.optional(),
        isEnabled: z.boolean({ error: 'developers:validation.enabledRequired' }).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => localizedEndpoint(ctx.locale, await updateEndpoint(ctx, input))),

  delete: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: {
        method: 'DELETE',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}',
        summary: 'Delete a webhook endpoint',
      },
    })
    .input(ZEndpointRef)
    .mutation(({ ctx, input }) => deleteEndpoint(ctx, input)),

  /** A query would do, but a mutation keeps the secret out of caches and prefetches. */
  revealSecret: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}/secret',
        summary: "Reveal an endpoint's signing secret",
      },
    })
    .input(ZEndpointRef)
    .mutation(({ ctx, input }) => revealSecret(ctx, input)),

  rotateSecret: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}/secret/rotate',
        summary: "Rotate an endpoint's signing secret",
      },
    })
    .input(
      ZEndpointRef.extend({
        overlapHours: z
          .number({ error: 'developers:validation.overlapRequired' })
          .int('developers:validation.overlapWhole')
          .min(0, 'developers:validation.overlapNegative')
          .max(168, 'developers:validation.overlapTooLong')
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => rotateSecret(ctx, input)),

  deliveries: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}/deliveries',
        summary: "List an endpoint's deliveries",
      },
    })
    .input(
      ZEndpointRef.extend({
        status: ZStatus.optional(),
        before: z.coerce.date({ error: 'developers:validation.dateInvalid' }).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(async ({ ctx, input }) =>
      (await listDeliveries(ctx, input)).map((delivery) => ({
        ...delivery,
        lastAttempt: delivery.lastAttempt && localizedAttempt(ctx.locale, delivery.lastAttempt),
      })),
    ),

  delivery: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/webhook-deliveries/{messageId}',
        summary: 'Get one delivery with its attempts',
      },
    })
    .input(z.object({ messageId: z.string({ error: 'developers:validation.deliveryRequired' }).max(100) }))
    .query(async ({ ctx, input }) => {
      const delivery = await getDelivery(ctx, input);
      return { ...delivery, attempts: delivery.attempts.map((attempt) => localizedAttempt(ctx.locale, attempt)) };
    }),

  /** The deliveries named, or every failed one (since a time): sent again, one attempt each. */
  replay: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}/replay',
        summary: 'Replay deliveries',
      },
    })
    .input(
      ZEndpointRef.extend({
        messageIds: z
          .array(z.string().max(100))
          .min(1, 'developers:validation.deliveriesRequired')
          .max(100, 'developers:validation.tooManyDeliveries')
          .optional(),
        failedSince: z.coerce.date({ error: 'developers:validation.dateInvalid' }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => replayDeliveries(ctx, input)),

  sendTest: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/webhooks/{endpointId}/test',
        summary: 'Send a test event',
      },
    })
    .input(ZEndpointRef)
    .mutation(async ({ ctx, input }) => {
      const sent = await sendTestEvent(ctx, input);
      return { ...sent, attempt: sent.attempt && localizedAttempt(ctx.locale, sent.attempt) };
    }),
});
