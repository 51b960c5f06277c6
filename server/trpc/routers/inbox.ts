import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ZClientId } from '../../services/conversations/messages';
import { watchInbox } from '../../services/inbox/feed';
import {
  archive,
  assign,
  handBack,
  MAX_REPLY_CHARS,
  operatorTyping,
  reopen,
  reply,
  resolve,
  takeOver,
} from '../../services/inbox/handling';
import { inboxStats, listInbox } from '../../services/inbox/list';
import { presenceFor } from '../../services/inbox/presence';
import { addInboxNote, getInboxThread, markInboxRead } from '../../services/inbox/thread';
import { router, workspaceProcedure } from '../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZConversationId = z.string({ error: 'Choose a conversation.' }).max(100, 'Choose a conversation.');
const ZConversationRef = z.object({ conversationId: ZConversationId });
const ZDate = (what: string) => z.coerce.date({ error: `Enter the ${what} as a date.` });
const MAX_NOTE_CHARS = 5000;

/**
 * The operator side: the live inbox (list, search, counts), the
 * conversation view (history, visitor, notes), handling a conversation
 * (take over, reply, hand back, assign, resolve, reopen, archive), who is
 * online, and the feed that keeps all of it live. Every procedure acts
 * only inside the workspace in its input; another workspace's ids are
 * "not found".
 */
