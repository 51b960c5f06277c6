import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '../../db/schema';
import { createTestChatbot } from '../../tests/factories/chatbots';
import { createTestUser, createTestWorkspace } from '../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../tests/helpers/app';
import { createSession } from '../services/account/sessions';
import type { TMeta } from './init';
import { appRouter } from './router';

type TProcedure = { _def: { type: string; meta?: TMeta } };

// At run time `_def.procedures` is flat, keyed by dotted path.
const adminProcedures = Object.entries(appRouter._def.procedures as unknown as Record<string, TProcedure>)
  .filter(([, procedure]) => procedure._def.meta?.scope === 'admin')
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

let server: TTestApp;
beforeAll(async () => {
  server = await createTestApp({ env: { ADMIN_EMAILS: ' Root@Example.test , ops@example.test' } });
});
afterAll(() => server.close());

const signedIn = async (email: string) => {
  const user = await createTestUser(server.db, { email });
  const { token } = await createSession(server.db, { userId: user.id });
  return { user, token, ...(await server.request({ token })) };
};

/** A signed-in user another admin granted the flag to. */
const signedInAdmin = async () => {
  const admin = await signedIn(`admin-${randomUUID()}@example.test`);
  await server.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, admin.user.id));
  return { ...admin, ...(await server.request({ token: admin.token })) };
};

