import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { errorMapping, t } from './init';

/**
 * The procedure ladder: the only thing routers import to build procedures.
 * Each rung adds one guarantee to the context of the one below it.
 */
export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorMapping);

/** A signed-in account holder. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please log in to continue.' });
  return next({ ctx: { user: ctx.user } });
});

export type WorkspaceRole = 'agent' | 'admin' | 'owner';

/**
 * A member of the workspace named in the input, holding at least `minRole`.
 * Membership needs accounts and workspaces (the accounts issue); until they
 * exist no caller is signed in, so protectedProcedure refuses first.
 */
export const workspaceProcedure = (minRole: WorkspaceRole = 'agent') =>
  protectedProcedure.input(z.object({ workspaceId: z.string().min(1) })).use(() => {
    throw new TRPCError({ code: 'FORBIDDEN', message: `You need the ${minRole} role in this workspace.` });
  });

/** A widget visitor holding a token for one chatbot. */
export const visitorProcedure = publicProcedure.use(({ ctx }) => {
  // Visitor tokens are issued by the widget issue; until then none is valid.
  throw new TRPCError({
    code: 'UNAUTHORIZED',
    message: ctx.visitorToken
      ? 'This chat session is not valid. Reload the page to start again.'
      : 'This chat session has expired. Reload the page to start again.',
  });
});

/** A developer calling with a workspace API key. */
export const apiKeyProcedure = publicProcedure.use(({ ctx }) => {
  // API keys are issued by the developer-API issue; until then none is valid.
  throw new TRPCError({
    code: 'UNAUTHORIZED',
    message: ctx.apiKey
      ? 'This API key is not valid or has been revoked.'
      : 'Send a workspace API key as "Authorization: Bearer pk_…".',
  });
});

/** A platform admin (ADMIN_EMAILS). */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isAdmin) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only platform admins can do this.' });
  return next();
});
