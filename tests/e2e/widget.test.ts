import { asc, eq } from 'drizzle-orm';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { openDatabase } from '../../db/client';
import { conversations, messages } from '../../db/schema';
import { behindCuttableProxy, test as base } from './fixtures';
import { screenshot } from './helpers/browser';
import { chatFrame, openChat, send } from './helpers/widget';
import { customerSite, liveChatbot, widgetSnippet } from './helpers/customer-site';

/**
 * The widget as visitors meet it: a host page on one origin, Parley on
 * another. Parley is reached through a proxy the test can cut, so the
 * connection can drop while the visitor is typing and come back.
 */

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.

## Worn shoes

Shoes that have been worn outdoors cannot be returned. A seam that splits within one year is covered by our warranty.`;

// A passage that tries to run script wherever it is shown.
const CARE = `# Suede care

Brush suede with a soft brush. <script>window.__pwned = 'passage'</script><img src="x" onerror="window.__pwned='passage-img'"> Never put suede shoes in the washing machine.`;

/** In front of the app: the app's own links (APP_URL, so `app.url`) go through it. */
const proxy = behindCuttableProxy();

const test = base.extend<{ publicKey: string; stranger: { url: string } }>({
  /** The site owner's chatbot: knowledge, allowed on the customer's site only, live. Its key is embedded there. */
  publicKey: [
    async ({ operator, site }, provide) => {
      const { chatbot } = await liveChatbot(operator.trpc, {
        name: 'Shoe Help',
        origin: site.url,
        sources: [
          { title: 'Returns policy', content: RETURNS },
          { title: 'Suede care', content: CARE },
        ],
      });
      site.embed(chatbot.publicKey);
      // The owner's part is done: nothing of theirs stays connected through the proxy.
      await operator.context.close();
      await provide(chatbot.publicKey);
    },
    { scope: 'file', auto: true },
  ],
  /** Another site with the same snippet, where the chatbot is not allowed. */
  stranger: [
    async ({ app, publicKey }, provide) => {
      const stranger = await customerSite(() => widgetSnippet(app.url, publicKey));
      await provide(stranger);
      await stranger.close();
    },
    { scope: 'file' },
  ],
});

const messageList = (frame: FrameLocator) => frame.getByRole('log');

describe('the widget on a customer site', () => {
  let visitor: BrowserContext;
  let page: Page;

  test('loads from the snippet, answers a question streamed with its source, and keeps the history on reload', async ({
    browser,
    site: host,
  }) => {
    visitor = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await visitor.newPage();
    await page.goto(host.url);
    const frame = await openChat(page);
    await send(frame, 'Can I return shoes I wore outdoors?');
    const log = messageList(frame);
    await log.getByText('Can I return shoes I wore outdoors?').waitFor();
    await log.getByText(/worn outdoors cannot be returned/).waitFor({ timeout: 30_000 });
    await log.getByText('Returns policy').first().waitFor();
    // The host page hears about messages through the API.
    await page.waitForFunction(() => (window as unknown as { chatEvents: unknown[] }).chatEvents.length >= 1);
    await screenshot(page, 'widget-answer-desktop');

    await page.reload();
    const again = await openChat(page);
    await messageList(again).getByText('Can I return shoes I wore outdoors?').waitFor();
    await messageList(again)
      .getByText(/worn outdoors cannot be returned/)
      .waitFor();
  });

  test('shows markup in messages and passages as text, and runs none of it', async () => {
    const frame = chatFrame(page);
    const attack = `<img src=x onerror="window.__pwned='message'"><script>window.__pwned='script'</script> how do I clean suede?`;
    await send(frame, attack);
    const log = messageList(frame);
    await log.getByText(attack).waitFor();
    await log.getByText(/Never put suede shoes in the washing machine/).waitFor({ timeout: 30_000 });
    const frameHandle = page.frames().find((f) => f.url().includes('/widget/frame'))!;
    expect(await frameHandle.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await frameHandle.locator('img[src="x"]').count()).toBe(0);
  });

  test('keeps every message sent while the connection is down, and delivers each once, in order', async () => {
    const frame = chatFrame(page);
    proxy.cut();
    await frame
      .getByText(/reconnecting|offline|connection/i)
      .first()
      .waitFor({ timeout: 20_000 });
    for (const text of ['first while offline', 'second while offline', 'third while offline']) await send(frame, text);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proxy.restore();
    // Screen readers hear both: the loss (above, a status) and the return.
    await frame.getByRole('status').filter({ hasText: 'Connected again.' }).waitFor({ timeout: 30_000 });
    const log = messageList(frame);
    for (const text of ['first while offline', 'second while offline', 'third while offline'])
      await log.getByText(text, { exact: true }).waitFor({ timeout: 30_000 });
    // Every queued message has gone out (none is left "Sending…"); then give any duplicate a chance to show up.
    await expect.poll(() => log.getByText('Sending…').count(), { timeout: 30_000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const text of ['first while offline', 'second while offline', 'third while offline'])
      expect(await log.getByText(text, { exact: true }).count()).toBe(1);
    await screenshot(page, 'widget-after-reconnect');
  });

  test('ends the chat after a confirmation, takes a rating, and starts afresh', async () => {
    const frame = chatFrame(page);
    await frame.getByRole('button', { name: 'End chat' }).click();
    const confirm = frame.getByRole('alertdialog');
    await confirm.getByText('End this conversation?').waitFor();
    // Cancel keeps everything as it was.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await messageList(frame).getByText('third while offline', { exact: true }).waitFor();
    await frame.getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('group', { name: 'How was this conversation?' }).waitFor();
    await frame.locator('label[title="4 of 5 stars"]').click();
    expect(await frame.getByRole('radio', { name: '4 of 5 stars' }).isChecked()).toBe(true);
    await frame.getByLabel('Anything to add? (optional)').fill('Quick and clear.');
    await frame.getByRole('button', { name: 'Send rating' }).click();
    await frame.getByText('Thank you for your feedback.').waitFor();
    await screenshot(page, 'widget-rated');
    await frame.getByRole('button', { name: 'Start a new chat' }).click();
    // The old conversation is gone from the window; the greeting starts the new one.
    expect(await messageList(frame).getByText('third while offline', { exact: true }).count()).toBe(0);
    await send(frame, 'A fresh question about suede');
    await messageList(frame).getByText('A fresh question about suede').waitFor();
  });

  test('does not load on a site that is not allowed', async ({ newPage, stranger }) => {
    const strangerPage = await newPage();
    await strangerPage.goto(stranger.url);
    await strangerPage.waitForLoadState('networkidle');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await strangerPage.getByRole('button', { name: /chat with us/i }).count()).toBe(0);
    expect(await strangerPage.locator('iframe').count()).toBe(0);
  });

  test('stored each message once and in order, with the page and product context and the rating', async ({ app }) => {
    await visitor.close();
    expect(await app.stop()).toBe(0);
    const database = await openDatabase({ dataDir: app.dataDir });
    try {
      const [conversation, fresh] = await database.db
        .select()
        .from(conversations)
        .where(eq(conversations.channel, 'widget'))
        .orderBy(asc(conversations.createdAt));
      expect(conversation!.context).toMatchObject({ page: '/trail-runner-2', product: 'Trail runner 2' });
      // Ended by the visitor with a rating; the new chat is a conversation of its own.
      expect(conversation).toMatchObject({ status: 'resolved', rating: 4, ratingComment: 'Quick and clear.' });
      expect(fresh).toMatchObject({ status: 'open' });
      const rows = await database.db
        .select({ role: messages.role, content: messages.content })
        .from(messages)
        .where(eq(messages.conversationId, conversation!.id))
        .orderBy(asc(messages.createdAt), asc(messages.id));
      const sent = rows.filter((row) => row.role === 'visitor').map((row) => row.content);
      expect(sent).toEqual([
        'Can I return shoes I wore outdoors?',
        expect.stringContaining('how do I clean suede?'),
        'first while offline',
        'second while offline',
        'third while offline',
      ]);
    } finally {
      await database.close();
    }
  });
});
