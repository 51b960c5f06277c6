import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const htmlIsDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

describe('the landing page', () => {
  it('explains Parley, shows the live server status and toggles the theme, remembering it', async () => {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const response = await page.goto(app.url);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/Parley/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBeTruthy();
    expect(await page.getByText('npm install && npm start').count()).toBeGreaterThan(0);

    // A real query through TanStack Query and tRPC over HTTP.
    await page.getByTestId('system-status').getByText('Database: PGlite · migrations current').waitFor();

    expect(await htmlIsDark(page)).toBe(false);
    await page.getByRole('button', { name: 'Dark', exact: true }).first().click();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await screenshot(page, 'landing-dark');

    await page.reload();
    expect(await htmlIsDark(page)).toBe(true);
    expect(await page.getByRole('button', { name: 'Dark', exact: true }).first().getAttribute('aria-pressed')).toBe(
      'true',
    );

    await page.getByRole('button', { name: 'Light', exact: true }).first().click();
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    await screenshot(page, 'landing-light');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('follows the system setting when the theme is "System"', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(app.url);
    expect(await htmlIsDark(page)).toBe(true);
    await context.close();
  });

  it('answers an unknown address with a 404 page that leads home', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${app.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: /not found/i }).waitFor();
    await screenshot(page, 'not-found');
    await page.getByRole('link', { name: /home/i }).last().click();
    await page.waitForURL(`${app.url}/`);
    await context.close();
  });
});
