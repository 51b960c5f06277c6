import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test as base } from './fixtures';
import { linkFromMailbox, signUpVerified } from './helpers/accounts';
import { gotoApp, hydrated, screenshot } from './helpers/browser';

const DESKTOP = { width: 1200, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The owner's page, one for the whole file (each test goes on from the last), and where exports are saved. */
const test = base.extend<{ owner: Page; downloads: string }>({
  owner: [
    async ({ app, browser }, provide) => {
      const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
      // 127.0.0.1 is a secure context; the permission lets the Copy button (and this test) use the clipboard.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      await provide(await context.newPage());
      await context.close();
    },
    { scope: 'file' },
  ],
  downloads: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from this pattern
    async ({}, provide) => {
      const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-export-'));
      await provide(downloads);
      fs.rmSync(downloads, { recursive: true, force: true });
    },
    { scope: 'file' },
  ],
});

const sections = (page: Page) => page.getByRole('navigation', { name: 'Chatbot sections' });
const settingsForm = (page: Page) => page.getByRole('form', { name: 'Chatbot settings' });
const websiteRow = (page: Page, n: number) => page.getByRole('textbox', { name: `Websites, row ${n}` });
/**
 * Fails when the toast saying `toastText` overlaps the button named `buttonText`. Both are measured
 * in one step in the page, while the toast (which lives for seconds) is surely on screen.
 */
async function expectUncovered(page: Page, buttonText: string, toastText: string) {
  const boxes = await page.evaluate(
    ([button, toastText]) => {
      const rect = (element: Element | undefined) => element?.getBoundingClientRect().toJSON() as DOMRect | undefined;
      const buttonEl = [...document.querySelectorAll('button')].find((el) => el.textContent?.trim() === button);
      const toastEl = [...document.querySelectorAll('[data-sonner-toast]')].find((el) =>
        el.textContent?.includes(toastText),
      );
      return { button: rect(buttonEl), toast: rect(toastEl) };
    },
    [buttonText, toastText] as const,
  );
  const { button: a, toast: b } = boxes;
  expect(a && b, JSON.stringify(boxes)).toBeTruthy();
  const overlaps =
    a!.x < b!.x + b!.width && b!.x < a!.x + a!.width && a!.y < b!.y + b!.height && b!.y < a!.y + a!.height;
  expect(overlaps, `${JSON.stringify(b)} covers ${JSON.stringify(a)}`).toBe(false);
}

const toast = (page: Page, text: string | RegExp) => page.locator('[data-sonner-toast]').filter({ hasText: text });

let chatbotUrl: string;
let exportFile: string;

