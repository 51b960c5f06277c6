import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TTestApp } from '../../tests/helpers/app';
import { AppError } from '../errors';
import {
  adminProcedure,
  protectedProcedure,
  publicProcedure,
  router,
  visitorProcedure,
  workspaceProcedure,
} from './procedures';

// A router made of the real ladder, to see what callers receive over HTTP.
const testRouter = router({
  signUp: publicProcedure
    .input(z.object({ email: z.email('Enter a valid e-mail address.'), name: z.string().min(2) }))
    .mutation(() => 'ok'),
  taken: publicProcedure.mutation(() => {
    throw new AppError('CONFLICT', 'That name is taken. Pick another one.');
  }),
  crash: publicProcedure.query(() => {
    throw new Error('secret connection string postgres://admin:hunter2@db');
  }),
  me: protectedProcedure.query(({ ctx }) => ctx.user.id),
  workspace: workspaceProcedure('admin').query(() => 'never'),
  visitor: visitorProcedure.query(() => 'never'),
  developer: workspaceProcedure('agent')
    .meta({ apiScope: 'chatbots:read' })
    .query(() => 'never'),
  admin: adminProcedure.query(() => 'never'),
});

let app: TTestApp;
let call: (
  path: string,
  init?: { body?: unknown; headers?: Record<string, string> },
) => Promise<{ status: number; error: Record<string, unknown> }>;
beforeAll(async () => {
  app = await createTestApp();
  call = async (path, init = {}) => {
    const request = new Request(`http://parley.test/api/trpc/${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(superjson.serialize(init.body)),
    });
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: request,
      router: testRouter,
      createContext: () => app.createContext({ transport: 'http', headers: request.headers }),
    });
    const body = (await response.json()) as { error: { json: Record<string, unknown> } };
    return { status: response.status, error: body.error.json };
  };
});
afterAll(() => app.close());

describe('errors as callers see them', () => {
  it('returns zod problems as field errors', async () => {
    const { status, error } = await call('signUp', { body: { email: 'nope', name: 'x' } });
    expect(status).toBe(400);
    expect(error.data).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { email: ['Enter a valid e-mail address.'], name: [expect.stringMatching(/2/)] },
    });
  });

  it('maps AppError to its code with its sentence', async () => {
    const { status, error } = await call('taken', { body: {} });
    expect(status).toBe(409);
    expect(error).toMatchObject({ message: 'That name is taken. Pick another one.', data: { code: 'CONFLICT' } });
  });

  it('hides internal errors behind a plain sentence', async () => {
    const { status, error } = await call('crash');
    expect(status).toBe(500);
    expect(error.message).toBe('Something went wrong on our side. Please try again in a moment.');
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });

  it('refuses every rung that needs an identity the caller lacks', async () => {
    expect((await call('me')).error).toMatchObject({
      message: 'Please log in to continue.',
      data: { code: 'UNAUTHORIZED' },
    });
    expect(
      (await call('workspace?input=' + encodeURIComponent(JSON.stringify({ json: { workspaceId: 'w1' } })))).status,
    ).toBe(401);
    expect((await call('visitor')).error).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    const developer = 'developer?input=' + encodeURIComponent(JSON.stringify({ json: { workspaceId: 'w1' } }));
    const refused = await call(developer, { headers: { authorization: 'Bearer pk_live_test' } });
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ message: 'This API key is not valid, has expired or has been revoked.' });
    expect((await call('admin')).status).toBe(401);
  });
});
