import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginUser } from '../../tests/factories/users';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { CROSS_SITE_MESSAGE } from '../services/account/csrf';
import type { AppRouter } from '../trpc/router';

let parley: Parley;
let host: string;
beforeAll(async () => {
  const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  parley = await startParley(env, testLog, { database: await createTestDatabase(), serveWebApp: false });
  host = new URL(parley.url).host;
});
afterAll(() => parley.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${parley.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(superjson.serialize(body)),
  });

describe('sessions and CSRF over real HTTP', () => {
  it('logs in with a same-origin POST and the cookie then resolves the user', async () => {
    const user = await createLoginUser(parley.deps.database.db);
    const response = await post(
      '/api/trpc/account.login',
      { email: user.email, password: user.password },
      { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    );
    expect(response.status).toBe(200);
    // The session, then the device cookie (a browser the account got in from; see proof-cookies.ts).
    const [cookie, device] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^parley_session=[a-z2-7.]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(device).toMatch(/^parley_device=/);

    const me = await fetch(`${parley.url}/api/trpc/account.me`, { headers: { cookie: cookie!.split(';')[0]! } });
    expect(((await me.json()) as { result: { data: { json: { email: string } } } }).result.data.json.email).toBe(
      user.email,
    );
  });

  it('refuses a cross-site tRPC mutation with 403 and sets no cookie', async () => {
    const user = await createLoginUser(parley.deps.database.db);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<
      string,
      string
    >[]) {
      const response = await post('/api/trpc/account.login', { email: user.email, password: user.password }, headers);
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(JSON.stringify(await response.json())).toContain(CROSS_SITE_MESSAGE);
    }
  });

  it('refuses cross-site non-GET requests before they reach Remix, and lets GETs through', async () => {
    const refused = await fetch(`${parley.url}/settings`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe(CROSS_SITE_MESSAGE);
    const navigation = await fetch(`${parley.url}/settings`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(navigation.status).not.toBe(403);
    const sameOrigin = await fetch(`${parley.url}/settings`, { method: 'POST', headers: { origin: `http://${host}` } });
    expect(sameOrigin.status).not.toBe(403);
  });
});

describe('sessions over WebSocket', () => {
  /** A tRPC client whose socket upgrade carries the given cookie and Origin, as a browser's would. */
  const wsClientWith = (headers: Record<string, string>) => {
    class BrowserLikeSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    const client = createWSClient({
      url: `${parley.url.replace('http', 'ws')}/api/trpc-ws`,
      WebSocket: BrowserLikeSocket as never,
    });
    return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] }), client };
  };

  it('resolves the session from the upgrade cookie, and refuses an upgrade that came from another site', async () => {
    const user = await createLoginUser(parley.deps.database.db);
    const response = await post('/api/trpc/account.login', { email: user.email, password: user.password });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;

    const same = wsClientWith({ cookie, origin: `http://${host}` });
    expect(await same.trpc.account.me.query()).toMatchObject({ id: user.id });
    same.client.close();

    // A page elsewhere cannot even open the socket (it could otherwise ride on the visitor's session).
    const status = await new Promise<number | null>((resolve) => {
      const socket = new WebSocket(`${parley.url.replace('http', 'ws')}/api/trpc-ws`, {
        headers: { cookie, origin: 'https://evil.example' },
      });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? null));
      socket.once('open', () => {
        socket.close();
        resolve(null);
      });
      socket.once('error', () => resolve(null));
    });
    expect(status).toBe(403);
  });
});
