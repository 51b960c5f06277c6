import type { IncomingMessage } from 'node:http';
import { createTRPCClient, createWSClient, httpLink, wsLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestTeam } from '../../tests/factories/workspaces';
import { TEST_PASSWORD } from '../../tests/factories/users';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { upgradeOutcome } from '../../tests/helpers/raw-http';
import { createLiveChatbot, HOST_ORIGIN } from '../../tests/helpers/widget';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { CROSS_SITE_MESSAGE } from '../services/account/csrf';
import type { AppRouter } from '../trpc/router';
import { applyTrustProxy, compileTrustProxy } from './proxy';
import { socketClientIp } from './server';

const fakeRequest = (remoteAddress: string, headers: Record<string, string>) =>
  ({ socket: { remoteAddress }, headers: { ...headers } }) as unknown as IncomingMessage;

describe('TRUST_PROXY', () => {
  it('trusts nobody unless told, and refuses "true" and malformed entries', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true would let any client forge/);
    expect(() => parseEnv({ TRUST_PROXY: 'loopback,10.0.0.300' })).toThrow(/TRUST_PROXY: must be loopback/);
  });

  it('keeps a private-network peer that claims X-Forwarded-For: 127.0.0.1 at its own address', () => {
    // The attack of issue 13: any host on the LAN, VPC or container network "was" loopback.
    const req = fakeRequest('10.0.0.7', { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-host': 'localhost' });
    applyTrustProxy(req, compileTrustProxy(false));
    expect(socketClientIp(req)).toBe('10.0.0.7');
    expect(req.headers['x-forwarded-host']).toBeUndefined();
    // A request that never passed the edge trusts nothing either.
    expect(socketClientIp(fakeRequest('10.0.0.7', { 'x-forwarded-for': '127.0.0.1' }))).toBe('10.0.0.7');
  });

  it('walks X-Forwarded-For past trusted proxies only', () => {
    const trusted = compileTrustProxy(['loopback', '10.0.0.0/8']);
    const req = fakeRequest('::ffff:127.0.0.1', { 'x-forwarded-for': '127.0.0.1, 198.51.100.4, 10.1.1.1' });
    applyTrustProxy(req, trusted);
    expect(socketClientIp(req)).toBe('198.51.100.4');
    const oneHop = fakeRequest('192.0.2.1', { 'x-forwarded-for': '203.0.113.5, 198.51.100.4' });
    applyTrustProxy(oneHop, compileTrustProxy(1));
    expect(socketClientIp(oneHop)).toBe('198.51.100.4');
  });
});

type TServer = { parley: Parley; trpc: (headers: Record<string, string>) => TRPCClient<AppRouter> };

const start = async (env: Record<string, string>): Promise<TServer> => {
  const parley = await startParley(parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', ...env }), testLog, {
    database: await createTestDatabase(),
    serveWebApp: false,
    widgetLimits: { visitorsPerIpPerHour: 3 },
  });
  const trpc = (headers: Record<string, string>) =>
    createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${parley.url}/api/trpc`, transformer: superjson, headers })],
    });
  return { parley, trpc };
};

let direct: TServer;
let proxied: TServer;
beforeAll(async () => {
  [direct, proxied] = await Promise.all([start({}), start({ TRUST_PROXY: 'loopback' })]);
});
afterAll(async () => {
  await Promise.all([direct?.parley.close(), proxied?.parley.close()]);
});

const forwardedFor = (address: string) => ({ 'x-forwarded-for': address });

/** Sign-ups (10 an hour per address), each claiming another address; the outcome of each. */
const signUps = async (server: TServer, count: number, tag: string) => {
  const outcomes: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const client = server.trpc(forwardedFor(`203.0.113.${index + 1}`));
    const email = `${tag}-${index}@example.com`;
    outcomes.push(
      await client.account.register
        .mutate({ name: 'Rotating', email, password: TEST_PASSWORD })
        .then(() => 'ok')
        .catch((error: { data?: { code?: string } }) => error.data?.code ?? 'error'),
    );
  }
  return outcomes;
};

describe('client addresses over real HTTP', () => {
  it('decides the local mailbox on the socket address when no proxy is trusted', async () => {
    // From this machine, whatever the request claims.
    await expect(direct.trpc(forwardedFor('203.0.113.9')).mail.outbox.query()).resolves.toEqual(expect.any(Array));
    // Behind a trusted proxy, the proxy's word counts: a visitor from outside is refused.
    await expect(proxied.trpc(forwardedFor('203.0.113.9')).mail.outbox.query()).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
  });

  it('refuses sign-ups past the per-address limit however X-Forwarded-For rotates', async () => {
    const outcomes = await signUps(direct, 11, 'direct');
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(outcomes[10]).toBe('TOO_MANY_REQUESTS');
  });

  it('counts the forwarded address behind a trusted proxy (TRUST_PROXY=loopback)', async () => {
    expect(await signUps(proxied, 11, 'proxied')).toEqual(Array(11).fill('ok'));
  });

  it('refuses new widget visitors past the per-address limit however X-Forwarded-For rotates (WebSocket)', async () => {
    const { db } = direct.parley.deps.database;
    const team = await createTestTeam(db);
    const chatbot = await createLiveChatbot(db, { workspaceId: team.workspace.id });
    const startVisitor = async (address: string) => {
      class ForwardingSocket extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: forwardedFor(address) });
        }
      }
      const wsClient = createWSClient({
        url: `${direct.parley.url.replace('http', 'ws')}/api/trpc-ws`,
        WebSocket: ForwardingSocket as never,
      });
      const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
      try {
        await client.widget.start.mutate({ publicKey: chatbot.publicKey, hostOrigin: HOST_ORIGIN, locale: 'en' });
        return 'ok';
      } catch (error) {
        return (error as { data?: { code?: string } }).data?.code ?? 'error';
      } finally {
        wsClient.close();
      }
    };
    const outcomes = [];
    for (const suffix of [1, 2, 3, 4]) outcomes.push(await startVisitor(`198.51.100.${suffix}`));
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'TOO_MANY_REQUESTS']);
  });
});

describe('forwarded host and scheme from a client that is not a proxy (issue 13, item 17)', () => {
  it('do not make a foreign Origin look like our own to the CSRF check', async () => {
    const client = direct.trpc({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' });
    const refusal = await client.account.login
      .mutate({ email: 'someone@example.com', password: TEST_PASSWORD })
      .catch((error: { message: string; data?: { httpStatus?: number } }) => error);
    expect(refusal).toMatchObject({ message: CROSS_SITE_MESSAGE, data: { httpStatus: 403 } });
  });

  it('do not let a foreign page open the WebSocket', async () => {
    const url = `${direct.parley.url.replace('http', 'ws')}/api/trpc-ws`;
    const forged = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect(await upgradeOutcome(url, forged)).toBe('403');
    // From a trusted proxy the same headers describe the real request, whose Host is then evil.example.
    expect(await upgradeOutcome(`${proxied.parley.url.replace('http', 'ws')}/api/trpc-ws`, forged)).toBe('421');
  });
});
