import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';

describe('the live preview of a live chatbot', () => {
  test('follows every unsaved style change: colour and theme, not only the launcher', async ({ app, operator }) => {
    const { chatbot } = await liveChatbot(operator.trpc, {
      name: 'Shoe Help',
      origin: 'https://shop.example',
      sources: [{ title: 'Returns', content: 'Unworn shoes can be returned within 30 days.' }],
    });
    const { page } = operator;
    await gotoApp(page, `${app.url}/app/chatbots/${chatbot.id}/widget`);
    const preview = page.frameLocator('[data-testid="widget-preview-frame"]');
    await preview.getByRole('textbox', { name: /message/i }).waitFor();
    const frameLook = () =>
      preview
        .locator('html')
        .evaluate((root) => ({ accent: root.style.getPropertyValue('--accent'), theme: root.dataset.theme }));
    expect((await frameLook()).accent).not.toBe('#dc2626');

    await page.getByLabel('Main colour').fill('#dc2626');
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(frameLook, { timeout: 10_000 }).toEqual({ accent: '#dc2626', theme: 'dark' });
    await screenshot(page, 'live-preview-restyled');

    // Nothing was saved: a reload shows the stored look again.
    await page.reload();
    await preview.getByRole('textbox', { name: /message/i }).waitFor();
    await expect.poll(async () => (await frameLook()).accent).not.toBe('#dc2626');
  });
});
