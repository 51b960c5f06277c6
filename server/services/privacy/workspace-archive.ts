import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Db } from '../../../db/client';
import { chatbots, conversations, knowledgeSources, messages, visitors, workspaces } from '../../../db/schema';
import { readSettings } from '../chatbots/settings';
import { templateById } from '../chatbots/templates';
import { readWidgetStyle } from '../chatbots/widget-style';

/** The manifest's format tag; import refuses anything else. */
export const WORKSPACE_FORMAT = 'parley.workspace';

const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));

/** A name safe inside a ZIP path: no separators, no dot-dot, short. */
const safeName = (name: string) =>
  name
    .replace(/[^\w.-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120) || 'file';

/**
 * Everything a workspace holds, as the files of a ZIP: `workspace.json` (the
 * manifest import reads: chatbots with settings, widget style, websites and
 * sources with their text), `files/` (originals still stored), `faq.json`,
 * `conversations.json` and `.csv`, `messages.csv`, `visitors.json`,
 * `analytics.json`. Columns are picked one by one, so a secret (the webhook
 * secret, the public key's sibling columns, hashes of keys or passwords,
 * tokens) cannot slip in with a new column.
 */
export async function workspaceArchive(db: Db, workspaceId: string, onProgress: (p: number) => Promise<void>) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace) return null;
  const files: Zippable = {};
  const bots = await db
    .select()
    .from(chatbots)
    .where(eq(chatbots.workspaceId, workspaceId))
    .orderBy(asc(chatbots.createdAt), asc(chatbots.id));
  const sources = await db
    .select()
    .from(knowledgeSources)
    .where(eq(knowledgeSources.workspaceId, workspaceId))
    .orderBy(asc(knowledgeSources.createdAt), asc(knowledgeSources.id));
  const manifestBots = bots.map((bot) => ({
    id: bot.id,
    name: bot.name,
    status: bot.status,
    template: templateById(bot.template)?.id ?? 'blank',
    settings: readSettings(bot.settings),
    widget: readWidgetStyle(bot.widget),
    allowedOrigins: bot.allowedOrigins,
    sources: sources
      // A sitemap or crawl is a list of pages; its pages travel as sources of their own.
      .filter((s) => s.chatbotId === bot.id && s.kind !== 'sitemap' && s.kind !== 'crawl')
      .filter((s) => s.content || s.fileData)
      .map((s) => {
        const file = s.fileData ? `files/${s.id}/${safeName(s.fileName ?? s.title)}` : null;
        if (file && s.fileData) files[file] = s.fileData;
        return {
          id: s.id,
          kind: s.kind,
          title: s.title,
          ...(s.url && { url: s.url }),
          ...(s.content && { content: s.content }),
          ...(file && { file, fileName: s.fileName, mimeType: s.mimeType }),
        };
      }),
  }));
  await onProgress(30);
  const faq = sources
    .filter((s) => s.kind === 'faq')
    .map((s) => ({ chatbotId: s.chatbotId, question: s.title, answer: s.content }));

  const convs = await db
    .select({
      id: conversations.id,
      chatbotId: conversations.chatbotId,
      visitorId: conversations.visitorId,
      channel: conversations.channel,
      status: conversations.status,
      handler: conversations.handler,
      rating: conversations.rating,
      ratingComment: conversations.ratingComment,
      topic: conversations.topic,
      language: conversations.language,
      outcome: conversations.outcome,
      createdAt: conversations.createdAt,
    })
    .from(conversations)
    .where(eq(conversations.workspaceId, workspaceId))
    .orderBy(asc(conversations.createdAt), asc(conversations.id));
  const msgs = convs.length
    ? await db
        .select({
          id: messages.id,
          conversationId: messages.conversationId,
          role: messages.role,
          content: messages.content,
          feedback: messages.feedback,
          createdAt: messages.createdAt,
        })
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, workspaceId),
            inArray(
              messages.conversationId,
              convs.map((c) => c.id),
            ),
          ),
        )
        .orderBy(asc(messages.createdAt), asc(messages.id))
    : [];
  await onProgress(60);
  const byConversation = new Map<string, typeof msgs>();
  for (const m of msgs) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
  const people = await db
    .select({
      id: visitors.id,
      chatbotId: visitors.chatbotId,
      name: visitors.name,
      email: visitors.email,
      locale: visitors.locale,
      traits: visitors.traits,
      context: visitors.context,
      createdAt: visitors.createdAt,
    })
    .from(visitors)
    .where(eq(visitors.workspaceId, workspaceId));
  const [totals] = await db
    .select({
      conversations: sql<number>`count(*)::int`,
      rated: sql<number>`count(${conversations.rating})::int`,
      averageRating: sql<number | null>`round(avg(${conversations.rating}), 2)::float`,
      visitorMessages: sql<number>`coalesce(sum(${conversations.visitorMessages}), 0)::int`,
      botMessages: sql<number>`coalesce(sum(${conversations.botMessages}), 0)::int`,
      operatorMessages: sql<number>`coalesce(sum(${conversations.operatorMessages}), 0)::int`,
      thumbsUp: sql<number>`coalesce(sum(${conversations.thumbsUp}), 0)::int`,
      thumbsDown: sql<number>`coalesce(sum(${conversations.thumbsDown}), 0)::int`,
    })
    .from(conversations)
    .where(eq(conversations.workspaceId, workspaceId));

  const exportedAt = new Date().toISOString();
  files['workspace.json'] = json({
    format: WORKSPACE_FORMAT,
    version: 1,
    exportedAt,
    workspace: { name: workspace.name },
    chatbots: manifestBots,
  });
  files['faq.json'] = json(faq);
  files['conversations.json'] = json(convs.map((c) => ({ ...c, messages: byConversation.get(c.id) ?? [] })));
  files['conversations.csv'] = strToU8(
    stringify(
      convs.map((c) => ({ ...c, messages: byConversation.get(c.id)?.length ?? 0 })),
      { header: true, cast: { date: (d) => d.toISOString() } },
    ),
  );
  files['messages.csv'] = strToU8(
    stringify(msgs, {
      header: true,
      columns: ['id', 'conversationId', 'role', 'content', 'feedback', 'createdAt'],
      cast: { date: (d) => d.toISOString() },
    }),
  );
  files['visitors.json'] = json(people);
  files['analytics.json'] = json({
    exportedAt,
    chatbots: bots.length,
    sources: sources.length,
    visitors: people.length,
    ...totals,
  });
  await onProgress(90);
  return { name: workspace.name, zip: zipSync(files, { level: 6 }) };
}
