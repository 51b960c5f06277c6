import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client';
import {
  chatbots,
  conversationReads,
  conversations,
  messages,
  users,
  visitors,
  type TConversation,
} from '../../../db/schema';
import { AppError } from '../../errors';

export const CONVERSATION_NOT_FOUND = 'inbox:errors.conversationNotFound';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The longest preview of a conversation's last message in the list. */
export const PREVIEW_CHARS = 200;

/** One row of the inbox list (docs/contracts/inbox.md). */
export type TInboxItem = {
  id: string;
  chatbotId: string;
  chatbotName: string;
  status: TConversation['status'];
  handler: TConversation['handler'];
  assignee: { id: string; name: string } | null;
  visitor: { id: string; name: string | null; email: string | null };
  lastMessage: { role: 'visitor' | 'bot' | 'operator' | 'system'; content: string; createdAt: Date } | null;
  lastMessageAt: Date;
  createdAt: Date;
  /** Visitor messages after the calling member's read mark. */
  unreadCount: number;
  /** With a search: the best-matching passage, matches wrapped in <mark>…</mark> (the only markup in it). */
  highlight: string | null;
  /** Insights, set when the conversation is decided (null until then). */
  labels: Pick<TConversation, 'topic' | 'sentiment' | 'language'>;
};

/**
 * A conversation of the workspace's inbox, or NOT_FOUND: another
 * workspace's id, a malformed one and a playground conversation (a team
 * member trying the bot) all answer alike.
 */
export async function loadInboxConversation(
  db: Db,
  input: { workspaceId: string; conversationId: string },
  options: { forUpdate?: boolean } = {},
) {
  if (!UUID.test(input.conversationId)) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  const query = db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.id, input.conversationId),
        eq(conversations.workspaceId, input.workspaceId),
        ne(conversations.channel, 'playground'),
      ),
    );
  const [conversation] = options.forUpdate ? await query.for('update') : await query;
  if (!conversation) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  return conversation;
}

const preview = (content: string) =>
  content.length > PREVIEW_CHARS ? `${content.slice(0, PREVIEW_CHARS - 1).trimEnd()}…` : content;

/**
 * The list rows of the given conversations, in the order given, as the
 * member `userId` sees them (their own unread counts). Three reads for a
 * whole page: the rows, the last messages, the unread counts.
 */
export async function loadInboxItems(
  db: Db,
  input: { workspaceId: string; userId: string; conversationIds: string[]; highlights?: Map<string, string> },
): Promise<TInboxItem[]> {
  const ids = input.conversationIds;
  if (!ids.length) return [];
  const assignee = alias(users, 'assignee');
  const rows = await db
    .select({
      conversation: conversations,
      chatbotName: chatbots.name,
      visitor: { id: visitors.id, name: visitors.name, email: visitors.email },
      assigneeName: assignee.name,
    })
    .from(conversations)
    .innerJoin(chatbots, eq(chatbots.id, conversations.chatbotId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .leftJoin(assignee, eq(assignee.id, conversations.assignedUserId))
    .where(and(inArray(conversations.id, ids), eq(conversations.workspaceId, input.workspaceId)));

  const lastMessages = await db
    .selectDistinctOn([messages.conversationId], {
      conversationId: messages.conversationId,
      role: messages.role,
      // A little more than the preview, so a cut can be told from a message of exactly that length.
      content: sql<string>`left(${messages.content}, ${PREVIEW_CHARS + 1})`,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(inArray(messages.conversationId, ids))
    .orderBy(messages.conversationId, desc(messages.seq));

  const unread = await db
    .select({ conversationId: messages.conversationId, count: sql<number>`count(*)::int` })
    .from(messages)
    .leftJoin(
      conversationReads,
      and(eq(conversationReads.conversationId, messages.conversationId), eq(conversationReads.userId, input.userId)),
    )
    .where(
      and(
        inArray(messages.conversationId, ids),
        eq(messages.role, 'visitor'),
        sql`${messages.seq} > coalesce(${conversationReads.lastReadSeq}, 0)`,
      ),
    )
    .groupBy(messages.conversationId);

  const byId = new Map(rows.map((row) => [row.conversation.id, row]));
  const lastById = new Map(lastMessages.map((m) => [m.conversationId, m]));
  const unreadById = new Map(unread.map((u) => [u.conversationId, u.count]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { conversation } = row;
    const last = lastById.get(id);
    return [
      {
        id,
        chatbotId: conversation.chatbotId,
        chatbotName: row.chatbotName,
        labels: { topic: conversation.topic, sentiment: conversation.sentiment, language: conversation.language },
        status: conversation.status,
        handler: conversation.handler,
        assignee:
          conversation.assignedUserId && row.assigneeName
            ? { id: conversation.assignedUserId, name: row.assigneeName }
            : null,
        visitor: row.visitor,
        lastMessage: last ? { role: last.role, content: preview(last.content), createdAt: last.createdAt } : null,
        lastMessageAt: conversation.lastMessageAt,
        createdAt: conversation.createdAt,
        unreadCount: unreadById.get(id) ?? 0,
        highlight: input.highlights?.get(id) ?? null,
      },
    ];
  });
}

/** One conversation's list row, for answers that return "the conversation". */
export async function loadInboxItem(db: Db, input: { workspaceId: string; userId: string; conversationId: string }) {
  const [item] = await loadInboxItems(db, { ...input, conversationIds: [input.conversationId] });
  if (!item) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  return item;
}
