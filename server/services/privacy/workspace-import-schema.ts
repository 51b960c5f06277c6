import { z } from 'zod';
import {
  conversationChannel,
  conversationHandler,
  conversationStatus,
  messageFeedback,
  messageRole,
} from '../../../db/schema';
import { EXPORT_LIMITS } from '../chatbots/transfer';
import { ZAllowedOrigins } from '../chatbots/settings';
import { TEMPLATE_IDS } from '../chatbots/templates';
import { readWidgetStyle } from '../chatbots/widget-style';
import { WORKSPACE_FORMAT } from './workspace-archive';

/** The limits of one import: what one transaction and the ingest queue handle comfortably. */
const LIMITS = { chatbots: 50, conversations: 20_000, messagesPerConversation: 2_000, visitors: 20_000 };

const ZId = z.string().uuid('settings:validation.archive.id');
/** Text of the archive: its messages (keys) say what it is, a source or a message. */
const ZText = (messages: { notText: string; tooLong: string }, max: number) =>
  z.string({ error: messages.notText }).max(max, messages.tooLong);
const ZJsonRecord = z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));

const ZSource = z.object({
  id: ZId,
  kind: z.enum(['text', 'file', 'url', 'faq', 'sitemap', 'crawl'], { error: 'settings:validation.archive.sourceKind' }),
  title: z
    .string({ error: 'settings:validation.archive.sourceTitle' })
    .trim()
    .min(1, 'settings:validation.archive.sourceTitle')
    .max(500),
  url: z.string().max(2000).nullish(),
  content: ZText(
    { notText: 'settings:validation.archive.sourceNotText', tooLong: 'settings:validation.archive.sourceTooLong' },
    EXPORT_LIMITS.contentChars,
  )
    .min(1)
    .optional(),
  file: z.string().max(200).optional(),
  fileName: z.string().max(255).nullish(),
  mimeType: z.string().max(200).nullish(),
});

/** `workspace.json`: what import creates. Settings are read loosely here and whole by the settings schema. */
export const ZWorkspaceManifest = z
  .object(
    {
      format: z.literal(WORKSPACE_FORMAT, { error: 'settings:validation.archive.format' }),
      version: z.literal(1, { error: 'settings:validation.archive.version' }),
      chatbots: z
        .array(
          z.object({
            id: ZId,
            name: z
              .string({ error: 'settings:validation.archive.chatbotName' })
              .trim()
              .min(1, 'settings:validation.archive.chatbotName')
              .max(80),
            template: z.enum(TEMPLATE_IDS).catch('blank'),
            settings: z.record(z.string(), z.unknown(), { error: 'settings:validation.archive.chatbotSettings' }),
            widget: z.unknown().optional().transform(readWidgetStyle),
            allowedOrigins: ZAllowedOrigins.default([]),
            sources: z.array(ZSource).max(EXPORT_LIMITS.sources, 'settings:validation.archive.tooManySources'),
          }),
        )
        .max(LIMITS.chatbots, 'settings:validation.archive.tooManyChatbots'),
    },
    { error: 'settings:validation.archive.manifest' },
  )
  .superRefine((data, ctx) => {
    const total = data.chatbots.flatMap((b) => b.sources).reduce((sum, s) => sum + (s.content?.length ?? 0), 0);
    if (total > EXPORT_LIMITS.totalChars * 4) {
      ctx.addIssue({ code: 'custom', path: ['chatbots'], message: 'settings:validation.archive.tooMuchText' });
    }
  });

const ZDate = z.coerce.date({ error: 'settings:validation.archive.date' });

/** `visitors.json` and `conversations.json`, read only when conversations are imported. */
export const ZImportConversations = z.object({
  visitors: z
    .array(
      z.object({
        id: ZId,
        chatbotId: ZId,
        name: z.string().max(200).nullable(),
        email: z.string().max(320).nullable(),
        locale: z.string().max(50).nullable(),
        traits: ZJsonRecord,
        context: ZJsonRecord,
        createdAt: ZDate,
      }),
    )
    .max(LIMITS.visitors),
  conversations: z
    .array(
      z.object({
        id: ZId,
        chatbotId: ZId,
        visitorId: ZId,
        channel: z.enum(conversationChannel.enumValues),
        status: z.enum(conversationStatus.enumValues),
        handler: z.enum(conversationHandler.enumValues),
        rating: z.number().int().min(1).max(5).nullable(),
        ratingComment: z.string().max(5000).nullable(),
        topic: z.string().max(200).nullable(),
        language: z.string().max(50).nullable(),
        createdAt: ZDate,
        messages: z
          .array(
            z.object({
              role: z.enum(messageRole.enumValues),
              content: ZText(
                {
                  notText: 'settings:validation.archive.messageNotText',
                  tooLong: 'settings:validation.archive.messageTooLong',
                },
                50_000,
              ),
              feedback: z.enum(messageFeedback.enumValues).nullable(),
              createdAt: ZDate,
            }),
          )
          .max(LIMITS.messagesPerConversation),
      }),
    )
    .max(LIMITS.conversations),
});

export type TImportConversations = z.output<typeof ZImportConversations>;
