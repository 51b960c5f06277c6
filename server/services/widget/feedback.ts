import { and, desc, eq } from 'drizzle-orm';
import { conversations } from '../../../db/schema';
import { AppError } from '../../errors';
import { publishConversation } from '../conversations/events';
import { rateAnswer } from '../conversations/messages';
import type { TVisitorCtx } from './context';
import { toWidgetConversation } from './present';

export const rateWidgetMessage = (ctx: TVisitorCtx, input: { messageId: string; feedback: 'up' | 'down' | null }) =>
  rateAnswer(ctx, { workspaceId: ctx.chatbot.workspaceId, visitorId: ctx.visitor.id, ...input });

/** The end-of-chat rating, on the visitor's newest conversation (often just resolved). */
export async function rateConversation(ctx: TVisitorCtx, input: { rating: number; comment?: string | null }) {
  return ctx.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, ctx.visitor.id), eq(conversations.channel, 'widget')))
      .orderBy(desc(conversations.createdAt))
      .limit(1);
    if (!conversation) throw new AppError('NOT_FOUND', 'bot:errors.nothingToRate');
    await tx
      .update(conversations)
      .set({ rating: input.rating, ratingComment: input.comment || null, ratedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    const view = await publishConversation(
      { tx, bus: ctx.bus },
      {
        type: 'conversation.updated',
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        before: conversation,
      },
    );
    return toWidgetConversation(view!);
  });
}
