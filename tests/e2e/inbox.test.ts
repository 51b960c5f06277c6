import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { OPERATOR, test as base } from './fixtures';
import { linkFromMailbox, signUpVerified } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';
import { trpcAs } from './helpers/trpc';

/**
 * The live inbox from both sides: a visitor in the widget on a customer's
 * site (its own origin) and an operator with the inbox open in two tabs.
 * Nothing on the operator's side is reloaded: every change arrives live.
 */

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.

## Worn shoes

Shoes that have been worn outdoors cannot be returned. A seam that splits within one year is covered by our warranty.`;

const COLLEAGUE = { name: 'Bob Agent', email: 'bob@example.com' };

const test = base.extend<{ bot: { workspaceId: string }; colleague: Page }>({
  /** The operator's chatbot, live on the customer's site. */
  bot: [
    async ({ operator, site }, provide) => {
      const { workspace, chatbot } = await liveChatbot(operator.trpc, {
        name: 'Shoe Help',
        origin: site.url,
        sources: [{ title: 'Returns policy', content: RETURNS }],
      });
      site.embed(chatbot.publicKey);
      await provide({ workspaceId: workspace.id });
    },
    { scope: 'file' },
  ],
  /**
   * A second member of the workspace, an agent, in a browser of their own.
   * Set up (with all it needs) before the first test, so the inbox opens on a finished team.
   */
  colleague: [
    async ({ app, browser, operator, bot }, provide) => {
      await operator.trpc.workspace.invite.mutate({
        workspaceId: bot.workspaceId,
        email: COLLEAGUE.email,
        role: 'agent',
      });
      const colleague = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await signUpVerified(app.url, colleague, COLLEAGUE);
      await gotoApp(
        colleague,
        await linkFromMailbox(app.url, colleague, { to: COLLEAGUE.email, subject: /invit/i, link: /invitations\// }),
      );
      await colleague.getByRole('button', { name: 'Accept invitation' }).click();
      await colleague.getByRole('heading', { name: `${OPERATOR.name}'s workspace` }).waitFor();
      await provide(colleague);
      await colleague.context().close();
    },
    { scope: 'file', auto: true },
  ],
});

let tab2: Page;

const chatFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title*="chat" i]');

async function send(frame: FrameLocator, text: string) {
  const box = frame.getByRole('textbox', { name: /message/i });
  await box.fill(text);
  await box.press('Enter');
}

const conversations = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const thread = (page: Page) => page.getByRole('list', { name: 'Messages' });

