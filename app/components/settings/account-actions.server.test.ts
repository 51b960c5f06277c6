import type { AppLoadContext } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { handleAccountAction } from './account-actions.server';

/** The tRPC caller as the action sees it; only the account procedures, recording their inputs. */
function fakeContext(account: Record<string, (input: unknown) => Promise<unknown>> = {}) {
  const calls: { procedure: string; input: unknown }[] = [];
  const proxy = new Proxy(
    {},
    {
      get: (_target, procedure: string) => async (input: unknown) => {
        calls.push({ procedure, input });
        return account[procedure] ? account[procedure](input) : {};
      },
    },
  );
  return { context: { trpc: { account: proxy } } as unknown as AppLoadContext, calls };
}

const post = (fields: Record<string, string>, url = 'http://parley.test/settings') => {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return new Request(url, { method: 'POST', body });
};

const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('handleAccountAction', () => {
  it('sends each intent to its own procedure and tags the answer with it', async () => {
    const { context, calls } = fakeContext();
    const cases: { fields: Record<string, string>; procedure: string; input: unknown }[] = [
      { fields: { intent: 'profile', name: 'Ada' }, procedure: 'updateProfile', input: { name: 'Ada' } },
      {
        fields: { intent: 'email', newEmail: 'a@example.com', password: 'secret' },
        procedure: 'requestEmailChange',
        input: { newEmail: 'a@example.com', password: 'secret' },
      },
      {
        fields: { intent: 'password', currentPassword: 'old', newPassword: 'new' },
        procedure: 'changePassword',
        input: { currentPassword: 'old', newPassword: 'new' },
      },
      { fields: { intent: 'revoke', sessionId: 's2' }, procedure: 'revokeSession', input: { sessionId: 's2' } },
      { fields: { intent: 'logout-others' }, procedure: 'logoutOtherSessions', input: undefined },
      { fields: { intent: 'resend' }, procedure: 'resendVerification', input: undefined },
    ];
    for (const { fields, procedure, input } of cases) {
      const answer = await handleAccountAction({ context, request: post(fields) });
      expect(answer).toMatchObject({ ok: true, intent: fields.intent });
      expect(calls.at(-1)).toEqual({ procedure, input });
    }
  });

  it('refuses a form it does not know with a 400', async () => {
    const { context, calls } = fakeContext();
    const error = await caught(handleAccountAction({ context, request: post({ intent: 'toString' }) }));
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('keeps a refusal on its form, with what was typed but not the password', async () => {
    const { context } = fakeContext({
      requestEmailChange: async () => {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Not now.' });
      },
    });
    const answer = await handleAccountAction({
      context,
      request: post({ intent: 'email', newEmail: 'a@example.com', password: 'secret' }),
    });
    expect(answer).toMatchObject({ ok: false, intent: 'email', message: 'Not now.', code: 'FORBIDDEN' });
    expect('values' in answer && answer.values).toEqual({ intent: 'email', newEmail: 'a@example.com' });
  });

  it('logs out to the log-in page when this very session is revoked', async () => {
    const { context } = fakeContext({ revokeSession: async () => ({ isCurrent: true }) });
    const error = await caught(handleAccountAction({ context, request: post({ intent: 'revoke', sessionId: 's1' }) }));
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).headers.get('location')).toBe('/login');
  });

  it('saves preferences, unticked boxes as off, and sets the theme cookie for this browser', async () => {
    const { context, calls } = fakeContext({ updatePreferences: async () => ({ theme: 'dark' }) });
    const answer = await handleAccountAction({
      context,
      request: post({ intent: 'preferences', theme: 'dark', language: 'de', browser: 'on' }, 'https://parley.test/s'),
    });
    expect(calls).toEqual([
      {
        procedure: 'updatePreferences',
        input: { theme: 'dark', language: 'de', notifications: { emailOnHandoff: false, browser: true } },
      },
    ]);
    expect(answer).toMatchObject({ type: 'DataWithResponseInit', data: { ok: true, intent: 'preferences' } });
    const cookie = new Headers((answer as { init: ResponseInit }).init.headers).get('set-cookie');
    expect(cookie).toMatch(/^parley-theme=dark;.*Secure/);
  });
});
