import { describe } from 'vitest';
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
test.scoped({ appOptions: { env: { ADMIN_EMAILS: OPERATOR.email } } });

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
});
