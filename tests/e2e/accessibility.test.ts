import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { OPERATOR, test as base } from './fixtures';
import { AxeReport } from './helpers/axe';
import { gotoApp } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';
import { openChat, send } from './helpers/widget';

/**
 * WCAG 2.2 AA, checked by axe-core on every page of the web app (signed out and signed in, light and
 * dark, with realistic content: unread conversations, an answer with sources, errors on a form) and on
 * the widget's frame on a host page of another origin. A serious or critical violation fails the test;
 * moderate ones are printed. The pages are listed below: a new page is added here.
 */

const SIGNED_OUT = ['/', '/login', '/signup', '/forgot-password', '/mailbox'];
const WORKSPACE = [
  '/app',
  '/app/inbox',
  '/app/analytics',
  '/app/chatbots',
  '/app/chatbots/new',
  '/app/members',
  '/app/settings',
  '/app/settings/webhooks',
  '/app/api-keys',
  '/app/api-docs',
  '/app/new',
  '/settings',
];
const CHATBOT = ['', '/setup', '/faq', '/gaps', '/playground', '/settings', '/widget', '/test'];
const ADMIN = [
  '/admin',
  '/admin/users',
  '/admin/workspaces',
  '/admin/system',
  '/admin/jobs',
  '/admin/notices',
  '/admin/audit',
];

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.
Shoes that have been worn outdoors cannot be returned.`;

const test = base.extend<{ bot: { chatbotId: string; sourceId: string } }>({
  bot: [
    async ({ operator, site }, provide) => {
      const { workspace, chatbot } = await liveChatbot(operator.trpc, {
        name: 'Shoe Help',
        origin: site.url,
        sources: [{ title: 'Returns policy', content: RETURNS }],
      });
      site.embed(chatbot.publicKey);
      const [source] = await operator.trpc.knowledge.source.list.query({
        workspaceId: workspace.id,
        chatbotId: chatbot.id,
      });
      await provide({ chatbotId: chatbot.id, sourceId: source!.id });
    },
    { scope: 'file' },
  ],
});
test.scoped({ appOptions: { env: { ADMIN_EMAILS: OPERATOR.email } } });

const report = new AxeReport();

async function auditPages(page: Page, base: string, paths: string[]) {
  for (const path of paths) {
    const response = await gotoApp(page, `${base}${path}`).catch((error: Error) => {
      throw new Error(`${path}: ${error.message}`);
    });
    expect(response?.status(), path).toBeLessThan(400);
    await report.auditBothThemes(page, path || '/');
  }
}

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  test('the signed-out pages and a form showing its errors', async ({ app, page }) => {
    await auditPages(page, app.url, SIGNED_OUT);
    await gotoApp(page, `${app.url}/login`);
    await page.getByLabel('E-mail').fill('nobody@example.com');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: /log in/i }).click();
    await page.getByRole('alert').first().waitFor();
    await report.auditBothThemes(page, '/login with an error');
  });

  test('the widget frame: a streamed answer with sources, a handoff notice, the rating card', async ({
    browser,
    bot: _bot,
    site,
  }) => {
    const visitor = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await visitor.newPage();
    await page.goto(site.url);
    await report.auditBothThemes(page, 'host page with the launcher');
    const frame = await openChat(page);
    await send(frame, 'Can I return shoes I wore outdoors?');
    await frame.getByText('worn outdoors cannot be returned').last().waitFor({ timeout: 30_000 });
    await report.auditBothThemes(page, 'widget with an answer and sources');
    await frame.getByRole('button', { name: 'Talk to a person' }).click();
    await frame
      .getByText(/asked to talk to a person|someone from the team/i)
      .first()
      .waitFor();
    await report.auditBothThemes(page, 'widget with a handoff notice');
    await frame.getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('alertdialog').getByText('End this conversation?').waitFor();
    await report.auditBothThemes(page, 'widget asking to confirm the end');
    await frame.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('group', { name: 'How was this conversation?' }).waitFor();
    await report.auditBothThemes(page, 'widget with the rating card');
    await visitor.close();
  });

  test('the workspace pages of a signed-in owner, with an unread conversation', async ({
    app,
    bot: _bot,
    operator: { page },
  }) => {
    await auditPages(page, app.url, WORKSPACE);
  });

  test('the chatbot pages, and the playground with an answer and its sources', async ({
    app,
    bot,
    operator: { page },
  }) => {
    const chatbotPaths = CHATBOT.map((path) => `/app/chatbots/${bot.chatbotId}${path}`);
    await auditPages(page, app.url, [...chatbotPaths, `/app/chatbots/${bot.chatbotId}/sources/${bot.sourceId}`]);
    await gotoApp(page, `${app.url}/app/chatbots/${bot.chatbotId}/playground`);
    const box = page.getByLabel('Your message');
    await box.fill('Can I return shoes I wore outdoors?');
    await box.press('Enter');
    await page.getByRole('button', { name: 'How this answer was made' }).last().waitFor({ timeout: 30_000 });
    await report.auditBothThemes(page, 'playground with an answer');
  });

  test('an open conversation in the inbox, and the admin panel', async ({ app, operator: { page } }) => {
    await gotoApp(page, `${app.url}/app/inbox?status=all`);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await report.auditBothThemes(page, 'inbox with an open conversation');
    await auditPages(page, app.url, ADMIN);
  });

  test('honours reduced motion and forced colours', async ({ app, operator: { page } }) => {
    await page.emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
    await gotoApp(page, `${app.url}/app`);
    const current = page.getByRole('navigation', { name: 'Workspace' }).locator('[aria-current="page"]');
    const style = await current.evaluate((element) => {
      const computed = getComputedStyle(element);
      return { outline: computed.outlineStyle, transition: parseFloat(computed.transitionDuration) };
    });
    // Without backgrounds the current tab keeps an outline; colour changes happen at once.
    expect(style.outline).toBe('solid');
    expect(style.transition).toBeLessThan(0.01);
    await page.emulateMedia({ reducedMotion: null, forcedColors: null });
  });

  test('finds no serious or critical violation', () => {
    if (report.moderate.length) console.log(`Moderate findings:\n${AxeReport.format(report.moderate)}`);
    expect(report.blocking, AxeReport.format(report.blocking)).toEqual([]);
  });
});
