import { eq } from 'drizzle-orm';
import { conversations, visitors, type TContextValue, type TVisitor } from '../../../db/schema';
import { publishConversation, type TVisitorIdentity } from '../conversations/events';
import type { TVisitorCtx } from './context';
import { conversationContextOf, currentConversation, lockVisitor } from './conversation';

const pickIdentity = (visitor: TVisitor): TVisitorIdentity => ({
  id: visitor.id,
  name: visitor.name,
  email: visitor.email,
  traits: visitor.traits,
});

/** The host page's `identify`; the team's open views hear of a change (`visitor.updated`). */
export async function identifyVisitor(
  ctx: TVisitorCtx,
  input: { name?: string | null; email?: string | null; traits?: Record<string, TContextValue> },
) {
  await ctx.db.transaction(async (tx) => {
    const visitor = await lockVisitor(tx, ctx.visitor.id);
    const [stored] = await tx
      .update(visitors)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.email !== undefined && { email: input.email }),
        // Traits add up across calls, like most analytics tools; null removes one.
        ...(input.traits && {
          traits: Object.fromEntries(
            Object.entries({ ...visitor.traits, ...input.traits }).filter(([, value]) => value !== null),
          ),
        }),
        lastSeenAt: new Date(),
      })
      .where(eq(visitors.id, visitor.id))
      .returning();
    const identity = pickIdentity(stored!);
    // Both read back from jsonb, so equal traits serialise alike.
    if (JSON.stringify(identity) === JSON.stringify(pickIdentity(visitor))) return;
    await ctx.bus.publish(
      'visitor.updated',
      { workspaceId: ctx.chatbot.workspaceId, chatbotId: ctx.chatbot.id, visitor: identity },
      { tx },
    );
  });
  return { ok: true as const };
}

/**
 * What the host page says about where the visitor is now (page, product…):
 * replaces the previous context on the visitor and on the current
 * conversation (new conversations start with it).
 */
export async function setVisitorContext(ctx: TVisitorCtx, input: { context: Record<string, TContextValue> }) {
  await ctx.db.transaction(async (tx) => {
    await lockVisitor(tx, ctx.visitor.id);
    await tx.update(visitors).set({ context: input.context }).where(eq(visitors.id, ctx.visitor.id));
    const conversation = await currentConversation(tx, ctx.visitor.id);
    const context = conversationContextOf(input.context);
    if (!conversation || JSON.stringify(conversation.context) === JSON.stringify(context)) return;
    await tx.update(conversations).set({ context }).where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: conversation.workspaceId, conversationId: conversation.id },
    );
  });
  return { ok: true as const };
}
