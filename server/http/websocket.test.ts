import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createLoginUser } from '../../tests/factories/users';
import { addTestMember, createTestUser } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { httpClientTo, wsClientTo } from '../../tests/helpers/ws';
import { startParley, type Parley } from '../app';
import { parseEnv, type TEnv } from '../env';
import { sessionCookieName } from '../services/account/cookies';
import { createSession } from '../services/account/sessions';
import { SESSION_ENDED } from './socket-registry';

/**
 * Two servers on one database, as two processes would be: sessions and
 * memberships end through one (over HTTP), the sockets live on the other.
 */
let env: TEnv;
let database: Database;
let front: Parley;
let back: Parley;
beforeAll(async () => {
  env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  database = await createTestDatabase();
  front = await startParley(env, testLog, { database, serveWebApp: false });
  // Closing `back` must not close the database `front` still uses.
  back = await startParley(env, testLog, { database: { ...database, close: async () => {} }, serveWebApp: false });
});
afterAll(async () => {
  await back?.close();
  await front?.close();
});

const cookieFor = async (userId: string) => {
  const { token } = await createSession(database.db, { userId });
  return `${sessionCookieName(env)}=${token}`;
};

const codeOf = (error: unknown) => (error instanceof TRPCClientError ? error.data?.code : String(error));

/** Subscribes to the workspace's inbox on `socket`; resolves once the server started it, recording how it ends. */
async function watchInbox(socket: ReturnType<typeof wsClientTo>, workspaceId: string) {
  const ended: { error: string | null; isComplete: boolean } = { error: null, isComplete: false };
  await new Promise<void>((resolve, reject) => {
    socket.trpc.inbox.onEvent.subscribe(
      { workspaceId, lastEventId: null },
      {
        onStarted: () => resolve(),
        onError: (error) => {
          ended.error = codeOf(error) ?? 'unknown';
          reject(error);
        },
        onComplete: () => (ended.isComplete = true),
      },
    );
  });
  return ended;
}

describe('WebSockets end with their session, in every process', () => {
  it('closes the socket at log-out (4401), and its subscription ends UNAUTHORIZED', async () => {
    const user = await createLoginUser(database.db);
    const cookie = await cookieFor(user.id);
    const socket = wsClientTo(back.url, { cookie });
    expect(await socket.trpc.account.me.query()).toMatchObject({ id: user.id });
    const inbox = await watchInbox(socket, user.lastWorkspaceId!);

    await httpClientTo(front.url, { cookie }).account.logout.mutate();

    await expect.poll(() => socket.closes[0]).toEqual({ code: SESSION_ENDED.code, reason: SESSION_ENDED.reason });
    // The client reconnects with the dead cookie and asks again: nobody is logged in any more.
    await expect.poll(() => inbox.error).toBe('UNAUTHORIZED');
    await expect(socket.trpc.workspace.list.query()).rejects.toSatisfy((error) => codeOf(error) === 'UNAUTHORIZED');
    socket.client.close();
  });

  it('"log out other sessions" and a password change close the other sessions\' sockets only', async () => {
    const user = await createLoginUser(database.db);
    const [mine, other] = [await cookieFor(user.id), await cookieFor(user.id)];
    const [mySocket, otherSocket] = [wsClientTo(back.url, { cookie: mine }), wsClientTo(back.url, { cookie: other })];
    await watchInbox(otherSocket, user.lastWorkspaceId!);
    expect(await mySocket.trpc.account.me.query()).toMatchObject({ id: user.id });

    await httpClientTo(front.url, { cookie: mine }).account.logoutOtherSessions.mutate();
    await expect.poll(() => otherSocket.closes[0]?.code).toBe(SESSION_ENDED.code);
    expect(mySocket.closes).toEqual([]);
    expect(await mySocket.trpc.account.me.query()).toMatchObject({ id: user.id });
    otherSocket.client.close();

    const thirdSocket = wsClientTo(back.url, { cookie: await cookieFor(user.id) });
    expect(await thirdSocket.trpc.account.me.query()).toMatchObject({ id: user.id });
    await httpClientTo(front.url, { cookie: mine }).account.changePassword.mutate({
      currentPassword: user.password,
      newPassword: 'amber-meadow-compass-77',
    });
    await expect.poll(() => thirdSocket.closes[0]?.code).toBe(SESSION_ENDED.code);
    expect(await thirdSocket.trpc.account.me.query()).toBeNull();
    expect(mySocket.closes).toEqual([]);
    thirdSocket.client.close();
    mySocket.client.close();
  });

  it("ends a removed member's inbox subscription with NOT_FOUND, keeping the socket and a promoted one's", async () => {
    const owner = await createLoginUser(database.db);
    const workspaceId = owner.lastWorkspaceId!;
    const [removed, promoted] = [await createTestUser(database.db), await createTestUser(database.db)];
    await addTestMember(database.db, { workspaceId, userId: removed.id, role: 'agent' });
    await addTestMember(database.db, { workspaceId, userId: promoted.id, role: 'agent' });
    const removedSocket = wsClientTo(back.url, { cookie: await cookieFor(removed.id) });
    const promotedSocket = wsClientTo(back.url, { cookie: await cookieFor(promoted.id) });
    const [removedInbox, promotedInbox] = [
      await watchInbox(removedSocket, workspaceId),
      await watchInbox(promotedSocket, workspaceId),
    ];

    const asOwner = httpClientTo(front.url, { cookie: await cookieFor(owner.id) });
    await asOwner.workspace.changeRole.mutate({ workspaceId, userId: promoted.id, role: 'admin' });
    await asOwner.workspace.removeMember.mutate({ workspaceId, userId: removed.id });

    await expect.poll(() => removedInbox.error).toBe('NOT_FOUND');
    expect(removedSocket.closes).toEqual([]);
    expect(await removedSocket.trpc.account.me.query()).toMatchObject({ id: removed.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(promotedInbox).toEqual({ error: null, isComplete: false });
    removedSocket.client.close();
    promotedSocket.client.close();
  });
});
