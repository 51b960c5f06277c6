import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations, mails, memberships, usageDaily, users, workspaces } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import {
  addTestMember,
  createTestTeam,
  createTestUser,
  createTestWorkspace,
} from '../../../tests/factories/workspaces';
import { openedMail } from '../../../tests/helpers/mail';
import { createTestApp, failureOf, type TTestApp } from '../../../tests/helpers/app';
import { hashInvitationToken } from '../../services/workspaces/invitations';
import { fieldErrorsOf } from '../../../shared/field-errors';

let h: TTestApp;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(() => h.close());

const roleOf = async (workspaceId: string, userId: string) => {
  const [row] = await h.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row?.role ?? null;
};

const rowCounts = async () => {
  const [[w], [m], [i], [mail]] = await Promise.all([
    h.db.select({ n: count() }).from(workspaces),
    h.db.select({ n: count() }).from(memberships),
    h.db.select({ n: count() }).from(invitations),
    h.db.select({ n: count() }).from(mails),
  ]);
  return { workspaces: w!.n, memberships: m!.n, invitations: i!.n, mails: mail!.n };
};

/** The token from the newest invitation mail to `email`. */
const tokenMailedTo = async (email: string) => {
  const rows = await h.db.select().from(mails).where(eq(mails.to, email));
  const newest = rows.sort((a, b) => +b.createdAt - +a.createdAt || (b.id > a.id ? 1 : -1))[0];
  const match = (newest && openedMail(h.env, newest).text)?.match(/https:\/\/parley\.test\/invitations\/([a-z2-7]+)/);
  if (!match) throw new Error(`no invitation mail to ${email}`);
  return match[1]!;
};

describe('workspaces', () => {
  it('creates a workspace owned by its creator, which becomes current', async () => {
    const user = await createTestUser(h.db);
    const { workspace: other } = await createTestWorkspace(h.db, { owner: user, name: 'Older' });
    const me = await h.as(user);

    const created = await me.workspace.create({ name: '  Acme Client  ' });
    expect(created).toEqual({ id: expect.any(String), name: 'Acme Client', role: 'owner' });
    expect(await roleOf(created.id, user.id)).toBe('owner');
    expect(await me.workspace.current()).toEqual({
      id: created.id,
      name: 'Acme Client',
      role: 'owner',
      suspension: null,
    });
    expect(await me.workspace.list()).toEqual([
      { id: created.id, name: 'Acme Client', role: 'owner', memberCount: 1, isCurrent: true },
      { id: other.id, name: 'Older', role: 'owner', memberCount: 1, isCurrent: false },
    ]);
  });

  it('gets, renames and switches, remembering the switch', async () => {
    const { workspace, owner, admin, agent } = await createTestTeam(h.db, { name: 'Team' });
    const { workspace: own } = await createTestWorkspace(h.db, { owner: agent, name: 'Own' });

    expect(await (await h.as(agent)).workspace.get({ workspaceId: workspace.id })).toMatchObject({
      id: workspace.id,
      name: 'Team',
      role: 'agent',
      memberCount: 3,
    });
    expect(await (await h.as(admin)).workspace.rename({ workspaceId: workspace.id, name: 'Renamed' })).toEqual({
      id: workspace.id,
      name: 'Renamed',
    });
    const asAgent = await h.as(agent);
    await expect(asAgent.workspace.rename({ workspaceId: workspace.id, name: 'X' })).toFailWith({
      message: 'You need the admin role in this workspace to do that.',
    });

    await asAgent.workspace.switch({ workspaceId: own.id });
    expect((await asAgent.workspace.current())?.id).toBe(own.id);
    expect(await asAgent.workspace.switch({ workspaceId: workspace.id })).toEqual({
      id: workspace.id,
      name: 'Renamed',
      role: 'agent',
    });
    const [row] = await h.db.select({ last: users.lastWorkspaceId }).from(users).where(eq(users.id, agent.id));
    expect(row!.last).toBe(workspace.id);
    expect((await asAgent.workspace.current())?.id).toBe(workspace.id);
    expect((await (await h.as(owner)).workspace.list()).map((w) => w.id)).toEqual([workspace.id]);
  });

  it('has no current workspace for someone in none', async () => {
    const loner = await createTestUser(h.db);
    expect(await (await h.as(loner)).workspace.current()).toBeNull();
    expect(await (await h.as(loner)).workspace.list()).toEqual([]);
  });

  it('deletes only with the exact name typed, cascading, and current falls back', async () => {
    const { workspace, owner, admin, agent } = await createTestTeam(h.db, { name: 'Doomed Co' });
    const { workspace: fallback } = await createTestWorkspace(h.db, { owner: agent, name: 'Fallback' });
    const asOwner = await h.as(owner);
    await (await h.as(agent)).workspace.switch({ workspaceId: workspace.id });
    await asOwner.workspace.invite({ workspaceId: workspace.id, email: 'later@example.test', role: 'agent' });

    await expect(
      (await h.as(admin)).workspace.delete({ workspaceId: workspace.id, confirmName: 'Doomed Co' }),
    ).toFailWith({ code: 'FORBIDDEN' });
    const wrong = await failureOf(asOwner.workspace.delete({ workspaceId: workspace.id, confirmName: 'doomed co' }));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(wrong.cause)).toEqual({ confirmName: [expect.stringContaining('"Doomed Co"')] });
    expect(await roleOf(workspace.id, owner.id)).toBe('owner');

    expect(await asOwner.workspace.delete({ workspaceId: workspace.id, confirmName: 'Doomed Co' })).toEqual({
      id: workspace.id,
    });
    expect(await h.db.select().from(workspaces).where(eq(workspaces.id, workspace.id))).toEqual([]);
    expect(await h.db.select().from(memberships).where(eq(memberships.workspaceId, workspace.id))).toEqual([]);
    expect(await h.db.select().from(invitations).where(eq(invitations.workspaceId, workspace.id))).toEqual([]);
    expect((await (await h.as(agent)).workspace.current())?.id).toBe(fallback.id);
    expect(await asOwner.workspace.current()).toBeNull();
    await expect(asOwner.workspace.get({ workspaceId: workspace.id })).toFailWith({ code: 'NOT_FOUND' });
  });
});

