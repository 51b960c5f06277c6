import { tracked } from '@trpc/server';
import { z } from 'zod';
import { sendApiMessage, startApiConversation } from '../../services/conversations/api';
import { ZClientId, ZVisitorMessage } from '../../services/conversations/messages';
import { getPlayground, watchPlayground } from '../../services/playground';
import { router, workspaceProcedure } from '../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZConversationRef = z.object({ conversationId: z.string({ error: 'inbox:validation.conversation' }).max(100) });
/** Optional text up to `max` characters; `messages`: the keys for a value that is not text, and for one too long. */
const ZOptionalText = (max: number, messages: { type: string; tooLong: string }) =>
  z.string({ error: messages.type }).trim().max(max, messages.tooLong).nullish();

/**
 * Talking to a chatbot from a developer's own code (API key scope `chat`):
 * start a conversation, send messages with an idempotency key, stream the
 * answers with their citations. The conversations appear in the inbox
 * (channel `api`), where the team can take them over.
 */
export const conversationRouter = router({
  /** A new conversation with the chatbot for one of your users, with its greeting and suggested questions. */
  start: workspaceProcedure('agent')
    .meta({
      apiScope: 'chat',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/conversations',
        summary: 'Start a conversation with a chatbot',
      },
    })
    .input(
      z.object({
        chatbotId: z.string({ error: 'inbox:validation.chatbot' }).max(100),
        visitor: z
          .object({
            name: ZOptionalText(200, { type: 'inbox:validation.name', tooLong: 'inbox:validation.nameTooLong' }),
            email: z.email({ error: 'inbox:validation.email' }).max(320).nullish(),
            externalId: ZOptionalText(200, {
              type: 'inbox:validation.externalId',
              tooLong: 'inbox:validation.externalIdTooLong',
            }),
          })
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => startApiConversation(ctx, input)),

  /**
   * Stores the message once per `clientId` — your idempotency key: a retry
   * with the same one returns the stored message and starts no second
   * answer — and starts the bot's answer, which arrives through `onEvent`.
   */
  send: workspaceProcedure('agent')
    .meta({
      apiScope: 'chat',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/conversations/{conversationId}/messages',
        summary: "Send a user's message (clientId is the idempotency key)",
      },
    })
    .input(ZConversationRef.extend({ content: ZVisitorMessage, clientId: ZClientId }))
    .mutation(({ ctx, input }) => sendApiMessage(ctx, input)),

  /** The conversation and its messages, oldest first; bot answers carry their citations. */
  get: workspaceProcedure('agent')
    .meta({
      apiScope: 'chat',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/conversations/{conversationId}',
        summary: 'Get a conversation and its messages with citations',
      },
    })
    .input(ZConversationRef)
    .query(({ ctx, input }) => getPlayground(ctx, input)),

  /**
   * The conversation live: `message.created` (the user's message, the
   * stored answer with citations, operators' replies), `answer.delta`
   * (pieces of the answer as it is written), `answer.cancelled`,
   * `message.feedback`; after a reconnect with `lastEventId`, what was
   * missed, then `ready`.
   */
  onEvent: workspaceProcedure('agent')
    .meta({ apiScope: 'chat' })
    .input(ZConversationRef.extend({ lastEventId: z.string().max(200).nullish() }))
    .subscription(async ({ ctx, input, signal }) => {
      const events = await watchPlayground(ctx, { ...input, signal });
      return (async function* () {
        for await (const [id, event] of events) yield tracked(id, event);
      })();
    }),
});
