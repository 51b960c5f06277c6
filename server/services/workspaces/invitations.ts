import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { invitations, memberships, users, workspaces } from '../../../db/schema';
import { appUrl, type TEnv } from '../../env';
import { AppError } from '../../errors';
import { recordMemberAudit } from '../audit';
import type { JobQueue } from '../../jobs/queue';
import { queueMail } from '../mail/send';
import { hasRole, type TMemberCtx, type TUserCtx, type TWorkspaceRole } from './workspaces';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const INVALID_LINK = 'settings:errors.invitationInvalid';
const EXPIRED = 'settings:errors.invitationExpired';
const ANSWERED = 'settings:errors.invitationAnswered';

type TMailCtx = { jobs: JobQueue; env: TEnv };

export type TInvitationState = 'pending' | 'expired' | 'accepted' | 'declined';

/** 256 bits from the CSPRNG; only its SHA-256 is stored, so the table alone opens no invitation. */
const newToken = () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
export const hashInvitationToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

const stateOf = (
  invitation: { acceptedAt: Date | null; declinedAt: Date | null; expiresAt: Date },
  now = new Date(),
) =>
  invitation.acceptedAt
    ? ('accepted' as const)
    : invitation.declinedAt
      ? ('declined' as const)
      : invitation.expiresAt <= now
        ? ('expired' as const)
        : ('pending' as const);

const INVITATION_BODY = {
  owner: 'mail:invitation.body.owner',
  admin: 'mail:invitation.body.admin',
  agent: 'mail:invitation.body.agent',
} as const satisfies Record<TWorkspaceRole, string>;

const isPending = and(isNull(invitations.acceptedAt), isNull(invitations.declinedAt));

export async function inviteMember(ctx: TMemberCtx & TMailCtx, input: { email: string; role: TWorkspaceRole }) {
  if (input.role === 'owner' && !hasRole(ctx.workspace.role, 'owner')) {
    throw new AppError('FORBIDDEN', 'settings:errors.ownerInviteOnly', { role: ['settings:errors.ownerInviteOnly'] });
  }
  const token = newToken();
  const created = await ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(users.email, input.email)));
    if (member) {
      const message = { key: 'settings:errors.alreadyMember', values: { email: input.email } };
      throw new AppError('CONFLICT', message, { email: [message] });
    }
    // One open invitation per address: a new one replaces it (and its link stops working).
    await tx
      .delete(invitations)
      .where(and(eq(invitations.workspaceId, ctx.workspace.id), eq(invitations.email, input.email), isPending));
    const [invitation] = await tx
      .insert(invitations)
      .values({
        workspaceId: ctx.workspace.id,
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedById: ctx.user.id,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    const [workspace] = await tx
      .select({ name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.workspace.id));
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.user.id));
    await recordMemberAudit(tx, ctx, {
      action: 'member.invited',
      target: { type: 'invitation', id: invitation!.id, label: input.email },
      details: { role: input.role },
    });
    return {
      invitation: invitation!,
      workspaceName: workspace?.name ?? '',
      inviterName: inviter?.name || ctx.user.email,
    };
  });

  // After commit: the mail job runs on its own connection and must see the invitation.
  // In the invitee's language if they have an account, else in the inviter's (the request's).
  const names = { inviter: created.inviterName, workspace: created.workspaceName };
  await queueMail(ctx, {
    to: input.email,
    subject: { key: 'mail:invitation.subject', values: names },
    heading: { key: 'mail:invitation.heading', values: names },
    paragraphs: [
      { key: INVITATION_BODY[input.role], values: names },
      { key: 'mail:invitation.accept', values: { email: input.email } },
    ],
    action: { label: 'mail:invitation.action', url: `${appUrl(ctx.env)}/invitations/${token}` },
    footer: 'mail:invitation.footer',
    // The local outbox drops the body (and its link) when the invitation expires.
    linksExpireAt: created.invitation.expiresAt,
  });
  const { invitation } = created;
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
}

/** Invitations not yet answered, expired ones included so they can be sent again. */
export async function listInvitations(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedByName: users.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      declinedAt: invitations.declinedAt,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedById))
    .where(and(eq(invitations.workspaceId, ctx.workspace.id), isPending))
    .orderBy(asc(invitations.createdAt));
  const now = new Date();
  return rows.map(({ acceptedAt: _accepted, declinedAt: _declined, ...row }) => ({
    ...row,
    isExpired: row.expiresAt <= now,
  }));
}

