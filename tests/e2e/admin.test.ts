import { afterAll, beforeAll, describe } from 'vitest';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { OPERATOR, test as base } from './fixtures';
import { signUpVerified, TEST_PASSWORD } from './helpers/accounts';
import { gotoApp, hydrated, screenshot } from './helpers/browser';
import type { Page } from 'playwright-core';

const MEMBER = { name: 'Kim Member', email: 'kim@example.com' };

// The operator is this installation's admin by address.
const test = base.extend<{ member: Page }>({
  member: [
    async ({ app, browser }, provide) => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      await signUpVerified(app.url, page, MEMBER);
      await provide(page);
      await context.close();
    },
    { scope: 'file' },
  ],
});
// A job that throws is failed at once (no minutes of backoff), so the panel has one to retry; the
// webhook receiver that makes it fail listens on loopback, which only the development allowance reaches.
test.scoped({
  appOptions: {
    env: { ADMIN_EMAILS: OPERATOR.email, UNSAFE_JOB_RETRY_LIMIT: '0', KNOWLEDGE_ALLOW_PRIVATE_URLS: 'true' },
  },
});

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe('the admin panel', () => {
  test('a published notice appears on another signed-in page at once', async ({ app, operator, member }) => {
    await gotoApp(member, `${app.url}/settings`);
    const admin = operator.page;
    await gotoApp(admin, `${app.url}/admin/notices`);
    // Admins (and only they) see the installation's health in every page's footer, live.
    await admin.getByTestId('system-status').getByText('Database: PGlite · migrations current').waitFor();
    await admin.getByLabel(/Message/).fill('Maintenance tonight from 22:00 UTC');
    await admin.getByLabel('Kind').selectOption('warning');
    await admin.getByRole('button', { name: 'Publish notice' }).click();
    await admin.getByText('Published: every signed-in page shows it now.').waitFor();
    await member.getByTestId('system-notice').filter({ hasText: 'Maintenance tonight' }).waitFor();
    // And on a page opened afterwards, until it ends.
    await gotoApp(member, `${app.url}/app`);
    await member.getByTestId('system-notice').filter({ hasText: 'Maintenance tonight' }).waitFor();
    await screenshot(member, 'admin-notice-banner');
  });

  test('finds a user, suspends them (refused at once and at log-in), restores them', async ({
    app,
    operator,
    member,
  }) => {
    const admin = operator.page;
    await gotoApp(admin, `${app.url}/admin/users`);
    await admin.getByLabel('Search by e-mail or name').fill('kim@');
    await admin.getByLabel('Search by e-mail or name').press('Enter');
    await admin.getByRole('link', { name: MEMBER.email }).click();
    await admin.getByLabel('Reason (shown to them)').fill('Sending spam through the widget');
    await admin.getByRole('button', { name: 'Suspend account' }).click();
    await admin.getByText('Suspended: their sessions have ended').waitFor();
    await screenshot(admin, 'admin-user-suspended');

    // Their session is gone: the next page asks them to log in, and logging in is refused with the reason.
    await member.goto(`${app.url}/app`);
    await member.waitForURL(/\/login/);
    await hydrated(member);
    await member.getByLabel('E-mail').fill(MEMBER.email);
    await member.getByLabel('Password').fill(TEST_PASSWORD);
    await member.getByRole('button', { name: 'Log in' }).click();
    await member.getByText(/This account has been suspended: Sending spam through the widget/).waitFor();

    await admin.getByRole('button', { name: 'Restore account' }).click();
    await admin.getByText('Restored: they can log in again.').waitFor();
    await member.getByRole('button', { name: 'Log in' }).click();
    await member.getByRole('heading', { name: `${MEMBER.name}'s workspace` }).waitFor();
  });

  test('retries a failed job from the Jobs page, and it completes', async ({ app, operator }) => {
    // A real failure: the webhook receiver is down (503), so the delivery job throws.
    receiver.answer(() => 503);
    const trpc = operator.trpc;
    const workspaceId = (await trpc.workspace.current.query())!.id;
    await trpc.webhook.create.mutate({ workspaceId, url: receiver.url('/down'), events: ['source.ready'] });
    const chatbot = await trpc.chatbot.create.mutate({ workspaceId, name: 'Retry bot', template: 'support' });
    await trpc.knowledge.source.createText.mutate({
      workspaceId,
      chatbotId: chatbot.id,
      title: 'Returns',
      content: 'Returns are free within 30 days.',
    });

    const admin = operator.page;
    const failedRow = admin
      .getByRole('table', { name: 'Failed jobs' })
      .getByRole('row')
      .filter({ hasText: 'webhook.deliver' });
    // The job fails in the background; the page shows it once reloaded after the failure.
    for (let tries = 0; ; tries++) {
      await gotoApp(admin, `${app.url}/admin/jobs`);
      if (await failedRow.count()) break;
      if (tries > 60) throw new Error('the delivery job never failed');
      await admin.waitForTimeout(500);
    }
    await failedRow.getByText(/503/).waitFor();
    await screenshot(admin, 'admin-failed-job');

    // The receiver is back; Retry puts the job in the queue again and this time it is delivered.
    receiver.answer(() => 200);
    const before = receiver.at('/down').length;
    await failedRow.getByRole('button', { name: 'Retry' }).click();
    await admin.getByText('Put back in the queue: 1 job.').waitFor();
    await admin.getByText('No failed jobs.').waitFor();
    for (let tries = 0; receiver.at('/down').length === before; tries++) {
      if (tries > 100) throw new Error('the retried job never ran');
      await admin.waitForTimeout(200);
    }
    // …and completes: the queue's row counts it among the completed ones.
    for (let tries = 0; ; tries++) {
      await gotoApp(admin, `${app.url}/admin/jobs`);
      const row = admin.getByRole('table', { name: 'Queues' }).getByRole('row').filter({ hasText: 'webhook.deliver' });
      const cells = await row.getByRole('cell').allTextContents();
      if (cells[3] === '0' && Number(cells[4]) >= 1) break;
      if (tries > 40) throw new Error(`the retried job did not complete: ${cells.join(' | ')}`);
      await admin.waitForTimeout(500);
    }
  });

  test('the System page shows the installation at a glance, storage included', async ({ app, operator }) => {
    const admin = operator.page;
    await gotoApp(admin, `${app.url}/admin/system`);
    await admin.getByRole('heading', { name: 'Storage' }).waitFor();
    await admin.getByText(/Uploaded knowledge files:\s*.* \(\s*\d+ files\)/).waitFor();
    await admin.getByText(/Data folder on disk:\s*\d/).waitFor();
    await admin.getByText(/Version:\s*\d+\.\d+\.\d+/).waitFor();
    await admin.getByRole('table', { name: 'Largest tables' }).getByRole('row').nth(1).waitFor();
    await screenshot(admin, 'admin-system');
  });
});