describe('monthly message limit and usage', () => {
  /** A day of this month and one of last month, as usage_daily counts them (UTC). */
  const days = () => {
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 10);
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    return { thisMonth, lastMonth, next };
  };

  it('counts this month’s messages of every chatbot against the limit, warning near it and at it', async () => {
    const { workspace, owner, agent } = await createTestTeam(h.db, { name: 'Busy' });
    const { workspace: elsewhere } = await createTestWorkspace(h.db, { owner, name: 'Elsewhere' });
    const [one, two, foreign] = await Promise.all([
      createTestChatbot(h.db, { workspaceId: workspace.id, name: 'One' }),
      createTestChatbot(h.db, { workspaceId: workspace.id, name: 'Two' }),
      createTestChatbot(h.db, { workspaceId: elsewhere.id, name: 'Foreign' }),
    ]);
    const { thisMonth, lastMonth, next } = days();
    await h.db.insert(usageDaily).values([
      {
        workspaceId: workspace.id,
        chatbotId: one.id,
        day: thisMonth,
        messages: 50,
        aiAnswers: 28,
        tokensIn: 9000,
        tokensOut: 700,
      },
      {
        workspaceId: workspace.id,
        chatbotId: two.id,
        day: thisMonth,
        messages: 35,
        aiAnswers: 20,
        tokensIn: 1000,
        tokensOut: 300,
      },
      // Last month's and another workspace's messages do not count.
      { workspaceId: workspace.id, chatbotId: one.id, day: lastMonth, messages: 5000 },
      { workspaceId: elsewhere.id, chatbotId: foreign.id, day: thisMonth, messages: 5000 },
    ]);
    const asAgent = await h.as(agent);
    const workspaceId = workspace.id;
    expect(await asAgent.workspace.usage({ workspaceId })).toEqual({
      monthStart: thisMonth,
      resetsOn: next,
      messages: 85,
      aiAnswers: 48,
      tokensIn: 10_000,
      tokensOut: 1000,
      monthlyMessageLimit: 50_000,
      share: 85 / 50_000,
      status: 'ok',
    });

    const asOwner = await h.as(owner);
    expect(await asOwner.workspace.setMessageLimit({ workspaceId, monthlyMessageLimit: 100 })).toEqual({
      id: workspaceId,
      monthlyMessageLimit: 100,
    });
    expect(await asAgent.workspace.usage({ workspaceId })).toMatchObject({ share: 0.85, status: 'near' });
    // Typed as people type numbers in a form.
    await asOwner.workspace.setMessageLimit({ workspaceId, monthlyMessageLimit: ' 1,000 ' as never });
    expect(await asAgent.workspace.usage({ workspaceId })).toMatchObject({ monthlyMessageLimit: 1000, status: 'ok' });

    // At the limit the next message is taken instead of answered: the workspace is told so.
    await h.db
      .update(usageDaily)
      .set({ messages: 965 })
      .where(and(eq(usageDaily.chatbotId, one.id), eq(usageDaily.day, thisMonth)));
    expect(await asAgent.workspace.usage({ workspaceId })).toMatchObject({ messages: 1000, status: 'reached' });
    // The other workspace's limit is its own.
    expect(await asOwner.workspace.usage({ workspaceId: elsewhere.id })).toMatchObject({
      messages: 5000,
      monthlyMessageLimit: 50_000,
      status: 'ok',
    });
  });

  it('lets only owners change the limit, to a whole number in range, explained in sentences', async () => {
    const { workspace, admin, owner } = await createTestTeam(h.db, { name: 'Careful' });
    const workspaceId = workspace.id;
    const asAdmin = await h.as(admin);
    await expect(asAdmin.workspace.setMessageLimit({ workspaceId, monthlyMessageLimit: 1000 })).toFailWith({
      message: 'You need the owner role in this workspace to do that.',
    });
    const asOwner = await h.as(owner);
    const sentence = async (monthlyMessageLimit: unknown) => {
      const error = await failureOf(
        asOwner.workspace.setMessageLimit({ workspaceId, monthlyMessageLimit: monthlyMessageLimit as number }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      return fieldErrorsOf(error.cause)?.monthlyMessageLimit;
    };
    const wholeNumber = ['Enter the monthly message limit as a whole number, like 50000.'];
    expect(await sentence('')).toEqual(wholeNumber);
    expect(await sentence('lots')).toEqual(wholeNumber);
    expect(await sentence(undefined)).toEqual(wholeNumber);
    expect(await sentence('1500.5')).toEqual(['Enter a whole number of messages, without decimals.']);
    expect(await sentence(99)).toEqual(['Set the limit to at least 100 messages a month.']);
    expect(await sentence(-5)).toEqual(['Set the limit to at least 100 messages a month.']);
    expect(await sentence('20,000,000')).toEqual(['Keep the limit to 10,000,000 messages a month or fewer.']);
    const [row] = await h.db
      .select({ limit: workspaces.monthlyMessageLimit })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    expect(row!.limit).toBe(50_000);
  });
});

describe('members', () => {
  it('lists members, owners first, marking me', async () => {
    const { workspace, owner, admin, agent } = await createTestTeam(h.db);
    const members = await (await h.as(agent)).workspace.members({ workspaceId: workspace.id });
    expect(members.map((m) => [m.userId, m.role, m.isYou])).toEqual([
      [owner.id, 'owner', false],
      [admin.id, 'admin', false],
      [agent.id, 'agent', true],
    ]);
    expect(members[0]).toMatchObject({ name: owner.name, email: owner.email, joinedAt: expect.any(Date) });
  });

  it('lets owners set any role and admins only move others between agent and admin', async () => {
    const { workspace, owner, admin, agent } = await createTestTeam(h.db);
    const asAdmin = await h.as(admin);
    const asOwner = await h.as(owner);
    const workspaceId = workspace.id;

    expect(await asAdmin.workspace.changeRole({ workspaceId, userId: agent.id, role: 'admin' })).toEqual({
      userId: agent.id,
      role: 'admin',
    });
    await asAdmin.workspace.changeRole({ workspaceId, userId: agent.id, role: 'agent' });
    expect(await roleOf(workspaceId, agent.id)).toBe('agent');

    await expect(asAdmin.workspace.changeRole({ workspaceId, userId: agent.id, role: 'owner' })).toFailWith({
      code: 'FORBIDDEN',
    });
    await expect(asAdmin.workspace.changeRole({ workspaceId, userId: owner.id, role: 'agent' })).toFailWith({
      code: 'FORBIDDEN',
    });
    await expect(asAdmin.workspace.changeRole({ workspaceId, userId: admin.id, role: 'agent' })).toFailWith({
      code: 'FORBIDDEN',
    });
    await expect((await h.as(agent)).workspace.changeRole({ workspaceId, userId: agent.id, role: 'admin' })).toFailWith(
      { code: 'FORBIDDEN' },
    );

    // The last owner cannot step down; with a second owner either may.
    await expect(asOwner.workspace.changeRole({ workspaceId, userId: owner.id, role: 'admin' })).toFailWith({
      code: 'CONFLICT',
    });
    await asOwner.workspace.changeRole({ workspaceId, userId: admin.id, role: 'owner' });
    await asOwner.workspace.changeRole({ workspaceId, userId: owner.id, role: 'admin' });
    expect(await roleOf(workspaceId, owner.id)).toBe('admin');
    expect(await roleOf(workspaceId, admin.id)).toBe('owner');

    const stranger = await createTestUser(h.db);
    await expect(asAdmin.workspace.changeRole({ workspaceId, userId: stranger.id, role: 'agent' })).toFailWith({
      code: 'NOT_FOUND',
    });
  });

  it('removes members: admins not owners, nobody the last owner', async () => {
    const { workspace, owner, admin, agent } = await createTestTeam(h.db);
    const workspaceId = workspace.id;
    const asAdmin = await h.as(admin);
    const asOwner = await h.as(owner);

    await expect(asAdmin.workspace.removeMember({ workspaceId, userId: owner.id })).toFailWith({ code: 'FORBIDDEN' });
    await expect((await h.as(agent)).workspace.removeMember({ workspaceId, userId: admin.id })).toFailWith({
      code: 'FORBIDDEN',
    });
    await expect(asOwner.workspace.removeMember({ workspaceId, userId: owner.id })).toFailWith({ code: 'CONFLICT' });

    await (await h.as(agent)).workspace.switch({ workspaceId });
    expect(await asAdmin.workspace.removeMember({ workspaceId, userId: agent.id })).toEqual({ userId: agent.id });
    expect(await roleOf(workspaceId, agent.id)).toBeNull();
    await expect((await h.as(agent)).workspace.get({ workspaceId })).toFailWith({ code: 'NOT_FOUND' });
    expect(await (await h.as(agent)).workspace.current()).toBeNull();

    // An owner may remove another owner.
    const coOwner = await createTestUser(h.db);
    await addTestMember(h.db, { workspaceId, userId: coOwner.id, role: 'owner' });
    await asOwner.workspace.removeMember({ workspaceId, userId: coOwner.id });
    expect(await roleOf(workspaceId, coOwner.id)).toBeNull();
  });

  it('lets members leave, except the last owner', async () => {
    const { workspace, owner, agent } = await createTestTeam(h.db);
    const workspaceId = workspace.id;
    expect(await (await h.as(agent)).workspace.leave({ workspaceId })).toEqual({ workspaceId });
    expect(await roleOf(workspaceId, agent.id)).toBeNull();

    await expect((await h.as(owner)).workspace.leave({ workspaceId })).toFailWith({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Make someone else an owner first/),
    });
    expect(await roleOf(workspaceId, owner.id)).toBe('owner');

    const coOwner = await createTestUser(h.db);
    await addTestMember(h.db, { workspaceId, userId: coOwner.id, role: 'owner' });
    await (await h.as(owner)).workspace.leave({ workspaceId });
    expect(await roleOf(workspaceId, owner.id)).toBeNull();
  });

  it('transfers ownership to a member; the old owner becomes admin', async () => {
    const { workspace, owner, admin, agent } = await createTestTeam(h.db);
    const workspaceId = workspace.id;
    const asOwner = await h.as(owner);
    const stranger = await createTestUser(h.db);

    await expect(asOwner.workspace.transferOwnership({ workspaceId, userId: stranger.id })).toFailWith({
      code: 'NOT_FOUND',
    });
    await expect(asOwner.workspace.transferOwnership({ workspaceId, userId: owner.id })).toFailWith({
      code: 'BAD_REQUEST',
    });
    await expect((await h.as(admin)).workspace.transferOwnership({ workspaceId, userId: admin.id })).toFailWith({
      code: 'FORBIDDEN',
    });

    expect(await asOwner.workspace.transferOwnership({ workspaceId, userId: agent.id })).toEqual({
      ownerId: agent.id,
      yourRole: 'admin',
    });
    expect(await roleOf(workspaceId, agent.id)).toBe('owner');
    expect(await roleOf(workspaceId, owner.id)).toBe('admin');
    // The old owner now cannot do owner things.
    await expect(asOwner.workspace.delete({ workspaceId, confirmName: workspace.name })).toFailWith({
      code: 'FORBIDDEN',
    });
  });
});

