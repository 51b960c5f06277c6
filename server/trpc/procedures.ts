import { AppError } from '../errors';
import { z } from 'zod';
import type { TWorkspaceRole } from '../services/workspaces/workspaces';
import { CROSS_SITE_KEY, isCrossSiteRequest } from '../services/account/csrf';
import { errorMapping, t } from './init';
import { resolveKeyPrincipal } from './api-key-principal';
import { checkMembership, limitSubscriptions, watchMembership } from './subscription-guards';

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
    throw new AppError('FORBIDDEN', CROSS_SITE_KEY);
  }
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(refuseCrossSite).use(limitSubscriptions);

/** A signed-in account holder. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('UNAUTHORIZED', 'common:errors.loginRequired');
  return next({ ctx: { user: ctx.user } });
});

export type WorkspaceRole = TWorkspaceRole;

/**
 * A member of the workspace named in the input, holding at least `minRole`;
 * puts `ctx.workspace = { id, role }` in the context. Anyone else is told the
 * workspace does not exist, so ids from other workspaces reveal nothing.
 * A subscription keeps checking: it ends when the caller leaves the
 * workspace or loses the role (see watchMembership).
 * A workspace API key is accepted instead of a session when the procedure
 * declares `meta.apiScope` (see resolveKeyPrincipal); `ctx.apiKeyPrincipal`
 * then names the key.
 * Tagged `scope: 'workspace'` so the isolation test finds every such procedure.
 */
export const workspaceProcedure = (minRole: WorkspaceRole = 'agent') =>
  publicProcedure
    .meta({ scope: 'workspace', minRole })
    .input(z.object({ workspaceId: z.string({ error: 'common:errors.chooseWorkspace' }) }))
    .use(async ({ ctx, input, type, signal, meta, next }) => {
      const principal = ctx.user
        ? { user: ctx.user, key: null }
        : ctx.apiKey
          ? await resolveKeyPrincipal(ctx, { workspaceId: input.workspaceId, minRole, meta })
          : null;
      if (!principal) throw new AppError('UNAUTHORIZED', 'common:errors.loginRequired');
      const { user, key } = principal;
      const target = { workspaceId: input.workspaceId, userId: user.id, minRole: key ? 'agent' : minRole };
      const membership = await checkMembership(ctx.db, target);
      const workspace = { id: membership.workspaceId, role: key ? ('admin' as const) : membership.role };
      const extra = { user, workspace, apiKeyPrincipal: key };
      if (type !== 'subscription') return next({ ctx: extra });
      const guard = watchMembership(ctx, target, signal);
      return guard.relay(await next({ ctx: { ...extra, bus: guard.bus } }));
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

/**
 * A platform admin: an address in ADMIN_EMAILS or an account another admin
 * granted the flag. Tagged `scope: 'admin'` so admin.test.ts finds every such
 * procedure itself and proves everyone else is refused.
 */
export const adminProcedure = protectedProcedure.meta({ scope: 'admin' }).use(({ ctx, next }) => {
  if (!ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'common:errors.adminsOnly');
  return next();
});
