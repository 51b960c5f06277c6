import type { AppLoadContext } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { handleChatbotSettingsAction } from './settings-action.server';

const context = {
  trpc: { workspace: { current: async () => ({ id: 'w1' }) }, chatbot: {} },
} as unknown as AppLoadContext;

const post = (fields: Record<string, string>) =>
  new Request('https://parley.test/app/chatbots/c1/settings', { method: 'POST', body: new URLSearchParams(fields) });

describe('the chatbot settings action', () => {
  it('answers a form it does not have with a 400 that says to reload, not a crash', async () => {
    const thrown = await handleChatbotSettingsAction({
      context,
      params: { chatbotId: 'c1' },
      request: post({ intent: 'launchRockets' }),
    }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toMatch(/Reload the page/);
  });
});
