import { AppError } from '../errors';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { TApiScope } from '../../shared/api-scopes';
import { authenticateApiKey, recordKeyUse } from '../services/developer/api-keys';
import { consumeKeyCall } from '../services/developer/key-limits';
import { hasRole, WORKSPACE_NOT_FOUND, type TWorkspaceRole } from '../services/workspaces/workspaces';
import type { Context, SessionUser } from './context';
import type { TMeta } from './init';
import { checkMembership } from './subscription-guards';

/** Who a key call runs as, and which key made it. */
export type TKeyPrincipal = { user: SessionUser; key: { id: string; name: string; scopes: string[] } };

/**
 * A workspace API key as the caller of a workspace procedure. The key
 * must be live, belong to the workspace in the input (anything else is
 * "not found", as for a member of another workspace), carry the scope the
 * procedure declares (`meta.apiScope`; procedures without one refuse keys),
 * and fit the key's call rate. It then acts with the rights of the member
 * who created it — who must still be an admin or owner there — and never
 * above admin, so owner-only procedures refuse keys.
 */
export async function resolveKeyPrincipal(
  ctx: Context,
  target: { workspaceId: string; minRole: TWorkspaceRole; meta: TMeta | undefined },
): Promise<TKeyPrincipal> {
  const key = await authenticateApiKey(ctx.db, ctx.apiKey!);
  if (key.workspaceId !== target.workspaceId) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  const scope: TApiScope | undefined = target.meta?.apiScope;
  if (!scope) {
    throw new AppError('FORBIDDEN', 'common:errors.apiKeyNotAllowed');
  }
  if (!key.scopes.includes(scope)) {
    throw new AppError('FORBIDDEN', { key: 'common:errors.apiKeyScope', values: { scope } });
  }
  if (!hasRole('admin', target.minRole)) {
    throw new AppError('FORBIDDEN', 'common:errors.apiKeyNotOwner');
  }
  const membership = await checkMembership(ctx.db, {
    workspaceId: key.workspaceId,
    userId: key.createdByUserId,
    minRole: 'agent',
  }).catch(() => null);
  if (!membership || !hasRole(membership.role, 'admin')) {
    throw new AppError('FORBIDDEN', 'common:errors.apiKeyCreatorGone');
  }
  await consumeKeyCall(ctx.database, { keyId: key.id, points: ctx.env.API_KEY_RATE_LIMIT, setHeader: ctx.setHeader });
  await recordKeyUse(ctx.db, key, ctx.ip);
  const [creator] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, key.createdByUserId));
  return {
    user: { ...creator!, isAdmin: false, emailVerified: true },
    key: { id: key.id, name: key.name, scopes: key.scopes },
  };
}
