import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../tests/helpers/app';
import { createSession } from '../services/account/sessions';
import { adminProcedure, createCallerFactory, router } from './procedures';

// No admin procedure exists yet (the admin panel is its own issue), so the rung is checked on its own.
const adminOnly = router({ stats: adminProcedure.query(({ ctx }) => ({ isAdmin: ctx.user.isAdmin })) });
const createAdminCaller = createCallerFactory(adminOnly);

let server: TTestApp;
beforeAll(async () => {
  server = await createTestApp({ env: { ADMIN_EMAILS: ' Root@Example.test , ops@example.test' } });
});
afterAll(() => server.close());

const signedIn = async (email: string) => {
  const user = await createTestUser(server.db, { email });
  const { token } = await createSession(server.db, { userId: user.id });
  return server.request({ token });
};

describe('platform admins', () => {
  it('are the accounts whose e-mail is in ADMIN_EMAILS (any case, any spacing)', async () => {
    const { caller, ctx } = await signedIn('root@example.test');
    expect((await caller.account.me())?.isAdmin).toBe(true);
    expect(await createAdminCaller(ctx).stats()).toEqual({ isAdmin: true });
  });

  it('is nobody else: adminProcedure refuses other signed-in users', async () => {
    const { caller, ctx } = await signedIn('agent@example.test');
    expect((await caller.account.me())?.isAdmin).toBe(false);
    await expect(createAdminCaller(ctx).stats()).toFailWith({ code: 'FORBIDDEN' });
  });
});
