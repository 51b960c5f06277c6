import { eq } from 'drizzle-orm';
import { conversations, messages } from '../../../db/schema';
import { AppError } from '../../errors';
import { presentStoredMessage } from '../conversations/message-view';
import { readSettings } from '../chatbots/settings';
import { publishConversation } from '../conversations/events';
import type { TVisitorCtx } from './context';
import {
  consumeConversationLimits,
  currentConversation,
  lockVisitor,
  openConversation,
  widgetConversationOf,
} from './conversation';
import { toWidgetConversation, type TWidgetConversation } from './present';

export const HANDOFF_REQUESTED_MESSAGE =
  'You asked to talk to a person. Someone from the team will reply here as soon as they can.';
export const NO_HANDOFF = 'This chat cannot bring in a person. Please use the website’s other ways to get in touch.';

/**
 * "Talk to a person": the conversation waits for the team (`pending`), with
 * a system message saying so. Asking again changes nothing.
 */
export async function requestHuman(ctx: TVisitorCtx): Promise<TWidgetConversation> {
  if (readSettings(ctx.chatbot.settings).handoffPolicy === 'never') throw new AppError('FORBIDDEN', NO_HANDOFF);
  if (!(await currentConversation(ctx.db, ctx.visitor.id))) await consumeConversationLimits(ctx);
  return ctx.db.transaction(async (tx) => {
    const visitor = await lockVisitor(tx, ctx.visitor.id);
    const conversation = (await currentConversation(tx, visitor.id)) ?? (await openConversation(ctx, tx, visitor));
    if (conversation.status === 'pending' || conversation.handler === 'human') {
      return (await widgetConversationOf(tx, conversation))!;
    }
    await tx
      .update(conversations)
      .set({ status: 'pending', handoffRequestedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    const [notice] = await tx
      .insert(messages)
      .values({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        role: 'system',
        content: HANDOFF_REQUESTED_MESSAGE,
      })
      .returning();
    await tx
      .update(conversations)
      .set({ lastMessageAt: notice!.createdAt })
      .where(eq(conversations.id, conversation.id));
    const ref = {
      workspaceId: conversation.workspaceId,
      chatbotId: conversation.chatbotId,
      conversationId: conversation.id,
    };
    await ctx.bus.publish('message.created', { ...ref, message: presentStoredMessage(notice!) }, { tx });
    const view = await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', ...ref, before: conversation },
    );
    return toWidgetConversation(view!);
  });
}