/** Calls a procedure by its dotted path on a caller. */
const call = (caller: unknown, path: string, input: unknown) => {
  const fn = path.split('.').reduce((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  return fn(input);
};

/** Valid input for each admin procedure, aimed at real rows, so a refusal can only be the role check. */
const samples = (ids: { userId: string; workspaceId: string }): Record<string, unknown> => ({
  'admin.users.search': { search: 'a' },
  'admin.users.get': { userId: ids.userId },
  'admin.users.suspend': { userId: ids.userId, reason: 'Spam reports' },
  'admin.users.restore': { userId: ids.userId },
  'admin.users.setAdmin': { userId: ids.userId, isAdmin: true },
  'admin.users.sendPasswordReset': { userId: ids.userId },
  'admin.workspaces.search': {},
  'admin.workspaces.get': { workspaceId: ids.workspaceId },
  'admin.workspaces.setLimits': { workspaceId: ids.workspaceId, limits: { monthlyMessageLimit: 10 } },
  'admin.workspaces.suspend': { workspaceId: ids.workspaceId, reason: 'Unpaid invoices' },
  'admin.workspaces.restore': { workspaceId: ids.workspaceId },
  'admin.system': undefined,
  'admin.jobs.list': {},
  'admin.jobs.retry': { jobs: [{ queue: 'mail.send', id: randomUUID() }] },
  'admin.jobs.drop': { jobs: [{ queue: 'mail.send', id: randomUUID() }] },
  'admin.notices.list': undefined,
  'admin.notices.publish': { level: 'info', message: 'Maintenance tonight', endsAt: new Date(Date.now() + 3_600_000) },
  'admin.notices.end': { noticeId: randomUUID() },
  'admin.audit.list': {},
  'admin.audit.exportCsv': {},
});

describe('platform admins', () => {
  it('are the accounts whose e-mail is in ADMIN_EMAILS (any case, any spacing) or who hold the flag', async () => {
    expect((await (await signedIn('root@example.test')).caller.account.me())?.isAdmin).toBe(true);
    const flagged = await signedIn(`flag-${randomUUID()}@example.test`);
    expect((await flagged.caller.account.me())?.isAdmin).toBe(false);
    await server.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, flagged.user.id));
    expect((await (await server.request({ token: flagged.token })).caller.account.me())?.isAdmin).toBe(true);
  });

  it('finds every admin procedure, each with a sample input', () => {
    const ids = { userId: randomUUID(), workspaceId: randomUUID() };
    expect(adminProcedures.length).toBeGreaterThan(15);
    const missing = adminProcedures.map(({ path }) => path).filter((path) => !(path in samples(ids)));
    expect(missing, 'add these procedures to `samples` in this test').toEqual([]);
  });

  it('refuses every admin procedure to a signed-in non-admin (FORBIDDEN) and to strangers (UNAUTHORIZED)', async () => {
    const { caller } = await signedIn(`agent-${randomUUID()}@example.test`);
    const stranger = await server.anonymous();
    const workspace = await createTestWorkspace(server.db);
    const input = samples({ userId: workspace.owner.id, workspaceId: workspace.workspace.id });
    for (const { path } of adminProcedures) {
      await expect(call(caller, path, input[path]), path).toFailWith({ code: 'FORBIDDEN' });
      await expect(call(stranger, path, input[path]), path).toFailWith({ code: 'UNAUTHORIZED' });
    }
    const [owner] = await server.db.select().from(users).where(eq(users.id, workspace.owner.id));
    expect(owner!.suspendedAt).toBeNull();
  });

  it('writes an audit entry for every admin action', async () => {
    const admin = await signedInAdmin();
    const target = await createTestUser(server.db);
    const { workspace } = await createTestWorkspace(server.db);
    await createTestChatbot(server.db, { workspaceId: workspace.id });
    const input = samples({ userId: target.id, workspaceId: workspace.id });
    const mutations = adminProcedures.filter(({ type }) => type === 'mutation').map(({ path }) => path);
    const notice = (await call(admin.caller, 'admin.notices.publish', input['admin.notices.publish'])) as {
      id: string;
    };
    input['admin.notices.end'] = { noticeId: notice.id };
    for (const path of mutations) {
      if (path.startsWith('admin.jobs.') || path === 'admin.notices.publish') continue;
      const before = await auditCount(admin.user.id);
      await call(admin.caller, path, input[path]);
      expect(await auditCount(admin.user.id), path).toBe(before + 1);
    }
    const actions = (await server.db.select().from(auditLog).where(eq(auditLog.actorUserId, admin.user.id))).map(
      (entry) => entry.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'admin.notice_published',
        'admin.user_suspended',
        'admin.user_restored',
        'admin.admin_granted',
        'admin.password_reset_sent',
        'admin.workspace_limits_changed',
        'admin.workspace_suspended',
        'admin.workspace_restored',
        'admin.notice_ended',
        'admin.audit_exported',
      ]),
    );
  });

  it('lists users with their last visit and workspace count, and workspaces with their members and chatbots', async () => {
    const { caller } = await signedInAdmin();
    const { workspace, owner } = await createTestWorkspace(server.db, { name: `Counted ${randomUUID()}` });
    await createTestChatbot(server.db, { workspaceId: workspace.id });
    await createTestChatbot(server.db, { workspaceId: workspace.id });
    await createSession(server.db, { userId: owner.id });
    const found = (await call(caller, 'admin.users.search', { search: owner.email, limit: 25, offset: 0 })) as {
      users: { id: string; workspaceCount: number; lastSeenAt: Date | null }[];
    };
    expect(found.users).toEqual([expect.objectContaining({ id: owner.id, workspaceCount: 1 })]);
    expect(found.users[0]!.lastSeenAt).toBeInstanceOf(Date);
    const listed = (await call(caller, 'admin.workspaces.search', { search: workspace.name })) as {
      workspaces: { id: string; memberCount: number; chatbotCount: number }[];
    };
    expect(listed.workspaces).toEqual([expect.objectContaining({ id: workspace.id, memberCount: 1, chatbotCount: 2 })]);
  });

  it('the last admin cannot take their own admin flag away', async () => {
    const app = await createTestApp();
    try {
      const only = await createTestUser(app.db);
      await app.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, only.id));
      const caller = await app.as({ ...only, isPlatformAdmin: true });
      await expect(caller.admin.users.setAdmin({ userId: only.id, isAdmin: false })).toFailWith({
        code: 'BAD_REQUEST',
        message: /last platform admin/,
      });
      const other = await createTestUser(app.db);
      await caller.admin.users.setAdmin({ userId: other.id, isAdmin: true });
      await caller.admin.users.setAdmin({ userId: only.id, isAdmin: false });
      const [after] = await app.db.select().from(users).where(eq(users.id, only.id));
      expect(after!.isPlatformAdmin).toBe(false);
    } finally {
      await app.close();
    }
  });
});

const auditCount = async (actorUserId: string) =>
  (
    await server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actorUserId), like(auditLog.action, 'admin.%')))
  ).length;

describe('suspending a user', () => {
  it('ends their sessions at once (the revocation event closes their sockets) and refuses log-in with the reason', async () => {
    const adminCaller = (await signedInAdmin()).caller;
    const person = await signedIn(`person-${randomUUID()}@example.test`);
    const revoked = server.events(['session.revoked']);

    await adminCaller.admin.users.suspend({ userId: person.user.id, reason: 'Sending spam through the widget' });

    expect(await server.db.select().from(sessions).where(eq(sessions.userId, person.user.id))).toEqual([]);
    await expect.poll(() => revoked.seen.map((event) => event.payload.userId)).toContain(person.user.id);
    expect(await (await server.request({ token: person.token })).caller.account.me()).toBeNull();
    await expect(createSession(server.db, { userId: person.user.id })).rejects.toThrow(
      /Sending spam through the widget/,
    );

    await adminCaller.admin.users.restore({ userId: person.user.id });
    await expect(createSession(server.db, { userId: person.user.id })).resolves.toMatchObject({
      token: expect.any(String),
    });
  });
});
