import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  conversations,
  users,
  visitors,
  type TContextValue,
  type TConversation,
  type TVisitor,
} from '../../../db/schema';
import { AppError } from '../../errors';
import { publishConversation } from '../conversations/events';
import { limitersOf, type TVisitorCtx } from './context';
import { consumeWidgetLimits, LIMIT_MESSAGES } from './limits';
import { toWidgetConversation } from './present';

const OPEN_STATUSES: TConversation['status'][] = ['open', 'pending'];

/** The conversation a visitor is in: their newest open (or waiting-for-a-person) widget conversation. */
export async function currentConversation(db: Db, visitorId: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.visitorId, visitorId),
        eq(conversations.channel, 'widget'),
        inArray(conversations.status, OPEN_STATUSES),
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

async function operatorNameOf(db: Db, conversation: TConversation) {
  if (!conversation.assignedUserId || conversation.handler !== 'human') return null;
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, conversation.assignedUserId));
  return user?.name ?? null;
}

export const widgetConversationOf = async (db: Db, conversation: TConversation | null) =>
  conversation ? toWidgetConversation({ ...conversation, operatorName: await operatorNameOf(db, conversation) }) : null;

/** The conversation keeps text (what the bot's prompt and webhooks read); the visitor keeps the values as given. */
export const conversationContextOf = (context: Record<string, TContextValue>) =>
  Object.fromEntries(
    Object.entries(context)
      .filter(([, value]) => value !== null && value !== '')
      .map(([key, value]) => [key, String(value)]),
  );

/** Locks the visitor's row for the rest of the transaction: one visitor's writes happen one after another. */
export async function lockVisitor(tx: Db, visitorId: string) {
  const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, visitorId)).for('update');
  if (!visitor) throw new AppError('UNAUTHORIZED', 'bot:errors.sessionEnded');
  return visitor;
}

/** A new widget conversation for a locked visitor, announced with the write. */
export async function openConversation(ctx: TVisitorCtx, tx: Db, visitor: TVisitor) {
  const [conversation] = await tx
    .insert(conversations)
    .values({
      workspaceId: visitor.workspaceId,
      chatbotId: visitor.chatbotId,
      visitorId: visitor.id,
      channel: 'widget',
      context: conversationContextOf(visitor.context),
      origin: visitor.origin,
      isTest: visitor.isTest,
    })
    .returning();
  await publishConversation(
    { tx, bus: ctx.bus },
    { type: 'conversation.created', workspaceId: visitor.workspaceId, conversationId: conversation!.id },
  );
  return conversation!;
}

/** New conversations are limited per visitor and per address (checked before the transaction: the limiter has its own connection). */
export const consumeConversationLimits = (ctx: TVisitorCtx) => {
  const limiters = limitersOf(ctx);
  return consumeWidgetLimits(
    [
      { limiter: limiters.conversationVisitor, key: ctx.visitor.id },
      { limiter: limiters.conversationIp, key: ctx.ip },
    ],
    LIMIT_MESSAGES.conversation,
  );
};

// ——— reset, read ———

/** Ends the current conversation (resolved); the next message starts a new one. */
export async function resetConversation(ctx: TVisitorCtx) {
  const conversationId = await ctx.db.transaction(async (tx) => {
    await lockVisitor(tx, ctx.visitor.id);
    const conversation = await currentConversation(tx, ctx.visitor.id);
    if (!conversation) return null;
    await tx
      .update(conversations)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      {
        type: 'conversation.updated',
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        before: conversation,
      },
    );
    return conversation.id;
  });
  // An answer still being written to the old conversation would only confuse the new one.
  if (conversationId) ctx.answers.cancel(conversationId);
  return { ok: true as const };
}

/** The visitor has seen the conversation up to now (the inbox shows it). */
export async function markConversationRead(ctx: TVisitorCtx) {
  await ctx.db.transaction(async (tx) => {
    const conversation = await currentConversation(tx, ctx.visitor.id);
    if (!conversation) return;
    await tx.update(conversations).set({ visitorReadAt: new Date() }).where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: conversation.workspaceId, conversationId: conversation.id },
    );
  });
  return { ok: true as const };
}
