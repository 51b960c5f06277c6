import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { translateMessage } from '../../../shared/i18n/server';
import { PASSWORD_MAX_LENGTH } from '../../../shared/password-strength';
import * as account from '../../services/account/account';
import { clearedSessionCookie, sessionCookie } from '../../services/account/cookies';
import { clearedSignUpCookie, deviceCookie } from '../../services/account/proof-cookies';
import { invalidateSession } from '../../services/account/sessions';
import type { Context } from '../context';
import { protectedProcedure, publicProcedure, router } from '../procedures';
import { ZEmail } from '../schemas';

const ZPassword = z
  .string({ error: 'auth:validation.passwordRequired' })
  .min(1, 'auth:validation.passwordRequired')
  .max(PASSWORD_MAX_LENGTH, 'auth:validation.tooLong');

const ZName = z
  .string({ error: 'auth:validation.nameRequired' })
  .trim()
  .min(1, 'auth:validation.nameRequired')
  .max(100, 'auth:validation.tooLong');

const ZToken = z
  .string({ error: account.LINK_INVALID })
  .trim()
  .min(1, account.LINK_INVALID)
  .max(200, account.LINK_INVALID)
  .regex(/^[a-z2-7]+$/, account.LINK_INVALID);

export const ZSignUp = z.object({
  name: ZName,
  email: ZEmail,
  password: ZPassword,
  /** From the invitation link the sign-up started at; an invalid one is ignored like none. */
  invitationToken: z.string({ error: 'auth:validation.invitationIncomplete' }).max(200).optional(),
});
export const ZLogin = z.object({ email: ZEmail, password: ZPassword });
export const ZPreferences = z.object({
  theme: z.enum(['light', 'dark', 'system'], { error: 'auth:validation.theme' }).optional(),
  language: z.enum(['en', 'de', 'fr', 'es'], { error: 'auth:validation.language' }).optional(),
  notifications: z
    .object({
      emailOnHandoff: z.boolean({ error: 'auth:validation.onOff' }).optional(),
      browser: z.boolean({ error: 'auth:validation.onOff' }).optional(),
    })
    .optional(),
});

/**
 * Puts a fresh session in the cookie (log-in, a link, password reset), and
 * marks this browser as one that got into the account (see proof-cookies.ts).
 */
const startSession = (ctx: Context, result: { token: string; session: { expiresAt: Date; userId: string } }) => {
  ctx.setCookie(sessionCookie(ctx.env, result.token, result.session.expiresAt));
  ctx.setCookie(deviceCookie(ctx.env, result.session.userId));
  return { userId: result.session.userId };
};

/**
 * Links in mails that spend a token or log in open a page whose button
 * POSTs; the page's loader (a GET, which another site can trigger) must not
 * be able to call these. Over HTTP they are POSTs already (tRPC mutations).
 */
const linkProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.transport === 'caller' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
    throw new TRPCError({
      code: 'METHOD_NOT_SUPPORTED',
      message: translateMessage(ctx.locale, 'auth:errors.pressButton'),
    });
  }
  return next();
});

/** A signed-in user in a real session (the session id is needed to keep or end this one). */
const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: translateMessage(ctx.locale, 'common:errors.loginRequired') });
  }
  return next({ ctx: { session: ctx.session } });
});

