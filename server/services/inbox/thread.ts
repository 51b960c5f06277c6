import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  chatbots,
  conversationNotes,
  conversationReads,
  conversations,
  messages,
  users,
  visitors,
  type TContextValue,
  type TConversation,
} from '../../../db/schema';
import type { EventBus } from '../../events/bus';
import { publishConversation } from '../conversations/events';
import { presentMessageWithAuthor } from '../conversations/message-view';
import type { TMemberCtx } from '../workspaces/workspaces';
import { loadInboxConversation, loadInboxItem, type TInboxItem } from './items';
import { toInboxMessage } from './present';

export type TNote = { id: string; author: { id: string; name: string } | null; content: string; createdAt: Date };

/** The most messages one conversation view loads (a longer one shows its latest). */
const MAX_THREAD = 1000;
const MAX_PAST_CONVERSATIONS = 20;

export type TInboxCtx = TMemberCtx & { user: { name: string }; bus: Pick<EventBus, 'publish'> };

/**
 * One conversation for the conversation view: its list row with what the
 * visitor rated and said about the page, the whole history (oldest first,
 * the latest MAX_THREAD of a very long one), the team's notes, and the
 * visitor with their other conversations.
 */
export async function getInboxThread(ctx: TMemberCtx, input: { conversationId: string }) {
  const conversation = await loadInboxConversation(ctx.db, { workspaceId: ctx.workspace.id, ...input });
  const item = await loadInboxItem(ctx.db, {
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
    conversationId: conversation.id,
  });
  const [chatbot] = await ctx.db
    .select({ name: chatbots.name })
    .from(chatbots)
    .where(eq(chatbots.id, conversation.chatbotId));
  const rows = await ctx.db
    .select({ message: messages, authorName: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(eq(messages.conversationId, conversation.id))
    .orderBy(desc(messages.seq))
    .limit(MAX_THREAD);
  const thread = rows
    .reverse()
    .map(({ message, authorName }) =>
      toInboxMessage(
        presentMessageWithAuthor(message, { chatbotName: chatbot?.name ?? null, operatorName: authorName }),
      ),
    );
  const [visitor] = await ctx.db.select().from(visitors).where(eq(visitors.id, conversation.visitorId));
  const past = await ctx.db
    .select({
      id: conversations.id,
      status: conversations.status,
      createdAt: conversations.createdAt,
      lastMessageAt: conversations.lastMessageAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.visitorId, conversation.visitorId),
        eq(conversations.workspaceId, ctx.workspace.id),
        ne(conversations.id, conversation.id),
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(MAX_PAST_CONVERSATIONS);
  return {
    conversation: {
      ...item,
      context: conversation.context,
      rating: conversation.rating,
      ratingComment: conversation.ratingComment,
      handoffRequestedAt: conversation.handoffRequestedAt,
      agentReadAt: conversation.agentReadAt,
    } satisfies TInboxItem &
      Pick<TConversation, 'context' | 'rating' | 'ratingComment' | 'handoffRequestedAt' | 'agentReadAt'>,
    messages: thread,
    notes: await listNotes(ctx.db, conversation.id),
    visitor: {
      id: visitor!.id,
      name: visitor!.name,
      email: visitor!.email,
      locale: visitor!.locale,
      userAgent: visitor!.userAgent,
      traits: visitor!.traits as Record<string, TContextValue>,
      context: visitor!.context as Record<string, TContextValue>,
      firstSeenAt: visitor!.createdAt,
      lastSeenAt: visitor!.lastSeenAt,
      pastConversations: past,
    },
  };
}

async function listNotes(db: Db, conversationId: string): Promise<TNote[]> {
  const rows = await db
    .select({ note: conversationNotes, authorName: users.name })
    .from(conversationNotes)
    .leftJoin(users, eq(users.id, conversationNotes.authorUserId))
    .where(eq(conversationNotes.conversationId, conversationId))
    .orderBy(asc(conversationNotes.createdAt), asc(conversationNotes.id));
  return rows.map(({ note, authorName }) => ({
    id: note.id,
    author: note.authorUserId && authorName ? { id: note.authorUserId, name: authorName } : null,
    content: note.content,
    createdAt: note.createdAt,
  }));
}

/**
 * This member has read the conversation up to its latest message (their
 * unread count drops to 0), and the team has read it (`agentReadAt`: the
 * visitor's widget shows "read").
 */
export async function markInboxRead(ctx: TInboxCtx, input: { conversationId: string }) {
  return ctx.db.transaction(async (tx) => {
    const conversation = await loadInboxConversation(tx, { workspaceId: ctx.workspace.id, ...input });
    const [latest] = await tx
      .select({ seq: sql<number>`coalesce(max(${messages.seq}), 0)`.mapWith(Number) })
      .from(messages)
      .where(eq(messages.conversationId, conversation.id));
    const lastReadSeq = latest?.seq ?? 0;
    await tx
      .insert(conversationReads)
      .values({ conversationId: conversation.id, userId: ctx.user.id, workspaceId: ctx.workspace.id, lastReadSeq })
      .onConflictDoUpdate({
        target: [conversationReads.conversationId, conversationReads.userId],
        // Never backwards: a late call from a stale tab does not unread what a newer one read.
        set: {
          lastReadSeq: sql`greatest(${conversationReads.lastReadSeq}, excluded.last_read_seq)`,
          readAt: new Date(),
        },
      });
    await tx.update(conversations).set({ agentReadAt: new Date() }).where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: ctx.workspace.id, conversationId: conversation.id },
    );
    return { ok: true as const, lastReadSeq };
  });
}

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** A team member wrote an internal note (the visitor's stream never carries it). */
    'note.created': { workspaceId: string; chatbotId: string; conversationId: string; note: TNote };
  }
}

/** An internal note: stored and shown to the team live, never to the visitor. */
export async function addInboxNote(ctx: TInboxCtx, input: { conversationId: string; content: string }) {
  return ctx.db.transaction(async (tx) => {
    const conversation = await loadInboxConversation(tx, { workspaceId: ctx.workspace.id, ...input });
    const [row] = await tx
      .insert(conversationNotes)
      .values({
        workspaceId: ctx.workspace.id,
        conversationId: conversation.id,
        authorUserId: ctx.user.id,
        content: input.content,
      })
      .returning();
    const note: TNote = {
      id: row!.id,
      author: { id: ctx.user.id, name: ctx.user.name },
      content: row!.content,
      createdAt: row!.createdAt,
    };
    await ctx.bus.publish(
      'note.created',
      { workspaceId: ctx.workspace.id, chatbotId: conversation.chatbotId, conversationId: conversation.id, note },
      { tx },
    );
    return note;
  });
}
