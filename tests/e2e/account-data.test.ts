import fs from 'node:fs';
import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { linkFromMailbox, signUp, signUpVerified, TEST_PASSWORD } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';

/** A person takes their data with them, then deletes their account; the address can sign up again. */

const PERSON = { name: 'Iris Leaving', email: 'iris.leaving@example.com' };

describe('your data', () => {
  test('a user downloads their data and deletes their account', async ({ app, page }) => {
    await signUpVerified(app.url, page, PERSON);
    await gotoApp(page, `${app.url}/settings`);
    const data = page.getByRole('region', { name: 'Your data' });
    await data.getByRole('button', { name: 'Download my data' }).click();
    await data.getByText(/preparing your data/i).waitFor();

    // The job prepares it; the page looks again by itself and offers the file.
    const link = data.getByRole('link', { name: /^Download/ });
    await link.waitFor({ timeout: 30_000 });
    await screenshot(page, 'account-data-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const archive = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(archive.profile).toMatchObject({ name: PERSON.name, email: PERSON.email });
    expect(archive.memberships).toEqual([expect.objectContaining({ role: 'owner' })]);
    expect(JSON.stringify(archive)).not.toMatch(/argon2/);
    // …and the e-mail says so, linking to the settings page.
    const mailed = await linkFromMailbox(app.url, page, {
      to: PERSON.email,
      subject: /data is ready/i,
      link: /settings#your-data/,
    });
    expect(mailed).toMatch(/\/settings#your-data$/);

    await gotoApp(page, `${app.url}/settings`);
    const danger = page.getByRole('region', { name: 'Delete account' });
    await danger.getByLabel('Your password').fill('not the password at all');
    await danger.getByLabel(/Type your e-mail address/).fill(PERSON.email);
    await danger.getByRole('button', { name: 'Delete my account' }).click();
    await danger.getByText('That is not your current password.').first().waitFor();

    await danger.getByLabel('Your password').fill(TEST_PASSWORD);
    await danger.getByLabel(/Type your e-mail address/).fill(PERSON.email);
    await screenshot(page, 'account-delete');
    await danger.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(/\/login/);

    // Signed out everywhere; the address is free again.
    await gotoApp(page, `${app.url}/settings`);
    await page.waitForURL(/\/login/);
    await signUp(app.url, page, PERSON);
  });
});
