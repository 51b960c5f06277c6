import { describe } from 'vitest';
import { OPERATOR, test as base } from './fixtures';
import { signUpVerified } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';
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
});
