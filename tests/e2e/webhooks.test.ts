import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { test } from './fixtures';
import { signUpVerified } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

// The receiver listens on loopback, which the SSRF guard lets through only with the development allowance.
test.scoped({ appOptions: { env: { KNOWLEDGE_ALLOW_PRIVATE_URLS: 'true' } } });

describe('webhook settings', () => {
  test('adds an endpoint, sends a test event and shows it in the delivery log', async ({ app, page }) => {
    await signUpVerified(app.url, page, { name: 'Wes Hooks', email: 'wes@example.com' });
    await gotoApp(page, `${app.url}/app/settings`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();

    // Nothing chosen: the form says what is missing.
    const form = page.getByRole('form', { name: 'Add endpoint' });
    await form.getByLabel('Endpoint URL').fill(receiver.url('/parley'));
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('Choose at least one event.').waitFor();

    await form.getByLabel('Endpoint URL').fill(receiver.url('/parley'));
    await form.getByRole('checkbox', { name: /source\.ready/ }).check();
    await form.getByRole('checkbox', { name: /message\.created/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const created = page.getByRole('region', { name: 'Endpoint added' });
    const secret = (await created.locator('code').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(/Test event delivered: 200 in \d+ ms\./).waitFor();
    const log = page.getByRole('table', { name: 'Delivery log' });
    await log.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: 'delivered' }).waitFor();
    await screenshot(page, 'webhooks-settings');

    // What the receiver got verifies with the secret the page showed.
    expect(receiver.at('/parley')).toHaveLength(1);
    const [request] = receiver.at('/parley');
    const payload = new Webhook(secret).verify(request!.body, request!.headers) as { type: string };
    expect(payload.type).toBe('webhook.test');

    // The log entry opens on what was sent, under the id the receiver saw.
    await log.getByRole('link', { name: 'webhook.test' }).click();
    await page.getByText(`webhook-id: ${request!.headers['webhook-id']}`, { exact: true }).waitFor();
    await screenshot(page, 'webhooks-delivery');

    // The log filters by status: nothing has failed.
    await page.getByRole('navigation', { name: 'Show deliveries' }).getByRole('link', { name: 'Failed' }).click();
    await page.getByText('No deliveries here.').waitFor();
  });
});
