import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import { chatbots, knowledgeSources, type TChatbot } from '../../../db/schema';
import type { TEnv } from '../../env';
import { AppError } from '../../errors';
import { translatorFor, type TMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';
import { recordMemberAudit } from '../audit';
import type { JobQueue } from '../../jobs/queue';
import type { TMemberCtx } from '../workspaces/workspaces';
import {
  isLocalHttpUrl,
  readSettings,
  ZChatbotSettings,
  type TChatbotSettings,
  type TChatbotSettingsPatch,
} from './settings';
import { templateById, TEMPLATES, type TTemplateId } from './templates';
import { readWidgetStyle, ZWidgetStyle, type TWidgetStylePatch } from './widget-style';

/** What chatbot services need beyond membership: the env (webhook rules) and the queue (ingestion). */
export type TChatbotCtx = TMemberCtx & { env: Pick<TEnv, 'NODE_ENV'>; jobs: Pick<JobQueue, 'send'> };

export const CHATBOT_NOT_FOUND = 'chatbots:errors.notFound';

type TStatus = TChatbot['status'];

/** `cb_` and 24 base32 characters (120 random bits): unguessable, and short enough for a snippet. */
export const newPublicKey = () => {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return `cb_${encodeBase32LowerCaseNoPadding(bytes)}`;
};

export const present = (chatbot: TChatbot) => ({
  id: chatbot.id,
  name: chatbot.name,
  status: chatbot.status,
  template: chatbot.template,
  settings: readSettings(chatbot.settings),
  widget: readWidgetStyle(chatbot.widget),
  allowedOrigins: chatbot.allowedOrigins,
  publicKey: chatbot.publicKey,
  createdAt: chatbot.createdAt,
  updatedAt: chatbot.updatedAt,
});

export type TChatbotView = ReturnType<typeof present>;

const fieldError = (field: string, message: TMessage) => new AppError('BAD_REQUEST', message, { [field]: [message] });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every lookup filters by the caller's workspace: an id from elsewhere is simply not found. */
export const loadChatbot = async (
  db: TMemberCtx['db'],
  { workspaceId, chatbotId, forUpdate = false }: { workspaceId: string; chatbotId: string; forUpdate?: boolean },
) => {
  // Checked by hand so a malformed id answers like one from another workspace (and never reaches Postgres).
  if (!UUID.test(chatbotId)) throw new AppError('NOT_FOUND', CHATBOT_NOT_FOUND);
  const query = db
    .select()
    .from(chatbots)
    .where(and(eq(chatbots.id, chatbotId), eq(chatbots.workspaceId, workspaceId)));
  const [chatbot] = forUpdate ? await query.for('update') : await query;
  if (!chatbot) throw new AppError('NOT_FOUND', CHATBOT_NOT_FOUND);
  return chatbot;
};

/**
 * Validates settings as a whole and applies the rules the schema cannot
 * know: http:// webhooks on localhost only outside production. Field errors
 * are keyed `<field>.<setting>` like the input that carried them.
 */
export const validateSettings = (
  env: Pick<TEnv, 'NODE_ENV'>,
  { settings: candidate, field = 'settings' }: { settings: unknown; field?: string },
): TChatbotSettings => {
  const result = ZChatbotSettings.safeParse(candidate);
  if (!result.success) {
    // The issues travel whole, so each is translated into the reader's language with the values it quotes.
    const fieldErrors: Record<string, TMessage[]> = {};
    for (const issue of result.error.issues) {
      const key = [field, ...issue.path.map(String)].join('.');
      (fieldErrors[key] ??= []).push({ issue });
    }
    const first = result.error.issues[0];
    throw new AppError('BAD_REQUEST', first ? { issue: first } : 'chatbots:errors.checkSettings', fieldErrors);
  }
  const settings = result.data;
  if (env.NODE_ENV === 'production' && settings.webhookUrl && isLocalHttpUrl(settings.webhookUrl)) {
    throw fieldError('settings.webhookUrl', 'chatbots:errors.webhookNotLocal');
  }
  return settings;
};

/** The templates with their names and descriptions in the reader's language. */
export const listTemplates = (locale: TAppLanguage) => {
  const t = translatorFor(locale);
  return TEMPLATES.map((template) => ({
    id: template.id,
    name: t(template.name),
    description: t(template.description),
    settings: template.settings,
  }));
};

export async function listChatbots(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select()
    .from(chatbots)
    .where(eq(chatbots.workspaceId, ctx.workspace.id))
    .orderBy(asc(chatbots.name), asc(chatbots.id));
  if (rows.length === 0) return [];
  const counts = await ctx.db
    .select({ chatbotId: knowledgeSources.chatbotId, status: knowledgeSources.status, n: count() })
    .from(knowledgeSources)
    .where(
      and(
        eq(knowledgeSources.workspaceId, ctx.workspace.id),
        inArray(
          knowledgeSources.chatbotId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .groupBy(knowledgeSources.chatbotId, knowledgeSources.status);
  return rows.map((row) => {
    const sources = { total: 0, pending: 0, processing: 0, retrying: 0, ready: 0, failed: 0 };
    for (const c of counts) {
      if (c.chatbotId !== row.id) continue;
      sources[c.status] += c.n;
      sources.total += c.n;
    }
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      template: row.template,
      publicKey: row.publicKey,
      allowedOrigins: row.allowedOrigins,
      sources,
      updatedAt: row.updatedAt,
    };
  });
}

export async function getChatbot(ctx: TMemberCtx, input: { chatbotId: string }) {
  return present(await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId }));
}

export async function createChatbot(ctx: TChatbotCtx, input: { name: string; template: TTemplateId }) {
  const template = templateById(input.template);
  if (!template) throw fieldError('template', 'chatbots:validation.chooseTemplate');
  const [chatbot] = await ctx.db
    .insert(chatbots)
    .values({
      workspaceId: ctx.workspace.id,
      name: input.name,
      template: template.id,
      settings: validateSettings(ctx.env, { settings: template.settings }),
      publicKey: newPublicKey(),
    })
    .returning();
  return present(chatbot!);
}

export async function updateChatbot(
  ctx: TChatbotCtx,
  input: { chatbotId: string; name?: string; settings?: TChatbotSettingsPatch; allowedOrigins?: string[] },
) {
  return ctx.db.transaction(async (tx) => {
    const current = await loadChatbot(tx, {
      workspaceId: ctx.workspace.id,
      chatbotId: input.chatbotId,
      forUpdate: true,
    });
    const settings = input.settings
      ? validateSettings(ctx.env, { settings: { ...readSettings(current.settings), ...input.settings } })
      : undefined;
    // A live bot must stay embeddable somewhere, or it would silently stop answering.
    if (input.allowedOrigins && input.allowedOrigins.length === 0 && current.status === 'live') {
      throw fieldError('allowedOrigins', 'chatbots:errors.liveNeedsWebsite');
    }
    const [chatbot] = await tx
      .update(chatbots)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(settings && { settings }),
        ...(input.allowedOrigins && { allowedOrigins: input.allowedOrigins }),
        updatedAt: new Date(),
      })
      .where(eq(chatbots.id, current.id))
      .returning();
    return present(chatbot!);
  });
}

