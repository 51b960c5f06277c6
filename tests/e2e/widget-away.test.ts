import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';
import { openChat, send } from './helpers/widget';

/**
 * A visitor asks for a person while nobody on the team is online: the chat
 * says so honestly and asks where the reply should go; the operator's later
 * reply in the inbox reaches that address by e-mail, with the conversation
 * attached when the visitor asked for it.
 */

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.`;

const VISITOR_EMAIL = 'mara.visitor@example.com';

/** The outbox's entry for the reply mail to the visitor. */
const mailLink = (page: Page) =>
  page
    .getByRole('link')
    .filter({ hasText: `to ${VISITOR_EMAIL}` })
    .filter({ hasText: /replied to your chat/ });

describe('asking for a person when nobody is online', () => {
  test('offers a reply by e-mail, and the operator’s reply arrives in the mail outbox', async ({
    app,
    operator,
    site,
    newPage,
  }) => {
    // A workspace of its own, so the operator's open app page (beating for the first one) is not "online" here.
    await operator.trpc.workspace.create.mutate({ name: 'Night shift' });
    const { chatbot } = await liveChatbot(operator.trpc, {
      name: 'Shoe Help',
      origin: site.url,
      sources: [{ title: 'Returns policy', content: RETURNS }],
    });
    site.embed(chatbot.publicKey);

    const visitor = await newPage({ viewport: { width: 375, height: 812 } });
    await visitor.goto(site.url);
    const frame = await openChat(visitor);
    await send(frame, 'Can I return shoes I wore outdoors?');
    await frame.getByRole('button', { name: 'Talk to a person' }).click();
    await frame.getByText(/Nobody from the team is online right now/).waitFor({ timeout: 20_000 });
    const offer = frame.getByRole('form', { name: 'Where should we send the reply?' });
    await offer.getByLabel('Where should we send the reply?').fill(VISITOR_EMAIL);
    expect(await offer.getByLabel('Also send me a copy of this conversation').isChecked()).toBe(true);
    await offer.getByRole('button', { name: 'Send me the reply' }).click();
    await frame.getByText(`We will also e-mail the reply to ${VISITOR_EMAIL}.`).waitFor();
    await screenshot(visitor, 'widget-away-email-375');

    // Later, the operator opens the inbox and replies.
    const page = operator.page;
    await gotoApp(page, `${app.url}/app/inbox`);
    // The only conversation of this workspace, waiting for a person.
    await page.getByRole('list', { name: 'Conversations' }).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Messages' }).getByText('Can I return shoes I wore outdoors?').waitFor();
    await page.getByRole('button', { name: 'Take over' }).click();
    const reply = page.getByLabel('Reply to the visitor');
    await reply.fill('Worn shoes cannot be returned, but a split seam is covered by the warranty.');
    await reply.press('Enter');
    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText(`Also sent by e-mail to ${VISITOR_EMAIL}`).waitFor({ timeout: 15_000 });

    // The mail: the reply from the member by name, and the conversation it answers.
    await expect
      .poll(
        async () => {
          await gotoApp(page, `${app.url}/mailbox`);
          return mailLink(page).count();
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await mailLink(page).first().click();
    const text = page.getByRole('region', { name: 'Text' });
    await text.getByText(/split seam is covered by the warranty/).waitFor();
    expect(await text.textContent()).toContain('Can I return shoes I wore outdoors?');
  });
});
