import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { openDatabase } from '../../db/client';
import { offlineEmbedder } from '../../server/services/knowledge/embedder';
import { recordGap } from '../../server/services/knowledge/gaps';
import { createTestChatbot } from '../factories/chatbots';
import { createLoginUser } from '../factories/users';
import { test } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';

/**
 * Gaps come from the answering service (low-confidence answers, thumbs
 * down). Rather than drive conversations to make them, the test writes
 * them into the app's own data folder before the app starts, through the
 * same `recordGap` the answering service calls: the page then shows real
 * rows, grouped by the real rule. (The folder is locked while the app runs,
 * so seeding comes first.)
 */
async function seed(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    await database.migrate();
    const user = await createLoginUser(database.db, { email: 'gaps@example.com', name: 'Gap Owner' });
    const bot = await createTestChatbot(database.db, { workspaceId: user.lastWorkspaceId!, name: 'Shoe shop' });
    const empty = await createTestChatbot(database.db, { workspaceId: user.lastWorkspaceId!, name: 'Quiet bot' });
    const questions: [string, 'low_confidence' | 'no_answer' | 'thumbs_down'][] = [
      ['Do you ship to Canada?', 'low_confidence'],
      ['Can you ship to Canada?', 'thumbs_down'],
      ['shipping to canada', 'no_answer'],
      ['Is there a student discount?', 'low_confidence'],
      ['Do students get a discount?', 'low_confidence'],
      ['Can I pay with PayPal?', 'no_answer'],
    ];
    for (const [question, reason] of questions)
      await recordGap(
        { db: database.db, embedder: offlineEmbedder },
        { workspaceId: bot.workspaceId, chatbotId: bot.id, question, reason, topScore: 0.03 },
      );
    return { account: { email: user.email, password: user.password }, botId: bot.id, emptyBotId: empty.id };
  } finally {
    await database.close();
  }
}

/** What `seed` wrote, for the tests to log in with and open; set before the app starts. */
let seeded: Awaited<ReturnType<typeof seed>>;
test.scoped({
  appOptions: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from this pattern
    async ({}, provide) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-gaps-'));
      seeded = await seed(dataDir);
      await provide({ dataDir });
    },
    { scope: 'file' },
  ],
});

async function logIn(appUrl: string, page: Page) {
  const { account } = seeded;
  await gotoApp(page, `${appUrl}/login`);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

const gapItems = (page: Page) => page.getByRole('list', { name: 'Knowledge gaps' }).getByRole('listitem');
const gapItem = (page: Page, question: string) =>
  page.getByRole('list', { name: 'Knowledge gaps' }).getByRole('listitem', { name: question });

describe('knowledge gaps page', () => {
  test('lists gaps by frequency, answers one as an FAQ pair that gets indexed, dismisses and reopens', async ({
    app,
    page,
  }) => {
    const { botId } = seeded;
    await logIn(app.url, page);
    await gotoApp(page, `${app.url}/app/chatbots/${botId}/gaps`);

    // Grouped by similarity and ordered by how often they were asked.
    await expect
      .poll(() => gapItems(page).locator('h3').allTextContents())
      .toEqual(['Do you ship to Canada?', 'Is there a student discount?', 'Can I pay with PayPal?']);
    const canada = gapItem(page, 'Do you ship to Canada?');
    await canada.getByText('Asked 3 times').waitFor();
    await canada.getByText('“Can you ship to Canada?”').waitFor();
    await canada.getByText('“shipping to canada”').waitFor();
    await page.getByRole('link', { name: 'Open (3)' }).waitFor();
    await screenshot(page, 'gaps-open');

    // A refused answer keeps the form open and says why.
    await canada.getByRole('button', { name: /Answer this/ }).click();
    const form = page.getByRole('form', { name: 'Answer “Do you ship to Canada?”' });
    expect(await form.getByLabel('Question').inputValue()).toBe('Do you ship to Canada?');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await form.getByRole('button', { name: 'Save answer' }).click();
    await form.getByText('Enter the answer.').waitFor();

    await form
      .getByLabel('Answer')
      .fill('Yes. Parcels to Canada take 5 to 8 working days; duties are paid on delivery.');
    await form.getByRole('button', { name: 'Save answer' }).click();
    await page.getByRole('status').getByText('Answered. The FAQ pair is being indexed').first().waitFor();
    await expect.poll(() => gapItems(page).locator('h3').count()).toBe(2);
    await page.getByRole('link', { name: 'Answered (1)' }).click();

    // The pair is ingested by the job queue; the page learns it over the live subscription.
    const answered = gapItem(page, 'Do you ship to Canada?');
    await answered.getByText('Answered by the FAQ pair').waitFor();
    await answered.getByText('ready', { exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'gaps-answered');

    // The FAQ tab lists the pair, ready.
    await answered.getByRole('link', { name: '“Do you ship to Canada?”' }).click();
    await page
      .getByRole('list', { name: 'FAQ pairs' })
      .getByRole('listitem')
      .filter({ hasText: 'Do you ship to Canada?' })
      .getByText('ready', { exact: true })
      .waitFor();

    // Dismiss, find it under Dismissed, reopen it.
    await gotoApp(page, `${app.url}/app/chatbots/${botId}/gaps`);
    await gapItem(page, 'Can I pay with PayPal?')
      .getByRole('button', { name: /Dismiss/ })
      .click();
    await page.getByRole('status').getByText('Dismissed.').first().waitFor();
    await expect.poll(() => gapItems(page).locator('h3').allTextContents()).toEqual(['Is there a student discount?']);
    await page.getByRole('link', { name: 'Dismissed (1)' }).click();
    await gapItem(page, 'Can I pay with PayPal?')
      .getByRole('button', { name: /Reopen/ })
      .click();
    await page.getByText('No dismissed gaps.').waitFor();
    await page.getByRole('link', { name: 'Open (2)' }).waitFor();
  });

  test('explains where gaps come from when there are none', async ({ app, newPage }) => {
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await logIn(app.url, page);
    await page.goto(`${app.url}/app/chatbots/${seeded.emptyBotId}/gaps`);
    await page.getByText('No open gaps.').waitFor();
    await page.getByText(/marks an answer unhelpful/).waitFor();
    expect(await page.getByRole('list', { name: 'Knowledge gaps' }).count()).toBe(0);
    await screenshot(page, 'gaps-empty-phone');
  });
});
