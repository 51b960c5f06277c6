import { z } from 'zod';
import { appUrl } from '../../env';
import {
  createChatbot,
  deleteChatbot,
  duplicateChatbot,
  getChatbot,
  listChatbots,
  listTemplates,
  getWebhookSecret,
  rotateChatbotKey,
  rotateWebhookSecret,
  setChatbotStatus,
  updateChatbot,
  updateChatbotWidget,
} from '../../services/chatbots/chatbots';
import { ZAllowedOrigins, ZChatbotSettingsPatch } from '../../services/chatbots/settings';
import { TEMPLATE_IDS } from '../../services/chatbots/templates';
import { exportChatbot, importChatbot, ZChatbotExport } from '../../services/chatbots/transfer';
import { ZWidgetStylePatch } from '../../services/chatbots/widget-style';
import { createPreviewToken } from '../../services/widget/preview';
import { protectedProcedure, router, workspaceProcedure } from '../procedures';

export const ZChatbotName = z
  .string({ error: 'chatbots:validation.nameRequired' })
  .trim()
  .min(1, 'chatbots:validation.nameRequired')
  .max(80, 'chatbots:validation.nameTooLong');

// Any string: the service answers NOT_FOUND for a malformed id like for one from another workspace.
const ZChatbotRef = z.object({ chatbotId: z.string({ error: 'chatbots:validation.chooseChatbot' }).max(100) });

export const chatbotRouter = router({
  /** The presets the setup wizard offers. */
  templates: protectedProcedure.query(({ ctx }) => listTemplates(ctx.locale)),

  /** The workspace's chatbots with their source counts by status. */
  list: workspaceProcedure('agent')
    .meta({
      apiScope: 'chatbots:read',
      openapi: { method: 'GET', path: '/workspaces/{workspaceId}/chatbots', summary: "List the workspace's chatbots" },
    })
    .query(({ ctx }) => listChatbots(ctx)),

  get: workspaceProcedure('agent')
    .meta({
      apiScope: 'chatbots:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}',
        summary: 'Get a chatbot with its settings',
      },
    })
    .input(ZChatbotRef)
    .query(async ({ ctx, input }) => ({
      ...(await getChatbot(ctx, input)),
      /**
       * Where the embed snippet loads the widget from: APP_URL when it is set;
       * otherwise null, and the page uses the address it was reached at.
       */
      appUrl: ctx.env.APP_URL ? appUrl(ctx.env) : null,
      /** What answers this chatbot when its own model is not set: the server's Gemini model, or the offline answerer. */
      defaultModel: ctx.env.GEMINI_API_KEY ? ctx.env.GEMINI_MODEL : null,
    })),

  create: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots',
        summary: 'Create a chatbot from a template',
      },
    })
    .input(
      z.object({
        name: ZChatbotName,
        template: z.enum(TEMPLATE_IDS, { error: 'chatbots:validation.chooseTemplate' }),
      }),
    )
    .mutation(({ ctx, input }) => createChatbot(ctx, input)),

  /** Settings are a partial change, merged into the stored ones and validated whole. */
  update: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'PATCH',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}',
        summary: "Change a chatbot's name, settings or allowed origins",
      },
    })
    .input(
      ZChatbotRef.extend({
        name: ZChatbotName.optional(),
        settings: ZChatbotSettingsPatch.optional(),
        allowedOrigins: ZAllowedOrigins.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateChatbot(ctx, input)),

  /** The widget's look: a partial change, merged into the stored style. */
  updateWidget: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'PATCH',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/widget',
        summary: "Change the widget's look",
      },
    })
    .input(ZChatbotRef.extend({ widget: ZWidgetStylePatch }))
    .mutation(({ ctx, input }) => updateChatbotWidget(ctx, input)),

  setStatus: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'PUT',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/status',
        summary: 'Set a chatbot to draft, live or paused',
      },
    })
    .input(
      ZChatbotRef.extend({
        status: z.enum(['draft', 'live', 'paused'], { error: 'chatbots:validation.chooseStatus' }),
      }),
    )
    .mutation(({ ctx, input }) => setChatbotStatus(ctx, input)),

  duplicate: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/duplicate',
        summary: 'Duplicate a chatbot',
      },
    })
    .input(ZChatbotRef)
    .mutation(({ ctx, input }) => duplicateChatbot(ctx, input)),

  delete: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'DELETE',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}',
        summary: 'Delete a chatbot (confirmName must be its name)',
      },
    })
    .input(ZChatbotRef.extend({ confirmName: z.string({ error: 'chatbots:validation.confirmNameText' }).max(200) }))
    .mutation(({ ctx, input }) => deleteChatbot(ctx, input)),

  rotateKey: workspaceProcedure('admin')
    .input(ZChatbotRef)
    .mutation(({ ctx, input }) => rotateChatbotKey(ctx, input)),

  /** The secret that signs webhook-mode requests (Standard Webhooks), for the receiving flow to verify. */
  webhookSecret: workspaceProcedure('admin')
    .input(ZChatbotRef)
    .query(({ ctx, input }) => getWebhookSecret(ctx, input)),

  rotateWebhookSecret: workspaceProcedure('admin')
    .input(ZChatbotRef)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx, input)),

  /** Lets the chatbot load on Parley's own pages (live preview, demo page) whatever its status, for two hours. */
  previewToken: workspaceProcedure('agent')
    .input(ZChatbotRef)
    .query(({ ctx, input }) => createPreviewToken(ctx, input)),

  export: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/export',
        summary: 'Export a chatbot as JSON',
      },
    })
    .input(ZChatbotRef)
    .query(({ ctx, input }) => exportChatbot(ctx, input)),

  import: workspaceProcedure('admin')
    .meta({
      apiScope: 'chatbots:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/import',
        summary: 'Import a chatbot from an export',
      },
    })
    .input(z.object({ data: ZChatbotExport }))
    .mutation(({ ctx, input }) => importChatbot(ctx, input)),
});
