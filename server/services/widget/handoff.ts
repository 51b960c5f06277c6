import { eq } from 'drizzle-orm';
import { conversations, messages, visitors } from '../../../db/schema';
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
import { presenceFor } from '../inbox/presence';
import { awayMessage, typicalReplyMinutes } from './availability';
import { botLanguage, botSays } from '../answering/bot-language';
import { toWidgetConversation, type TWidgetConversation } from './present';

/**
 * "Talk to a person": the conversation waits for the team (`pending`), with
 * a system message saying so. When nobody on the team is online it says so
 * honestly, with the team's usual reply time, and offers a reply by e-mail.
 * Asking again changes nothing.
 */
export async function requestHuman(ctx: TVisitorCtx): Promise<TWidgetConversation> {
  const settings = readSettings(ctx.chatbot.settings);
  if (settings.handoffPolicy === 'never') throw new AppError('FORBIDDEN', 'bot:errors.noHandoff');
  if (!(await currentConversation(ctx.db, ctx.visitor.id))) await consumeConversationLimits(ctx);
  const isTeamAway = presenceFor(ctx.bus).online(ctx.chatbot.workspaceId).length === 0;
  // Stored as said: in the language the widget speaks to this visitor.
  const language = botLanguage(settings, ctx.visitor);
  const notice = isTeamAway
    ? awayMessage(await typicalReplyMinutes(ctx.database, ctx.chatbot.id), language)
    : botSays(language, 'bot:handoff.requested');
  return ctx.db.transaction(async (tx) => {
    const visitor = await lockVisitor(tx, ctx.visitor.id);
    const conversation = (await currentConversation(tx, visitor.id)) ?? (await openConversation(ctx, tx, visitor));
    if (conversation.status === 'pending' || conversation.handler === 'human') {
      return (await widgetConversationOf(tx, conversation))!;
    }
    await tx
      .update(conversations)
      .set({ status: 'pending', handoffRequestedAt: new Date(), emailOfferedAt: isTeamAway ? new Date() : null })
      .where(eq(conversations.id, conversation.id));
    const [line] = await tx
      .insert(messages)
      .values({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        role: 'system',
        content: notice,
      })
      .returning();
    await tx.update(conversations).set({ lastMessageAt: line!.createdAt }).where(eq(conversations.id, conversation.id));
    const ref = {
      workspaceId: conversation.workspaceId,
      chatbotId: conversation.chatbotId,
      conversationId: conversation.id,
    };
    await ctx.bus.publish('message.created', { ...ref, message: presentStoredMessage(line!) }, { tx });
    const view = await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', ...ref, before: conversation },
    );
    return toWidgetConversation(view!);
  });
}

/**
 * The visitor's answer to the e-mail offer: the team's replies (and, if
 * asked, a copy of the conversation) go to this address. Only on the
 * visitor's own current conversation, and only after the offer was made.
 */
export async function leaveReplyEmail(
  ctx: TVisitorCtx,
  input: { email: string; wantsTranscript: boolean },
): Promise<TWidgetConversation> {
  return ctx.db.transaction(async (tx) => {
    const visitor = await lockVisitor(tx, ctx.visitor.id);
    const conversation = await currentConversation(tx, visitor.id);
    if (!conversation || !conversation.emailOfferedAt) throw new AppError('BAD_REQUEST', 'bot:errors.askPersonFirst');
    const [updated] = await tx
      .update(conversations)
      .set({ replyEmail: input.email, wantsTranscript: input.wantsTranscript })
      .where(eq(conversations.id, conversation.id))
      .returning();
    // The team sees the address with the visitor too, unless the host page already named one.
    if (!visitor.email) await tx.update(visitors).set({ email: input.email }).where(eq(visitors.id, visitor.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      {
        type: 'conversation.updated',
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
      },
    );
    return (await widgetConversationOf(tx, updated!))!;
  });
}
