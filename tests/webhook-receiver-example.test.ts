import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/client';
import { startParley, type Parley } from '../server/app';
import { parseEnv } from '../server/env';
import { sessionCookieName } from '../server/services/account/cookies';
import { createSession } from '../server/services/account/sessions';
import { createTestChatbot } from './factories/chatbots';
import { createTestWorkspace } from './factories/workspaces';
import { createTestDatabase } from './helpers/db';
import { testLog } from './helpers/log';
import { freePort } from './helpers/net';
import { httpClientTo } from './helpers/ws';

/**
 * examples/webhook-receiver.ts as a developer runs it, receiving a real
 * Parley's deliveries: it verifies each signature with the standardwebhooks
 * library, refuses a forged one, and handles a delivery replayed under the
 * same webhook-id only once.
 */
const root = path.resolve(import.meta.dirname, '..');
let database: Database;
let parley: Parley;
let receiver: ChildProcess;
let output = '';
// The receiver listens on loopback, which only this setting lets deliveries reach (as while developing).
const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_ALLOW_PRIVATE_URLS: 'true' });

beforeAll(async () => {
  database = await createTestDatabase();
  parley = await startParley(env, testLog, { database, serveWebApp: false });
}, 60_000);
afterAll(async () => {
  // The whole group: tsx runs the script in a child process of its own.
  if (receiver?.pid) process.kill(-receiver.pid);
  await parley?.close();
});

describe('the example webhook receiver', () => {
  it('verifies deliveries, refuses a forged one and handles a replay once', async () => {
    const { workspace, owner } = await createTestWorkspace(database.db, { name: 'Receiver' });
    const chatbot = await createTestChatbot(database.db, { workspaceId: workspace.id });
    const { token } = await createSession(database.db, { userId: owner.id });
    const team = httpClientTo(parley.url, { cookie: `${sessionCookieName(env)}=${token}` });
    const port = await freePort();
    const { endpoint, secret } = await team.webhook.create.mutate({
      workspaceId: workspace.id,
      url: `http://127.0.0.1:${port}/parley`,
      events: ['conversation.created'],
    });
    receiver = spawn(path.join(root, 'node_modules/.bin/tsx'), ['examples/webhook-receiver.ts'], {
      cwd: root,
      env: { ...process.env, PARLEY_WEBHOOK_SECRET: secret, PORT: String(port) },
      detached: true,
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    receiver.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await vi.waitFor(() => expect(output).toContain('listening for Parley webhooks'), { timeout: 30_000 });

    const forged = await fetch(`http://127.0.0.1:${port}/parley`, {
      method: 'POST',
      headers: { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) },
      body: JSON.stringify({ type: 'conversation.created', data: {} }),
    });
    expect(forged.status).toBe(400);
    await vi.waitFor(() => expect(output).toContain('refused a delivery'));

    const { conversation } = await team.conversation.start.mutate({ workspaceId: workspace.id, chatbotId: chatbot.id });
    const deliveries = () => team.webhook.deliveries.query({ workspaceId: workspace.id, endpointId: endpoint.id });
    await vi.waitFor(async () => expect((await deliveries()).map((d) => d.status)).toEqual(['delivered']), {
      timeout: 30_000,
      interval: 250,
    });
    const [message] = await deliveries();
    await team.webhook.replay.mutate({ workspaceId: workspace.id, endpointId: endpoint.id, messageIds: [message!.id] });
    await vi.waitFor(
      async () => {
        const detail = await team.webhook.delivery.query({ workspaceId: workspace.id, messageId: message!.id });
        expect(detail.attempts.map((a) => a.statusCode)).toEqual([204, 204]);
      },
      { timeout: 30_000, interval: 250 },
    );
    // Two deliveries under one webhook-id, one event handled.
    const handled = output.split('\n').filter((line) => line.startsWith('conversation.created'));
    expect(handled).toHaveLength(1);
    expect(handled[0]).toContain(conversation.id);
  }, 120_000);
});
