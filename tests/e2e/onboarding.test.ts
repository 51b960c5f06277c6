import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test, type Operator } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';
import { createChatbotInWizard } from './helpers/wizard';

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.`;

const checklist = (page: Page) => page.getByTestId('onboarding');
const step = (page: Page, name: string) => checklist(page).locator(`li[data-step="${name}"]`);
const isDone = async (page: Page, name: string) => (await step(page, name).getAttribute('data-done')) === 'true';

describe('the onboarding checklist', () => {
  test('ticks itself from real data, through the wizard’s last step, to the widget seen on the site', async ({
    app,
    operator,
    site,
    newPage,
  }) => {
    const { page } = operator;
    await gotoApp(page, `${app.url}/app`);
    await checklist(page).getByText('0 of 5 done').waitFor();
    await step(page, 'knowledge').getByRole('link', { name: 'Create a chatbot' }).click();

    // The wizard: name, template, knowledge.
    const chatbotPath = await createChatbotInWizard(page, {
      name: 'Shoe Help',
      source: { title: 'Returns policy', text: RETURNS },
    });

    // Templates suggest no questions; the knowledge step asks for ones the knowledge answers.
    const suggestions = page.getByRole('form', { name: 'Suggested questions' });
    await suggestions.getByRole('button', { name: 'Add a question' }).click();
    await suggestions.getByRole('textbox').first().fill('Can I return unworn shoes?');
    await suggestions.getByRole('button', { name: 'Save questions' }).click();
    await page.getByText('Suggested questions saved.').waitFor();
    const saved = await operator.trpc.chatbot.get.query({
      workspaceId: (await operator.trpc.workspace.current.query())!.id,
      chatbotId: chatbotPath.split('/').pop()!,
    });
    expect(saved.settings.suggestedQuestions).toEqual(['Can I return unworn shoes?']);

    await gotoApp(page, `${app.url}/app`);
    await checklist(page).getByText('1 of 5 done').waitFor();
    expect(await isDone(page, 'knowledge')).toBe(true);
    expect(await isDone(page, 'tried')).toBe(false);

    // Asked in the playground, from the checklist's link.
    await step(page, 'tried').getByRole('link', { name: 'Open the playground' }).click();
    await page.waitForURL(`**${chatbotPath}/playground`);
    await page.getByLabel('Your message').fill('Can I return unworn shoes?');
    await page.getByLabel('Your message').press('Enter');
    await page.getByRole('list', { name: 'Messages' }).getByText('Can I return unworn shoes?').waitFor();

    // The wizard's last step: the website, then live.
    await gotoApp(page, `${app.url}${chatbotPath}/setup?step=embed`);
    await page
      .getByTestId('launch-status-text')
      .getByText(/does not load on websites yet/)
      .waitFor();
    await screenshot(page, 'wizard-last-step');
    await page.getByRole('group', { name: 'Websites' }).getByRole('textbox').first().fill(site.url);
    await page.getByRole('button', { name: 'Save websites' }).click();
    await page.getByText('Websites saved.').waitFor();
    await page.getByRole('button', { name: 'Go live' }).click();
    await page
      .getByTestId('launch-status-text')
      .getByText(/answers visitors/)
      .waitFor();

    await gotoApp(page, `${app.url}/app`);
    await checklist(page).getByText('4 of 5 done').waitFor();
    expect(await isDone(page, 'seen')).toBe(false);
    await screenshot(page, 'dashboard-checklist');

    // The owner pastes the snippet; a visitor opens the site: the last step ticks on the open dashboard.
    site.embed(await chatbotKey(operator, chatbotPath));
    const visitor = await newPage();
    await visitor.goto(site.url);
    await visitor.getByRole('button', { name: /chat with us/i }).waitFor();
    await step(page, 'seen').and(page.locator('[data-done="true"]')).waitFor({ timeout: 20_000 });
    await checklist(page).getByText(`First loaded on ${site.url}.`).waitFor();
    await checklist(page).getByRole('heading', { name: 'Your chatbot is live on your site' }).waitFor();
    await screenshot(page, 'dashboard-checklist-complete');
  });
});

async function chatbotKey({ trpc }: Operator, chatbotPath: string) {
  const workspace = (await trpc.workspace.current.query())!;
  const chatbot = await trpc.chatbot.get.query({ workspaceId: workspace.id, chatbotId: chatbotPath.split('/').pop()! });
  return chatbot.publicKey;
}
