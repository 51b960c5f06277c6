import { eq, inArray, or, and, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { users } from '../../../db/schema';
import { AppError } from '../../errors';
import type { TEnv } from '../../env';
import { auditAdmin, type TAdminContext } from './context';

/** An admin by address (ADMIN_EMAILS, set by whoever runs the installation) or by the flag other admins grant. */
export const isPlatformAdmin = (env: TEnv, user: { email: string; isPlatformAdmin: boolean }) =>
  user.isPlatformAdmin || env.ADMIN_EMAILS.includes(user.email);

/** Active admins other than `userId`: the ones who could still run the installation. */
async function otherAdmins(db: Db, env: TEnv, userId: string) {
  const byFlagOrAddress = env.ADMIN_EMAILS.length
    ? or(eq(users.isPlatformAdmin, true), inArray(users.email, env.ADMIN_EMAILS))
    : eq(users.isPlatformAdmin, true);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(and(byFlagOrAddress, ne(users.id, userId), isNull(users.suspendedAt)));
  return row?.count ?? 0;
}

/** Grants or takes back the admin flag. Nobody can leave the installation without an admin. */
export async function setPlatformAdmin(ctx: TAdminContext, input: { userId: string; isAdmin: boolean }) {
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw new AppError('NOT_FOUND', 'admin:errors.userGone');
    if (!input.isAdmin && ctx.env.ADMIN_EMAILS.includes(user.email)) {
      throw new AppError('BAD_REQUEST', { key: 'admin:errors.adminByAddress', values: { email: user.email } });
    }
    if (!input.isAdmin && (await otherAdmins(tx, ctx.env, user.id)) === 0) {
      throw new AppError('BAD_REQUEST', 'admin:errors.lastAdmin');
    }
    await tx.update(users).set({ isPlatformAdmin: input.isAdmin, updatedAt: new Date() }).where(eq(users.id, user.id));
    await auditAdmin(ctx, tx, {
      action: input.isAdmin ? 'admin.admin_granted' : 'admin.admin_revoked',
      target: { type: 'user', id: user.id, label: user.email },
    });
    return { userId: user.id, isAdmin: input.isAdmin || ctx.env.ADMIN_EMAILS.includes(user.email) };
  });
}
