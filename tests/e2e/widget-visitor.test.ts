import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test as base } from './fixtures';
import { screenshot } from './helpers/browser';
import { openChat, send } from './helpers/widget';
import { liveChatbot } from './helpers/customer-site';

/**
 * What a visitor meets on a real customer site: the host page on another
 * *site* than Parley (localhost vs 127.0.0.1), where Chromium gives the
 * cross-site chat frame no storage at all (its `localStorage` throws
 * SecurityError, as with third-party cookies blocked; the test checks that
 * this holds), so the visitor's identity must live in the host page.
 */

const HOURS = `# Opening hours

We are open Monday to Friday from 9:00 to 17:00. Call us on +44 20 7946 0958 or write to help@shoes.example.`;

const test = base.extend<{ bot: { publicKey: string; chatbotId: string }; hostUrl: string }>({
  /** The customer's site as visitors reach it: on `localhost`, while Parley is on 127.0.0.1. */
  hostUrl: [async ({ site }, provide) => provide(site.url.replace('127.0.0.1', 'localhost')), { scope: 'file' }],
  bot: [
    async ({ operator, site, hostUrl }, provide) => {
      const { chatbot } = await liveChatbot(operator.trpc, {
        name: 'Shoe Help',
        origin: hostUrl,
        sources: [{ title: 'Opening hours', content: HOURS }],
      });
      site.embed(chatbot.publicKey);
      await provide({ publicKey: chatbot.publicKey, chatbotId: chatbot.id });
    },
    { scope: 'file' },
  ],
});

/** The message box's rendered height in CSS pixels, as the visitor sees it. */
const textareaHeight = (frame: FrameLocator) =>
  frame.getByRole('textbox', { name: /message/i }).evaluate((el) => el.getBoundingClientRect().height);

const frameStorage = (page: Page) =>
  page
    .frames()
    .find((f) => f.url().includes('/widget/frame'))!
    .evaluate(() => {
      try {
        window.localStorage.getItem('x');
        return 'available';
      } catch (error) {
        return (error as Error).name;
      }
    });

describe('the visitor on a customer site of another origin', () => {
  test('keeps one conversation across reloads and later visits with the frame given no storage', async ({
    bot,
    hostUrl,
    newPage,
  }) => {
    const page = await newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(hostUrl);
    const frame = await openChat(page);
    expect(await frameStorage(page)).toBe('SecurityError');
    await send(frame, 'When are you open?');
    // The file's first answer also warms the app up: on a busy two-core machine it took over 30 s.
    await frame
      .getByRole('log')
      .getByText(/Monday to Friday/)
      .waitFor({ timeout: 60_000 });
    // The host page's own storage holds the visitor, under a key of this chatbot.
    const stored = await page.evaluate((key) => localStorage.getItem(`parley:visitor:${key}`), bot.publicKey);
    expect(stored).toMatch(/^v1\./);

    await page.reload();
    const again = await openChat(page);
    await again.getByRole('log').getByText('When are you open?').waitFor();

    // Later: a new tab of the same browser, the site opened afresh.
    const later = await page.context().newPage();
    await page.close();
    await later.goto(hostUrl);
    const back = await openChat(later);
    await back.getByRole('log').getByText('When are you open?').waitFor();
    await send(back, 'And your phone number?');
    await back.getByRole('log').getByText('And your phone number?').waitFor();
    expect(await back.getByRole('log').getByText('When are you open?').count()).toBe(1);
    expect(await later.evaluate((key) => localStorage.getItem(`parley:visitor:${key}`), bot.publicKey)).toBe(stored);
  });

  test('shows a usable message box on first open on desktop and on a phone', async ({ bot, hostUrl, newPage }) => {
    expect(bot.publicKey).toBeTruthy();
    for (const viewport of [
      { width: 1280, height: 860 },
      { width: 375, height: 812 },
    ]) {
      const page = await newPage({ viewport });
      await page.goto(hostUrl);
      const frame = await openChat(page);
      expect(await textareaHeight(frame), `at ${viewport.width}px`).toBeGreaterThanOrEqual(36);
      await screenshot(page, `widget-first-open-${viewport.width}`);
    }
  });

  test('shows a usable message box on first open on the demo page', async ({ app, bot, operator }) => {
    const page = operator.page;
    await page.goto(`${app.url}/demo/${bot.chatbotId}`);
    const frame = await openChat(page);
    expect(await textareaHeight(frame)).toBeGreaterThanOrEqual(36);
  });

  test('keeps the transcript readable after the rating, with one way to a new chat and no way to a person', async ({
    hostUrl,
    newPage,
  }) => {
    const page = await newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(hostUrl);
    const frame = await openChat(page);
    await send(frame, 'Where can I write to you?');
    const log = frame.getByRole('log');
    await log.getByText(/help@shoes\.example/).waitFor({ timeout: 30_000 });
    expect(await frame.getByRole('button', { name: 'Talk to a person' }).count()).toBeLessThanOrEqual(1);

    await frame.getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('group', { name: 'How was this conversation?' }).waitFor();
    await frame.locator('label[title="5 of 5 stars"]').click();
    await frame.getByRole('button', { name: 'Send rating' }).click();
    await frame.getByText('Thank you for your feedback.').waitFor();
    // The conversation is still there to read, with the way to a new one below it.
    expect(await log.getByText('Where can I write to you?').isVisible()).toBe(true);
    expect(await frame.getByRole('button', { name: 'Start a new chat' }).count()).toBe(1);
    expect(await frame.getByRole('button', { name: 'Talk to a person' }).count()).toBe(0);
    await screenshot(page, 'widget-rated-transcript-375');

    await frame.getByRole('button', { name: 'Start a new chat' }).click();
    expect(await log.getByText('Where can I write to you?').count()).toBe(0);
    expect(await textareaHeight(frame)).toBeGreaterThanOrEqual(36);
  });
});
