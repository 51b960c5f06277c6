import { conversations, visitors } from '../../../db/schema';
import { loadChatbot } from '../chatbots/chatbots';
import { readSettings } from '../chatbots/settings';
import { publishConversation } from './events';
import { sendToConversation, type TPlaygroundCtx } from '../playground';

/**
 * Conversations a developer's program holds with a chatbot through the API
 * (channel `api`): the program speaks for its own user, the bot answers with
 * the same runner, retrieval and citations as on the website, and the team
 * sees the conversation in the inbox and may take it over like any other.
 */
export type TApiVisitor = { name?: string | null; email?: string | null; externalId?: string | null };

export async function startApiConversation(ctx: TPlaygroundCtx, input: { chatbotId: string; visitor?: TApiVisitor }) {
  return ctx.db.transaction(async (tx) => {
    const chatbot = await loadChatbot(tx, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
    const [visitor] = await tx
      .insert(visitors)
      .values({
        workspaceId: ctx.workspace.id,
        chatbotId: chatbot.id,
        name: input.visitor?.name ?? null,
        email: input.visitor?.email ?? null,
        traits: input.visitor?.externalId ? { externalId: input.visitor.externalId } : {},
      })
      .returning();
    const [conversation] = await tx
      .insert(conversations)
      .values({ workspaceId: ctx.workspace.id, chatbotId: chatbot.id, visitorId: visitor!.id, channel: 'api' })
      .returning();
    // The team's inbox hears of it at once, as of a visitor's new conversation.
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.created', workspaceId: ctx.workspace.id, conversationId: conversation!.id },
    );
    const settings = readSettings(chatbot.settings);
    return {
      conversation: {
        id: conversation!.id,
        chatbotId: chatbot.id,
        status: conversation!.status,
        handler: conversation!.handler,
        createdAt: conversation!.createdAt,
      },
      greeting: settings.greeting,
      suggestedQuestions: settings.suggestedQuestions,
    };
  });
}

/**
 * Stores the user's message once per `clientId` (the idempotency key: a
 * retry returns the stored message and starts nothing) and, while the bot
 * handles the conversation, starts its answer; it streams through
 * `conversation.onEvent` and is stored with its citations.
 */
export const sendApiMessage = (
  ctx: TPlaygroundCtx,
  input: { conversationId: string; content: string; clientId: string },
) => sendToConversation(ctx, { ...input, channel: 'api' });
