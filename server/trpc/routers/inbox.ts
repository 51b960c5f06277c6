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
const ZConversationId = z.string({ error: 'inbox:validation.conversation' }).max(100, 'inbox:validation.conversation');
const ZConversationRef = z.object({ conversationId: ZConversationId });
/** `message`: the key of the sentence for a value that is not a date. */
const ZDate = (message: string) => z.coerce.date({ error: message });
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
          .enum(['open', 'pending', 'resolved', 'archived', 'all'], { error: 'inbox:validation.status' })
          .optional(),
        chatbotId: z.uuid({ error: 'inbox:validation.chatbot' }).optional(),
        assignee: z.enum(['me', 'unassigned', 'anyone'], { error: 'inbox:validation.assignee' }).optional(),
        handler: z.enum(['bot', 'human'], { error: 'inbox:validation.handler' }).optional(),
        /** Only the team's own test chats (preview, demo page), which the inbox otherwise leaves out. */
        tests: z.boolean({ error: 'inbox:validation.tests' }).optional(),
        topic: z
          .string({ error: 'inbox:validation.topic' })
          .trim()
          .min(1)
          .max(100, 'inbox:validation.topic')
          .optional(),
        sentiment: z.enum(['positive', 'neutral', 'negative'], { error: 'inbox:validation.sentiment' }).optional(),
        language: z
          .string({ error: 'inbox:validation.language' })
          .regex(/^[a-z]{2,3}$/, 'inbox:validation.languageCode')
          .optional(),
        from: ZDate('inbox:validation.startDate').optional(),
        to: ZDate('inbox:validation.endDate').optional(),
        search: z.string({ error: 'inbox:validation.search' }).max(200, 'inbox:validation.searchTooLong').optional(),
        cursor: z.string().max(500).nullish(),
        limit: z
          .number({ error: 'inbox:validation.limit' })
          .int('inbox:validation.limitWhole')
          .min(1, 'inbox:validation.limitMin')
          .max(50, 'inbox:validation.limitMax')
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
          .string({ error: 'inbox:validation.reply' })
          .trim()
          .min(1, 'inbox:validation.reply')
          .max(MAX_REPLY_CHARS, 'inbox:validation.replyTooLong'),
        clientId: ZClientId,
      }),
    )
    .mutation(({ ctx, input }) => reply({ ...ctx, presence: presenceFor(ctx.bus, ctx.log) }, input)),

  /** The caller is (or stopped) typing a reply; the visitor sees it. Throttled. */
  typing: workspaceProcedure('agent')
    .input(ZConversationRef.extend({ isTyping: z.boolean({ error: 'inbox:validation.isTyping' }) }))
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
        userId: z.uuid({ error: 'inbox:errors.notAMember' }).nullable(),
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
          .string({ error: 'inbox:validation.note' })
          .trim()
          .min(1, 'inbox:validation.note')
          .max(MAX_NOTE_CHARS, 'inbox:validation.noteTooLong'),
      }),
    )
    .mutation(({ ctx, input }) => addInboxNote(ctx, input)),

  /** The web app's heartbeat (every ~15 s and when the open conversation changes): the caller is online, viewing this. */
  heartbeat: workspaceProcedure('agent')
    .input(
      z.object({
        viewing: z.uuid({ error: 'inbox:validation.conversation' }).nullable(),
        /** Which of the member's tabs beats: two tabs on two conversations do not make the member flip between them. */
        tabId: z
          .string()
          .regex(/^[\w-]{1,64}$/, 'inbox:validation.tabId')
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
