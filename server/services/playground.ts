import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversations, messages, visitors, type TConversation } from '../../db/schema';
import { AppError } from '../errors';
import type { EventBus } from '../events/bus';
import { resumableStream } from '../events/journal';
import { presentMessage } from './answering/events';
import type { AnswerRunner } from './answering/runner';
import { loadChatbot } from './chatbots/chatbots';
import { readSettings } from './chatbots/settings';
import type { TMemberCtx } from './workspaces/workspaces';
import { rateAnswer, receiveVisitorMessage } from './conversations/messages';

export const CONVERSATION_NOT_FOUND = 'playground:errors.conversationNotFound';
export { MESSAGE_NOT_FOUND } from './conversations/messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TPlaygroundCtx = TMemberCtx & {
  bus: Pick<EventBus, 'publish' | 'root'>;
  answers: Pick<AnswerRunner, 'start' | 'recordGap'>;
};

/** Like every lookup here, scoped to the caller's workspace: another workspace's id is "not found". */
export async function loadConversation(db: Db, input: { workspaceId: string; conversationId: string }) {
  if (!UUID.test(input.conversationId)) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  const [conversation] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, input.workspaceId)));
  if (!conversation) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  return conversation;
}

const presentConversation = (conversation: TConversation) => ({
  id: conversation.id,
  chatbotId: conversation.chatbotId,
  channel: conversation.channel,
  status: conversation.status,
  handler: conversation.handler,
  createdAt: conversation.createdAt,
});

/**
 * A fresh playground conversation with the chatbot, as its team member's
 * own visitor: it answers exactly as on the website (same retrieval,
 * prompt, provider), whatever the chatbot's status.
 */
export async function startPlayground(ctx: TPlaygroundCtx, input: { chatbotId: string }) {
  return ctx.db.transaction(async (tx) => {
    const chatbot = await loadChatbot(tx, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
    let [visitor] = await tx
      .select()
      .from(visitors)
      .where(and(eq(visitors.chatbotId, chatbot.id), eq(visitors.userId, ctx.user.id)))
      .limit(1);
    visitor ??= (
      await tx
        .insert(visitors)
        .values({
          workspaceId: ctx.workspace.id,
          chatbotId: chatbot.id,
          userId: ctx.user.id,
          email: ctx.user.email,
          isTest: true,
        })
        .returning()
    )[0]!;
    const [conversation] = await tx
      .insert(conversations)
      // The team's own questions: never in the inbox, figures, quota or gaps.
      .values({
        workspaceId: ctx.workspace.id,
        chatbotId: chatbot.id,
        visitorId: visitor.id,
        channel: 'playground',
        isTest: true,
      })
      .returning();
    const settings = readSettings(chatbot.settings);
    return {
      conversation: presentConversation(conversation!),
      greeting: settings.greeting,
      suggestedQuestions: settings.suggestedQuestions,
    };
  });
}

export async function getPlayground(ctx: TMemberCtx, input: { conversationId: string }) {
  const conversation = await loadConversation(ctx.db, { workspaceId: ctx.workspace.id, ...input });
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversation.id))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return { conversation: presentConversation(conversation), messages: rows.map(presentMessage) };
}

const CHANNEL_REFUSED = {
  playground: 'playground:errors.onlyPlayground',
  api: 'playground:errors.onlyApi',
} as const;

/**
 * Stores the message once per `clientId` in a conversation of this channel
 * and, while the bot handles it, starts the answer; the answer arrives as
 * events (and in `get`).
 */
export async function sendToConversation(
  ctx: TPlaygroundCtx,
  input: { conversationId: string; content: string; clientId: string; channel: keyof typeof CHANNEL_REFUSED },
) {
  const receivedAt = performance.now();
  const conversation = await loadConversation(ctx.db, {
    workspaceId: ctx.workspace.id,
    conversationId: input.conversationId,
  });
  if (conversation.channel !== input.channel) throw new AppError('BAD_REQUEST', CHANNEL_REFUSED[input.channel]);
  if (conversation.status === 'archived') {
    throw new AppError('PRECONDITION_FAILED', 'playground:errors.archived');
  }
  const { message, isNew } = await receiveVisitorMessage(ctx, {
    conversation,
    content: input.content,
    clientId: input.clientId,
  });
  if (isNew && conversation.handler === 'bot') {
    ctx.answers.start({ messageId: message.id, conversationId: conversation.id, receivedAt });
  }
  return presentMessage(message);
}

export const sendPlaygroundMessage = (
  ctx: TPlaygroundCtx,
  input: { conversationId: string; content: string; clientId: string },
) => sendToConversation(ctx, { ...input, channel: 'playground' });

/** Thumbs up or down on a bot answer (null clears it); a test conversation's thumbs-down opens no knowledge gap. */
export const rateMessage = (ctx: TPlaygroundCtx, input: { messageId: string; feedback: 'up' | 'down' | null }) =>
  rateAnswer(ctx, { workspaceId: ctx.workspace.id, ...input });

const PLAYGROUND_EVENTS = ['message.created', 'answer.delta', 'answer.cancelled', 'message.feedback'] as const;

/** Ends the backlog: `isResumed` false means the page must read the conversation again. */
export type TPlaygroundReady = { id: string; type: 'ready'; payload: { isResumed: boolean } };

/**
 * The conversation's events, live: stored messages, answer pieces,
 * cancellations, ratings, as `[eventId, event]` pairs to send as
 * `tracked()`. After a reconnect with the last id, the stored messages and
 * ratings missed meanwhile come first (server/events/journal.ts), then `ready`.
 */
export async function watchPlayground(
  ctx: TPlaygroundCtx,
  input: { conversationId: string; lastEventId?: string | null; signal?: AbortSignal },
) {
  const conversation = await loadConversation(ctx.db, { workspaceId: ctx.workspace.id, ...input });
  const stream = resumableStream(ctx.bus, {
    types: PLAYGROUND_EVENTS,
    kept: ['message.created', 'message.feedback'],
    filter: (event) => event.payload.conversationId === conversation.id,
    lastEventId: input.lastEventId,
    signal: input.signal,
  });
  return (async function* () {
    for await (const item of stream) {
      if ('ready' in item) {
        const ready: TPlaygroundReady = { id: item.id, type: 'ready', payload: item.ready };
        yield [item.id, ready] as const;
      } else yield [item.id, item.event] as const;
    }
  })();
}