describe('invitations', () => {
  it('invites by mail with a hashed, expiring token', async () => {
    const { workspace, owner, admin } = await createTestTeam(h.db, { name: 'Invite Co' });
    const before = h.sent.length;
    const invitation = await (
      await h.as(admin)
    ).workspace.invite({
      workspaceId: workspace.id,
      email: '  New.Person@Example.TEST ',
      role: 'agent',
    });
    expect(invitation).toMatchObject({ email: 'new.person@example.test', role: 'agent' });
    const days = (+invitation.expiresAt - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const [mail] = await h.db.select().from(mails).where(eq(mails.to, 'new.person@example.test'));
    expect(mail).toMatchObject({ status: 'queued', transport: 'outbox' });
    // Its body (and link) leaves the local outbox when the invitation expires.
    expect(mail!.bodyExpiresAt).toEqual(invitation.expiresAt);
    expect(mail!.subject).toBe(`${admin.name} invited you to Invite Co on Parley`);
    expect(openedMail(h.env, mail!).html).toContain('https://parley.test/invitations/');
    expect(h.sent.slice(before)).toEqual([{ name: 'mail.send', data: { mailId: mail!.id } }]);

    const token = await tokenMailedTo('new.person@example.test');
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    const [row] = await h.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row!.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    expect(await (await h.anonymous()).workspace.invitation({ token })).toEqual({
      workspaceName: 'Invite Co',
      inviterName: admin.name,
      role: 'agent',
      email: 'new.person@example.test',
      state: 'pending',
      expiresAt: invitation.expiresAt,
    });
    expect(await (await h.as(owner)).workspace.invitations({ workspaceId: workspace.id })).toEqual([
      {
        id: invitation.id,
        email: 'new.person@example.test',
        role: 'agent',
        invitedByName: admin.name,
        createdAt: expect.any(Date),
        expiresAt: invitation.expiresAt,
        isExpired: false,
      },
    ]);
  });

  it('lets only owners invite owners, and refuses existing members', async () => {
    const { workspace, admin, agent } = await createTestTeam(h.db);
    const asAdmin = await h.as(admin);
    await expect(
      asAdmin.workspace.invite({ workspaceId: workspace.id, email: 'o@example.test', role: 'owner' }),
    ).toFailWith({ code: 'FORBIDDEN' });
    const member = await failureOf(
      asAdmin.workspace.invite({ workspaceId: workspace.id, email: agent.email.toUpperCase(), role: 'admin' }),
    );
    expect(member.code).toBe('CONFLICT');
    expect(fieldErrorsOf(member.cause)).toEqual({ email: [`${agent.email} is already a member of this workspace.`] });
    await expect(
      (await h.as(agent)).workspace.invite({ workspaceId: workspace.id, email: 'a@example.test', role: 'agent' }),
    ).toFailWith({ code: 'FORBIDDEN' });
  });

  it('replaces a pending invitation when inviting the same address again', async () => {
    const { workspace, owner } = await createTestTeam(h.db);
    const asOwner = await h.as(owner);
    await asOwner.workspace.invite({ workspaceId: workspace.id, email: 'again@example.test', role: 'agent' });
    const first = await tokenMailedTo('again@example.test');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await asOwner.workspace.invite({ workspaceId: workspace.id, email: 'again@example.test', role: 'admin' });
    const second = await tokenMailedTo('again@example.test');
    expect(second).not.toBe(first);

    const pending = await asOwner.workspace.invitations({ workspaceId: workspace.id });
    expect(pending.filter((i) => i.email === 'again@example.test').map((i) => i.role)).toEqual(['admin']);
    await expect((await h.anonymous()).workspace.invitation({ token: first })).toFailWith({ code: 'NOT_FOUND' });
    expect((await (await h.anonymous()).workspace.invitation({ token: second })).role).toBe('admin');
  });

  it('revokes a pending invitation', async () => {
    const { workspace, owner, admin } = await createTestTeam(h.db);
    const { workspace: elsewhere } = await createTestWorkspace(h.db, { owner: admin });
    const invitation = await (
      await h.as(owner)
    ).workspace.invite({
      workspaceId: workspace.id,
      email: 'revoked@example.test',
      role: 'agent',
    });
    const token = await tokenMailedTo('revoked@example.test');
    const asAdmin = await h.as(admin);
    // An invitation id only resolves inside its own workspace.
    await expect(
      asAdmin.workspace.revokeInvitation({ workspaceId: elsewhere.id, invitationId: invitation.id }),
    ).toFailWith({ code: 'NOT_FOUND' });
    expect(
      await asAdmin.workspace.revokeInvitation({ workspaceId: workspace.id, invitationId: invitation.id }),
    ).toEqual({
      id: invitation.id,
    });
    expect(await asAdmin.workspace.invitations({ workspaceId: workspace.id })).toEqual([]);
    await expect((await h.anonymous()).workspace.invitation({ token })).toFailWith({ code: 'NOT_FOUND' });
  });

  it('is accepted once, by the invited and verified address only', async () => {
    const { workspace, owner } = await createTestTeam(h.db, { name: 'Join Me' });
    await (
      await h.as(owner)
    ).workspace.invite({ workspaceId: workspace.id, email: 'Invitee@Example.test', role: 'agent' });
    const token = await tokenMailedTo('invitee@example.test');

    await expect((await h.anonymous()).workspace.acceptInvitation({ token })).toFailWith({ code: 'UNAUTHORIZED' });

    const someoneElse = await createTestUser(h.db, { email: 'someone@example.test' });
    const wrong = await failureOf((await h.as(someoneElse)).workspace.acceptInvitation({ token }));
    expect(wrong.code).toBe('FORBIDDEN');
    expect(wrong.message).toContain('Log in with that address');
    expect(wrong.message).toContain('invitee@example.test');

    const invitee = await createTestUser(h.db, { email: 'invitee@example.test', isVerified: false });
    await expect((await h.as(invitee)).workspace.acceptInvitation({ token })).toFailWith({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Verify invitee@example.test'),
    });
    expect(await roleOf(workspace.id, invitee.id)).toBeNull();

    await h.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, invitee.id));
    const asInvitee = await h.as({ ...invitee, emailVerifiedAt: new Date() });
    expect(await asInvitee.workspace.acceptInvitation({ token })).toEqual({
      workspaceId: workspace.id,
      workspaceName: 'Join Me',
      role: 'agent',
    });
    expect(await roleOf(workspace.id, invitee.id)).toBe('agent');
    expect(await asInvitee.workspace.current()).toEqual({
      id: workspace.id,
      name: 'Join Me',
      role: 'agent',
      suspension: null,
    });
    expect((await (await h.anonymous()).workspace.invitation({ token })).state).toBe('accepted');
    expect(await (await h.as(owner)).workspace.invitations({ workspaceId: workspace.id })).toEqual([]);

    await expect(asInvitee.workspace.acceptInvitation({ token })).toFailWith({ code: 'CONFLICT' });
    await expect(asInvitee.workspace.acceptInvitation({ token: 'not-a-real-token' })).toFailWith({ code: 'NOT_FOUND' });
  });

  it('refuses an expired invitation', async () => {
    const { workspace, owner } = await createTestTeam(h.db);
    await (
      await h.as(owner)
    ).workspace.invite({ workspaceId: workspace.id, email: 'late@example.test', role: 'admin' });
    const token = await tokenMailedTo('late@example.test');
    await h.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.tokenHash, hashInvitationToken(token)));
    const late = await createTestUser(h.db, { email: 'late@example.test' });

    await expect((await h.as(late)).workspace.acceptInvitation({ token })).toFailWith({
      code: 'BAD_REQUEST',
      message: 'This invitation has expired. Ask for a new one.',
    });
    expect(await roleOf(workspace.id, late.id)).toBeNull();
    expect((await (await h.anonymous()).workspace.invitation({ token })).state).toBe('expired');
    expect((await (await h.as(owner)).workspace.invitations({ workspaceId: workspace.id }))[0]?.isExpired).toBe(true);
  });

  it('can be declined, after which it cannot be accepted', async () => {
    const { workspace, owner } = await createTestTeam(h.db, { name: 'No Thanks' });
    await (
      await h.as(owner)
    ).workspace.invite({ workspaceId: workspace.id, email: 'decliner@example.test', role: 'agent' });
    const token = await tokenMailedTo('decliner@example.test');
    const decliner = await createTestUser(h.db, { email: 'decliner@example.test' });
    const other = await createTestUser(h.db);

    await expect((await h.as(other)).workspace.declineInvitation({ token })).toFailWith({ code: 'FORBIDDEN' });
    const asDecliner = await h.as(decliner);
    expect(await asDecliner.workspace.declineInvitation({ token })).toEqual({ workspaceName: 'No Thanks' });
    expect((await (await h.anonymous()).workspace.invitation({ token })).state).toBe('declined');
    await expect(asDecliner.workspace.acceptInvitation({ token })).toFailWith({ code: 'CONFLICT' });
    expect(await roleOf(workspace.id, decliner.id)).toBeNull();
  });
});

