import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ZClientId, ZVisitorMessage } from '../../services/conversations/messages';
import {
  getPlayground,
  rateMessage,
  sendPlaygroundMessage,
  startPlayground,
  watchPlayground,
} from '../../services/playground';
import { router, workspaceProcedure } from '../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZConversationRef = z.object({
  conversationId: z.string({ error: 'playground:validation.chooseConversation' }).max(100),
});

/**
 * The playground: a team member chats with a chatbot exactly as a visitor
 * would (same retrieval, prompt and provider) and sees what each answer
 * was built from. Agents may use it: trying the bot changes nothing.
 */
export const playgroundRouter = router({
  /** A new conversation with the chatbot, with its greeting and suggested questions. */
  start: workspaceProcedure('agent')
    .input(z.object({ chatbotId: z.string({ error: 'playground:validation.chooseChatbot' }).max(100) }))
    .mutation(({ ctx, input }) => startPlayground(ctx, input)),

  /** The conversation and its messages, oldest first, with each answer's retrieval and usage. */
  get: workspaceProcedure('agent')
    .input(ZConversationRef)
    .query(({ ctx, input }) => getPlayground(ctx, input)),

  /** Stores the message (once per `clientId`) and starts the answer, which arrives through `onEvent`. */
  send: workspaceProcedure('agent')
    .input(ZConversationRef.extend({ content: ZVisitorMessage, clientId: ZClientId }))
    .mutation(({ ctx, input }) => sendPlaygroundMessage(ctx, input)),

  /** Thumbs up or down on an answer (null clears it); the team's own thumbs-down opens no knowledge gap. */
  rate: workspaceProcedure('agent')
    .input(
      z.object({
        messageId: z.string({ error: 'playground:validation.chooseMessage' }).max(100),
        feedback: z.enum(['up', 'down'], { error: 'playground:validation.rateUpOrDown' }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => rateMessage(ctx, input)),

  /**
   * The conversation live: stored messages, answer pieces, cancellations and
   * ratings; after a reconnect the missed messages and ratings, then `ready`.
   */
  onEvent: workspaceProcedure('agent')
    .input(ZConversationRef.extend({ lastEventId: z.string().max(200).nullish() }))
    .subscription(async ({ ctx, input, signal }) => {
      const events = await watchPlayground(ctx, { ...input, signal });
      return (async function* () {
        // The whole event (its `type` tells the payload apart), so clients narrow on `data.type`.
        for await (const [id, event] of events) yield tracked(id, event);
      })();
    }),
});
