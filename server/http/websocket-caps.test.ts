import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createLoginUser } from '../../tests/factories/users';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { rawSocketOutcome, wsClientTo } from '../../tests/helpers/ws';
import { startParley, type Parley } from '../app';
import { parseEnv, type TEnv } from '../env';
import { sessionCookieName } from '../services/account/cookies';
import { createSession } from '../services/account/sessions';
import { TOO_MANY_FOR_SESSION, TOO_MANY_FROM_ADDRESS } from './socket-registry';

let env: TEnv;
let parley: Parley;
beforeAll(async () => {
  env = parseEnv({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    WS_MAX_PER_ADDRESS: '4',
    WS_MAX_PER_SESSION: '2',
    WS_MAX_SUBSCRIPTIONS: '2',
  });
  parley = await startParley(env, testLog, { database: await createTestDatabase(), serveWebApp: false });
});
afterAll(() => parley.close());

/** Opens sockets one after another, each left open, and says how each one fared. */
async function openEach(count: number, headers: Record<string, string> = {}) {
  const sockets: WebSocket[] = [];
  const outcomes: Awaited<ReturnType<typeof rawSocketOutcome>['outcome']>[] = [];
  for (let i = 0; i < count; i++) {
    const { socket, outcome } = rawSocketOutcome(parley.url, headers);
    sockets.push(socket);
    outcomes.push(await outcome);
  }
  return { outcomes, closeAll: () => sockets.forEach((socket) => socket.close()) };
}

/** Until the server has counted the closed sockets out, a new one is still refused. */
const eventuallyOpens = (headers: Record<string, string> = {}) =>
  expect
    .poll(async () => {
      const { socket, outcome } = rawSocketOutcome(parley.url, headers, 50);
      const result = await outcome;
      socket.close();
      return result;
    })
    .toBe('open');

describe('WebSocket caps', () => {
  it('refuses a socket past WS_MAX_PER_ADDRESS with 4429 and a reason, and takes one again once another closed', async () => {
    const opened = await openEach(5);
    expect(opened.outcomes).toEqual(['open', 'open', 'open', 'open', TOO_MANY_FROM_ADDRESS]);
    expect(TOO_MANY_FROM_ADDRESS.code).toBe(4429);
    opened.closeAll();
    await eventuallyOpens();
  });

  it('refuses a socket past WS_MAX_PER_SESSION, while sockets of other sessions still open', async () => {
    const user = await createLoginUser(parley.deps.database.db);
    const { token } = await createSession(parley.deps.database.db, { userId: user.id });
    const cookie = `${sessionCookieName(env)}=${token}`;
    const sameSession = await openEach(3, { cookie });
    expect(sameSession.outcomes).toEqual(['open', 'open', TOO_MANY_FOR_SESSION]);
    const anonymous = await openEach(1);
    expect(anonymous.outcomes).toEqual(['open']);
    sameSession.closeAll();
    anonymous.closeAll();
    await eventuallyOpens({ cookie });
  });

  it('refuses a subscription past WS_MAX_SUBSCRIPTIONS on one socket, and takes one again once another stopped', async () => {
    const { trpc, client } = wsClientTo(parley.url);
    const subscribe = () =>
      new Promise<{ unsubscribe: () => void } | string>((resolve) => {
        const subscription = trpc.system.onNotice.subscribe(undefined, {
          onStarted: () => resolve(subscription),
          onError: (error) => resolve(error instanceof TRPCClientError ? `${error.data?.code}: ${error.message}` : '?'),
        });
      });
    const first = await subscribe();
    await subscribe();
    expect(await subscribe()).toBe(
      'TOO_MANY_REQUESTS: This connection already has 2 live subscriptions, the most it may hold. Close some views or tabs and try again.',
    );
    (first as { unsubscribe: () => void }).unsubscribe();
    await expect.poll(async () => typeof (await subscribe())).toBe('object');
    client.close();
  });
});
