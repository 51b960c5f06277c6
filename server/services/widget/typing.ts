import { typingThrottleFor } from '../conversations/typing-throttle';
import type { TVisitorCtx } from './context';
import { currentConversation } from './conversation';

/** The visitor started or stopped typing: the team sees it. Throttled per visitor across every process. */
export async function visitorTyping(ctx: TVisitorCtx, input: { isTyping: boolean }) {
  const visitor = { who: 'visitor' as const, visitorId: ctx.visitor.id };
  if (!typingThrottleFor(ctx.bus).admit(visitor, input.isTyping)) return { ok: true as const };
  const conversation = await currentConversation(ctx.db, ctx.visitor.id);
  if (!conversation) return { ok: true as const };
  await ctx.bus.publish('typing', {
    workspaceId: conversation.workspaceId,
    chatbotId: conversation.chatbotId,
    conversationId: conversation.id,
    who: 'visitor',
    name: ctx.visitor.name,
    isTyping: input.isTyping,
    actorId: ctx.visitor.id,
  });
  return { ok: true as const };
}
