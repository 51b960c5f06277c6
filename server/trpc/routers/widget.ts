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
const ZContextRecord = (what: string) =>
  z
    .record(
      z.string().min(1, `Name every ${what} entry.`).max(64, `Keep ${what} names to 64 characters or fewer.`),
      z.union(
        [
          z.string().max(1000, `Keep each ${what} value to 1,000 characters or fewer.`),
          z.number().refine(Number.isFinite, `Send ${what} numbers as ordinary numbers.`),
          z.boolean(),
          z.null(),
        ],
        { error: `Send each ${what} value as text, a number, true/false or null.` },
      ),
      { error: `Send the ${what} as an object of names and values.` },
    )
    .refine((record) => Object.keys(record).length <= MAX_CONTEXT_KEYS, {
      error: `Send at most ${MAX_CONTEXT_KEYS} ${what} entries.`,
    });

const ZMessageId = z.string({ error: 'Choose a message.' }).max(100);

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
        publicKey: z.string({ error: 'Send the chatbot key.' }).max(100, 'This chatbot key is too long.'),
        hostOrigin: z.string({ error: 'Send the page origin as text.' }).max(2048).nullable(),
        preview: z.string().max(200).nullish(),
        visitorToken: z.string().max(200).nullish(),
        locale: z
          .string()
          .max(35)
          .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'Send the language as a tag like en-GB.')
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
            .regex(/^\d{1,15}$/, 'Send `before` as it came in `nextBefore`.')
            .nullish(),
          limit: z
            .number({ error: 'Ask for a number of messages.' })
            .int('Ask for a whole number of messages.')
            .min(1, 'Ask for at least one message.')
            .max(50, 'Ask for at most 50 messages at a time.')
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
    .input(z.object({ isTyping: z.boolean({ error: 'Say whether the visitor is typing.' }) }))
    .mutation(({ ctx, input }) => visitorTyping(ctx, input)),

  /** The host page's `identify`: name and e-mail (null clears), traits added to the stored ones. */
  identify: visitorProcedure
    .input(
      z.object({
        name: z
          .string({ error: 'Send the name as text.' })
          .trim()
          .max(200, 'Keep the name to 200 characters or fewer.')
          .transform((value) => value || null)
          .nullish(),
        email: z
          .union([z.literal('').transform(() => null), ZEmail], { error: 'Enter a valid e-mail address.' })
          .nullish(),
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
        feedback: z.enum(['up', 'down'], { error: 'Rate the answer up or down.' }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => rateWidgetMessage(ctx, input)),

  /** The end-of-chat rating, 1 to 5 stars, with an optional comment. */
  rateConversation: visitorProcedure
    .input(
      z.object({
        rating: z
          .number({ error: 'Choose from 1 to 5 stars.' })
          .int('Choose from 1 to 5 stars.')
          .min(1, 'Choose from 1 to 5 stars.')
          .max(5, 'Choose from 1 to 5 stars.'),
        comment: z
          .string({ error: 'Write the comment as text.' })
          .trim()
          .max(2000, 'Keep the comment to 2,000 characters or fewer.')
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
          .string({ error: 'Enter your e-mail address.' })
          .trim()
          .toLowerCase()
          .max(320, 'That e-mail address is too long.')
          .pipe(z.email({ error: 'Enter an e-mail address like name@example.com.' })),
        wantsTranscript: z.boolean({ error: 'Say whether you want a copy of the conversation.' }).default(false),
      }),
    )
    .mutation(({ ctx, input }) => leaveReplyEmail(ctx, input)),

  /** Ends the current conversation; the next message starts a new one. */
  reset: visitorProcedure.input(z.object({}).optional()).mutation(({ ctx }) => resetConversation(ctx)),

  /** The visitor has seen the conversation. */
  markRead: visitorProcedure.input(z.object({}).optional()).mutation(({ ctx }) => markConversationRead(ctx)),
});
