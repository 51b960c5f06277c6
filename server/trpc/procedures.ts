import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { findMembership, hasRole, WORKSPACE_NOT_FOUND, type TWorkspaceRole } from '../services/workspaces';
import { CROSS_SITE_MESSAGE, isCrossSiteRequest } from '../services/auth/csrf';
import { errorMapping, t } from './init';

/**
 * The procedure ladder: the only thing routers import to build procedures.
 * Each rung adds one guarantee to the context of the one below it.
 */
export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * CSRF: a mutation sent by a browser from another site is refused before it
 * runs. Over HTTP every mutation is checked; for Remix (transport 'caller')
 * only non-GET requests, since e-mail links land on GET loaders that spend
 * their token (a cross-site navigation by design). The same check guards
 * every non-GET request that reaches Remix in server/http/server.ts.
 */
const refuseCrossSite = t.middleware(({ ctx, type, next }) => {
  const isChecked =
    type === 'mutation' &&
    (ctx.transport === 'http' || (ctx.transport === 'caller' && ctx.method !== 'GET' && ctx.method !== 'HEAD'));
  if (isChecked && isCrossSiteRequest(ctx.env, ctx.headers)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: CROSS_SITE_MESSAGE });
  }
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(refuseCrossSite);

/** A signed-in account holder. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please log in to continue.' });
  return next({ ctx: { user: ctx.user } });
});

export type WorkspaceRole = TWorkspaceRole;

// Checked by hand rather than by zod so a malformed id answers like any other
// workspace the caller cannot see, instead of revealing what ids look like.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A member of the workspace named in the input, holding at least `minRole`;
 * puts `ctx.workspace = { id, role }` in the context. Anyone else is told the
 * workspace does not exist, so ids from other workspaces reveal nothing.
 * Tagged `scope: 'workspace'` so the isolation test finds every such procedure.
 */
export const workspaceProcedure = (minRole: WorkspaceRole = 'agent') =>
  protectedProcedure
    .meta({ scope: 'workspace', minRole })
    .input(z.object({ workspaceId: z.string({ error: 'Choose a workspace.' }) }))
    .use(async ({ ctx, input, next }) => {
      const membership = UUID.test(input.workspaceId)
        ? await findMembership(ctx.db, { workspaceId: input.workspaceId, userId: ctx.user.id })
        : null;
      if (!membership) throw new TRPCError({ code: 'NOT_FOUND', message: WORKSPACE_NOT_FOUND });
      if (!hasRole(membership.role, minRole)) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `You need the ${minRole} role in this workspace to do that.`,
        });
      }
      return next({ ctx: { workspace: { id: membership.workspaceId, role: membership.role } } });
    });

/**
 * A widget visitor holding a token for one chatbot (sent once per WebSocket
 * in `connectionParams.visitorToken`); puts `ctx.visitor` and `ctx.chatbot`
 * in the context. A chatbot that is not live answers only visitors whose
 * token carries an unexpired preview grant.
 */
export const visitorProcedure = publicProcedure.use(async ({ ctx, next }) => {
  // An AppError here (no token, a bad one, a chatbot gone offline) becomes its TRPCError in errorMapping.
  const session = await ctx.visitorSessions.get(ctx.db, ctx.visitorToken);
  return next({ ctx: { visitor: session.visitor, chatbot: session.chatbot } });
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
