import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { openDatabase } from '../../db/client';
import { settleConversations } from '../../server/services/analytics/settle';
import { offlineEmbedder } from '../../server/services/knowledge/embedder';
import { recordGap } from '../../server/services/knowledge/gaps';
import { createTestChatbot } from '../factories/chatbots';
import { seedConversation } from '../factories/conversations';
import { createLoginUser } from '../factories/users';
import { test } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';
import { logInWith, seedBeforeStart } from './helpers/seeded';

const DAYS = 60;
const DAY_MS = 86_400_000;
/** Noon (UTC) `days` ago, so every seeded conversation falls on the day the page counts it in. */
const daysAgo = (days: number, hour = 10) => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hour) - days * DAY_MS);
};

/**
 * Sixty days of conversations for two chatbots, written with the factory
 * before the app starts (the data folder is locked while it runs): the shoe
 * bot answers one a day by itself (rated 5) and hands one a day to a person;
 * the hat bot answers one a day. Outcomes are then decided by the real job.
 */
async function seed(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    await database.migrate();
    const user = await createLoginUser(database.db, { email: 'charts@example.com', name: 'Chart Owner' });
    const shoes = await createTestChatbot(database.db, { workspaceId: user.lastWorkspaceId!, name: 'Shoe shop' });
    const hats = await createTestChatbot(database.db, { workspaceId: user.lastWorkspaceId!, name: 'Hat shop' });
    const labels = { language: 'en', sentiment: 'positive' as const };
    for (let day = 0; day < DAYS; day++) {
      const shoeRef = { workspaceId: shoes.workspaceId, chatbotId: shoes.id, origin: 'https://shoes.example' };
      await seedConversation(database.db, {
        ...shoeRef,
        startedAt: daysAgo(day, 9),
        rating: 5,
        topic: 'Sizes',
        ...labels,
      });
      await seedConversation(database.db, {
        ...shoeRef,
        startedAt: daysAgo(day, 15),
        handoffAt: 0.5,
        topic: 'Returns',
        ...labels,
        messages: [
          { role: 'visitor', at: 0 },
          { role: 'bot', at: 0.02, outcome: 'abstained', hadPassages: true },
          { role: 'operator', at: 2 },
        ],
      });
      await seedConversation(database.db, {
        workspaceId: hats.workspaceId,
        chatbotId: hats.id,
        startedAt: daysAgo(day, 11),
        topic: 'Hat sizes',
        ...labels,
      });
      // A test chat from the playground: in none of the figures.
      await seedConversation(database.db, {
        ...shoeRef,
        startedAt: daysAgo(day, 12),
        channel: 'playground',
        isTest: true,
      });
    }
    await recordGap(
      { db: database.db, embedder: offlineEmbedder },
      {
        workspaceId: shoes.workspaceId,
        chatbotId: shoes.id,
        question: 'Do you ship to Canada?',
        reason: 'no_answer',
        topScore: 0.03,
      },
    );
    await settleConversations(database.db, { now: new Date(Date.now() + DAY_MS) });
    return { account: { email: user.email, password: user.password }, hatsId: hats.id };
  } finally {
    await database.close();
  }
}

const seeded = seedBeforeStart('analytics', seed);

const headline = (page: Page, label: string) =>
  page.getByTestId('headline').locator('div').filter({ hasText: label }).locator('dd').first();
const chart = (page: Page, title: string) => page.locator(`section[data-chart="${title}"]`);

/** The numbers of one column of a chart's data table. */
async function tableColumn(page: Page, title: string, column: number) {
  const card = chart(page, title);
  await card.getByRole('button', { name: 'Show data table' }).click();
  const cells = await card.locator(`tbody tr td:nth-child(${column})`).allTextContents();
  await card.getByRole('button', { name: 'Show chart' }).click();
  return cells.map(Number);
}

const CHARTS = [
  'Conversations and messages',
  'Outcomes',
  'First response time',
  'Satisfaction',
  'Hand-off reasons',
  'Knowledge gaps opened and closed',
  'Top topics',
  'Busiest hours',
  'Sentiment',
  'Languages',
];

describe('analytics page', () => {
  test('draws every chart from sixty days of data, filters by range and chatbot, exports matching CSV', async ({
    app,
    newPage,
  }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await newPage({ colorScheme, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      await logInWith(page, app.url, seeded().account);
      await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Analytics' }).click();
      await page.waitForURL(/\/app\/analytics/);
      await page.getByRole('heading', { name: 'Analytics' }).waitFor();
      await gotoApp(page, `${app.url}/app/analytics?range=90`);

      // Every chart draws on a canvas, and its table holds the seeded numbers.
      for (const title of CHARTS) await chart(page, title).locator('canvas').waitFor();
      await expect
        .poll(() => headline(page, 'Conversations').textContent(), { timeout: 20_000 })
        .toBe(String(DAYS * 3));
      const perDay = await tableColumn(page, 'Conversations and messages', 2);
      expect(perDay).toHaveLength(DAYS);
      expect(perDay.every((count) => count === 3)).toBe(true);
      const outcomes = await tableColumn(page, 'Outcomes', 2);
      expect(outcomes.reduce((a, b) => a + b, 0)).toBe(DAYS * 2); // answered by AI: the rated shoe chat and the hat chat
      expect((await tableColumn(page, 'Hand-off reasons', 2)).reduce((a, b) => a + b, 0)).toBe(DAYS);
      await screenshot(page, `analytics-${colorScheme}`);
      if (colorScheme === 'dark') break;

      // An owner labels the period again: the job runs and the panel counts it to the end.
      await page.getByRole('button', { name: 'Label this period again' }).click();
      await expect
        .poll(() => page.getByTestId('relabel-status').textContent(), { timeout: 60_000 })
        .toMatch(new RegExp(`^Labelled ${DAYS * 3} conversations`));

      // The last 7 days, then one chatbot.
      await page.getByLabel('Period').selectOption('7');
      await expect.poll(() => headline(page, 'Conversations').textContent(), { timeout: 20_000 }).toBe('21');
      expect(await tableColumn(page, 'Conversations and messages', 2)).toEqual([3, 3, 3, 3, 3, 3, 3]);
      await page.getByLabel('Chatbot').selectOption({ label: 'Hat shop' });
      await expect.poll(() => headline(page, 'Conversations').textContent(), { timeout: 20_000 }).toBe('7');
      expect(new URL(page.url()).searchParams.get('chatbot')).toBe(seeded().hatsId);

      // The conversations CSV holds exactly what the page counts.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export conversations (CSV)' }).click(),
      ]);
      const lines = fs
        .readFileSync((await download.path())!, 'utf8')
        .trim()
        .split('\n');
      expect(lines[0]).toMatch(/^conversation_id,chatbot,channel,/);
      expect(lines.slice(1)).toHaveLength(7);
      expect(lines.slice(1).every((line) => line.split(',')[1] === 'Hat shop' && line.includes(',ai,'))).toBe(true);
      await page.close();
    }
  });
});
