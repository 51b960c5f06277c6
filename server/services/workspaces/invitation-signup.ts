import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { invitations, memberships, users } from '../../../db/schema';
import { recordAudit } from '../audit';
import { hashInvitationToken } from './invitations';

const isOpen = () =>
  and(isNull(invitations.acceptedAt), isNull(invitations.declinedAt), gt(invitations.expiresAt, new Date()));

/**
 * The invitation a sign-up came from, when it is still open and addressed to
 * the address signing up; null otherwise (the sign-up then goes on as any
 * other, and says nothing about the invitation to whoever is typing).
 */
export async function openInvitationFor(db: Db, input: { token: string; email: string }) {
  const [invitation] = await db
    .select({ id: invitations.id, workspaceId: invitations.workspaceId })
    .from(invitations)
    .where(
      and(eq(invitations.tokenHash, hashInvitationToken(input.token)), eq(invitations.email, input.email), isOpen()),
    );
  return invitation ?? null;
}

/** Ties the invitation to the account made from its link, for `acceptSignupInvitation` to honour. */
export async function linkSignupInvitation(tx: Db, input: { invitationId: string; userId: string }) {
  await tx.update(invitations).set({ signupUserId: input.userId }).where(eq(invitations.id, input.invitationId));
}

/**
 * On the first confirmation of an account made from an invitation link: the
 * invitation is accepted with its role and its workspace becomes the one the
 * account opens. Only the invitation the sign-up came from, only while it is
 * open and still for the confirmed address (the confirmation proves that
 * address). Run it in the confirming transaction.
 */
export async function acceptSignupInvitation(tx: Db, user: { id: string; email: string }) {
  const accepted = await tx
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(and(eq(invitations.signupUserId, user.id), eq(invitations.email, user.email), isOpen()))
    .returning();
  for (const invitation of accepted) {
    await tx
      .insert(memberships)
      .values({ workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role })
      .onConflictDoNothing();
    await recordAudit(tx, {
      actor: { kind: 'user', id: user.id, email: user.email },
      action: 'invitation.accepted',
      workspaceId: invitation.workspaceId,
      target: { type: 'invitation', id: invitation.id, label: user.email },
      details: { role: invitation.role, via: 'sign-up' },
    });
  }
  const [first] = accepted;
  if (!first) return null;
  await tx
    .update(users)
    .set({ lastWorkspaceId: first.workspaceId, updatedAt: new Date() })
    .where(eq(users.id, user.id));
  return { workspaceId: first.workspaceId, role: first.role };
}
