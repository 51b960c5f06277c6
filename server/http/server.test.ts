import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import type { AppRouter } from '../trpc/router';

let parley: Parley;
const databaseKind = inject('postgresTemplate') ? 'postgres' : 'pglite';
beforeAll(async () => {
  const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  parley = await startParley(env, testLog, { database: await createTestDatabase(), serveWebApp: false });
});
afterAll(() => parley.close());

describe('the HTTP server', () => {
  it('answers /healthz and /readyz with the database state', async () => {
    expect(await (await fetch(`${parley.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${parley.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', database: databaseKind, migrations: { isCurrent: true } });
  });

  it('gives every request an id, keeping a sane one the caller sent', async () => {
    const own = await fetch(`${parley.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers.get('x-request-id')).toBe('trace-123');
    const bad = await fetch(`${parley.url}/healthz`, { headers: { 'x-request-id': '<script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves tRPC over HTTP with Dates intact', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${parley.url}/api/trpc`, transformer: superjson })],
    });
    expect(await client.system.health.query()).toMatchObject({ database: databaseKind, isReady: true });
  });
});

describe('tRPC over WebSocket', () => {
  it('delivers an event published after a commit to a wsLink subscriber', async () => {
    const wsClient = createWSClient({
      url: `${parley.url.replace('http', 'ws')}/api/trpc-ws`,
      WebSocket: WebSocket as never,
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
    const received: unknown[] = [];
    const started = new Promise<void>((resolve) => {
      const subscription = client.system.onNotice.subscribe(undefined, {
        onStarted: () => resolve(),
        onData: (data) => {
          received.push(data);
          if (received.length === 1) subscription.unsubscribe();
        },
      });
    });
    await started;
    // The subscription is registered on the server once the first message went through.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const { database, bus } = parley.deps;
    await database.db.transaction(async (tx) => {
      await bus.publish('system.notice', { level: 'info', message: 'Deploy finished' }, { tx });
    });
    await expect.poll(() => received, { timeout: 5000 }).toHaveLength(1);
    expect(received[0]).toMatchObject({ id: expect.any(String), data: { level: 'info', message: 'Deploy finished' } });
    wsClient.close();
  });

  it('refuses upgrades on other paths', async () => {
    const socket = new WebSocket(`${parley.url.replace('http', 'ws')}/elsewhere`);
    const outcome = await new Promise((resolve) => {
      socket.on('open', () => resolve('open'));
      socket.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
