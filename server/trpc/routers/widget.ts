import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ZClientId, ZVisitorMessage } from '../../services/conversations/messages';
import { markConversationRead, resetConversation } from '../../services/widget/conversation';
import { rateConversation, rateWidgetMessage } from '../../services/widget/feedback';
import { leaveReplyEmail, requestHuman } from '../../services/widget/handoff';
import { widgetHistory } from '../../services/widget/history';
import { sendWidgetMessage } from '../../services/widget/send';
import { startWidget } from '../../services/widget/session';
import { watchWidget } from '../../services/widget/stream';
import { visitorTyping } from '../../services/widget/typing';
import { forgetWidgetVisitor } from '../../services/privacy/visitors';
import { identifyVisitor, setVisitorContext } from '../../services/widget/visitor';
import { ZEmail } from '../schemas';
import { publicProcedure, router, visitorProcedure } from '../procedures';

const MAX_CONTEXT_KEYS = 30;

/** What the host page may pass to identify (traits) and setContext: flat, small, plain values. */
const ZContextRecord = (what: 'trait' | 'context') =>
  z
    .record(
      z.string().min(1, `bot:validation.${what}.name`).max(64, `bot:validation.${what}.nameTooLong`),
      z.union(
        [
          z.string().max(1000, `bot:validation.${what}.valueTooLong`),
          z.number().refine(Number.isFinite, `bot:validation.${what}.number`),
          z.boolean(),
          z.null(),
        ],
        { error: `bot:validation.${what}.value` },
      ),
      { error: `bot:validation.${what}.record` },
    )
    .refine((record) => Object.keys(record).length <= MAX_CONTEXT_KEYS, {
      error: `bot:validation.${what}.tooMany`,
    });

const ZMessageId = z.string({ error: 'bot:validation.messageId' }).max(100);

/**
 * The chat widget's API, over WebSocket from the frame on Parley's origin.
 * `start` is public (it issues the visitor token); everything else needs
 * that token (visitorProcedure) and acts only on the visitor's own things.
 */
export const widgetRouter = router({
  /** Checks the chatbot may load here and returns the visitor's token (new or kept) and current conversation. */
  start: publicProcedure
    .input(
      z.object({
        publicKey: z.string({ error: 'bot:validation.publicKey' }).max(100, 'bot:validation.publicKeyTooLong'),
        hostOrigin: z.string({ error: 'bot:validation.hostOrigin' }).max(2048).nullable(),
        preview: z.string().max(200).nullish(),
        visitorToken: z.string().max(200).nullish(),
        locale: z
          .string()
          .max(35)
          .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'bot:validation.locale')
          .nullish(),
      }),
    )
    .mutation(({ ctx, input }) => startWidget(ctx, input)),

  /** A page of the current conversation (newest first call; older ones with `before`). */
  history: visitorProcedure
    .input(
      z
        .object({
          before: z
            .string()
            .regex(/^\d{1,15}$/, 'bot:validation.before')
            .nullish(),
          limit: z
            .number({ error: 'bot:validation.limit' })
            .int('bot:validation.limitWhole')
            .min(1, 'bot:validation.limitMin')
            .max(50, 'bot:validation.limitMax')
            .optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => widgetHistory(ctx, input ?? {})),

  /** Stores the message once per clientId; opens a conversation when there is none; starts the answer. */
  send: visitorProcedure
    .input(z.object({ content: ZVisitorMessage, clientId: ZClientId }))
    .mutation(({ ctx, input }) => sendWidgetMessage(ctx, input)),

  /** Every event of the visitor's conversations; resumes after `lastEventId` with the messages missed. */
  onEvent: visitorProcedure
    .input(z.object({ lastEventId: z.string().max(200).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const [id, event] of watchWidget(ctx, { lastEventId: input?.lastEventId, signal })) {
        yield tracked(id, event);
      }
    }),

  /** The visitor started or stopped typing (throttled on the server). */
  typing: visitorProcedure
    .input(z.object({ isTyping: z.boolean({ error: 'bot:validation.typing' }) }))
    .mutation(({ ctx, input }) => visitorTyping(ctx, input)),

  /** The host page's `identify`: name and e-mail (null clears), traits added to the stored ones. */
  identify: visitorProcedure
    .input(
      z.object({
        name: z
          .string({ error: 'bot:validation.name' })
          .trim()
          .max(200, 'bot:validation.nameTooLong')
          .transform((value) => value || null)
          .nullish(),
        email: z.union([z.literal('').transform(() => null), ZEmail], { error: 'bot:validation.email' }).nullish(),
        traits: ZContextRecord('trait').optional(),
      }),
    )
    .mutation(({ ctx, input }) => identifyVisitor(ctx, input)),

  /** The host page's `setContext` (page, product…): replaces the context of the visitor and current conversation. */
  setContext: visitorProcedure
    .input(z.object({ context: ZContextRecord('context') }))
    .mutation(({ ctx, input }) => setVisitorContext(ctx, input)),

  /**
   * "Delete my history" and the host page's `Parley('forget')`: erases the visitor and everything of theirs;
   * the token stops resolving, and the widget starts afresh with a new one.
   */
  forget: visitorProcedure.mutation(async ({ ctx }) => {
    const result = await forgetWidgetVisitor(ctx);
    ctx.visitorSessions.forget();
    return result;
  }),

  /** Thumbs up or down on one of the bot's answers (null clears it); a thumbs-down records a knowledge gap. */
  rate: visitorProcedure
    .input(
      z.object({
        messageId: ZMessageId,
        feedback: z.enum(['up', 'down'], { error: 'bot:validation.feedback' }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => rateWidgetMessage(ctx, input)),

  /** The end-of-chat rating, 1 to 5 stars, with an optional comment. */
  rateConversation: visitorProcedure
    .input(
      z.object({
        rating: z
          .number({ error: 'bot:validation.stars' })
          .int('bot:validation.stars')
          .min(1, 'bot:validation.stars')
          .max(5, 'bot:validation.stars'),
        comment: z
          .string({ error: 'bot:validation.comment' })
          .trim()
          .max(2000, 'bot:validation.commentTooLong')
          .nullish(),
      }),
    )
    .mutation(({ ctx, input }) => rateConversation(ctx, input)),

  /** "Talk to a person": the conversation waits for the team. */
  requestHuman: visitorProcedure.input(z.object({}).optional()).mutation(({ ctx }) => requestHuman(ctx)),

  /** After "nobody is online": where the team's reply (and a copy of the chat, if asked) should be e-mailed. */
  leaveEmail: visitorProcedure
    .input(
      z.object({
        email: z
          .string({ error: 'bot:validation.replyEmail' })
          .trim()
          .toLowerCase()
          .max(320, 'bot:validation.replyEmailTooLong')
          .pipe(z.email({ error: 'bot:validation.replyEmailInvalid' })),
        wantsTranscript: z.boolean({ error: 'bot:validation.wantsTranscript' }).default(false),
      }),
    )
    .mutation(({ ctx, input }) => leaveReplyEmail(ctx, input)),

  /** Ends the current conversation; the next message starts a new one. */
  reset: visitorProcedure.input(z.object({}).optional()).mutation(({ ctx }) => resetConversation(ctx)),

  /** The visitor has seen the conversation. */
  markRead: visitorProcedure.input(z.object({}).optional()).mutation(({ ctx }) => markConversationRead(ctx)),
});
