import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test as base, type Operator } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';
import { openChat, send } from './helpers/widget';

/**
 * Data rights from both sides: a visitor deletes their own history from the
 * widget (and a host page calls `Parley('forget')`), and an operator deletes a
 * visitor from the inbox. Either way the inbox no longer shows them.
 */

const HOURS = '# Opening hours\n\nWe are open Monday to Friday from 9:00 to 17:00.';

const test = base.extend<{ bot: { workspaceId: string; publicKey: string } }>({
  bot: [
    async ({ operator, site }, provide) => {
      const { workspace, chatbot } = await liveChatbot(operator.trpc, {
        name: 'Hours Help',
        origin: site.url,
        sources: [{ title: 'Opening hours', content: HOURS }],
      });
      site.embed(chatbot.publicKey);
      await provide({ workspaceId: workspace.id, publicKey: chatbot.publicKey });
    },
    { scope: 'file' },
  ],
});

const conversations = (page: Page) => page.getByRole('list', { name: 'Conversations' });

/** Every conversation preview the inbox lists (all statuses), as the operator's API sees them. */
const listed = async (operator: Operator, workspaceId: string) =>
  JSON.stringify(await operator.trpc.inbox.list.query({ workspaceId, status: 'all' }));

describe('data rights', () => {
  test('a visitor deletes their history from the widget and the inbox no longer shows it', async ({
    app,
    bot,
    operator,
    site,
    newPage,
  }) => {
    const page = await newPage();
    await page.goto(site.url);
    const frame = await openChat(page);
    await send(frame, 'Are you open on Saturday, ref 7731?');
    await frame
      .getByRole('log')
      .getByText(/Monday to Friday/)
      .first()
      .waitFor({ timeout: 30_000 });
    const tokenKey = `parley:visitor:${bot.publicKey}`;
    const before = await page.evaluate((key) => localStorage.getItem(key), tokenKey);
    expect(before).toMatch(/^v1\./);
    await gotoApp(operator.page, `${app.url}/app/inbox`);
    await conversations(operator.page)
      .getByText(/ref 7731|Monday to Friday/)
      .first()
      .waitFor({ timeout: 15_000 });

    await frame.getByRole('button', { name: 'More options' }).click();
    await frame.getByRole('menuitem', { name: 'Delete my history' }).click();
    await frame.getByText(/Delete all your messages with us/).waitFor();
    await screenshot(page, 'privacy-widget-confirm');
    await frame.getByRole('button', { name: 'Delete', exact: true }).click();
    // The open inbox drops the erased conversation live, with no reload.
    await expect
      .poll(
        () =>
          conversations(operator.page)
            .getByText(/ref 7731|Monday to Friday/)
            .count(),
        { timeout: 15_000 },
      )
      .toBe(0);

    // The frame starts afresh: no history, the host page's token gone (a new one comes with the next chat).
    await page.waitForFunction((key) => localStorage.getItem(key) === null, tokenKey);
    await frame.getByRole('textbox', { name: /message/i }).waitFor();
    expect(await frame.getByRole('log').getByText('ref 7731').count()).toBe(0);
    await send(frame, 'Hello again');
    await frame.getByRole('log').getByText('Hello again').waitFor();
    await page.waitForFunction((key) => (localStorage.getItem(key) ?? '').startsWith('v1.'), tokenKey);
    expect(await page.evaluate((key) => localStorage.getItem(key), tokenKey)).not.toBe(before);

    await operator.page.reload();
    // The new visitor's conversation is listed; the erased one is not.
    await conversations(operator.page).getByRole('link').first().waitFor({ timeout: 15_000 });
    await screenshot(operator.page, 'privacy-inbox-after-forget');
    expect(await conversations(operator.page).getByText('ref 7731').count()).toBe(0);
    expect(await listed(operator, bot.workspaceId)).not.toContain('ref 7731');

    // The host page's own privacy control: Parley('forget') erases this new visitor too.
    await page.evaluate(() => (window as unknown as { Parley: (verb: string) => void }).Parley('forget'));
    await page.waitForFunction((key) => localStorage.getItem(key) === null, tokenKey);
    await expect.poll(() => listed(operator, bot.workspaceId), { timeout: 15_000 }).not.toContain('Hello again');
  });

  test('an operator deletes a visitor from the inbox', async ({ app, bot, operator, site, newPage }) => {
    const page = await newPage();
    await page.goto(site.url);
    const frame = await openChat(page);
    await send(frame, 'My name is Ada Quartz, are you open at 8?');
    await frame
      .getByRole('log')
      .getByText(/Monday to Friday/)
      .first()
      .waitFor({ timeout: 30_000 });

    const inbox = operator.page;
    await gotoApp(inbox, `${app.url}/app/inbox`);
    await conversations(inbox)
      .getByRole('link')
      .filter({ hasText: /Ada Quartz|Monday to Friday/ })
      .first()
      .click();
    const panel = inbox.getByRole('complementary', { name: 'About this conversation' });
    await panel.getByRole('button', { name: "Delete this visitor's data" }).click();
    await panel.getByText(/Every conversation, message, rating and note of theirs is erased/).waitFor();
    await screenshot(inbox, 'privacy-inbox-confirm');
    await panel.getByRole('button', { name: 'Delete for good' }).click();
    await inbox.getByText(/Visitor deleted with 1 conversation/).waitFor();
    await inbox.waitForURL(/\/app\/inbox(\?|$)/);
    expect(await conversations(inbox).getByText('Ada Quartz').count()).toBe(0);
    expect(await listed(operator, bot.workspaceId)).not.toContain('Ada Quartz');

    // The visitor's widget no longer has a session: a reload starts a new, empty chat.
    await page.reload();
    const fresh = await openChat(page);
    expect(await fresh.getByRole('log').getByText('Ada Quartz').count()).toBe(0);
  });
});
