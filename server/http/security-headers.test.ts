import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTeam } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { createLiveChatbot, HOST_ORIGIN } from '../../tests/helpers/widget';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { appPolicy, cspNonceOf, securityHeaders } from './security-headers';

let parley: Parley;
let distDir: string;
let live: Awaited<ReturnType<typeof createLiveChatbot>>;

beforeAll(async () => {
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-widget-'));
  fs.writeFileSync(path.join(distDir, 'widget.js'), '(function(){})()');
  fs.writeFileSync(path.join(distDir, 'frame.html'), '<!doctype html><html><head><!--parley-boot--></head></html>');
  const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  parley = await startParley(env, testLog, {
    database: await createTestDatabase(),
    serveWebApp: false,
    widgetDistDir: distDir,
  });
  const team = await createTestTeam(parley.deps.database.db);
  live = await createLiveChatbot(parley.deps.database.db, { workspaceId: team.workspace.id });
});
afterAll(async () => {
  await parley.close();
  fs.rmSync(distDir, { recursive: true, force: true });
});

const expectCommonHeaders = (response: Response) => {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  // Plain HTTP: HSTS would be ignored by browsers and wrong behind no TLS.
  expect(response.headers.get('strict-transport-security')).toBeNull();
};

describe('security headers on the real server', () => {
  it('covers the tRPC API, with a policy that lets nothing run or frame it', async () => {
    const response = await fetch(`${parley.url}/api/trpc/system.health`);
    expect(response.status).toBe(200);
    expectCommonHeaders(response);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('covers widget.js, which stays loadable from other sites', async () => {
    const response = await fetch(`${parley.url}/widget.js`, { headers: { origin: HOST_ORIGIN } });
    expect(response.status).toBe(200);
    expectCommonHeaders(response);
    expect(response.headers.get('cross-origin-resource-policy')).toBeNull();
  });

  it('covers errors and health checks too', async () => {
    for (const url of ['/no-such-thing', '/healthz']) {
      const response = await fetch(`${parley.url}${url}`);
      expectCommonHeaders(response);
      // Express's own 404 page brings a deny-all policy of its own, which is kept.
      expect(response.headers.get('content-security-policy'), url).toContain("default-src 'none'");
    }
  });

  it('leaves the widget frame its own policy: framed by the chatbot’s sites, not only by Parley', async () => {
    const response = await fetch(
      `${parley.url}/widget/frame?key=${live.publicKey}&origin=${encodeURIComponent(HOST_ORIGIN)}`,
    );
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain(`frame-ancestors ${HOST_ORIGIN} `);
    expect(csp).not.toContain("frame-ancestors 'self'");
    // Its own, stricter referrer policy stays too.
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('securityHeaders', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    // Stands for a TLS-terminating proxy on loopback, whatever the app's own trust setting becomes.
    app.set('trust proxy', 'loopback');
    app.use(securityHeaders());
    app.get('/page', (_req, res) => res.type('html').send(`<script nonce="${cspNonceOf(res)}"></script>`));
    app.get('/own', (_req, res) => res.set('Content-Security-Policy', "default-src 'self'").type('html').send('ok'));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('gives a page the app policy naming its own nonce, a new one each response', async () => {
    const first = await fetch(`${base}/page`);
    const nonce = /nonce="([^"]+)"/.exec(await first.text())![1]!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    for (const directive of ["frame-ancestors 'self'", "object-src 'none'", "base-uri 'self'", "frame-src 'self'"])
      expect(csp).toContain(directive);
    // The app's own WebSocket, by the host the browser used.
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    expect(csp).not.toContain('unsafe-eval');
    const second = await fetch(`${base}/page`);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('keeps a policy the handler set itself', async () => {
    const response = await fetch(`${base}/own`);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends HSTS only when the request came over HTTPS', async () => {
    expect((await fetch(`${base}/page`)).headers.get('strict-transport-security')).toBeNull();
    const secure = await fetch(`${base}/page`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('never writes a hostile Host header into the policy', () => {
    const csp = appPolicy({ nonce: 'n', host: 'evil; script-src *' });
    expect(csp).not.toContain('evil');
    expect(csp).toContain("connect-src 'self';");
    expect(appPolicy({ nonce: 'n', host: '[::1]:3000' })).toContain('ws://[::1]:3000 wss://[::1]:3000');
  });
});
