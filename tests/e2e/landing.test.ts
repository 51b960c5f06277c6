import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { gotoApp, hydrated, screenshot } from './helpers/browser';

const htmlIsDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

describe('the landing page', () => {
  test('explains Parley, shows the live server status and toggles the theme, remembering it', async ({
    app,
    newPage,
  }) => {
    const page = await newPage({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const response = await gotoApp(page, app.url);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/Parley/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBeTruthy();
    expect(await page.getByText('npm install && npm start').count()).toBeGreaterThan(0);

    // How the installation is set up is for its admins only (the admin panel's test checks they see it).
    expect(await page.getByTestId('system-status').count()).toBe(0);

    expect(await htmlIsDark(page)).toBe(false);
    await page.getByRole('button', { name: 'Dark', exact: true }).first().click();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await screenshot(page, 'landing-dark');

    await page.reload();
    expect(await htmlIsDark(page)).toBe(true);
    await hydrated(page);
    expect(await page.getByRole('button', { name: 'Dark', exact: true }).first().getAttribute('aria-pressed')).toBe(
      'true',
    );

    await page.getByRole('button', { name: 'Light', exact: true }).first().click();
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    await screenshot(page, 'landing-light');
    expect(errors).toEqual([]);
  });

  test('follows the system setting when the theme is "System"', async ({ app, newPage }) => {
    const page = await newPage({ colorScheme: 'dark' });
    await page.goto(app.url);
    expect(await htmlIsDark(page)).toBe(true);
  });

  test('answers an unknown address with a 404 page that leads home', async ({ app, newPage }) => {
    const page = await newPage();
    const response = await page.goto(`${app.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: /not found/i }).waitFor();
    await screenshot(page, 'not-found');
    await page.getByRole('link', { name: /home/i }).last().click();
    await page.waitForURL(`${app.url}/`);
  });
});
