import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { auditLog, invitations, mails, memberships, sessions, users, workspaces } from '../../../db/schema';
import { AppError } from '../../errors';
import type { TMessage } from '../../../shared/i18n/server';
import { findUser, type TSignedInContext } from '../account/account-context';
import { assertCurrentPassword } from '../account/password-reset';
import { recordAudit } from '../audit';

/** An account without a password proves itself by a sign-in this recent (OAuth, a sign-in link). */
export const FRESH_SIGN_IN_MS = 10 * 60_000;

const refuse = (field: string, message: TMessage) => new AppError('BAD_REQUEST', message, { [field]: [message] });

/**
 * The workspaces the account owns alone: those without other members go
 * with the account; one with other members blocks the deletion until the
 * owner hands it over (or deletes it), so a team is never left ownerless.
 */
async function ownedWorkspaces(tx: Db, userId: string) {
  const rows = await tx
    .select({
      id: workspaces.id,
      name: workspaces.name,
      others: sql<number>`(select count(*)::int from ${memberships} m where m.workspace_id = ${workspaces.id} and m.user_id <> ${userId})`,
      otherOwners: sql<number>`(select count(*)::int from ${memberships} m where m.workspace_id = ${workspaces.id} and m.user_id <> ${userId} and m.role = 'owner')`,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'owner')));
  const blocking = rows.filter((row) => row.otherOwners === 0 && row.others > 0);
  const alone = rows.filter((row) => row.others === 0);
  return { blocking, alone };
}

/**
 * "Delete my account": after re-authentication (the password, or for an
 * account without one a sign-in in the last few minutes) and the typed
 * e-mail address. Goes with it: every session (their sockets close by the
 * sessions trigger), memberships, sign-in links and providers, the
 * workspaces it alone belonged to (with everything in them), mails to it,
 * invitations to its address. Audit entries stay but no longer name it.
 * Afterwards the e-mail address is free to register again.
 */
export async function deleteAccount(ctx: TSignedInContext, input: { password?: string; confirmEmail: string }) {
  const user = await findUser(ctx.db, ctx.user.id);
  if (input.confirmEmail.trim().toLowerCase() !== user.email) {
    throw refuse('confirmEmail', { key: 'settings:errors.confirmEmail', values: { email: user.email } });
  }
  if (user.passwordHash) {
    await assertCurrentPassword(ctx, user, input.password ?? '', 'password');
  } else {
    const [session] = await ctx.db
      .select({ createdAt: sessions.createdAt })
      .from(sessions)
      .where(eq(sessions.id, ctx.session.id));
    if (!session || Date.now() - session.createdAt.getTime() > FRESH_SIGN_IN_MS) {
      throw refuse('password', 'settings:errors.signInAgain');
    }
  }
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
    const { blocking, alone } = await ownedWorkspaces(tx, user.id);
    if (blocking.length > 0) {
      throw new AppError('CONFLICT', {
        key: 'settings:errors.onlyOwner',
        values: { count: blocking.length, names: blocking.map((w) => w.name) },
      });
    }
    if (alone.length > 0) {
      await tx.delete(workspaces).where(
        inArray(
          workspaces.id,
          alone.map((w) => w.id),
        ),
      );
    }
    await tx.delete(mails).where(eq(sql`lower(${mails.to})`, user.email));
    await tx.delete(invitations).where(and(eq(sql`lower(${invitations.email})`, user.email)));
    // Who did what stays; who it was does not.
    await tx
      .update(auditLog)
      .set({ actorUserId: null, actorLabel: 'a deleted account' })
      .where(eq(auditLog.actorUserId, user.id));
    await tx
      .update(auditLog)
      .set({ targetId: null, targetLabel: null })
      .where(or(eq(auditLog.targetId, user.id), eq(sql`lower(${auditLog.targetLabel})`, user.email)));
    await tx.execute(sql`delete from event_payloads where strpos(payload::text, ${user.id}) > 0`);
    await tx.delete(users).where(eq(users.id, user.id));
    await recordAudit(tx, {
      actor: { kind: 'system' },
      action: 'account.deleted',
      target: null,
      details: { by: 'the account holder', workspacesDeleted: alone.length },
    });
    return { workspacesDeleted: alone.length };
  });
}

/** For the settings page: what deleting would do, so it can say so before asking. */
export async function accountDeletionPreview(ctx: { db: Db; user: { id: string } }) {
  const { blocking, alone } = await ownedWorkspaces(ctx.db, ctx.user.id);
  const [me] = await ctx.db
    .select({ hasPassword: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(eq(users.id, ctx.user.id));
  return {
    hasPassword: me?.hasPassword ?? false,
    blocking: blocking.map((w) => ({ id: w.id, name: w.name })),
    deletedWithIt: alone.map((w) => ({ id: w.id, name: w.name })),
  };
}
