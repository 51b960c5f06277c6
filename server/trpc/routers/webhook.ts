import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events';
import { getDelivery, listDeliveries, replayDeliveries, sendTestEvent } from '../../services/webhooks/deliveries';
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
const ZEndpointRef = z.object({ endpointId: z.string({ error: 'Choose a webhook endpoint.' }).max(100) });

const ZUrl = z
  .string({ error: 'Enter the address Parley should POST events to.' })
  .trim()
  .min(1, 'Enter the address Parley should POST events to.')
  .max(2000, 'Keep the address to 2,000 characters or fewer.');

const ZEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: 'Choose events from the list.' }), {
    error: 'Choose at least one event.',
  })
  .min(1, 'Choose at least one event.')
  .transform((events) => [...new Set(events)]);

const ZChatbotFilter = z.string().max(100).nullable();

const ZDescription = z.string().trim().max(200, 'Keep the description to 200 characters or fewer.');

const ZStatus = z.enum(['pending', 'delivered', 'retrying', 'failed'], { error: 'Choose a delivery status.' });

/**
 * Event webhooks (spec §10). Every procedure is for admins: endpoints carry secrets and receiver
 * addresses (often with tokens in them), and the delivery log copies conversation content to
 * wherever the endpoint points — configuration, like chatbots and keys, not inbox work.
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
    .query(({ ctx }) => listEndpoints(ctx)),

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
    .query(({ ctx, input }) => getEndpoint(ctx, input)),

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
        isEnabled: z.boolean({ error: 'Choose on or off.' }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateEndpoint(ctx, input)),

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
          .number({ error: 'Enter the overlap in hours.' })
          .int('Enter whole hours.')
          .min(0, 'The overlap cannot be negative.')
          .max(168, 'The old secret can keep signing for at most a week (168 hours).')
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
        before: z.coerce.date({ error: 'Give a date.' }).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) => listDeliveries(ctx, input)),

  delivery: workspaceProcedure('admin')
    .meta({
      apiScope: 'webhooks:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/webhook-deliveries/{messageId}',
        summary: 'Get one delivery with its attempts',
      },
    })
    .input(z.object({ messageId: z.string({ error: 'Choose a delivery.' }).max(100) }))
    .query(({ ctx, input }) => getDelivery(ctx, input)),

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
          .min(1, 'Choose at least one delivery.')
          .max(100, 'Replay at most 100 chosen deliveries at once; leave the choice empty to replay every failed one.')
          .optional(),
        failedSince: z.coerce.date({ error: 'Give a date.' }).optional(),
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
    .mutation(({ ctx, input }) => sendTestEvent(ctx, input)),
});
