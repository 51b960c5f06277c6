import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dataExports, mails, sessions, users } from '../../../db/schema';
import type { JobQueue } from '../../jobs/queue';
import { createLoginUser } from '../../../tests/factories/users';
import { addTestMember, createTestTeam } from '../../../tests/factories/workspaces';
import { failureOf, fileTestApp } from '../../../tests/helpers/app';
import { scanDatabase } from '../../../tests/helpers/scan';
import { tokenFromCookies } from '../../../tests/helpers/session';
import { createLiveChatbot } from '../../../tests/helpers/widget';
import { expireExports, runAccountExport } from './account-export';

const h = fileTestApp();

/** A user logged in through the session layer, as a browser is. */
async function loggedIn(options: { email?: string } = {}) {
  const user = await createLoginUser(h.db, options);
  const login = await h.request();
  await login.caller.account.login({ email: user.email, password: user.password });
  const token = tokenFromCookies(login.cookies)!;
  const session = await h.request({ token });
  return { user, token, caller: session.caller, workspaceId: user.lastWorkspaceId! };
}

describe('"Download my data"', () => {
  it('prepares the archive in a job, mails the link, serves it to its owner only, and expires it', async () => {
    const me = await loggedIn();
    const requested = await me.caller.privacy.requestAccountExport();
    expect(requested.status).toBe('queued');
    expect(h.sent).toContainEqual({ name: 'privacy.export', data: { exportId: requested.id } });
    expect((await failureOf(me.caller.privacy.requestAccountExport())).code).toBe('CONFLICT');

    await runAccountExport({ db: h.db, jobs: h.jobs, env: h.env }, requested.id);

    const [ready] = await me.caller.privacy.accountExports();
    expect(ready).toMatchObject({
      status: 'ready',
      progress: 100,
      downloadUrl: `/resources/data-exports/${requested.id}`,
    });
    expect(ready!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const file = await me.caller.privacy.downloadAccountExport({ exportId: requested.id });
    const archive = JSON.parse(file.content);
    expect(archive.profile).toMatchObject({ id: me.user.id, email: me.user.email, hasPassword: true });
    expect(archive.profile).not.toHaveProperty('passwordHash');
    expect(archive.memberships).toEqual([expect.objectContaining({ workspaceId: me.workspaceId, role: 'owner' })]);
    expect(archive.sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(archive)).not.toMatch(/argon2|secret_hash|secretHash/);
    const mail = await h.mail.last(me.user.email);
    expect(mail?.subject).toBe('Your Parley data is ready to download');
    expect(mail?.text).toContain('/settings#your-data');

    const stranger = await loggedIn();
    const refused = await failureOf(stranger.caller.privacy.downloadAccountExport({ exportId: requested.id }));
    expect(refused.code).toBe('NOT_FOUND');

    expect(await expireExports(h.db, new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThan(0);
    expect(await h.db.select().from(dataExports).where(eq(dataExports.id, requested.id))).toEqual([]);
  });

  it('sends the mail job only once its mail is written (the real queue is outside the transaction)', async () => {
    const me = await loggedIn();
    const requested = await me.caller.privacy.requestAccountExport();
    // A queue that, like pg-boss, reads the database outside the caller's transaction when sent a job.
    const seen: unknown[] = [];
    const jobs = {
      ...h.jobs,
      send: async (name: string, data: { mailId?: string }) => {
        const read = h.db.select({ id: mails.id }).from(mails).where(eq(mails.id, data.mailId!));
        const late = new Promise((resolve) => setTimeout(() => resolve('waited on the transaction'), 2000));
        seen.push(name, await Promise.race([read, late]));
        return null;
      },
    } as unknown as JobQueue;
    await runAccountExport({ db: h.db, jobs, env: h.env }, requested.id);
    expect(seen).toEqual(['mail.send', [{ id: expect.any(String) }]]);
  });
});

describe('"Delete my account"', () => {
  it('asks for the password and the typed address', async () => {
    const me = await loggedIn();
    const wrongPassword = await failureOf(
      me.caller.privacy.deleteAccount({ password: 'not-my-password-at-all', confirmEmail: me.user.email }),
    );
    expect(wrongPassword.message).toBe('That is not your current password.');
    const wrongAddress = await failureOf(
      me.caller.privacy.deleteAccount({ password: me.user.password, confirmEmail: 'someone@else.test' }),
    );
    expect(wrongAddress.message).toContain(`Type your e-mail address (${me.user.email})`);
  });

  it('is refused while the user is the only owner of a workspace with other members', async () => {
    const me = await loggedIn();
    const team = await createTestTeam(h.db, { name: 'Shared shop' });
    await addTestMember(h.db, { workspaceId: team.workspace.id, userId: me.user.id, role: 'owner' });
    await h.db.delete(users).where(eq(users.id, team.owner.id));
    const refused = await failureOf(
      me.caller.privacy.deleteAccount({ password: me.user.password, confirmEmail: me.user.email }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('You are the only owner of “Shared shop”, which has other members');
    expect(await h.db.select().from(users).where(eq(users.id, me.user.id))).toHaveLength(1);
  });

  it('erases the account from every table, takes its lone workspace, ends its sessions and frees the address', async () => {
    const me = await loggedIn();
    const other = await loggedIn();
    // A member of another team (which stays), with a chatbot in their own workspace (which goes).
    const team = await createTestTeam(h.db, { name: 'Staying team' });
    await addTestMember(h.db, { workspaceId: team.workspace.id, userId: me.user.id, role: 'admin' });
    const bot = await createLiveChatbot(h.db, { workspaceId: me.workspaceId });
    await me.caller.privacy.requestAccountExport();
    const mySessions = (await h.db.select().from(sessions).where(eq(sessions.userId, me.user.id))).map((s) => s.id);
    const identifiers = [me.user.id, me.user.email, me.user.name, me.workspaceId, bot.id, bot.publicKey, ...mySessions];

    const result = await me.caller.privacy.deleteAccount({ password: me.user.password, confirmEmail: me.user.email });

    expect(result).toEqual({ workspacesDeleted: 1 });
    // The workspace deletion's own audit entry names the workspace; the account is named nowhere.
    expect(await scanDatabase(h.database, identifiers)).toEqual([]);
    expect(
      (await scanDatabase(h.database, [other.user.id, other.user.email, team.workspace.id])).length,
    ).toBeGreaterThan(0);
    // Every session ended: the browser's cookie no longer signs anyone in.
    expect(await (await h.request({ token: me.token })).caller.account.me()).toBeNull();
    // The address can sign up again.
    await (
      await h.request()
    ).caller.account.register({ name: 'Again', email: me.user.email, password: me.user.password });
    expect(await h.db.select().from(users).where(eq(users.email, me.user.email))).toHaveLength(1);
  });
});
