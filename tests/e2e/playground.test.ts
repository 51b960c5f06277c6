import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { signUpVerified } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';
import { createChatbotInWizard } from './helpers/wizard';

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.

## Worn shoes

Shoes that have been worn outdoors cannot be returned. A seam that splits within one year is covered by our warranty.`;

describe('the playground', () => {
  test('answers offline from the knowledge, streamed, with its sources and how it was made; a thumbs-down lists a gap', async ({
    app,
    newPage,
  }) => {
    const page = await newPage({ viewport: { width: 1280, height: 900 } });
    await signUpVerified(app.url, page, { name: 'Pat Tester', email: 'pat@example.com' });

    await gotoApp(page, `${app.url}/app/chatbots/new`);
    const chatbotPath = await createChatbotInWizard(page, {
      name: 'Shoe Help',
      source: { title: 'Returns policy', text: RETURNS },
    });

    await gotoApp(page, `${app.url}${chatbotPath}/playground`);
    await page.getByRole('link', { name: 'Playground' }).and(page.locator('[aria-current="page"]')).waitFor();
    const message = page.getByLabel('Your message');
    await message.fill('Can I return shoes I wore outdoors?');
    await message.press('Enter');

    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText('Can I return shoes I wore outdoors?').waitFor();
    const answer = thread
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: 'How this answer was made' }) })
      .last();
    await answer.getByText('worn outdoors cannot be returned', { exact: false }).waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toMatch(/offline mode/);
    await thread.getByRole('list', { name: 'Sources' }).getByText('S1 · Returns policy').waitFor();

    const details = page.getByRole('complementary', { name: 'How the answer was made' });
    await details.getByText('Answered', { exact: true }).waitFor();
    await details.getByText('offline · parley-extractive-1').waitFor();
    await details
      .getByRole('list', { name: 'Passages behind this answer' })
      .getByText('Returns policy')
      .first()
      .waitFor();
    expect(await details.getByText('Prompt budget').count()).toBe(1);
    await screenshot(page, 'playground-answer-desktop');

    await thread.getByRole('button', { name: 'Not helpful' }).last().click();
    await page.getByText('Noted — this question is now listed under Gaps.').waitFor();

    // Nothing in the knowledge: the bot says so instead of making something up.
    await message.fill('Which football team won the league in 1998?');
    await page.getByRole('button', { name: 'Send' }).click();
    await details.getByText('Said it does not know').waitFor({ timeout: 30_000 });
    // The support template's fallback message.
    await thread.getByText('I couldn’t find an answer to that in our help content', { exact: false }).waitFor();
    // The support template offers a person when the bot cannot answer.
    expect(await thread.getByText('Visitors see a “Talk to a person” button here', { exact: false }).count()).toBe(1);

    // Answers come in time order, and nothing is left "thinking".
    const bubbles = await thread.locator(':scope > li').allTextContents();
    expect(bubbles[0]).toContain('Can I return shoes I wore outdoors?');
    expect(bubbles[1]).toContain('offline mode');
    expect(await thread.getByLabel('The bot is thinking').count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'playground-phone');

    await page.getByRole('link', { name: 'Gaps' }).click();
    await page.getByText('Can I return shoes I wore outdoors?').first().waitFor();
    await page.getByText('Which football team won the league in 1998?').first().waitFor();
  });
});
