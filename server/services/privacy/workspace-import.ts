import { strFromU8, unzipSync, type Unzipped } from 'fflate';
import { type z } from 'zod';
import type { TMessage } from '../../../shared/i18n/server';
import {
  chatbots,
  conversations,
  knowledgeSources,
  memberships,
  messages,
  users,
  visitors,
  workspaces,
} from '../../../db/schema';
import { eq } from 'drizzle-orm';
import { AppError } from '../../errors';
import { recordMemberAudit } from '../audit';
import { newPublicKey, queueIngestion, validateSettings, type TChatbotCtx } from '../chatbots/chatbots';
import { DEFAULT_SETTINGS } from '../chatbots/settings';
import { MAX_FILE_BYTES } from '../knowledge/extract';
import { checkedSourceUrl, type TFetchEnv } from '../knowledge/sources';
import { newWorkspaceLimits } from '../usage/limits';
import type { TUserCtx } from '../workspaces/workspaces';
import { ZImportConversations, ZWorkspaceManifest, type TImportConversations } from './workspace-import-schema';

/** An archive larger than this (as uploaded, and once unpacked) is refused before anything is read; uploads share the file limit. */
export const IMPORT_LIMITS = { zipBytes: MAX_FILE_BYTES, unpackedBytes: 100 * 1024 * 1024, entries: 5000 };

const refuse = (message: TMessage, details: TMessage[] = []): never => {
  throw new AppError('BAD_REQUEST', message, { archive: [message, ...details] });
};

/** Unpacks the ZIP, refusing what could exhaust memory (its claimed and its real sizes) or is not a ZIP. */
function unpack(bytes: Uint8Array): Unzipped {
  if (bytes.byteLength > IMPORT_LIMITS.zipBytes) refuse('settings:errors.archiveTooLarge');
  let claimed = 0;
  let entries = 0;
  let files: Unzipped;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        claimed += file.originalSize;
        if (entries > IMPORT_LIMITS.entries || claimed > IMPORT_LIMITS.unpackedBytes) throw new RangeError('too big');
        return file.name === 'workspace.json' || file.name === 'conversations.json' || file.name === 'visitors.json'
          ? true
          : /^files\/[0-9a-f-]{36}\/[\w.-]{1,120}$/i.test(file.name);
      },
    });
  } catch (error) {
    if (error instanceof RangeError) return refuse('settings:errors.archiveUnpacksTooLarge');
    return refuse('settings:errors.notAZip');
  }
  const real = Object.values(files).reduce((sum, data) => sum + data.byteLength, 0);
  if (real > IMPORT_LIMITS.unpackedBytes) refuse('settings:errors.archiveUnpacksTooLarge');
  return files;
}

/**
 * Reads one JSON member of the archive against its schema, with the first
 * problem as the message (in the reader's language) and where it is beside it.
 */
function readMember<T extends z.ZodType>(files: Unzipped, name: string, schema: T): z.output<T> {
  const data = files[name];
  if (!data) return refuse({ key: 'settings:errors.archiveMissing', values: { name } });
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(data));
  } catch {
    return refuse({ key: 'settings:errors.archiveBadJson', values: { name } });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where: TMessage = issue.path.length
      ? { key: 'settings:errors.archiveProblemAt', values: { name, path: issue.path.join('.') } }
      : { key: 'settings:errors.archiveProblemIn', values: { name } };
    return refuse({ issue }, [where]);
  }
  return parsed.data;
}

export type TImportCtx = TUserCtx & { env: TChatbotCtx['env'] & TFetchEnv; jobs: TChatbotCtx['jobs'] };

/**
 * Creates a new workspace from a workspace export: its chatbots (as drafts,
 * with settings, widget style and websites), their knowledge (re-ingested
 * through the normal path after commit) and, when asked, the conversations
 * with their visitors. Everything is checked before the one transaction that
 * writes it, so a refused archive leaves nothing behind.
 */