/** Marks the document so a reload (which would lose the mark) can be told apart from a live update. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __live: boolean }).__live = true));
const wasNotReloaded = async (page: Page) =>
  expect(await page.evaluate(() => (window as unknown as { __live?: boolean }).__live)).toBe(true);

describe('the live inbox', () => {
  let visitor: BrowserContext;
  let site: Page;
  let frame: FrameLocator;

  test('shows a visitor’s question and the bot’s streamed answer live, in both of the operator’s tabs', async ({
    app,
    browser,
    operator: { page: tab1, context: operator },
    site: host,
  }) => {
    await gotoApp(tab1, `${app.url}/app/inbox`);
    tab2 = await operator.newPage();
    await gotoApp(tab2, `${app.url}/app/inbox`);
    for (const tab of [tab1, tab2]) {
      await tab.getByText(/no open conversations/i).waitFor();
      await markPage(tab);
    }
    await screenshot(tab1, 'inbox-empty');

    visitor = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' });
    site = await visitor.newPage();
    await site.goto(host.url);
    await site.getByRole('button', { name: /chat with us/i }).click();
    frame = chatFrame(site);
    await send(frame, 'Can I return shoes I wore outdoors?');

    // The new conversation appears in both tabs, unread.
    for (const tab of [tab1, tab2]) {
      const item = conversations(tab).getByRole('link').filter({ hasText: 'Shoe Help' });
      await item.waitFor({ timeout: 15_000 });
      await item.getByText(/worn outdoors cannot be returned|Can I return shoes/).waitFor({ timeout: 30_000 });
    }
    await tab1
      .getByRole('link', { name: /^Inbox/ })
      .getByTestId('inbox-unread')
      .waitFor();

    // Open it in the first tab; the next answer streams into the open thread.
    await conversations(tab1).getByRole('link').first().click();
    await thread(tab1).getByText('Can I return shoes I wore outdoors?').waitFor();
    await thread(tab1)
      .getByText(/worn outdoors cannot be returned/)
      .first()
      .waitFor({ timeout: 30_000 });
    const visitorPanel = tab1.getByRole('complementary', { name: 'About this conversation' });
    await visitorPanel.getByText('Trail runner 2').waitFor();
    await visitorPanel.getByText('/trail-runner-2').waitFor();

    await send(frame, 'How long do I have to return unworn shoes?');
    await thread(tab1).getByText('How long do I have to return unworn shoes?').waitFor({ timeout: 15_000 });
    await thread(tab1)
      .getByText(/within 30 days of delivery/)
      .first()
      .waitFor({ timeout: 30_000 });
    await thread(tab1)
      .getByRole('list', { name: 'Sources' })
      .first()
      .getByText(/Returns policy/)
      .waitFor();
    // Read in the open tab: the unread badge goes in the other tab too.
    await tab2
      .getByRole('link', { name: /^Inbox/ })
      .getByTestId('inbox-unread')
      .waitFor({ state: 'detached' });
    await screenshot(tab1, 'inbox-conversation-bot');
    await wasNotReloaded(tab1);
    await wasNotReloaded(tab2);
  });

  test('moves the conversation to pending and notifies when the visitor asks for a person', async ({
    operator: { page: tab1 },
  }) => {
    await frame.getByRole('button', { name: 'Talk to a person' }).click();
    // A toast in every tab, and the "waiting" state in the list and the open thread.
    for (const tab of [tab1, tab2]) {
      await tab
        .locator('[data-sonner-toast]')
        .filter({ hasText: /person|human|handoff/i })
        .first()
        .waitFor({ timeout: 15_000 });
      await conversations(tab).getByText('Waiting for a person').waitFor();
      await tab
        .getByRole('link', { name: /^Inbox/ })
        .getByTestId('inbox-pending')
        .waitFor();
    }
    await tab1.getByText('The visitor asked for a person.').waitFor();
    // The header says who answers now: not the bot, which stops while the visitor waits.
    await tab1.getByTestId('handling').getByText('Waiting for a person: the bot has stopped answering').waitFor();
    await screenshot(tab2, 'inbox-handoff-toast');
  });

  test('lets the operator take over, type (the visitor sees it) and reply; the visitor answers', async ({
    app,
    operator: { page: tab1 },
    colleague,
  }) => {
    // A colleague has it open too: each sees the other there.
    await gotoApp(colleague, tab1.url());
    await thread(colleague).getByText('Can I return shoes I wore outdoors?').waitFor();
    await tab1.getByText(`${COLLEAGUE.name} is viewing`).waitFor({ timeout: 20_000 });

    await tab1.getByRole('button', { name: 'Take over' }).click();
    await tab1.getByText('You are answering').waitFor();
    // The colleague sees who has it and is offered no take-over; one sent anyway (a race) is refused with that name.
    await colleague.getByText(`${OPERATOR.name} is handling this conversation.`).waitFor();
    await colleague.getByText(`${OPERATOR.name} is answering`).waitFor();
    expect(await colleague.getByRole('button', { name: 'Take over' }).count()).toBe(0);
    const asColleague = await trpcAs(app.url, colleague.context());
    const conversationId = new URL(colleague.url()).pathname.split('/').pop()!;
    const workspaceId = (await asColleague.workspace.current.query())!.id;
    await expect(asColleague.inbox.takeOver.mutate({ workspaceId, conversationId })).rejects.toThrow(
      `${OPERATOR.name} is already handling this conversation.`,
    );
    await screenshot(colleague, 'inbox-colleague-sees-who');
    await frame
      .getByText(new RegExp(`${OPERATOR.name}.*joined|joined`, 'i'))
      .first()
      .waitFor({ timeout: 15_000 });

    const reply = tab1.getByLabel('Reply to the visitor');
    await reply.pressSequentially('Hi, I am Wren', { delay: 30 });
    await frame.getByText(`${OPERATOR.name} is typing…`).waitFor({ timeout: 10_000 });
    await colleague.getByText(`${OPERATOR.name} is typing…`).waitFor({ timeout: 10_000 });
    await screenshot(site, 'inbox-visitor-sees-typing');
    await reply.pressSequentially(' from the shop. Send me your order number and I will check the seam.', { delay: 5 });
    await reply.press('Enter');
    await frame.getByText(/I will check the seam/).waitFor({ timeout: 15_000 });
    await thread(tab1)
      .getByText(/I will check the seam/)
      .waitFor();

    // The visitor types: the operator sees it, then the answer arrives.
    const box = frame.getByRole('textbox', { name: /message/i });
    await box.pressSequentially('It is order 4417', { delay: 40 });
    await tab1
      .getByText(/is typing…/)
      .first()
      .waitFor({ timeout: 10_000 });
    await box.press('Enter');
    await thread(tab1).getByText('It is order 4417').waitFor({ timeout: 15_000 });
    // A note for the team: the colleague sees it live, the visitor never does.
    await tab1.getByLabel('New note').fill('Seam split after 8 months: warranty case.');
    await tab1.getByRole('button', { name: 'Add note' }).click();
    await colleague
      .getByRole('list', { name: 'Notes' })
      .getByText('Seam split after 8 months: warranty case.')
      .waitFor({ timeout: 10_000 });
    await screenshot(tab1, 'inbox-conversation-human');
    await wasNotReloaded(tab1);

    // Handed back while still assigned, it is one click to take over again.
    await tab1.getByRole('button', { name: 'Hand back to the bot' }).click();
    await tab1.getByTestId('handling').getByText('The bot is answering (assigned to you)').waitFor();
    await tab1.getByRole('button', { name: 'Take over' }).click();
    await tab1.getByTestId('handling').getByText('You are answering').waitFor();
  });

  test('resolves; the conversation leaves the open filter in both tabs', async ({
    operator: { page: tab1, context: operator },
  }) => {
    expect(await frame.getByText(/warranty case/).count()).toBe(0);
    // From the keyboard: j reaches the conversation in the list, e resolves it.
    await tab1.getByRole('heading', { name: 'Inbox', exact: true }).click();
    await tab1.keyboard.press('j');
    expect(await tab1.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('page');
    await tab1.keyboard.press('e');
    await tab1.locator('[data-sonner-toast]').filter({ hasText: 'Conversation resolved.' }).waitFor();
    for (const tab of [tab1, tab2]) {
      await conversations(tab).waitFor({ state: 'detached', timeout: 15_000 });
      await tab.getByText(/no open conversations/i).waitFor();
    }
    await wasNotReloaded(tab1);
    await wasNotReloaded(tab2);
    await tab1.getByText('This conversation is resolved. Reopen it to reply.').waitFor();
    await screenshot(tab1, 'inbox-resolved');

    // At laptop widths the inbox's edges line up with the header's and the status tabs fit on one row.
    const viewport = tab1.viewportSize()!;
    for (const width of [1024, 1280, 1536]) {
      await tab1.setViewportSize({ width, height: viewport.height });
      const layout = await tab1.evaluate(() => {
        const header = document.querySelector('header > div')!;
        const list = document.querySelector('section[aria-label="Conversation list"]')!;
        const tabs = document.querySelectorAll('nav[aria-label="Conversation status"] button');
        const headerLeft = header.getBoundingClientRect().left + parseFloat(getComputedStyle(header).paddingLeft);
        return {
          headerLeft: Math.round(headerLeft),
          listLeft: Math.round(list.getBoundingClientRect().left),
          tabRows: new Set([...tabs].map((tab) => Math.round(tab.getBoundingClientRect().top))).size,
          tabsFit: [...tabs].every((tab) => tab.getBoundingClientRect().right <= list.getBoundingClientRect().right),
        };
      });
      expect(layout, `at ${width} px`).toEqual({
        headerLeft: layout.listLeft,
        listLeft: layout.listLeft,
        tabRows: 1,
        tabsFit: true,
      });
      await screenshot(tab1, `inbox-layout-${width}`);
    }
    await tab1.setViewportSize(viewport);

    // Still findable: under Resolved, and by searching its words (highlighted).
    await tab2.getByRole('button', { name: 'Resolved', exact: true }).click();
    await conversations(tab2).getByRole('link').first().waitFor();
    expect(new URL(tab2.url()).searchParams.get('status')).toBe('resolved');
    await tab2.getByRole('searchbox', { name: 'Search messages' }).fill('seam');
    await conversations(tab2).locator('mark').filter({ hasText: /seam/i }).first().waitFor({ timeout: 10_000 });
    expect(new URL(tab2.url()).searchParams.get('q')).toBe('seam');
    await screenshot(tab2, 'inbox-search');

    // Dark, and on a phone: the list or the conversation, one at a time.
    await tab1.emulateMedia({ colorScheme: 'dark' });
    await screenshot(tab1, 'inbox-resolved-dark');
    await tab1.emulateMedia({ colorScheme: 'light' });
    const phone = await operator.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await gotoApp(phone, tab1.url());
    await thread(phone).getByText('It is order 4417').waitFor();
    expect(await conversations(phone).isVisible()).toBe(false);
    await screenshot(phone, 'inbox-phone-conversation');
    await phone.getByRole('link', { name: '← All conversations' }).click();
    await phone.getByRole('button', { name: 'All', exact: true }).click();
    await conversations(phone).getByRole('link').first().waitFor();
    await screenshot(phone, 'inbox-phone-list');
    await phone.close();
  });

  test('shows today’s figures on the dashboard home, updating live', async ({ app, browser, site: host }) => {
    await visitor.close();
    await gotoApp(tab2, `${app.url}/app`);
    await markPage(tab2);
    const today = tab2.getByRole('region', { name: 'Today' });
    const figure = (label: string) => today.getByRole('term').filter({ hasText: label }).locator('xpath=..');
    await figure('Conversations today').getByText('1', { exact: true }).waitFor();
    await today
      .getByRole('link', { name: /^Visitor/ })
      .first()
      .waitFor();

    // Someone new writes: the figures, the latest list, a toast and the badge follow.
    const second = await browser.newContext();
    const page = await second.newPage();
    await page.goto(host.url);
    await page.getByRole('button', { name: /chat with us/i }).click();
    await send(chatFrame(page), 'Do you ship to Canada?');
    await figure('Conversations today').getByText('2', { exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => today.getByRole('link', { name: /^Visitor/ }).count()).toBe(2);
    await tab2
      .locator('[data-sonner-toast]')
      .filter({ hasText: /new conversation/i })
      .first()
      .waitFor();
    await tab2
      .getByRole('link', { name: /^Inbox/ })
      .getByTestId('inbox-unread')
      .waitFor();
    await wasNotReloaded(tab2);
    await screenshot(tab2, 'inbox-dashboard');
    await second.close();
  });
});
