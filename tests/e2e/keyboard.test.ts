import type { Frame, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test as base } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';
import { chatFrame } from './helpers/widget';

/**
 * Keyboard journeys: the visitor in the widget, the operator in the inbox and the owner in the wizard,
 * without a mouse. Also what a screen reader is told: a streamed answer once, when it is complete; a
 * person's message when it arrives.
 */

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.
Shoes that have been worn outdoors cannot be returned.`;

const test = base.extend<{ bot: { workspaceId: string } }>({
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
});

/** The focused element's name as a person hears it (label, else text), looking into shadow roots. */
const focusedName = (where: Page | Frame) =>
  where.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body || element === document.documentElement) return '';
    const label = element.getAttribute('aria-label');
    const labelled = (element as HTMLInputElement).labels?.[0]?.textContent;
    return (label || labelled || element.getAttribute('placeholder') || element.textContent || '').trim();
  });

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails after 40 presses. */
async function tabTo(page: Page, where: Page | Frame, name: RegExp, options: { back?: boolean } = {}) {
  for (let presses = 0; presses < 40; presses++) {
    if (name.test(await focusedName(where))) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${name}; focus is on “${await focusedName(where)}”`);
}

/**
 * Records what live regions in `frame` are given to announce: the text of each node added inside an
 * element with aria-live (or role log/status/alert), as a screen reader receives it.
 */
const recordAnnouncements = (frame: Frame) =>
  frame.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const live = '[aria-live]:not([aria-live="off"]), [role="log"], [role="status"], [role="alert"]';
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const region = (mutation.target as Element).closest?.(live) ?? mutation.target.parentElement?.closest(live);
        if (!region || region.closest('[aria-busy="true"]')) continue;
        for (const node of mutation.addedNodes) if (node.textContent?.trim()) said.push(node.textContent.trim());
        if (mutation.type === 'characterData' && mutation.target.textContent?.trim())
          said.push(mutation.target.textContent.trim());
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
const announcements = (frame: Frame) => frame.evaluate(() => (window as unknown as { said: string[] }).said);

let visitor: Page;
let widget: Frame;

describe('keyboard journeys', () => {
  test('the visitor: launcher, question, a source, a rating — all from the keyboard', async ({
    browser,
    bot: _bot,
    site,
  }) => {
    visitor = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await visitor.goto(site.url);
    await tabTo(visitor, visitor, /chat/i);
    await visitor.keyboard.press('Enter');
    await chatFrame(visitor)
      .getByRole('textbox', { name: /message/i })
      .waitFor();
    widget = visitor.frames().find((frame) => frame.url().includes('/widget/'))!;
    await expect.poll(() => widget.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

    await recordAnnouncements(widget);
    await visitor.keyboard.type('Can I return shoes I wore outdoors?');
    await visitor.keyboard.press('Enter');
    const log = chatFrame(visitor).getByRole('log');
    await log.getByText('worn outdoors cannot be returned').waitFor({ timeout: 30_000 });
    // Announced once, complete — never the answer's growing first words.
    const said = (await announcements(widget)).filter((text) => /offline mode|worn outdoors/.test(text));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/worn outdoors cannot be returned/);
    expect(await log.ariaSnapshot()).toMatch(/worn outdoors cannot be returned/);

    // Back from the message box to the answer's source, which opens its passage.
    await tabTo(visitor, widget, /Returns policy/, { back: true });
    await visitor.keyboard.press('Enter');
    await chatFrame(visitor)
      .getByRole('button', { name: /Returns policy/, expanded: true })
      .waitFor();
    await tabTo(visitor, widget, /^Helpful$/);
    await visitor.keyboard.press('Enter');
    await chatFrame(visitor).getByRole('button', { name: 'Helpful', pressed: true }).waitFor();
    await screenshot(visitor, 'keyboard-widget');
  });

  test('the operator: through the list, take over, reply, resolve — and the visitor hears the reply', async ({
    app,
    operator: { page },
  }) => {
    await gotoApp(page, `${app.url}/app/inbox`);
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('link').first().waitFor();
    await page.getByRole('heading', { name: 'Inbox', exact: true }).click(); // the page, not a control, has focus
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Conversation actions' }).waitFor();
    await tabTo(page, page, /^Take over$/);
    await page.keyboard.press('Enter');
    await tabTo(page, page, /reply|message/i);
    await page.keyboard.type('Hello, this is Wren. Which pair is it?');
    await page.keyboard.press('Enter');
    await chatFrame(visitor).getByRole('log').getByText('Which pair is it?').waitFor({ timeout: 15_000 });
    const said = await announcements(widget);
    expect(said.filter((text) => text.includes('Which pair is it?'))).toHaveLength(1);

    await tabTo(page, page, /^Resolve$/, { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await screenshot(page, 'keyboard-inbox');
  });

  test('the visitor closes the chat with Escape and is back on the launcher', async () => {
    // The resolved chat now offers its rating card; focus is still inside the frame.
    await tabTo(visitor, widget, /Anything to add/);
    await visitor.keyboard.press('Escape');
    await expect.poll(() => focusedName(visitor)).toMatch(/chat/i);
    expect(
      await chatFrame(visitor)
        .getByRole('textbox', { name: /message/i })
        .isVisible(),
    ).toBe(false);
  });

  test('the owner: the setup wizard from name to knowledge', async ({ app, operator: { page } }) => {
    await gotoApp(page, `${app.url}/app/chatbots/new`);
    await tabTo(page, page, /chatbot name/i);
    await page.keyboard.type('Keyboard Help');
    await tabTo(page, page, /support/i);
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: /support/i }).isChecked()).toBe(true);
    await tabTo(page, page, /^Create chatbot$/);
    await page.keyboard.press('Enter');
    await page.getByText('Step 3 of 5').waitFor();
    await tabTo(page, page, /^Title$/);
    await page.keyboard.type('Returns policy');
    await tabTo(page, page, /Text or Markdown/);
    await page.keyboard.type(RETURNS);
    await tabTo(page, page, /^Add text$/);
    await page.keyboard.press('Enter');
    await page
      .getByRole('list', { name: 'Sources' })
      .getByRole('listitem')
      .filter({ hasText: 'Returns policy' })
      .getByText('ready', { exact: true })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'keyboard-wizard');
  });
});