export const inboxRouter = router({
  /** A page of the workspace's conversations by the filters, newest activity (or best match) first, with the badge counts. */
  list: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/inbox/conversations',
        summary: 'List inbox conversations, a page at a time',
      },
    })
    .input(
      z.object({
        status: z
          .enum(['open', 'pending', 'resolved', 'archived', 'all'], {
            error: 'Choose open, pending, resolved, archived or all.',
          })
          .optional(),
        chatbotId: z.uuid({ error: 'Choose a chatbot.' }).optional(),
        assignee: z.enum(['me', 'unassigned', 'anyone'], { error: 'Choose me, unassigned or anyone.' }).optional(),
        handler: z.enum(['bot', 'human'], { error: 'Choose the bot or a person.' }).optional(),
        /** Only the team's own test chats (preview, demo page), which the inbox otherwise leaves out. */
        tests: z.boolean({ error: 'Choose tests or real conversations.' }).optional(),
        topic: z.string({ error: 'Choose a topic.' }).trim().min(1).max(100, 'Choose a topic.').optional(),
        sentiment: z
          .enum(['positive', 'neutral', 'negative'], { error: 'Choose positive, neutral or negative.' })
          .optional(),
        language: z
          .string({ error: 'Choose a language.' })
          .regex(/^[a-z]{2,3}$/, 'Choose a language by its code, e.g. en.')
          .optional(),
        from: ZDate('start date').optional(),
        to: ZDate('end date').optional(),
        search: z
          .string({ error: 'Type words to search for.' })
          .max(200, 'Keep the search to 200 characters.')
          .optional(),
        cursor: z.string().max(500).nullish(),
        limit: z
          .number({ error: 'Ask for a number of conversations.' })
          .int('Ask for a whole number of conversations.')
          .min(1, 'Ask for at least one conversation.')
          .max(50, 'Ask for at most 50 conversations at a time.')
          .optional(),
      }),
    )
    .query(({ ctx, input }) => listInbox(ctx, input)),

  /** One conversation: its row, the whole history, the team's notes and the visitor with their past conversations. */
  get: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}',
        summary: 'Get a conversation with its history, notes and visitor',
      },
    })
    .input(ZConversationRef)
    .query(({ ctx, input }) => getInboxThread(ctx, input)),

  /** The caller has read the conversation (their unread count clears; the visitor sees "read"). */
  markRead: workspaceProcedure('agent')
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => markInboxRead(ctx, input)),

  /** The caller takes the conversation over from the bot; CONFLICT, naming them, when someone else has it. */
  takeOver: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/take-over',
        summary: 'Take a conversation over from the bot',
      },
    })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => takeOver(ctx, input)),

  /** A reply to the visitor, once per `clientId`; takes the conversation over first when the bot has it. */
  reply: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/replies',
        summary: 'Reply to the visitor (clientId is the idempotency key)',
      },
    })
    .input(
      ZConversationRef.extend({
        content: z
          .string({ error: 'Type a reply.' })
          .trim()
          .min(1, 'Type a reply.')
          .max(MAX_REPLY_CHARS, `Keep your reply to ${MAX_REPLY_CHARS.toLocaleString('en')} characters or fewer.`),
        clientId: ZClientId,
      }),
    )
    .mutation(({ ctx, input }) => reply({ ...ctx, presence: presenceFor(ctx.bus, ctx.log) }, input)),

  /** The caller is (or stopped) typing a reply; the visitor sees it. Throttled. */
  typing: workspaceProcedure('agent')
    .input(ZConversationRef.extend({ isTyping: z.boolean({ error: 'Say whether you are typing.' }) }))
    .mutation(({ ctx, input }) => operatorTyping({ ...ctx, presence: presenceFor(ctx.bus, ctx.log) }, input)),

  /** Back to the bot, which answers the visitor's next message. */
  handBack: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/hand-back',
        summary: 'Hand a conversation back to the bot',
      },
    })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => handBack(ctx, input)),

  /** Assigns the conversation to a member of the workspace, or to no one (null). */
  assign: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'PUT',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/assignee',
        summary: 'Assign a conversation to a member, or to nobody',
      },
    })
    .input(
      ZConversationRef.extend({
        userId: z.uuid({ error: 'Choose a member of this workspace.' }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => assign(ctx, input)),

  resolve: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/resolve',
        summary: 'Resolve a conversation',
      },
    })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => resolve(ctx, input)),

  reopen: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/reopen',
        summary: 'Reopen a conversation',
      },
    })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => reopen(ctx, input)),

  archive: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/archive',
        summary: 'Archive a conversation',
      },
    })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => archive(ctx, input)),

  /** An internal note: the team sees it, the visitor never does. */
  addNote: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/inbox/conversations/{conversationId}/notes',
        summary: 'Add an internal note',
      },
    })
    .input(
      ZConversationRef.extend({
        content: z
          .string({ error: 'Write a note.' })
          .trim()
          .min(1, 'Write a note.')
          .max(MAX_NOTE_CHARS, `Keep a note to ${MAX_NOTE_CHARS.toLocaleString('en')} characters or fewer.`),
      }),
    )
    .mutation(({ ctx, input }) => addInboxNote(ctx, input)),

  /** The web app's heartbeat (every ~15 s and when the open conversation changes): the caller is online, viewing this. */
  heartbeat: workspaceProcedure('agent')
    .input(
      z.object({
        viewing: z.uuid({ error: 'Choose a conversation.' }).nullable(),
        /** Which of the member's tabs beats: two tabs on two conversations do not make the member flip between them. */
        tabId: z
          .string()
          .regex(/^[\w-]{1,64}$/, 'Send the tab id as up to 64 letters, digits, "-" or "_".')
          .nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await presenceFor(ctx.bus, ctx.log).beat({
        workspaceId: ctx.workspace.id,
        userId: ctx.user.id,
        name: ctx.user.name,
        viewing: input.viewing,
        tabId: input.tabId,
      });
      return { ok: true as const };
    }),

  /** The workspace's members online now (heartbeats within 45 s), what each is viewing and typing in. */
  online: workspaceProcedure('agent').query(({ ctx }) => ({
    members: presenceFor(ctx.bus, ctx.log).online(ctx.workspace.id),
  })),

  /** The dashboard's numbers: today's conversations, open and pending, the bot's share, first response, latest five. */
  stats: workspaceProcedure('agent')
    .meta({
      apiScope: 'conversations:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/inbox/stats',
        summary: "The inbox's headline numbers",
      },
    })
    .query(({ ctx }) => inboxStats(ctx)),

  /**
   * The workspace's events, live: messages, answer pieces, typing,
   * conversations created and updated, notes, presence and notifications.
   * Each is the bus event (`{ id, type, payload, publishedAt }`), tracked;
   * after a reconnect the events missed meanwhile are replayed, then `ready`.
   */
  onEvent: workspaceProcedure('agent')
    .meta({ apiScope: 'conversations:read' })
    .input(z.object({ lastEventId: z.string().max(200).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const [id, event] of watchInbox(ctx, { lastEventId: input.lastEventId, signal })) {
        yield tracked(id, event);
      }
    }),
});