export async function setChatbotStatus(ctx: TMemberCtx, input: { chatbotId: string; status: TStatus }) {
  return ctx.db.transaction(async (tx) => {
    const current = await loadChatbot(tx, {
      workspaceId: ctx.workspace.id,
      chatbotId: input.chatbotId,
      forUpdate: true,
    });
    if (input.status === 'live' && current.allowedOrigins.length === 0) {
      throw new AppError('PRECONDITION_FAILED', 'chatbots:errors.goLiveNeedsWebsite');
    }
    const [chatbot] = await tx
      .update(chatbots)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(chatbots.id, current.id))
      .returning();
    return present(chatbot!);
  });
}

/** Queues ingestion after commit: a job for a row that was rolled back would only fail. */
export const queueIngestion = async (ctx: Pick<TChatbotCtx, 'jobs'>, sourceIds: string[]) => {
  for (const sourceId of sourceIds) await ctx.jobs.send('source.ingest', { sourceId });
};

/**
 * A draft copy with the same settings, widget and websites, and copies of its
 * pasted text and FAQ sources (pending, re-ingested). Files and web pages are
 * not copied: their originals are not kept, so a copy could not be retried.
 */
export async function duplicateChatbot(ctx: TChatbotCtx & { locale?: TAppLanguage }, input: { chatbotId: string }) {
  const t = translatorFor(ctx.locale ?? 'en');
  // Names are at most 80 characters; shorten the original, never the "(copy)" the reader's language adds.
  const copyName = (name: string) =>
    t('chatbots:duplicate.name', { name: name.slice(0, 80 - t('chatbots:duplicate.name', { name: '' }).length) });
  const { chatbot, sourceIds } = await ctx.db.transaction(async (tx) => {
    const original = await loadChatbot(tx, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
    const [copy] = await tx
      .insert(chatbots)
      .values({
        workspaceId: ctx.workspace.id,
        name: copyName(original.name),
        template: original.template,
        settings: readSettings(original.settings),
        widget: readWidgetStyle(original.widget),
        allowedOrigins: original.allowedOrigins,
        publicKey: newPublicKey(),
      })
      .returning();
    const sources = await tx
      .select()
      .from(knowledgeSources)
      .where(
        and(
          eq(knowledgeSources.chatbotId, original.id),
          eq(knowledgeSources.workspaceId, ctx.workspace.id),
          inArray(knowledgeSources.kind, ['text', 'faq']),
          isNull(knowledgeSources.parentId),
        ),
      )
      .orderBy(asc(knowledgeSources.createdAt), asc(knowledgeSources.id));
    const copies = sources.length
      ? await tx
          .insert(knowledgeSources)
          .values(
            sources.map((source) => ({
              workspaceId: ctx.workspace.id,
              chatbotId: copy!.id,
              kind: source.kind,
              title: source.title,
              url: source.url,
              content: source.content,
            })),
          )
          .returning({ id: knowledgeSources.id })
      : [];
    return { chatbot: copy!, sourceIds: copies.map((row) => row.id) };
  });
  await queueIngestion(ctx, sourceIds);
  return present(chatbot);
}

/** The typed name guards against deleting the wrong one of several similar bots. */
export async function deleteChatbot(ctx: TMemberCtx, input: { chatbotId: string; confirmName: string }) {
  return ctx.db.transaction(async (tx) => {
    const chatbot = await loadChatbot(tx, {
      workspaceId: ctx.workspace.id,
      chatbotId: input.chatbotId,
      forUpdate: true,
    });
    if (input.confirmName.trim() !== chatbot.name) {
      throw fieldError('confirmName', { key: 'chatbots:errors.confirmName', values: { name: chatbot.name } });
    }
    await tx.delete(chatbots).where(eq(chatbots.id, chatbot.id));
    await recordMemberAudit(tx, ctx, {
      action: 'chatbot.deleted',
      target: { type: 'chatbot', id: chatbot.id, label: chatbot.name },
    });
    return { id: chatbot.id };
  });
}

/**
 * A partial change to the widget's look, merged into the stored style and
 * validated whole (the input schema already checked each field; this catches
 * a stored value that no longer fits).
 */
export async function updateChatbotWidget(ctx: TMemberCtx, input: { chatbotId: string; widget: TWidgetStylePatch }) {
  return ctx.db.transaction(async (tx) => {
    const current = await loadChatbot(tx, {
      workspaceId: ctx.workspace.id,
      chatbotId: input.chatbotId,
      forUpdate: true,
    });
    const widget = ZWidgetStyle.parse({ ...readWidgetStyle(current.widget), ...input.widget });
    const [chatbot] = await tx
      .update(chatbots)
      .set({ widget, updatedAt: new Date() })
      .where(eq(chatbots.id, current.id))
      .returning();
    return present(chatbot!);
  });
}

/** A new embed key; the old one stops working at once (pages still using it must get the new snippet). */
/** The secret that signs webhook requests: admins only, never part of `get` (agents read that too). */
export async function getWebhookSecret(ctx: TMemberCtx, input: { chatbotId: string }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  return { secret: chatbot.webhookSecret };
}

/** A new signing secret (Standard Webhooks' `whsec_` + base64 of 32 random bytes); the old one stops verifying. */
export async function rotateWebhookSecret(ctx: TMemberCtx, input: { chatbotId: string }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await ctx.db
    .update(chatbots)
    .set({ webhookSecret: secret, updatedAt: new Date() })
    .where(eq(chatbots.id, chatbot.id));
  return { secret };
}

export async function rotateChatbotKey(ctx: TMemberCtx, input: { chatbotId: string }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  const [updated] = await ctx.db
    .update(chatbots)
    .set({ publicKey: newPublicKey(), updatedAt: new Date() })
    .where(eq(chatbots.id, chatbot.id))
    .returning({ id: chatbots.id, publicKey: chatbots.publicKey });
  return updated!;
}
