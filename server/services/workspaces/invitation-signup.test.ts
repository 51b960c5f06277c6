import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, invitations, memberships, users } from '../../../db/schema';
import { TEST_PASSWORD } from '../../../tests/factories/users';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { cookieJar, tokenFromCookies, tokenFromMail } from '../../../tests/helpers/session';

let h: TTestApp;
beforeAll(async () => {
  h = await createTestApp({ env: { APP_URL: 'http://parley.test' } });
});
afterAll(() => h.close());

/** An admin of a team invites `email`; returns the team and the invitation link's token. */
const invite = async (email: string, role: 'agent' | 'admin' = 'agent') => {
  const team = await createTestTeam(h.db, { name: 'Acme Support' });
  await (await h.as(team.owner)).workspace.invite({ workspaceId: team.workspace.id, email, role });
  const match = /\/invitations\/([a-z2-7]+)/.exec((await h.mail.last(email))?.text ?? '');
  if (!match) throw new Error(`no invitation mail to ${email}`);
  return { team, token: match[1]! };
};

/** Sign-up (with the invitation link's token, if any), then the confirmation link in the same browser. */
const signUpAndConfirm = async (email: string, invitationToken?: string) => {
  const { caller, cookies } = await h.request();
  await caller.account.register({ name: 'Ivy Invitee', email, password: TEST_PASSWORD, invitationToken });
  const token = tokenFromMail(await h.mail.last(email), '/verify-email');
  const confirmed = await h.request({ cookies: cookieJar(cookies) });
  await confirmed.caller.account.verifyEmail({ token });
  return tokenFromCookies(confirmed.cookies)!;
};

const membershipsOf = async (email: string) => {
  const [user] = await h.db.select().from(users).where(eq(users.email, email));
  const rows = await h.db.select().from(memberships).where(eq(memberships.userId, user!.id));
  return { user: user!, rows };
};

describe('signing up from an invitation link', () => {
  it('lands the confirmed invitee in the inviting workspace with the invited role, and no empty one', async () => {
    const email = 'ivy@example.test';
    const { team, token } = await invite(email, 'admin');
    const before = await membershipsOf(email).catch(() => null);
    expect(before).toBeNull();

    const session = await signUpAndConfirm(email, token);
    const { user, rows } = await membershipsOf(email);
    expect(rows).toEqual([expect.objectContaining({ workspaceId: team.workspace.id, role: 'admin' })]);
    expect(user.lastWorkspaceId).toBe(team.workspace.id);
    const caller = (await h.request({ token: session })).caller;
    expect(await caller.workspace.current()).toMatchObject({ id: team.workspace.id, role: 'admin' });
    const [invitation] = await h.db.select().from(invitations).where(eq(invitations.email, email));
    expect(invitation!.acceptedAt).toBeInstanceOf(Date);
    const audit = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invitation.accepted'), eq(auditLog.workspaceId, team.workspace.id)));
    expect(audit).toHaveLength(1);
  });

  it('joins nothing before the address is confirmed', async () => {
    const email = 'unconfirmed@example.test';
    const { token } = await invite(email);
    await (
      await h.request()
    ).caller.account.register({
      name: 'Una',
      email,
      password: TEST_PASSWORD,
      invitationToken: token,
    });
    expect((await membershipsOf(email)).rows).toEqual([]);
  });

  it('ignores a link for another address, or one revoked before confirming: a workspace of its own, or none', async () => {
    const { token } = await invite('someone-else@example.test');
    await signUpAndConfirm('intruder@example.test', token);
    const intruder = await membershipsOf('intruder@example.test');
    expect(intruder.rows).toEqual([expect.objectContaining({ role: 'owner' })]);

    const email = 'late@example.test';
    const { team, token: lateToken } = await invite(email);
    const { caller, cookies } = await h.request();
    await caller.account.register({ name: 'Late', email, password: TEST_PASSWORD, invitationToken: lateToken });
    await h.db.delete(invitations).where(eq(invitations.workspaceId, team.workspace.id));
    const confirm = await h.request({ cookies: cookieJar(cookies) });
    await confirm.caller.account.verifyEmail({ token: tokenFromMail(await h.mail.last(email), '/verify-email') });
    // No workspace at all: the app then offers to create one (/app/new).
    expect((await membershipsOf(email)).rows).toEqual([]);
  });
});
