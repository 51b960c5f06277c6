import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';

describe('API keys page', () => {
  test('creates a key, shows its secret once, and revokes it', async ({ app, operator }) => {
    const { page } = operator;
    await gotoApp(page, `${app.url}/app/api-keys`);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

    // No scope chosen: refused with the reason, nothing created.
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('Nightly sync');
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Choose at least one scope.').first().waitFor();

    await form.getByLabel(/^chatbots:read/).check();
    await form.getByLabel(/^chat\s*Start conversations/).check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('new-key-secret');
    await secret.waitFor();
    const value = (await secret.textContent())!;
    expect(value).toMatch(/^pk_live_[a-z0-9]{12}_[a-z0-9]{52}$/);
    const row = page.getByRole('listitem', { name: 'Nightly sync' });
    await row.getByText('chatbots:read, chat').waitFor();
    await row.getByText('never used').waitFor();
    await screenshot(page, 'api-keys-created');

    // The key works, and the secret is never shown again.
    const workspaceId = (await operator.trpc.workspace.current.query())!.id;
    const input = encodeURIComponent(JSON.stringify({ json: { workspaceId } }));
    const call = () =>
      fetch(`${app.url}/api/trpc/chatbot.list?input=${input}`, { headers: { authorization: `Bearer ${value}` } });
    expect((await call()).status).toBe(200);
    await page.reload();
    await row.getByText(/last used .* from /).waitFor();
    expect(await page.getByTestId('new-key-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(value);

    // The reference shows a REST call for this workspace to paste, and links the OpenAPI document.
    await page.getByRole('link', { name: 'API reference' }).click();
    const curl = (await page.getByTestId('rest-curl').textContent())!;
    expect(curl).toContain(`${app.url}/api/v1/workspaces/${workspaceId}/chatbots`);
    const rest = await fetch(`${app.url}/api/v1/workspaces/${workspaceId}/chatbots`, {
      headers: { authorization: `Bearer ${value}` },
    });
    expect(rest.status).toBe(200);
    const href = await page.getByRole('link', { name: 'OpenAPI 3.1 document' }).getAttribute('href');
    expect(((await (await fetch(new URL(href!, app.url))).json()) as { openapi: string }).openapi).toMatch(/^3\.1\./);
    await screenshot(page, 'api-docs-rest');
    await page
      .getByRole('region', { name: 'REST and OpenAPI' })
      .screenshot({ path: 'tests/e2e/.artifacts/api-docs-rest-section.png' });
    await page.getByRole('link', { name: '← API keys' }).click();
    await row.waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await call()).status).toBe(401);
  });
});
