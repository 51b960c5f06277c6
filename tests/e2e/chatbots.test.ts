import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from './helpers/accounts';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, screenshot } from './helpers/browser';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const RETURNS = `# Returns

You can return shoes within 30 days if they show no visible wear on the soles.

## Damaged items

If an item arrives damaged, send us a photo within 7 days and we ship a replacement at no cost.`;

describe('chatbots and their knowledge', () => {
  it('creates a chatbot from a template, learns pasted text live, and retrieves the right passage', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await signUpVerified(app.url, page, { name: 'Kim Builder', email: 'kim@example.com' });

    await page.getByRole('link', { name: 'Chatbots', exact: true }).click();
    await page.getByRole('link', { name: 'New chatbot' }).first().click();
    await page.getByLabel('1. Chatbot name').fill('Acme Help');
    await page.getByRole('radio', { name: /support/i }).check();
    await page.getByRole('button', { name: 'Create chatbot' }).click();
    await page.getByRole('heading', { name: 'Acme Help' }).waitFor();

    await page.getByLabel('Title').fill('Returns policy');
    await page.getByLabel('Text or Markdown').fill(RETURNS);
    await page.getByRole('button', { name: 'Add text' }).click();
    // The source turns ready through the job queue; the page learns it over the live subscription.
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Returns policy' })
      .getByText('Ready')
      .waitFor({ timeout: 30_000 });

    await page.getByLabel('Question to test').fill('what if my parcel arrives damaged?');
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.getByRole('list', { name: 'Retrieved passages' }).getByRole('listitem').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/Damaged items/);
    await screenshot(page, 'chatbot-knowledge');
    await context.close();
  });
});