describe('bad input', () => {
  const expectFieldErrors = async (promise: Promise<unknown>, fields: string[]) => {
    const error = await failureOf(promise);
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(fieldErrorsOf(error.cause) ?? {}).sort()).toEqual([...fields].sort());
  };

  it('rejects malformed, over-long and missing values and writes nothing', async () => {
    const { workspace, owner } = await createTestTeam(h.db, { name: 'Steady' });
    const asOwner = await h.as(owner);
    const workspaceId = workspace.id;
    const before = await rowCounts();
    const sentBefore = h.sent.length;

    await expectFieldErrors(asOwner.workspace.create({ name: '' }), ['name']);
    await expectFieldErrors(asOwner.workspace.create({ name: '    ' }), ['name']);
    await expectFieldErrors(asOwner.workspace.create({ name: 'x'.repeat(81) }), ['name']);
    await expectFieldErrors(asOwner.workspace.create({} as never), ['name']);
    await expectFieldErrors(asOwner.workspace.rename({ workspaceId, name: 'y'.repeat(81) }), ['name']);

    await expectFieldErrors(asOwner.workspace.invite({ workspaceId, email: 'not-an-email', role: 'agent' }), ['email']);
    await expectFieldErrors(
      asOwner.workspace.invite({ workspaceId, email: `${'a'.repeat(250)}@example.test`, role: 'agent' }),
      ['email'],
    );
    await expectFieldErrors(asOwner.workspace.invite({ workspaceId, role: 'agent' } as never), ['email']);
    await expectFieldErrors(
      asOwner.workspace.invite({ workspaceId, email: 'ok@example.test', role: 'boss' } as never),
      ['role'],
    );
    await expectFieldErrors(asOwner.workspace.changeRole({ workspaceId, userId: 'nope', role: 'agent' }), ['userId']);
    await expectFieldErrors(asOwner.workspace.removeMember({ workspaceId } as never), ['userId']);
    await expectFieldErrors(asOwner.workspace.revokeInvitation({ workspaceId, invitationId: '42' }), ['invitationId']);
    await expectFieldErrors(asOwner.workspace.delete({ workspaceId } as never), ['confirmName']);
    await expectFieldErrors(asOwner.workspace.acceptInvitation({ token: '' }), ['token']);

    // A malformed workspace id is just a workspace the caller cannot see.
    await expect(asOwner.workspace.get({ workspaceId: 'not-a-uuid' })).toFailWith({ code: 'NOT_FOUND' });

    expect(await rowCounts()).toEqual(before);
    expect(h.sent.length).toBe(sentBefore);
    const [row] = await h.db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(row!.name).toBe('Steady');
  });
});