describe('chatbot settings, widget style, export and import', () => {
  test('changes settings, showing a bad website by its field, and goes live once a website is allowed', async ({
    app,
    owner: page,
  }) => {
    await signUpVerified(app.url, page, { name: 'Sam Settings', email: 'sam@example.com' });
    await gotoApp(page, `${app.url}/app/chatbots/new`);
    await page.getByLabel('1. Chatbot name').fill('Shoe Helper');
    await page.getByRole('radio', { name: /support/i }).check();
    await page.getByRole('button', { name: 'Create chatbot' }).click();
    await page.getByRole('heading', { name: 'Add what it should know' }).waitFor();
    chatbotUrl = new URL(page.url()).pathname.replace(/\/setup$/, '');

    await gotoApp(page, `${app.url}${chatbotUrl}/settings`);
    await settingsForm(page).waitFor();

    // The go-live rule: no website yet, so the refusal says what to do.
    await page.getByRole('button', { name: 'Go live' }).click();
    await page.getByRole('alert').filter({ hasText: 'Add at least one website' }).waitFor();

    await page.getByLabel('Persona and instructions').fill('You are Shoe Helper. Answer briefly and kindly.');
    await page.getByLabel('Greeting').fill('Hello! Looking for shoes?');
    await page.getByRole('radio', { name: 'Always the language below' }).check();
    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page
      .getByRole('textbox', { name: /Suggested questions, row \d+/ })
      .last()
      .fill('Do you ship abroad?');

    // The webhook address is only asked for in webhook mode.
    expect(await page.getByLabel('Webhook address').count()).toBe(0);
    await page.getByRole('radio', { name: /External webhook/ }).check();
    await page.getByLabel('Webhook address').fill('https://hooks.example.com/parley');
    // With it, the secret the flow verifies signatures with.
    const secret = page.getByLabel('Signing secret');
    expect(await secret.textContent()).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await page.getByRole('radio', { name: /AI with knowledge/ }).check();
    expect(await page.getByLabel('Webhook address').count()).toBe(0);

    await page.getByRole('button', { name: 'Add a website' }).click();
    await websiteRow(page, 1).fill('shop.example.com');
    await page.getByRole('button', { name: 'Add a website' }).click();
    await websiteRow(page, 2).fill('ftp://files.example.com');
    await page.getByRole('button', { name: 'Save settings' }).click();

    // The refusal is shown by the row it concerns, which gets the focus; what was typed stays.
    await page.getByText('“ftp://files.example.com” is not a website address').waitFor();
    expect(await websiteRow(page, 2).getAttribute('aria-invalid')).toBe('true');
    expect(await websiteRow(page, 1).getAttribute('aria-invalid')).toBeNull();
    expect(await websiteRow(page, 2).evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByLabel('Greeting').inputValue()).toBe('Hello! Looking for shoes?');
    expect(await websiteRow(page, 1).inputValue()).toBe('shop.example.com');
    await screenshot(page, 'chatbot-settings-error-desktop');

    await page.getByRole('button', { name: 'Remove website 2' }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await toast(page, 'Settings saved.').waitFor();
    // The toast covers no button: "Save settings" stays clickable where it is.
    await expectUncovered(page, 'Save settings', 'Settings saved.');

    // Saved and normalised: a bare domain means https.
    await page.reload();
    await hydrated(page);
    expect(await websiteRow(page, 1).inputValue()).toBe('https://shop.example.com');
    expect(await page.getByLabel('Greeting').inputValue()).toBe('Hello! Looking for shoes?');
    expect(await page.getByLabel('Language', { exact: true }).inputValue()).toBe('de');
    expect(await page.getByRole('textbox', { name: 'Suggested questions, row 1' }).inputValue()).toBe(
      'Do you ship abroad?',
    );

    await page.getByRole('button', { name: 'Go live' }).click();
    await toast(page, 'Status changed.').waitFor();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.locator('h1 + span').filter({ hasText: 'live' }).waitFor();
    await screenshot(page, 'chatbot-settings-desktop');
  });

  test('styles the widget with a live preview, and copies the embed snippet', async ({ app, owner: page }) => {
    await sections(page).getByRole('link', { name: 'Widget' }).click();
    await page.getByRole('form', { name: 'Widget style' }).waitFor();
    const launcher = page.getByTestId('widget-preview-launcher');
    expect(await launcher.textContent()).toContain('Chat with us');

    // Each change shows in the preview at once, before saving.
    await page.getByLabel('Main colour').fill('#0a7');
    await page.getByLabel('Launcher label').fill('Ask Shoe Helper');
    await page.getByRole('radio', { name: 'Bottom left' }).check();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.getByLabel('Font').selectOption('serif');
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 170, 119)');
    expect(await launcher.textContent()).toContain('Ask Shoe Helper');
    expect(await launcher.evaluate((el) => el.style.left)).toBe('16px');

    // A bad colour is refused by its field.
    await page.getByLabel('Main colour').fill('green');
    await page.getByRole('button', { name: 'Save widget style' }).click();
    await page.getByText('Enter the colour as a hex code like #4f46e5.').waitFor();
    expect(await page.getByLabel('Launcher label').inputValue()).toBe('Ask Shoe Helper');

    await page.getByLabel('Main colour').fill('#0a7');
    await page.getByRole('button', { name: 'Save widget style' }).click();
    await toast(page, 'Widget style saved.').waitFor();
    await page.reload();
    await hydrated(page);
    expect(await page.getByLabel('Main colour').inputValue()).toBe('#00aa77');
    expect(await page.getByRole('radio', { name: 'Bottom left' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Font').inputValue()).toBe('serif');

    // The snippet loads the served loader with this chatbot's key, and the allowed site is recalled.
    const key = await page.getByTestId('embed-snippet').textContent();
    expect(key).toMatch(
      new RegExp(`^<script async src="${app.url}/widget\\.js" data-chatbot="cb_[a-z2-7]{24}"></script>$`),
    );
    await page.getByText('https://shop.example.com').waitFor();
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await toast(page, 'Embed snippet copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    expect((await fetch(`${app.url}/widget.js`)).status).toBe(200);
    await screenshot(page, 'chatbot-widget-desktop');
  });

  test('exports the chatbot as a JSON file and imports it back as a new draft', async ({
    app,
    owner: page,
    downloads,
  }) => {
    await gotoApp(page, `${app.url}${chatbotUrl}/settings`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export as JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('shoe-helper.parley.json');
    exportFile = path.join(downloads, download.suggestedFilename());
    await download.saveAs(exportFile);
    const exported = JSON.parse(fs.readFileSync(exportFile, 'utf8'));
    expect(exported).toMatchObject({
      format: 'parley.chatbot',
      version: 1,
      name: 'Shoe Helper',
      allowedOrigins: ['https://shop.example.com'],
      widget: { primaryColor: '#00aa77', position: 'bottom-left', launcherLabel: 'Ask Shoe Helper' },
    });

    await gotoApp(page, `${app.url}/app/chatbots`);
    await page.getByRole('button', { name: 'Import chatbot' }).click();
    const importForm = page.getByRole('form', { name: 'Import a chatbot' });
    const upload = async (name: string, content: string) => {
      await importForm
        .getByLabel(/Export file/)
        .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
      await importForm.getByRole('button', { name: 'Import' }).click();
    };

    await upload('notes.json', 'this is not json');
    await page.getByRole('alert').filter({ hasText: 'This file is not valid JSON' }).waitFor();
    await upload(
      'broken.json',
      JSON.stringify({ ...exported, format: 'other', sources: [{ kind: 'text', title: 'Empty', content: '' }] }),
    );
    await page.getByRole('alert').filter({ hasText: 'This is not a Parley chatbot export' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Source 1: Each source needs its text' }).waitFor();
    await screenshot(page, 'chatbot-import-error-desktop');

    await importForm.getByLabel(/Export file/).setInputFiles(exportFile);
    await importForm.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(
      (url) => /^\/app\/chatbots\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== chatbotUrl,
    );
    await page.getByRole('heading', { name: 'Shoe Helper', level: 1 }).waitFor();
    await page.locator('h1 + span').filter({ hasText: 'draft' }).waitFor();

    // The copy carries the settings and the look.
    await sections(page).getByRole('link', { name: 'Widget' }).click();
    expect(await page.getByLabel('Main colour').inputValue()).toBe('#00aa77');
    await sections(page).getByRole('link', { name: 'Settings' }).click();
    expect(await page.getByLabel('Greeting').inputValue()).toBe('Hello! Looking for shoes?');
    expect(await websiteRow(page, 1).inputValue()).toBe('https://shop.example.com');

    await gotoApp(page, `${app.url}/app/chatbots`);
    expect(await page.getByRole('link', { name: 'Shoe Helper' }).count()).toBe(2);
  });

  test('duplicates, makes a new key with confirmation, and deletes only once the name is typed', async ({
    app,
    owner: page,
  }) => {
    await gotoApp(page, `${app.url}${chatbotUrl}/settings`);
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.getByRole('heading', { name: 'Shoe Helper (copy)', level: 1 }).waitFor();
    const copyUrl = new URL(page.url()).pathname.replace(/\/settings$/, '');
    expect(copyUrl).not.toBe(chatbotUrl);
    expect(await page.getByLabel('Greeting').inputValue()).toBe('Hello! Looking for shoes?');

    const oldKey = await page.getByTestId('public-key').textContent();
    await page.getByRole('button', { name: 'Make a new key…' }).click();
    await page.getByRole('alert').filter({ hasText: 'stops loading on every site' }).waitFor();
    await page.getByRole('button', { name: 'Yes, make a new key' }).click();
    await toast(page, 'New public key made').waitFor();
    // The toast comes with the action's answer; the key shows once the page data is reloaded.
    await expect.poll(() => page.getByTestId('public-key').textContent()).not.toBe(oldKey);
    expect(await page.getByTestId('public-key').textContent()).toMatch(/^cb_[a-z2-7]{24}$/);

    await page.getByLabel('Chatbot name').fill('Shoe Helper');
    await page.getByRole('button', { name: 'Delete chatbot' }).click();
    await page.getByText('Type the chatbot name exactly as shown ("Shoe Helper (copy)") to delete it.').waitFor();
    expect(new URL(page.url()).pathname).toBe(`${copyUrl}/settings`);

    await page.getByLabel('Chatbot name').fill('Shoe Helper (copy)');
    await page.getByRole('button', { name: 'Delete chatbot' }).click();
    await page.waitForURL((url) => url.pathname === '/app/chatbots');
    await page.getByRole('heading', { name: 'Chatbots', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Shoe Helper' }).first().waitFor();
    const names = await page.getByRole('list').getByRole('link').allTextContents();
    expect(names.filter((name) => name.startsWith('Shoe Helper'))).toEqual(['Shoe Helper', 'Shoe Helper']);
  });

  test('shows agents the settings and the widget style read-only', async ({ app, owner: page, newPage }) => {
    await gotoApp(page, `${app.url}/app/members`);
    await page.getByLabel('E-mail').fill('ana@example.com');
    await page.getByLabel('Role').selectOption('agent');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent.').waitFor();

    const agent = await newPage({ viewport: DESKTOP });
    await signUpVerified(app.url, agent, { name: 'Ana Agent', email: 'ana@example.com' });
    await gotoApp(
      agent,
      await linkFromMailbox(app.url, agent, { to: 'ana@example.com', subject: /invit/i, link: /invitations\// }),
    );
    await agent.getByRole('button', { name: 'Accept invitation' }).click();
    await agent.getByRole('heading', { name: "Sam Settings's workspace", exact: true }).waitFor();

    await agent.goto(`${app.url}${chatbotUrl}/settings`);
    await agent.getByText('only admins and owners of this workspace can change them').waitFor();
    expect(await agent.getByLabel('Greeting').inputValue()).toBe('Hello! Looking for shoes?');
    expect(await agent.getByLabel('Greeting').isDisabled()).toBe(true);
    for (const name of ['Save settings', 'Pause', 'Make a new key…', 'Duplicate', 'Delete chatbot', 'Add a website']) {
      expect(await agent.getByRole('button', { name }).count(), name).toBe(0);
    }
    await agent.goto(`${app.url}${chatbotUrl}/widget`);
    expect(await agent.getByLabel('Main colour').isDisabled()).toBe(true);
    expect(await agent.getByRole('button', { name: 'Save widget style' }).count()).toBe(0);
    await agent.getByTestId('embed-snippet').waitFor();
    // The export is for admins too.
    expect((await agent.goto(`${app.url}/resources/chatbots/${chatbotUrl.split('/').at(-1)}/export`))?.status()).toBe(
      403,
    );
  });

  test('fits a phone', async ({ app, owner: page }) => {
    await page.setViewportSize(PHONE);
    await gotoApp(page, `${app.url}${chatbotUrl}/settings`);
    await settingsForm(page).waitFor();
    await screenshot(page, 'chatbot-settings-phone');
    await gotoApp(page, `${app.url}${chatbotUrl}/widget`);
    await page.getByTestId('widget-preview').waitFor();
    await screenshot(page, 'chatbot-widget-phone');
    await gotoApp(page, `${app.url}/app/chatbots`);
    await page.getByRole('button', { name: 'Import chatbot' }).click();
    await screenshot(page, 'chatbot-import-phone');
    // Nothing wider than the screen: no sideways scrolling.
    for (const url of [`${chatbotUrl}/settings`, `${chatbotUrl}/widget`]) {
      await gotoApp(page, `${app.url}${url}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(PHONE.width);
    }
  });
});