export async function importWorkspace(
  ctx: TImportCtx,
  input: { name: string; archive: string; includeConversations: boolean },
) {
  const files = unpack(Buffer.from(input.archive, 'base64'));
  const manifest = readMember(files, 'workspace.json', ZWorkspaceManifest);
  const history: TImportConversations | null = input.includeConversations
    ? {
        visitors: readMember(files, 'visitors.json', ZImportConversations.shape.visitors),
        conversations: readMember(files, 'conversations.json', ZImportConversations.shape.conversations),
      }
    : null;
  const bots = manifest.chatbots.map((bot, b) => ({
    ...bot,
    settings: validateSettings(ctx.env, {
      settings: { ...DEFAULT_SETTINGS, ...bot.settings },
      field: `chatbots.${b}.settings`,
    }),
    sources: bot.sources.map((source, s) => {
      const url = source.url
        ? checkedSourceUrl(ctx.env, { raw: source.url, field: `chatbots.${b}.sources.${s}.url` })
        : null;
      const file = source.file ? files[source.file] : undefined;
      if (!source.content && !file) {
        refuse({ key: 'settings:errors.sourceWithoutContent', values: { title: source.title } });
      }
      // Text already extracted travels as text (a page is not fetched again); a file without text is ingested anew.
      return source.content
        ? {
            kind: source.kind === 'faq' ? ('faq' as const) : ('text' as const),
            title: source.title,
            url,
            content: source.content,
          }
        : {
            kind: 'file' as const,
            title: source.title,
            url,
            fileData: file!,
            fileName: source.fileName ?? source.title,
            mimeType: source.mimeType ?? null,
            sizeBytes: file!.byteLength,
          };
    }),
  }));

  const { workspace, sourceIds } = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(workspaces)
      .values({ name: input.name, ...newWorkspaceLimits() })
      .returning();
    await tx.insert(memberships).values({ workspaceId: created!.id, userId: ctx.user.id, role: 'owner' });
    await tx
      .update(users)
      .set({ lastWorkspaceId: created!.id, updatedAt: new Date() })
      .where(eq(users.id, ctx.user.id));
    const botIds = new Map<string, string>();
    const ids: string[] = [];
    for (const bot of bots) {
      const [row] = await tx
        .insert(chatbots)
        .values({
          workspaceId: created!.id,
          name: bot.name,
          template: bot.template,
          settings: bot.settings,
          widget: bot.widget,
          allowedOrigins: bot.allowedOrigins,
          publicKey: newPublicKey(),
        })
        .returning({ id: chatbots.id });
      botIds.set(bot.id, row!.id);
      if (bot.sources.length === 0) continue;
      const rows = await tx
        .insert(knowledgeSources)
        .values(bot.sources.map((source) => ({ ...source, workspaceId: created!.id, chatbotId: row!.id })))
        .returning({ id: knowledgeSources.id });
      ids.push(...rows.map((r) => r.id));
    }
    if (history) await copyHistory(tx, { workspaceId: created!.id, botIds, history });
    await recordMemberAudit(
      tx,
      { ...ctx, workspace: { id: created!.id } },
      {
        action: 'workspace.imported',
        target: { type: 'workspace', id: created!.id, label: created!.name },
        details: { chatbots: bots.length, sources: ids.length, conversations: history?.conversations.length ?? 0 },
      },
    );
    return { workspace: created!, sourceIds: ids };
  });
  await queueIngestion(ctx, sourceIds);
  return { id: workspace.id, name: workspace.name, chatbots: bots.length, sources: sourceIds.length };
}

type TTx = Parameters<Parameters<TImportCtx['db']['transaction']>[0]>[0];

/** Visitors, conversations and messages under new ids, tied to the new chatbots; rows of unknown chatbots are skipped. */
async function copyHistory(
  tx: TTx,
  input: { workspaceId: string; botIds: Map<string, string>; history: TImportConversations },
) {
  const visitorIds = new Map<string, string>();
  for (const person of input.history.visitors) {
    const chatbotId = input.botIds.get(person.chatbotId);
    if (!chatbotId) continue;
    const [row] = await tx
      .insert(visitors)
      .values({ ...person, id: undefined, workspaceId: input.workspaceId, chatbotId })
      .returning({ id: visitors.id });
    visitorIds.set(person.id, row!.id);
  }
  for (const conversation of input.history.conversations) {
    const chatbotId = input.botIds.get(conversation.chatbotId);
    const visitorId = visitorIds.get(conversation.visitorId);
    if (!chatbotId || !visitorId) continue;
    const count = (role: string) => conversation.messages.filter((m) => m.role === role).length;
    const { messages: list, id: _old, ...fields } = conversation;
    const [row] = await tx
      .insert(conversations)
      .values({
        ...fields,
        workspaceId: input.workspaceId,
        chatbotId,
        visitorId,
        visitorMessages: count('visitor'),
        botMessages: count('bot'),
        operatorMessages: count('operator'),
      })
      .returning({ id: conversations.id });
    if (list.length === 0) continue;
    await tx.insert(messages).values(
      list.map((m) => ({
        workspaceId: input.workspaceId,
        conversationId: row!.id,
        role: m.role,
        content: m.content,
        feedback: m.feedback,
        createdAt: m.createdAt,
      })),
    );
  }
}
