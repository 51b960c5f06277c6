import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { rawRequest, upgradeOutcome } from '../../tests/helpers/raw-http';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { hostAllowlist, MISDIRECTED_MESSAGE, normaliseAllowedHost } from './hosts';

describe('the Host allowlist', () => {
  const isAllowed = hostAllowlist({
    appUrl: 'https://chat.example.com',
    allowedHosts: ['support.example.org', '*.parley.example'],
  });

  it("accepts APP_URL's host, the local names and ALLOWED_HOSTS, in any case and on any port", () => {
    for (const host of [
      'chat.example.com',
      'CHAT.Example.com:8443',
      'chat.example.com.',
      'localhost:3000',
      '127.0.0.1',
      '[::1]:3000',
      'support.example.org',
      'eu.parley.example',
      'a.b.parley.example:80',
    ])
      expect([host, isAllowed(host)]).toEqual([host, true]);
  });

  it('refuses every other name, the apex of a wildcard, and malformed or missing hosts', () => {
    for (const host of [
      'evil.example',
      'parley.example',
      'chat.example.com.evil.example',
      'evilparley.example',
      '10.0.0.5',
      'localhost@evil.example',
      'a b',
      '',
      undefined,
    ])
      expect([host, isAllowed(host)]).toEqual([host, false]);
  });

  it('normalises ALLOWED_HOSTS entries and refuses schemes, ports and paths', () => {
    expect(normaliseAllowedHost('Chat.Example.COM')).toBe('chat.example.com');
    expect(normaliseAllowedHost('*.Example.com')).toBe('*.example.com');
    expect(normaliseAllowedHost('[::1]')).toBe('[::1]');
    for (const entry of ['https://chat.example.com', 'chat.example.com:8443', 'chat.example.com/x', '*', 'a.*.com'])
      expect([entry, normaliseAllowedHost(entry)]).toEqual([entry, null]);
    expect(parseEnv({ ALLOWED_HOSTS: 'a.example, *.b.example' }).ALLOWED_HOSTS).toEqual(['a.example', '*.b.example']);
    expect(() => parseEnv({ ALLOWED_HOSTS: 'a.example,https://b.example' })).toThrow(
      /ALLOWED_HOSTS: must be host names .*not a host name: https:\/\/b.example/,
    );
  });
});

let parley: Parley;
let proxied: Parley;
beforeAll(async () => {
  const base = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', APP_URL: 'https://parley.test' } as const;
  [parley, proxied] = await Promise.all([
    startParley(parseEnv({ ...base, ALLOWED_HOSTS: 'chat.example.com' }), testLog, {
      database: await createTestDatabase(),
      serveWebApp: false,
    }),
    startParley(parseEnv({ ...base, TRUST_PROXY: 'loopback' }), testLog, {
      database: await createTestDatabase(),
      serveWebApp: false,
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([parley?.close(), proxied?.close()]);
});

describe('DNS rebinding over real HTTP', () => {
  const get = (server: Parley, path: string, headers: Record<string, string>) =>
    rawRequest(server.url, { path, headers });

  it('answers 421 to a foreign Host on the API, the mailbox data and the pages', async () => {
    for (const path of ['/api/trpc/mail.outbox', '/mailbox', '/login', '/widget.js']) {
      const response = await get(parley, path, { host: 'evil.example' });
      expect([path, response.status, response.body]).toEqual([path, 421, MISDIRECTED_MESSAGE]);
    }
  });

  it('serves the names it answers to', async () => {
    const { port } = parley;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'parley.test', 'Chat.Example.com:443']) {
      const response = await get(parley, '/api/trpc/mail.outbox', { host });
      expect([host, response.status]).toEqual([host, 200]);
    }
  });

  it('leaves the health probes to orchestrators that call by address', async () => {
    expect((await get(parley, '/healthz', { host: '10.1.2.3:3000' })).status).toBe(200);
    expect((await get(parley, '/readyz', { host: '10.1.2.3:3000' })).status).toBe(200);
  });

  it('refuses a WebSocket upgrade for a foreign Host with 421', async () => {
    const url = `${parley.url.replace('http', 'ws')}/api/trpc-ws`;
    expect(await upgradeOutcome(url, { host: 'evil.example' })).toBe('421');
    expect(await upgradeOutcome(url, { host: `localhost:${parley.port}` })).toBe('open');
  });

  it('checks the forwarded Host behind a trusted proxy, and ignores it from anyone else', async () => {
    const local = `localhost:${proxied.port}`;
    expect(
      (await get(proxied, '/api/trpc/mail.outbox', { host: local, 'x-forwarded-host': 'evil.example' })).status,
    ).toBe(421);
    expect(
      (await get(proxied, '/api/trpc/mail.outbox', { host: 'internal:8080', 'x-forwarded-host': 'parley.test' }))
        .status,
    ).toBe(200);
    // Not a proxy we trust: the forwarded name neither lets a foreign Host in nor keeps ours out.
    expect(
      (await get(parley, '/api/trpc/mail.outbox', { host: 'evil.example', 'x-forwarded-host': 'parley.test' })).status,
    ).toBe(421);
    expect(
      (await get(parley, '/api/trpc/mail.outbox', { host: 'parley.test', 'x-forwarded-host': 'evil.example' })).status,
    ).toBe(200);
  });
});
