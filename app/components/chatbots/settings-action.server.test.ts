import type { AppLoadContext } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { handleChatbotSettingsAction } from './settings-action.server';

/** The tRPC caller as the action sees it: the current workspace, and chatbot procedures recording their inputs. */
function fakeContext(chatbot: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  const calls: { procedure: string; input: Record<string, unknown> }[] = [];
  const proxy = new Proxy(
    {},
    {
      get: (_target, procedure: string) => async (input: Record<string, unknown>) => {
        calls.push({ procedure, input });
        return chatbot[procedure] ? chatbot[procedure](input) : { id: 'c1' };
      },
    },
  );
  const workspace = { current: async () => ({ id: 'w1', role: 'admin' }) };
  return { context: { trpc: { chatbot: proxy, workspace } } as unknown as AppLoadContext, calls };
}

const act = (context: AppLoadContext, fields: [string, string][]) => {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const request = new Request('http://parley.test/app/chatbots/c1/settings', { method: 'POST', body });
  return handleChatbotSettingsAction({ context, params: { chatbotId: 'c1' }, request });
};

const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

const target = { workspaceId: 'w1', chatbotId: 'c1' };

describe('handleChatbotSettingsAction', () => {
  it('sends each intent to its own procedure, for the current workspace', async () => {
    const { context, calls } = fakeContext();
    await act(context, [
      ['intent', 'status'],
      ['status', 'paused'],
    ]);
    await act(context, [['intent', 'rotateKey']]);
    await act(context, [['intent', 'rotateWebhookSecret']]);
    expect(calls).toEqual([
      { procedure: 'setStatus', input: { ...target, status: 'paused' } },
      { procedure: 'rotateKey', input: target },
      { procedure: 'rotateWebhookSecret', input: target },
    ]);
  });

  it('answers a refused save on its form, with every row of the lists', async () => {
    const { context } = fakeContext({
      update: async () => {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'No.' });
      },
    });
    const answer = await act(context, [
      ['intent', 'save'],
      ['name', 'Shoe Helper'],
      ['allowedOrigins', 'a.example.com'],
      ['allowedOrigins', 'b.example.com'],
    ]);
    expect(answer).toMatchObject({
      ok: false,
      intent: 'save',
      message: 'No.',
      values: { name: 'Shoe Helper' },
      lists: { suggestedQuestions: [], allowedOrigins: ['a.example.com', 'b.example.com'] },
    });
  });

  it('opens a copy on its own settings page, and the list after a delete', async () => {
    const { context, calls } = fakeContext({ duplicate: async () => ({ id: 'c2' }) });
    const copied = await caught(act(context, [['intent', 'duplicate']]));
    expect((copied as Response).headers.get('location')).toBe('/app/chatbots/c2/settings');
    const deleted = await caught(
      act(context, [
        ['intent', 'delete'],
        ['confirmName', 'Shoe Helper'],
      ]),
    );
    expect((deleted as Response).headers.get('location')).toBe('/app/chatbots');
    expect(calls.at(-1)).toEqual({ procedure: 'delete', input: { ...target, confirmName: 'Shoe Helper' } });
  });

  it('refuses an intent it does not know before calling anything', async () => {
    const { context, calls } = fakeContext();
    expect(await caught(act(context, [['intent', 'constructor']]))).toBeInstanceOf(Error);
    expect(calls).toEqual([]);
  });
});
