import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import { eq } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chatbots } from '../../db/schema';
import { createTestTeam } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { createLiveChatbot, HOST_ORIGIN } from '../../tests/helpers/widget';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { installationSecret } from '../services/widget/secrets';
import { signPreviewToken } from '../services/widget/tokens';
import type { AppRouter } from '../trpc/router';

let parley: Parley;
let distDir: string;
let live: Awaited<ReturnType<typeof createLiveChatbot>>;
let draft: Awaited<ReturnType<typeof createLiveChatbot>>;
let own: string;

beforeAll(async () => {
  // The widget half builds the real frame.html; a fixture with the same marker stands in for it here.
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-widget-'));
  fs.writeFileSync(
    path.join(distDir, 'frame.html'),
    '<!doctype html><html><head><!--parley-boot--><script type="module" src="/widget-assets/frame-abc123.js"></script></head><body></body></html>',
  );
  fs.mkdirSync(path.join(distDir, 'widget-assets'));
  fs.writeFileSync(path.join(distDir, 'widget-assets/frame-abc123.js'), 'console.log("frame")');
  const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  parley = await startParley(env, testLog, {
    database: await createTestDatabase(),
    serveWebApp: false,
    widgetDistDir: distDir,
    widgetLimits: { messagesPerVisitorPerMinute: 1000 },
  });
  own = parley.url;
  const { db } = parley.deps.database;
  const team = await createTestTeam(db);
  live = await createLiveChatbot(db, { workspaceId: team.workspace.id, name: 'Help </script><b>' });
  draft = await createLiveChatbot(db, { workspaceId: team.workspace.id });
  await db.update(chatbots).set({ status: 'draft' }).where(eq(chatbots.id, draft.id));
});
afterAll(async () => {
  await parley.close();
  fs.rmSync(distDir, { recursive: true, force: true });
});

const previewFor = async (chatbotId: string) =>
  signPreviewToken(await installationSecret(parley.deps.database.db, 'visitor_token_key'), { chatbotId }).token;