export async function revokeInvitation(ctx: TMemberCtx, input: { invitationId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(invitations)
      .where(and(eq(invitations.id, input.invitationId), eq(invitations.workspaceId, ctx.workspace.id), isPending))
      .returning({ id: invitations.id, email: invitations.email });
    if (!deleted) throw new AppError('NOT_FOUND', 'settings:errors.invitationNotFound');
    await recordMemberAudit(tx, ctx, {
      action: 'member.invitation_revoked',
      target: { type: 'invitation', id: deleted.id, label: deleted.email },
    });
    return { id: deleted.id };
  });
}

const findByToken = async (db: Db, token: string) => {
  const [row] = await db
    .select({
      invitation: invitations,
      workspaceName: workspaces.name,
      inviterName: users.name,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedById))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  if (!row) throw new AppError('NOT_FOUND', INVALID_LINK);
  return row;
};

/** What the invitation page shows before anyone signs in; the token itself is the credential. */
export async function getInvitation(ctx: { db: Db }, input: { token: string }) {
  const { invitation, workspaceName, inviterName } = await findByToken(ctx.db, input.token);
  return {
    workspaceName,
    inviterName,
    role: invitation.role,
    email: invitation.email,
    state: stateOf(invitation),
    expiresAt: invitation.expiresAt,
  };
}

/**
 * A link can be forwarded, so only the invited address may answer, and only
 * once it is verified: otherwise anyone could sign up with someone else's
 * address and walk in. Read from the database, not the session, so a change
 * of address or a fresh verification counts at once.
 */
const assertInvitee = async (ctx: TUserCtx, invitationEmail: string) => {
  const [user] = await ctx.db
    .select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, ctx.user.id));
  if (!user || user.email.toLowerCase() !== invitationEmail.toLowerCase()) {
    throw new AppError('FORBIDDEN', {
      key: 'settings:errors.invitationOtherAddress',
      values: { email: invitationEmail, current: ctx.user.email },
    });
  }
  if (!user.emailVerifiedAt) {
    throw new AppError('FORBIDDEN', {
      key: 'settings:errors.invitationVerifyFirst',
      values: { email: invitationEmail },
    });
  }
};

const assertAnswerable = (invitation: { acceptedAt: Date | null; declinedAt: Date | null; expiresAt: Date }) => {
  const state = stateOf(invitation);
  if (state === 'expired') throw new AppError('BAD_REQUEST', EXPIRED);
  if (state === 'accepted') throw new AppError('CONFLICT', 'settings:errors.invitationAccepted');
  if (state === 'declined') throw new AppError('CONFLICT', 'settings:errors.invitationDeclined');
};

export async function acceptInvitation(ctx: TUserCtx, input: { token: string }) {
  const { invitation, workspaceName } = await findByToken(ctx.db, input.token);
  await assertInvitee(ctx, invitation.email);
  assertAnswerable(invitation);
  return ctx.db.transaction(async (tx) => {
    // The conditional update makes the link single-use even when two tabs accept at once.
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isPending))
      .returning({ id: invitations.id });
    if (!claimed) throw new AppError('CONFLICT', ANSWERED);
    // Someone already in the workspace keeps the role they have.
    await tx
      .insert(memberships)
      .values({ workspaceId: invitation.workspaceId, userId: ctx.user.id, role: invitation.role })
      .onConflictDoNothing();
    const [membership] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, invitation.workspaceId), eq(memberships.userId, ctx.user.id)));
    await tx
      .update(users)
      .set({ lastWorkspaceId: invitation.workspaceId, updatedAt: new Date() })
      .where(eq(users.id, ctx.user.id));
    return { workspaceId: invitation.workspaceId, workspaceName, role: membership!.role };
  });
}

export async function declineInvitation(ctx: TUserCtx, input: { token: string }) {
  const { invitation, workspaceName } = await findByToken(ctx.db, input.token);
  await assertInvitee(ctx, invitation.email);
  assertAnswerable(invitation);
  const [declined] = await ctx.db
    .update(invitations)
    .set({ declinedAt: new Date() })
    .where(and(eq(invitations.id, invitation.id), isPending))
    .returning({ id: invitations.id });
  if (!declined) throw new AppError('CONFLICT', ANSWERED);
  return { workspaceName };
}
