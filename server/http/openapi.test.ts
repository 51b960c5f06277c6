import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createTestWorkspace } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { httpClientTo } from '../../tests/helpers/ws';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { sessionCookieName } from '../services/account/cookies';
import { createSession } from '../services/account/sessions';
import type { TMeta } from '../trpc/init';
import { appRouter } from '../trpc/router';

/**
 * The REST face of the public procedures, as a Python script or an n8n
 * HTTP node meets it: the OpenAPI document, then plain JSON requests with
 * a workspace API key.
 */
let database: Database;
let parley: Parley;
const RATE_LIMIT = 60;
const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', API_KEY_RATE_LIMIT: String(RATE_LIMIT) });
let workspaceId: string;
let apiKey: string;
let readOnlyKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  parley = await startParley(env, testLog, { database, serveWebApp: false });
  const { workspace, owner } = await createTestWorkspace(database.db, { name: 'REST' });
  workspaceId = workspace.id;
  const { token } = await createSession(database.db, { userId: owner.id });
  const team = httpClientTo(parley.url, { cookie: `${sessionCookieName(env)}=${token}` });
  const createKey = async (scopes: string[]) =>
    (await team.developer.createKey.mutate({ workspaceId, name: 'REST', scopes: scopes as never })).secret;
  apiKey = await createKey(['chatbots:read', 'chatbots:write', 'knowledge:write', 'conversations:read', 'chat']);
  readOnlyKey = await createKey(['chatbots:read']);
}, 60_000);
afterAll(async () => {
  await parley?.close();
});

type TAnswer = { status: number; headers: Headers; body: Record<string, unknown> };

/** One REST call, as curl would make it. */
async function call(method: string, path: string, body?: unknown, key: string | null = apiKey): Promise<TAnswer> {
  const response = await fetch(`${parley.url}/api/v1/workspaces/${workspaceId}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and has a route for every procedure a key may call', async () => {
    const response = await fetch(`${parley.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
    };
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.servers[0]!.url).toMatch(/\/api\/v1$/);

    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const documented = new Set(operations.map((operation) => operation.operationId.replaceAll('-', '.')));
    // A new query or mutation that keys may call must get a REST route too (meta.openapi).
    const open = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: TMeta } }>,
    )
      .filter(([, p]) => p._def.meta?.apiScope && p._def.type !== 'subscription')
      .map(([path]) => path);
    expect(open.filter((path) => !documented.has(path))).toEqual([]);
    expect(documented.size).toBe(open.length);
    expect(operations.every((operation) => operation.security.length > 0)).toBe(true);
  });
});

describe('REST routes with an API key', () => {
  let chatbotId: string;
  let conversationId: string;

  it('creates a chatbot, with the rate-limit headers', async () => {
    const created = await call('POST', '/chatbots', { name: 'REST bot', template: 'support' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'REST bot', status: 'draft' });
    chatbotId = created.body.id as string;
    expect(created.headers.get('ratelimit-limit')).toBe(String(RATE_LIMIT));
    expect(Number(created.headers.get('ratelimit-remaining'))).toBeLessThan(RATE_LIMIT);
    expect(created.headers.get('ratelimit-policy')).toBe(`${RATE_LIMIT};w=60`);

    const listed = await call('GET', '/chatbots');
    expect(listed.status).toBe(200);
    expect((listed.body as unknown as { id: string }[]).map((bot) => bot.id)).toContain(chatbotId);
    const got = await call('GET', `/chatbots/${chatbotId}`);
    expect(got.body).toMatchObject({ id: chatbotId, name: 'REST bot' });
  });

  it('adds a text source', async () => {
    const added = await call('POST', `/chatbots/${chatbotId}/sources/text`, {
      title: 'Shipping policy',
      content: 'We ship to every country in the European Union within five working days.',
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ title: 'Shipping policy', kind: 'text' });
  });

  it('starts a conversation and sends a message once per idempotency key', async () => {
    const started = await call('POST', '/conversations', { chatbotId, visitor: { name: 'Ada' } });
    expect(started.status).toBe(200);
    conversationId = (started.body.conversation as { id: string }).id;
    const message = { content: 'Do you ship to France?', clientId: 'rest-message-1' };
    const sent = await call('POST', `/conversations/${conversationId}/messages`, message);
    expect(sent.status).toBe(200);
    const again = await call('POST', `/conversations/${conversationId}/messages`, message);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(sent.body);

    // The offline answerer replies; REST callers read it back (streaming is the typed client's, over WebSocket).
    await expect
      .poll(
        async () => {
          const { body } = await call('GET', `/conversations/${conversationId}`);
          return (body.messages as { role: string }[]).map((m) => m.role);
        },
        { timeout: 20_000, interval: 250 },
      )
      .toEqual(expect.arrayContaining(['visitor', 'bot']));
    const { body } = await call('GET', `/conversations/${conversationId}`);
    expect((body.messages as { role: string }[]).filter((m) => m.role === 'visitor')).toHaveLength(1);
  }, 30_000);

  it('lists conversations, reading boolean query parameters as words', async () => {
    const listed = await call('GET', '/inbox/conversations?status=all&limit=10&tests=false');
    expect(listed.status).toBe(200);
    const ids = (listed.body.items as { id: string }[]).map((item) => item.id);
    expect(ids).toContain(conversationId);
    const tests = await call('GET', '/inbox/conversations?status=all&tests=true');
    expect((tests.body.items as { id: string }[]).map((item) => item.id)).not.toContain(conversationId);
  });
});

describe('REST errors, as JSON', () => {
  it('asks for a key, then refuses a missing scope', async () => {
    const anonymous = await call('GET', '/chatbots', undefined, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHORIZED', message: expect.any(String) });
    const unknown = await call('GET', '/chatbots', undefined, `pk_live_${'a'.repeat(12)}_${'b'.repeat(52)}`);
    expect(unknown.status).toBe(401);
    const scoped = await call('POST', '/chatbots', { name: 'Nope', template: 'support' }, readOnlyKey);
    expect(scoped.status).toBe(403);
    expect(scoped.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('chatbots:write') });
  });

  it('says what is wrong with an input', async () => {
    const invalid = await call('POST', '/chatbots', { name: '', template: 'support' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('BAD_REQUEST');
    expect(invalid.body.issues).toEqual([expect.objectContaining({ message: 'Enter a name for the chatbot.' })]);
    expect(invalid.body.data).toMatchObject({ fieldErrors: { name: ['Enter a name for the chatbot.'] } });
    const unlabelled = await fetch(`${parley.url}/api/v1/workspaces/${workspaceId}/chatbots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
      body: 'name=Nope',
    });
    expect(unlabelled.status).toBe(415);
    const garbled = await call('POST', '/chatbots', '{"name": ');
    expect(garbled.status).toBe(400);
    expect(garbled.body.code).toBe('PARSE_ERROR');
  });

  it('answers 404 for what does not exist, routes included', async () => {
    const missing = await call('GET', '/chatbots/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'NOT_FOUND',
      message: "We couldn't find that chatbot.",
      data: { code: 'NOT_FOUND', httpStatus: 404, path: 'chatbot.get', fieldErrors: null },
    });
    const noRoute = await call('GET', '/no-such-thing');
    expect(noRoute.status).toBe(404);
  });

  it('answers 429 with Retry-After once the key has spent its minute', async () => {
    let last: TAnswer | null = null;
    for (let i = 0; i < RATE_LIMIT + 1 && last?.status !== 429; i++) last = await call('GET', '/chatbots');
    expect(last!.status).toBe(429);
    expect(last!.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('Wait') });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
  });
});
