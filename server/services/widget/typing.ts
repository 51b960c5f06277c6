import type { TVisitorCtx } from './context';
import { currentConversation } from './conversation';

/** A visitor's "is typing" goes out at most this often while it stays on; "stopped" always goes out. */
const TYPING_EVERY_MS = 3_000;
const typingState = new Map<string, { isTyping: boolean; at: number }>();

export async function visitorTyping(ctx: TVisitorCtx, input: { isTyping: boolean }) {
  const now = Date.now();
  const last = typingState.get(ctx.visitor.id);
  const isRepeat = input.isTyping ? !!last?.isTyping && now - last.at < TYPING_EVERY_MS : !last?.isTyping;
  if (isRepeat) return { ok: true as const };
  if (input.isTyping) typingState.set(ctx.visitor.id, { isTyping: true, at: now });
  else typingState.delete(ctx.visitor.id);
  // Visitors who close the tab mid-sentence never say "stopped"; forget them after a while.
  if (typingState.size > 10_000)
    for (const [id, state] of typingState) if (now - state.at > 60_000) typingState.delete(id);
  const conversation = await currentConversation(ctx.db, ctx.visitor.id);
  if (!conversation) return { ok: true as const };
  await ctx.bus.publish('typing', {
    workspaceId: conversation.workspaceId,
    chatbotId: conversation.chatbotId,
    conversationId: conversation.id,
    who: 'visitor',
    name: ctx.visitor.name,
    isTyping: input.isTyping,
  });
  return { ok: true as const };
}
