import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createTestTeam } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import type { TClose } from '../../tests/helpers/ws';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { createSession } from '../services/account/sessions';
import { sessionCookieName } from '../services/account/cookies';
import type { AppRouter } from '../trpc/router';
import { httpClientTo } from '../../tests/helpers/ws';
import { KEY_REVOKED } from './socket-registry';

/** Two servers on one database: the key is revoked through one, its socket lives on the other. */
let database: Database;
let front: Parley;
let back: Parley;
const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', API_KEY_RATE_LIMIT: '3' });
beforeAll(async () => {
  database = await createTestDatabase();
  front = await startParley(env, testLog, { database, serveWebApp: false });
  back = await startParley(env, testLog, { database: { ...database, close: async () => {} }, serveWebApp: false });
});
afterAll(async () => {
  await back?.close();
  await front?.close();
});

/** A developer's socket: the key in connectionParams, as @parley/client sends it. */
function keySocket(url: string, apiKey: string) {
  const closes: TClose[] = [];
  class RecordingSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.once('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
    }
  }
  const client = createWSClient({
    url: `${url.replace('http', 'ws')}/api/trpc-ws`,
    WebSocket: RecordingSocket as never,
    connectionParams: { apiKey },
    retryDelayMs: () => 100,
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] }), client, closes };
}

describe('API keys on the wire', () => {
  it('closes an open socket of a revoked key in every process', async () => {
    const team = await createTestTeam(database.db, { name: 'Sockets' });
    const { token } = await createSession(database.db, { userId: team.owner.id });
    const owner = httpClientTo(front.url, { cookie: `${sessionCookieName(env)}=${token}` });
    const workspaceId = team.workspace.id;
    const { key, secret } = await owner.developer.createKey.mutate({
      workspaceId,
      name: 'Inbox watcher',
      scopes: ['conversations:read'],
    });
    const socket = keySocket(back.url, secret);
    let ended: string | null = null;
    await new Promise<void>((resolve, reject) => {
      socket.trpc.inbox.onEvent.subscribe(
        { workspaceId, lastEventId: null },
        {
          onStarted: () => resolve(),
          onError: (error) => {
            ended = (error as { data?: { code?: string } }).data?.code ?? 'unknown';
            reject(error);
          },
        },
      );
    });

    await owner.developer.revokeKey.mutate({ workspaceId, keyId: key.id });

    await expect.poll(() => socket.closes[0]).toEqual({ code: KEY_REVOKED.code, reason: KEY_REVOKED.reason });
    // The client reconnects with the dead key and subscribes again: refused.
    await expect.poll(() => ended).toBe('UNAUTHORIZED');
    socket.client.close();
  });

  it('answers with RateLimit headers, then 429 with Retry-After', async () => {
    const team = await createTestTeam(database.db, { name: 'Limits' });
    const { token } = await createSession(database.db, { userId: team.owner.id });
    const owner = httpClientTo(front.url, { cookie: `${sessionCookieName(env)}=${token}` });
    const { secret } = await owner.developer.createKey.mutate({
      workspaceId: team.workspace.id,
      name: 'Busy',
      scopes: ['chatbots:read'],
    });
    const input = encodeURIComponent(JSON.stringify({ json: { workspaceId: team.workspace.id } }));
    const call = () =>
      fetch(`${front.url}/api/trpc/chatbot.list?input=${input}`, { headers: { authorization: `Bearer ${secret}` } });
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    await call();
    await call();
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { json: { message: string } } }).error.json.message).toContain(
      'more than 3 calls in a minute',
    );
  });
});
