import { and, asc, eq, isNotNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { chatbots, knowledgeSources } from '../../../db/schema';
import { recordMemberAudit } from '../audit';
import { checkedSourceUrl, ZSourceUrl, type TFetchEnv } from '../knowledge/sources';
import type { TMemberCtx } from '../workspaces/workspaces';
import { loadChatbot, newPublicKey, present, queueIngestion, validateSettings, type TChatbotCtx } from './chatbots';
import { DEFAULT_SETTINGS, readSettings, ZAllowedOrigins } from './settings';
import { TEMPLATE_IDS, templateById } from './templates';
import { readWidgetStyle } from './widget-style';

/** Limits that keep one import to a size a single transaction and the ingest queue handle comfortably. */
export const EXPORT_LIMITS = { sources: 500, contentChars: 200_000, totalChars: 5_000_000 } as const;

const ZExportedSource = z.object({
  // Files and pages travel as their extracted text: the originals are not kept.
  kind: z.enum(['text', 'faq'], { error: 'chatbots:validation.sourceKind' }),
  title: z
    .string({ error: 'chatbots:validation.sourceTitle' })
    .trim()
    .min(1, 'chatbots:validation.sourceTitle')
    .max(500, 'chatbots:validation.sourceTitleTooLong'),
  // Shown as a link wherever the source is cited, so held to the rules of a new URL source (see importChatbot).
  url: ZSourceUrl.nullish(),
  content: z
    .string({ error: 'chatbots:validation.sourceContent' })
    .min(1, 'chatbots:validation.sourceContent')
    .max(EXPORT_LIMITS.contentChars, 'chatbots:validation.sourceTooLong'),
});

/**
 * The portable form of a chatbot. Settings are checked loosely here and
 * whole by the settings schema on import, so a file made by a newer Parley
 * with extra settings still imports.
 */
export const ZChatbotExport = z
  .object(
    {
      format: z.literal('parley.chatbot', { error: 'chatbots:validation.exportFormat' }),
      version: z.literal(1, { error: 'chatbots:validation.exportVersion' }),
      name: z
        .string({ error: 'chatbots:validation.exportName' })
        .trim()
        .min(1, 'chatbots:validation.exportName')
        .max(80, 'chatbots:validation.nameTooLong'),
      template: z.enum(TEMPLATE_IDS).catch('blank'),
      settings: z.record(z.string(), z.unknown(), { error: 'chatbots:validation.exportSettings' }),
      // Read leniently (each bad or missing key takes its default): the look is never worth refusing a file over.
      widget: z.unknown().optional().transform(readWidgetStyle),
      allowedOrigins: ZAllowedOrigins.default([]),
      sources: z
        .array(ZExportedSource, { error: 'chatbots:validation.exportSources' })
        .max(EXPORT_LIMITS.sources, 'chatbots:validation.tooManySources')
        .default([]),
    },
    { error: 'chatbots:validation.notAnExport' },
  )
  .superRefine((data, ctx) => {
    const total = data.sources.reduce((sum, source) => sum + source.content.length, 0);
    if (total > EXPORT_LIMITS.totalChars) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: 'chatbots:validation.sourcesTooLarge',
        // Quoted by the message when it is translated.
        maximum: EXPORT_LIMITS.totalChars,
      });
    }
  });

export type TChatbotExport = z.output<typeof ZChatbotExport>;

/**
 * Everything needed to recreate the chatbot elsewhere: settings, websites,
 * FAQ pairs and the text of every source that has any (ready documents,
 * pasted text). Sitemap entries are left out; their pages are exported.
 */
export async function exportChatbot(ctx: TMemberCtx, input: { chatbotId: string }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  const sources = await ctx.db
    .select()
    .from(knowledgeSources)
    .where(
      and(
        eq(knowledgeSources.chatbotId, chatbot.id),
        eq(knowledgeSources.workspaceId, ctx.workspace.id),
        isNotNull(knowledgeSources.content),
        or(eq(knowledgeSources.kind, 'faq'), eq(knowledgeSources.kind, 'text'), eq(knowledgeSources.status, 'ready')),
      ),
    )
    .orderBy(asc(knowledgeSources.createdAt), asc(knowledgeSources.id));
  // A copy of a chatbot's knowledge leaving the installation is worth a line in the trail.
  await recordMemberAudit(ctx.db, ctx, {
    action: 'chatbot.exported',
    target: { type: 'chatbot', id: chatbot.id, label: chatbot.name },
    details: { sources: sources.length },
  });
  return {
    format: 'parley.chatbot' as const,
    version: 1 as const,
    name: chatbot.name,
    // A template id this version no longer knows travels as blank, which import accepts.
    template: templateById(chatbot.template)?.id ?? 'blank',
    settings: readSettings(chatbot.settings),
    widget: readWidgetStyle(chatbot.widget),
    allowedOrigins: chatbot.allowedOrigins,
    sources: sources
      // A sitemap or crawl is a parent whose content is its note line; its pages travel on their own.
      .filter((source) => source.kind !== 'sitemap' && source.kind !== 'crawl' && source.content)
      .map((source) => ({
        kind: source.kind === 'faq' ? ('faq' as const) : ('text' as const),
        title: source.title,
        ...(source.url && { url: source.url }),
        content: source.content!,
      })),
  };
}

/** A draft chatbot and its sources, pending, in one transaction; ingestion is queued after it commits. */
export async function importChatbot(ctx: TChatbotCtx & { env: TFetchEnv }, input: { data: TChatbotExport }) {
  const { data } = input;
  // Checked before anything is written, like the address of a new URL source.
  const urls = data.sources.map((source, index) =>
    source.url ? checkedSourceUrl(ctx.env, { raw: source.url, field: `data.sources.${index}.url` }) : null,
  );
  // Settings missing from an older export take today's defaults.
  const settings = validateSettings(ctx.env, {
    settings: { ...DEFAULT_SETTINGS, ...data.settings },
    field: 'data.settings',
  });
  const { chatbot, sourceIds } = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(chatbots)
      .values({
        workspaceId: ctx.workspace.id,
        name: data.name,
        template: data.template,
        settings,
        widget: data.widget,
        allowedOrigins: data.allowedOrigins,
        publicKey: newPublicKey(),
      })
      .returning();
    const rows = data.sources.length
      ? await tx
          .insert(knowledgeSources)
          .values(
            data.sources.map((source, index) => ({
              workspaceId: ctx.workspace.id,
              chatbotId: created!.id,
              kind: source.kind,
              title: source.title,
              url: urls[index],
              content: source.content,
            })),
          )
          .returning({ id: knowledgeSources.id })
      : [];
    return { chatbot: created!, sourceIds: rows.map((row) => row.id) };
  });
  await queueIngestion(ctx, sourceIds);
  return present(chatbot);
}
