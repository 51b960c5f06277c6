import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { openDatabase } from '../../db/client';
import { usageDaily, usageTokensDaily, workspaces } from '../../db/schema';
import { daysOfMonth } from '../../server/services/usage/report';
import { createTestChatbot, createTestSource } from '../factories/chatbots';
import { createLoginUser } from '../factories/users';
import { test } from './fixtures';
import { screenshot } from './helpers/browser';
import { logInWith, seedBeforeStart } from './helpers/seeded';

/**
 * A workspace with 10 visitor messages and some Gemini tokens on every day
 * of this month so far, against a message limit that puts it at or past
 * 80 %: the banner shows on every page and the Usage page draws the month.
 */
async function seed(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    await database.migrate();
    const user = await createLoginUser(database.db, { email: 'usage@example.com', name: 'Usage Owner' });
    const workspaceId = user.lastWorkspaceId!;
    const bot = await createTestChatbot(database.db, { workspaceId, name: 'Shoe shop' });
    await createTestSource(database.db, { chatbot: bot, title: 'Returns', content: 'Returns are free for 30 days.' });
    const days = daysOfMonth(new Date());
    for (const day of days) {
      await database.db.insert(usageDaily).values({ workspaceId, chatbotId: bot.id, day, messages: 10 });
      await database.db
        .insert(usageTokensDaily)
        .values({ workspaceId, day, provider: 'gemini', tokensIn: 1200, tokensOut: 300 });
    }
    const messages = days.length * 10;
    // 80 % of the limit, rounded so that the page says "80 %" or more.
    await database.db
      .update(workspaces)
      .set({ monthlyMessageLimit: Math.floor(messages / 0.8) })
      .where(eq(workspaces.id, workspaceId));
    return { account: { email: user.email, password: user.password }, days, messages };
  } finally {
    await database.close();
  }
}

const seeded = seedBeforeStart('usage', seed);

describe('usage page', () => {
  test('shows the month against the limits, warns the team, and draws the trend', async ({ app, newPage }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await newPage({ colorScheme, viewport: { width: 1280, height: 1000 } });
      await logInWith(page, app.url, seeded().account);
      // The warning is on every workspace page, in words.
      const banner = page.getByTestId('usage-banner');
      await expect.poll(() => banner.textContent()).toContain('visitor messages this month');
      await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Usage' }).click();
      await page.waitForURL(/\/app\/usage/);
      await page.getByRole('heading', { name: 'Usage', exact: true }).waitFor();

      const messages = page.locator('[data-metric="messages"]');
      expect(await messages.textContent()).toContain(seeded().messages.toLocaleString('en'));
      expect(await messages.textContent()).toMatch(/close to the limit|Limit reached/);
      expect(await page.locator('[data-metric="documents"]').textContent()).toContain('1 of 500');
      const providers = page.getByRole('region', { name: 'AI tokens by provider' });
      expect(await providers.getByRole('row', { name: /Gemini/ }).textContent()).toContain(
        (seeded().days.length * 1200).toLocaleString('en'),
      );

      const trend = page.locator('section[data-chart="Messages and webhook deliveries"]');
      await trend.locator('canvas').waitFor();
      await page.locator('section[data-chart="AI tokens"] canvas').waitFor();
      await screenshot(page, `usage-${colorScheme}`);
      await trend.getByRole('button', { name: 'Show data table' }).click();
      const perDay = (await trend.locator('tbody tr td:nth-child(2)').allTextContents()).map(Number);
      expect(perDay).toEqual(seeded().days.map(() => 10));
      await page.close();
    }
  });
});