describe('GET /api/widget/config', () => {
  const config = (query: string, origin?: string) =>
    fetch(`${parley.url}/api/widget/config?${query}`, { headers: origin ? { origin } : {} });

  it('answers an allowed origin with CORS for it, and Parley’s own pages', async () => {
    const response = await config(`key=${live.publicKey}`, HOST_ORIGIN);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(response.headers.get('vary')).toMatch(/Origin/);
    expect(await response.json()).toEqual({
      chatbot: { name: 'Help </script><b>', style: expect.objectContaining({ position: 'bottom-right' }) },
    });
    expect((await config(`key=${live.publicKey}`)).status).toBe(200);
  });

  it('refuses another origin, an unknown key, and a draft without a preview', async () => {
    const foreign = await config(`key=${live.publicKey}`, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(await foreign.json()).toEqual({ error: expect.stringContaining('not allowed to show this chat') });
    expect((await config('key=cb_unknown', HOST_ORIGIN)).status).toBe(404);
    expect((await config(`key=${draft.publicKey}`, HOST_ORIGIN)).status).toBe(403);
    const preview = await previewFor(draft.id);
    expect((await config(`key=${draft.publicKey}&preview=${preview}`, own)).status).toBe(200);
    expect((await config(`key=${draft.publicKey}&preview=${preview}`, HOST_ORIGIN)).status).toBe(403);
  });

  it('records the first load on an allowed website of a live chatbot, not on Parley’s own pages', async () => {
    const { db } = parley.deps.database;
    const seen = async (id: string) => (await db.select().from(chatbots).where(eq(chatbots.id, id)))[0]!;
    const fresh = await createLiveChatbot(db, { workspaceId: live.workspaceId });
    expect((await config(`key=${fresh.publicKey}`, own)).status).toBe(200);
    expect((await seen(fresh.id)).widgetSeenAt).toBeNull();
    expect((await config(`key=${fresh.publicKey}`, HOST_ORIGIN)).status).toBe(200);
    const first = await seen(fresh.id);
    expect(first).toMatchObject({ widgetSeenAt: expect.any(Date), widgetSeenOrigin: HOST_ORIGIN });
    // Later loads leave the first one as it was.
    await config(`key=${fresh.publicKey}`, HOST_ORIGIN);
    expect((await seen(fresh.id)).widgetSeenAt).toEqual(first.widgetSeenAt);
    // A refused load (a draft) records nothing.
    await config(`key=${draft.publicKey}`, HOST_ORIGIN);
    expect((await seen(draft.id)).widgetSeenAt).toBeNull();
  });
});

describe('GET /widget/frame', () => {
  const frame = (query: string) => fetch(`${parley.url}/widget/frame?${query}`);

  it('serves the frame with its boot data and frame-ancestors limited to the chatbot’s websites', async () => {
    const response = await frame(`key=${live.publicKey}&origin=${encodeURIComponent(HOST_ORIGIN)}`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain(`frame-ancestors ${HOST_ORIGIN} `);
    expect(csp).toContain(own);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/localhost:\d+\/api\/trpc-ws/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    // The name holds "</script>": it stays inside the JSON.
    expect(html).not.toContain('</script><b>');
    const json = /<script type="application\/json" id="parley-boot">(.*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toMatchObject({
      publicKey: live.publicKey,
      hostOrigin: HOST_ORIGIN,
      preview: null,
      wsUrl: expect.stringMatching(/^ws:\/\/localhost:\d+\/api\/trpc-ws$/),
      chatbot: { name: 'Help </script><b>', canAskForHuman: true, isHumanOnly: false },
    });
  });

  it('refuses an origin that may not embed it, and a draft without a preview', async () => {
    for (const query of [
      `key=${live.publicKey}&origin=${encodeURIComponent('https://evil.example')}`,
      `key=${draft.publicKey}&origin=${encodeURIComponent(HOST_ORIGIN)}`,
      `key=cb_unknown`,
    ]) {
      const response = await frame(query);
      expect(response.status).toBeGreaterThanOrEqual(403);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await response.text()).toContain('This chat is not available here.');
    }
    const preview = await previewFor(draft.id);
    const own = await frame(`key=${draft.publicKey}&preview=${preview}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-security-policy')).toMatch(/^frame-ancestors http:\/\/localhost:\d+ /);
  });

  it('serves frame assets for a year and never the raw frame.html', async () => {
    const asset = await fetch(`${parley.url}/widget-assets/frame-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${parley.url}/frame.html`)).status).toBe(404);
    expect((await fetch(`${parley.url}/widget-assets/missing.js`)).status).toBe(404);
  });
});

describe('the widget over a real WebSocket', () => {
  const wsUrl = () => `${parley.url.replace('http', 'ws')}/api/trpc-ws`;

  it('refuses an upgrade from another site’s page, allows Parley’s own and Node clients', async () => {
    const outcome = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(wsUrl(), { headers });
        socket.on('open', () => {
          socket.close();
          resolve('open');
        });
        socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        socket.on('error', () => resolve('error'));
      });
    expect(await outcome({ origin: 'https://evil.example' })).toBe('403');
    expect(await outcome({ origin: own })).toBe('open');
    expect(await outcome({})).toBe('open');
  });

  const clientFor = (visitorToken: string, options: { retryDelayMs?: number } = {}) => {
    const wsClient = createWSClient({
      url: wsUrl(),
      WebSocket: WebSocket as never,
      connectionParams: () => ({ visitorToken }),
      retryDelayMs: () => options.retryDelayMs ?? 300,
    });
    const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
      links: [wsLink({ client: wsClient, transformer: superjson })],
    });
    return { wsClient, client };
  };

  it('sends, streams, and after a dropped connection delivers every message exactly once and in order', async () => {
    const anonymous = clientFor('');
    const { visitorToken } = await anonymous.client.widget.start.mutate({
      publicKey: live.publicKey,
      hostOrigin: HOST_ORIGIN,
      locale: 'en-GB',
    });
    anonymous.wsClient.close();

    // The tab that watches, and another tab (own connection) that keeps sending.
    const { wsClient, client } = clientFor(visitorToken, { retryDelayMs: 600 });
    const sender = clientFor(visitorToken);
    const received: { id: string | undefined; type: string; role?: string; content?: string; messageId?: string }[] =
      [];
    // The visitor's messages (the bot answers each one too, offline, which this test leaves aside).
    const visitorMessages = () => received.filter((e) => e.type === 'message.created' && e.role === 'visitor');
    const ready = new Promise<void>((resolve) => {
      client.widget.onEvent.subscribe(
        {},
        {
          onData: (data) => {
            const event = data.data;
            received.push({
              id: data.id,
              type: event.type,
              role: event.type === 'message.created' ? event.message.role : undefined,
              messageId: event.type === 'message.created' ? event.message.id : undefined,
              content: event.type === 'message.created' ? event.message.content : undefined,
            });
            if (event.type === 'ready') resolve();
          },
        },
      );
    });
    await ready;
    const sent = [await sender.client.widget.send.mutate({ content: 'one', clientId: 'ws-message-1' })];
    await expect.poll(() => visitorMessages()).toHaveLength(1);

    // The watching tab's socket drops; the other keeps sending (and resends one) before it is back.
    wsClient.connection!.ws.close();
    sent.push(await sender.client.widget.send.mutate({ content: 'two', clientId: 'ws-message-2' }));
    sent.push(await sender.client.widget.send.mutate({ content: 'three', clientId: 'ws-message-3' }));
    await sender.client.widget.send.mutate({ content: 'two', clientId: 'ws-message-2' });
    await expect.poll(() => received.filter((e) => e.type === 'ready')).toHaveLength(2);
    sent.push(await sender.client.widget.send.mutate({ content: 'four', clientId: 'ws-message-4' }));

    await expect
      .poll(() => visitorMessages().map((e) => e.content), { timeout: 5000 })
      .toEqual(['one', 'two', 'three', 'four']);
    expect(new Set(sent.map((m) => m.id)).size).toBe(4);
    // The bot's answers came through exactly once each as well.
    await expect.poll(() => received.filter((e) => e.type === 'message.created' && e.role === 'bot')).toHaveLength(4);
    const ids = received.filter((e) => e.type === 'message.created').map((e) => e.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    // Every event was tracked, so the client always had a position to resume from.
    expect(received.every((e) => typeof e.id === 'string' && e.id.startsWith('w1.'))).toBe(true);
    wsClient.close();
    sender.wsClient.close();
  });

  it('refuses widget calls without a valid token', async () => {
    const { client, wsClient } = clientFor('v1.forged.token');
    await expect(client.widget.history.query()).rejects.toThrow('This chat session is not valid.');
    wsClient.close();
  });
});