export const accountRouter = router({
  /** The signed-in user with preferences, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? account.getMe({ ...ctx, user: ctx.user }) : null)),

  /** Never logs in; always "check your inbox" and a sign-up cookie (see the service for why). */
  register: publicProcedure.input(ZSignUp).mutation(async ({ ctx, input }) => {
    const { email, cookie } = await account.register(ctx, input);
    ctx.setCookie(cookie);
    return { email };
  }),

  /** Refuses an unconfirmed account (FORBIDDEN, with a sentence saying to confirm first). */
  login: publicProcedure.input(ZLogin).mutation(async ({ ctx, input }) => {
    const result = await account.login(ctx, input);
    // The session this browser held (if any) is replaced, not left behind.
    if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
    return startSession(ctx, result);
  }),

  /** Ends this session; harmless without one (the cookie is cleared either way). */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
    ctx.setCookie(clearedSessionCookie(ctx.env));
    return { ok: true as const };
  }),

  logoutEverywhere: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.user && ctx.session) await account.logoutEverywhere({ ...ctx, user: ctx.user, session: ctx.session });
    ctx.setCookie(clearedSessionCookie(ctx.env));
    return { ok: true as const };
  }),

  logoutOtherSessions: sessionProcedure.mutation(async ({ ctx }) => {
    await account.logoutOtherSessions(ctx);
    return { ok: true as const };
  }),

  sessions: sessionProcedure.query(({ ctx }) => account.listSessions(ctx)),

  revokeSession: sessionProcedure
    .input(
      z.object({
        sessionId: z.string({ error: 'auth:validation.session' }).regex(/^[0-9a-f]{16}$/, 'auth:validation.session'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await account.revokeSession(ctx, input);
      if (result.isCurrent) ctx.setCookie(clearedSessionCookie(ctx.env));
      return result;
    }),

  /** What the page the verification link opens shows; spends nothing. */
  verifyEmailStatus: publicProcedure
    .input(z.object({ token: ZToken }))
    .query(({ ctx, input }) => account.verifyEmailStatus(ctx, input)),

  /** The button on that page: verifies the address and logs its confirmer in (see the service for the password). */
  verifyEmail: linkProcedure
    .input(z.object({ token: ZToken, password: ZPassword.optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await account.verifyEmail(ctx, input);
      if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
      ctx.setCookie(clearedSignUpCookie(ctx.env));
      return { ...startSession(ctx, result), hasPassword: result.hasPassword };
    }),

  resendVerification: sessionProcedure.mutation(({ ctx }) => account.resendVerification(ctx)),

  /** "Send the link again" from the log-in page; same answer whether or not the address has an account. */
  requestVerificationLink: publicProcedure
    .input(z.object({ email: ZEmail }))
    .mutation(({ ctx, input }) => account.requestVerificationLink(ctx, input)),

  /** A one-time sign-in link by mail (the way past the account-wide log-in limit); same answer for any address. */
  requestSignInLink: publicProcedure
    .input(z.object({ email: ZEmail }))
    .mutation(({ ctx, input }) => account.requestSignInLink(ctx, input)),

  /** The button on the page the sign-in link opens. */
  signInWithLink: linkProcedure.input(z.object({ token: ZToken })).mutation(async ({ ctx, input }) => {
    const result = await account.signInWithLink(ctx, input);
    if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
    return startSession(ctx, result);
  }),

  /** Same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: ZEmail }))
    .mutation(({ ctx, input }) => account.requestPasswordReset(ctx, input)),

  /** Ends every session of the account and logs in afresh. */
  resetPassword: publicProcedure
    .input(z.object({ token: ZToken, password: ZPassword }))
    .mutation(async ({ ctx, input }) => startSession(ctx, await account.resetPassword(ctx, input))),

  /** Ends every other session; this one stays. */
  changePassword: sessionProcedure
    .input(z.object({ currentPassword: ZPassword, newPassword: ZPassword }))
    .mutation(async ({ ctx, input }) => {
      await account.changePassword(ctx, input);
      return { ok: true as const };
    }),

  /** Mails a link to the new address; the address changes only when it is opened. */
  requestEmailChange: sessionProcedure
    .input(z.object({ newEmail: ZEmail, password: ZPassword }))
    .mutation(({ ctx, input }) => account.requestEmailChange(ctx, input)),

  confirmEmailChange: linkProcedure
    .input(z.object({ token: ZToken }))
    .mutation(({ ctx, input }) => account.confirmEmailChange(ctx, input)),

  updateProfile: sessionProcedure
    .input(z.object({ name: ZName }))
    .mutation(({ ctx, input }) => account.updateProfile(ctx, input)),

  updatePreferences: sessionProcedure
    .input(ZPreferences)
    .mutation(({ ctx, input }) => account.updatePreferences(ctx, input)),
});
